import Dispatch
import Glibc
import Synchronization

/// One DNS listener: UDP and TCP on the same address, answering through a `DNSResponder`.
final class DNSServer: Sendable {
    /// The address both sockets are bound to.
    let address: SocketAddress
    private let responder: DNSResponder
    private let udpFD: Int32
    private let tcpFD: Int32
    private let wake = WakePipe()
    private let tcpConnections = Mutex<Set<Int32>>([])
    private let loopsDone = DispatchSemaphore(value: 0)
    /// Most concurrent TCP connections per listener.
    static let maxTCPConnections = 64

    /// Binds UDP and TCP sockets on `address`.
    init(address: SocketAddress, responder: DNSResponder) throws(SandboxError) {
        self.address = address
        self.responder = responder
        udpFD = try Socket.bind(address, type: Int32(SOCK_DGRAM.rawValue))
        do {
            tcpFD = try Socket.bind(address, type: Int32(SOCK_STREAM.rawValue))
        } catch {
            close(udpFD)
            throw error
        }
    }

    /// Starts the UDP and TCP loops on their own threads.
    func start() {
        spawnThread { [self] in udpLoop() }
        spawnThread { [self] in tcpLoop() }
    }

    /// Stops both loops, closes the sockets and ends open TCP connections.
    func stop() {
        wake.signal()
        loopsDone.wait()
        loopsDone.wait()
        tcpConnections.withLock { set in for fd in set { shutdown(fd, Int32(SHUT_RDWR)) } }
    }

    // MARK: - UDP

    private func udpLoop() {
        defer {
            close(udpFD)
            loopsDone.signal()
        }
        var buffer = [UInt8](repeating: 0, count: 65535)
        while Socket.waitReadable(udpFD, wake: wake.readFD, timeoutMs: -1) {
            var peer = sockaddr_storage()
            var peerLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let n = buffer.withUnsafeMutableBytes { raw in
                withUnsafeMutablePointer(to: &peer) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        recvfrom(udpFD, raw.baseAddress, raw.count, Int32(MSG_DONTWAIT), $0, &peerLength)
                    }
                }
            }
            guard n > 0, let reply = responder.respond(to: Array(buffer[0..<n]), udp: true) else { continue }
            _ = reply.withUnsafeBytes { raw in
                withUnsafePointer(to: &peer) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        sendto(udpFD, raw.baseAddress, raw.count, Int32(MSG_NOSIGNAL), $0, peerLength)
                    }
                }
            }
        }
    }

    // MARK: - TCP

    private func tcpLoop() {
        defer {
            close(tcpFD)
            loopsDone.signal()
        }
        while Socket.waitReadable(tcpFD, wake: wake.readFD, timeoutMs: -1) {
            let fd = Socket.acceptConnection(tcpFD)
            if fd < 0 { continue }
            let admitted = tcpConnections.withLock { set -> Bool in
                guard set.count < DNSServer.maxTCPConnections else { return false }
                set.insert(fd)
                return true
            }
            guard admitted else {
                close(fd)
                continue
            }
            if !spawnThread({ [self] in serveTCP(fd) }) { finishTCP(fd) }
        }
    }

    private func finishTCP(_ fd: Int32) {
        tcpConnections.withLock { set in
            set.remove(fd)
            close(fd)
        }
    }

    /// Serves length-prefixed queries on one connection until it closes or idles for 10 s.
    private func serveTCP(_ fd: Int32) {
        defer { finishTCP(fd) }
        while let lengthBytes = readExactly(fd, 2) {
            let length = Int(lengthBytes[0]) << 8 | Int(lengthBytes[1])
            guard length > 0, let message = readExactly(fd, length) else { return }
            guard let reply = responder.respond(to: message, udp: false), reply.count <= 0xFFFF else { return }
            let framed = [UInt8(reply.count >> 8), UInt8(reply.count & 0xFF)] + reply
            guard Socket.sendAll(fd, framed) else { return }
        }
    }

    private func readExactly(_ fd: Int32, _ count: Int) -> [UInt8]? {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: count)
        while out.count < count {
            guard Socket.waitReadable(fd, wake: wake.readFD, timeoutMs: 10_000) else { return nil }
            let want = count - out.count
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, want, 0) }
            guard n > 0 else { return nil }
            out += chunk[0..<n]
        }
        return out
    }
}
