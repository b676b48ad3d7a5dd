import DNSWire
import Foundation
import Glibc

/// A tiny scripted UDP DNS responder on 127.0.0.1 running on its own thread, for spoofing tests.
///
/// For each query it receives, `script` returns the datagrams to send back, each either from the
/// listening socket or from a second socket (a different source port).
final class UDPResponder: @unchecked Sendable {
    /// One datagram to send back.
    struct Reply {
        var bytes: [UInt8]
        var fromOtherPort = false
    }

    let port: UInt16
    private let fd: Int32
    private let otherFD: Int32
    private let script: @Sendable (DNSMessage) -> [Reply]
    private let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var stopped = false
    private(set) var queriesSeen = 0

    private init(script: @escaping @Sendable (DNSMessage) -> [Reply]) throws {
        self.script = script
        let fd = try UDPResponder.bindLoopback()
        self.fd = fd
        otherFD = try UDPResponder.bindLoopback()
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
    }

    /// Creates a responder and starts its thread.
    static func start(script: @escaping @Sendable (DNSMessage) -> [Reply]) throws -> UDPResponder {
        let responder = try UDPResponder(script: script)
        Thread { responder.serve() }.start()
        return responder
    }

    /// Stops the thread (within about 50 ms) and closes the sockets.
    func stop() {
        lock.withLock { stopped = true }
        done.wait()
        close(fd)
        close(otherFD)
    }

    private var isStopped: Bool { lock.withLock { stopped } }

    private func serve() {
        defer { done.signal() }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = Date().addingTimeInterval(30)
        while !isStopped && Date() < deadline {
            var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 50) > 0 else { continue }
            var source = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let count = buffer.withUnsafeMutableBytes { raw in
                withUnsafeMutablePointer(to: &source) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        recvfrom(fd, raw.baseAddress, raw.count, 0, $0, &length)
                    }
                }
            }
            guard count > 0, let query = try? DNSMessage(decoding: Array(buffer[0..<count])) else { continue }
            lock.withLock { queriesSeen += 1 }
            for reply in script(query) {
                _ = reply.bytes.withUnsafeBytes { raw in
                    withUnsafePointer(to: &source) {
                        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                            sendto(reply.fromOtherPort ? otherFD : fd, raw.baseAddress, raw.count, 0, $0, length)
                        }
                    }
                }
            }
        }
    }

    private static func bindLoopback() throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard fd >= 0, result == 0 else { throw POSIXError(.EADDRINUSE) }
        return fd
    }
}
