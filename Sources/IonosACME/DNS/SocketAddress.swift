import DNSWire
import Glibc

/// A `DNSServerAddress` as a C socket address, plus the small socket helpers the transport needs.
struct SocketAddress {
    private(set) var storage = sockaddr_storage()
    let length: socklen_t
    let family: Int32

    /// Builds the `sockaddr_in` / `sockaddr_in6` for `address`.
    init(_ address: DNSServerAddress) {
        switch address.host {
        case .v4(let v4):
            var sin = sockaddr_in()
            sin.sin_family = sa_family_t(AF_INET)
            sin.sin_port = address.port.bigEndian
            sin.sin_addr.s_addr = v4.value.bigEndian
            family = AF_INET
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
            withUnsafeMutableBytes(of: &storage) { raw in raw.storeBytes(of: sin, as: sockaddr_in.self) }
        case .v6(let v6):
            var sin6 = sockaddr_in6()
            sin6.sin6_family = sa_family_t(AF_INET6)
            sin6.sin6_port = address.port.bigEndian
            withUnsafeMutableBytes(of: &sin6.sin6_addr) { raw in raw.copyBytes(from: v6.octets) }
            family = AF_INET6
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
            withUnsafeMutableBytes(of: &storage) { raw in raw.storeBytes(of: sin6, as: sockaddr_in6.self) }
        }
    }

    /// True when `other` (as filled in by `recvfrom`) is the same family, address and port.
    func matches(_ other: sockaddr_storage) -> Bool {
        guard Int32(other.ss_family) == family else { return false }
        var mine = storage
        var theirs = other
        if family == AF_INET {
            let a = withUnsafeBytes(of: &mine) { $0.load(as: sockaddr_in.self) }
            let b = withUnsafeBytes(of: &theirs) { $0.load(as: sockaddr_in.self) }
            return a.sin_port == b.sin_port && a.sin_addr.s_addr == b.sin_addr.s_addr
        }
        let a = withUnsafeBytes(of: &mine) { $0.load(as: sockaddr_in6.self) }
        let b = withUnsafeBytes(of: &theirs) { $0.load(as: sockaddr_in6.self) }
        let addressesEqual = withUnsafeBytes(of: a.sin6_addr) { x in
            withUnsafeBytes(of: b.sin6_addr) { y in x.elementsEqual(y) }
        }
        return a.sin6_port == b.sin6_port && addressesEqual
    }

    /// Connects `fd` to this address; returns 0 or the errno.
    func connect(_ fd: Int32) -> Int32 {
        var copy = storage
        let result = withUnsafePointer(to: &copy) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, length) }
        }
        return result == 0 ? 0 : errno
    }
}

/// Socket helpers shared by the UDP and TCP exchanges.
enum SocketIO {
    /// Opens a non-blocking, close-on-exec socket; returns the descriptor or the negative errno.
    static func open(family: Int32, type: __socket_type) -> Int32 {
        let flags = Int32(type.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let fd = socket(family, flags, 0)
        return fd >= 0 ? fd : -errno
    }

    /// True for errors meaning this host cannot use the address at all (skip it, do not wait).
    static func isUnreachable(_ code: Int32) -> Bool {
        code == EAFNOSUPPORT || code == ENETUNREACH || code == EADDRNOTAVAIL || code == EPROTONOSUPPORT
    }

    /// The text of an errno value.
    static func message(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "errno \(code)" }
        return String(cString: text)
    }

    /// Milliseconds until `deadline` for poll(), rounded up, at least 0.
    static func pollMilliseconds(until deadline: Double, now: Double) -> Int32 {
        let remaining = max(0, deadline - now)
        return Int32(min(remaining * 1000 + 0.999, 60_000))
    }

    /// Waits until `fd` is ready for `events` or the deadline passes.
    static func wait(_ fd: Int32, for events: Int16, until deadline: Double, clock: SystemClock) -> Bool {
        while true {
            let now = clock.now()
            if now >= deadline { return false }
            var entry = pollfd(fd: fd, events: events, revents: 0)
            let result = poll(&entry, 1, pollMilliseconds(until: deadline, now: now))
            if result > 0 { return true }
            if result < 0 && errno != EINTR { return false }
        }
    }

    /// A random 16-bit query id from the system's cryptographic generator (getrandom on Linux).
    static func randomID() -> UInt16 {
        var generator = SystemRandomNumberGenerator()
        return UInt16.random(in: 0...UInt16.max, using: &generator)
    }
}
