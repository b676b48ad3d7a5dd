import Glibc

/// An IPv4 or IPv6 socket address built from a numeric IP and a port.
public struct SocketAddress: Sendable, Equatable {
    /// The numeric IP as given (without brackets).
    public let ip: String
    /// The port.
    public let port: UInt16
    /// True for IPv6.
    public let isIPv6: Bool
    /// The 4 or 16 address bytes in network order.
    public let addressBytes: [UInt8]

    /// Parses a numeric IPv4 or IPv6 address; nil when `ip` is neither.
    public init?(ip: String, port: UInt16) {
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, ip, &v4) == 1 {
            isIPv6 = false
            addressBytes = withUnsafeBytes(of: &v4) { Array($0) }
        } else if inet_pton(AF_INET6, ip, &v6) == 1 {
            isIPv6 = true
            addressBytes = withUnsafeBytes(of: &v6) { Array($0) }
        } else {
            return nil
        }
        self.ip = ip
        self.port = port
    }

    /// `ip:port`, with brackets around IPv6.
    public var text: String { isIPv6 ? "[\(ip)]:\(port)" : "\(ip):\(port)" }

    /// The same address with another port.
    public func with(port: UInt16) -> SocketAddress { SocketAddress(ip: ip, port: port) ?? self }

    var family: Int32 { isIPv6 ? AF_INET6 : AF_INET }

    /// Calls `body` with a sockaddr pointer and length for this address.
    func withSockaddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        if isIPv6 {
            var sa = sockaddr_in6()
            sa.sin6_family = sa_family_t(AF_INET6)
            sa.sin6_port = port.bigEndian
            withUnsafeMutableBytes(of: &sa.sin6_addr) { $0.copyBytes(from: addressBytes) }
            return withUnsafePointer(to: &sa) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        }
        var sa = sockaddr_in()
        sa.sin_family = sa_family_t(AF_INET)
        sa.sin_port = port.bigEndian
        withUnsafeMutableBytes(of: &sa.sin_addr) { $0.copyBytes(from: addressBytes) }
        return withUnsafePointer(to: &sa) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
    }
}

/// Thin helpers over POSIX sockets.
enum Socket {
    /// The text of `errno`.
    static func errorText(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }

    /// Opens a socket of `type` bound to `address` (and listening for TCP); returns the fd.
    static func bind(_ address: SocketAddress, type: Int32) throws(SandboxError) -> Int32 {
        let fd = socket(address.family, type | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .listen(address: address.text, reason: errorText()) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        let rc = address.withSockaddr { Glibc.bind(fd, $0, $1) }
        if rc != 0 || (type == Int32(SOCK_STREAM.rawValue) && listen(fd, 128) != 0) {
            let reason = errorText()
            close(fd)
            throw .listen(address: address.text, reason: reason)
        }
        return fd
    }

    /// Accepts one connection (close-on-exec); -1 when none is pending.
    static func acceptConnection(_ listenFD: Int32) -> Int32 {
        let fd = accept(listenFD, nil, nil)
        guard fd >= 0 else { return fd }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        return fd
    }

    /// The port a bound socket got.
    static func boundPort(_ fd: Int32) -> UInt16 {
        var storage = sockaddr_storage()
        var len = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        return withUnsafeBytes(of: &storage) { raw in
            let family = Int32(raw.load(as: sa_family_t.self))
            let offset = family == AF_INET6 ? MemoryLayout<sockaddr_in6>.offset(of: \.sin6_port) ?? 2 : 2
            return UInt16(bigEndian: raw.load(fromByteOffset: offset, as: UInt16.self))
        }
    }

    /// Waits until `fd` is readable or `wakeFD` is; returns false on timeout, stop or error.
    static func waitReadable(_ fd: Int32, wake wakeFD: Int32, timeoutMs: Int32) -> Bool {
        var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0), pollfd(fd: wakeFD, events: Int16(POLLIN), revents: 0)]
        while true {
            let rc = poll(&fds, nfds_t(fds.count), timeoutMs)
            if rc < 0 && errno == EINTR { continue }
            if rc <= 0 || fds[1].revents != 0 { return false }
            return fds[0].revents != 0
        }
    }

    /// Sends all of `bytes`; false when the peer is gone.
    static func sendAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }

    /// Closes `fd` so the peer sees a reset (SO_LINGER 0) instead of an orderly close.
    static func abort(_ fd: Int32) {
        var lin = linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &lin, socklen_t(MemoryLayout<linger>.size))
        close(fd)
    }

    /// Sets a receive timeout on `fd`.
    static func setReceiveTimeout(_ fd: Int32, seconds: Int) {
        var tv = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }
}

/// A pipe whose read end becomes readable when `signal()` is called: it wakes every poll() at stop.
final class WakePipe: Sendable {
    let readFD: Int32
    let writeFD: Int32

    init() {
        var fds: [Int32] = [-1, -1]
        _ = pipe(&fds)
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        readFD = fds[0]
        writeFD = fds[1]
    }

    /// Makes the read end readable for good.
    func signal() {
        var byte: UInt8 = 1
        _ = write(writeFD, &byte, 1)
    }

    deinit {
        close(readFD)
        close(writeFD)
    }
}
