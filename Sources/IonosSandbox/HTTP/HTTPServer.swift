import Dispatch
import Glibc
import Synchronization

/// A small HTTP/1.1 server on POSIX sockets: one thread per connection (capped), keep-alive,
/// Content-Length bodies, bounded head and body sizes.
final class HTTPServer: Sendable {
    /// Answers one request.
    typealias Handler = @Sendable (HTTPRequest) -> HTTPResponse

    /// The bound address (with the real port when 0 was asked for).
    let address: SocketAddress
    private let listenFD: Int32
    private let handler: Handler
    private let maxConnections: Int
    private let wake = WakePipe()
    private let connections = Mutex<Set<Int32>>([])
    private let acceptDone = DispatchSemaphore(value: 0)
    /// Seconds a connection may sit idle between requests.
    static let idleSeconds: Int32 = 120
    /// Seconds a request may take to arrive once started.
    static let requestSeconds: Double = 30

    /// Binds and listens on `address` (port 0 picks a free port).
    init(address: SocketAddress, maxConnections: Int, handler: @escaping Handler) throws(SandboxError) {
        listenFD = try Socket.bind(address, type: Int32(SOCK_STREAM.rawValue))
        self.address = address.with(port: Socket.boundPort(listenFD))
        self.handler = handler
        self.maxConnections = maxConnections
    }

    /// Starts accepting connections on a dedicated thread.
    func start() {
        spawnThread { [self] in acceptLoop() }
    }

    /// Stops accepting, ends open connections and waits for the accept thread.
    func stop() {
        wake.signal()
        acceptDone.wait()
        connections.withLock { set in for fd in set { shutdown(fd, Int32(SHUT_RDWR)) } }
    }

    private func acceptLoop() {
        defer {
            close(listenFD)
            acceptDone.signal()
        }
        while Socket.waitReadable(listenFD, wake: wake.readFD, timeoutMs: -1) {
            let fd = Socket.acceptConnection(listenFD)
            if fd < 0 { continue }
            let admitted = connections.withLock { set -> Bool in
                guard set.count < maxConnections else { return false }
                set.insert(fd)
                return true
            }
            guard admitted else {
                var busy = HTTPResponse.json(503, .array([APIErrorItem(code: "SERVICE_UNAVAILABLE", message: "Too many connections.").json]))
                busy.close = true
                _ = Socket.sendAll(fd, busy.bytes())
                close(fd)
                continue
            }
            if !spawnThread({ [self] in serve(fd) }) { finish(fd) }
        }
    }

    private func finish(_ fd: Int32, abort: Bool = false) {
        connections.withLock { set in
            set.remove(fd)
            if abort { Socket.abort(fd) } else { close(fd) }
        }
    }

    // MARK: - One connection

    private func serve(_ fd: Int32) {
        var buffer: [UInt8] = []
        while true {
            let request: HTTPRequest
            switch readRequest(fd, buffer: &buffer) {
            case .closed:
                finish(fd)
                return
            case .rejected(let rejection):
                _ = Socket.sendAll(fd, rejection.response.bytes())
                drain(fd)
                finish(fd)
                return
            case .request(let r):
                request = r
            }
            var response = handler(request)
            switch response.disposition {
            case .reset:
                finish(fd, abort: true)
                return
            case .delay(let seconds):
                var p = pollfd(fd: wake.readFD, events: Int16(POLLIN), revents: 0)
                if poll(&p, 1, Int32(seconds * 1000)) != 0 {
                    finish(fd)
                    return
                }
            case .send:
                break
            }
            if !request.keepAlive { response.close = true }
            guard Socket.sendAll(fd, response.bytes()), !response.close else {
                finish(fd)
                return
            }
        }
    }

    /// Half-closes and discards what the client still sends (up to 2 MiB or 1 s), so it reads the
    /// rejection instead of a reset caused by unread data.
    private func drain(_ fd: Int32) {
        shutdown(fd, Int32(SHUT_WR))
        var discarded = 0
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        let deadline = WallClock.monotonic() + 1
        while discarded < 2 * 1024 * 1024, WallClock.monotonic() < deadline,
            Socket.waitReadable(fd, wake: wake.readFD, timeoutMs: 200)
        {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return }
            discarded += n
        }
    }

    private enum ReadResult {
        case request(HTTPRequest)
        case rejected(HTTPParser.Rejection)
        case closed
    }

    /// Reads one request (head and body) from `fd`, keeping any extra bytes in `buffer` for the next one.
    private func readRequest(_ fd: Int32, buffer: inout [UInt8]) -> ReadResult {
        let started = WallClock.monotonic()
        var end = HTTPParser.headEnd(in: buffer)
        while end == nil {
            guard buffer.count <= HTTPParser.maxHeadBytes else {
                return .rejected(.init(status: 431, message: "request head larger than 16 KiB"))
            }
            let timeout = buffer.isEmpty ? HTTPServer.idleSeconds * 1000 : remainingMs(since: started)
            guard receive(fd, into: &buffer, timeoutMs: timeout) else {
                return buffer.isEmpty ? .closed : .rejected(.init(status: 400, message: "incomplete request head"))
            }
            end = HTTPParser.headEnd(in: buffer)
        }
        guard let headEnd = end, headEnd <= HTTPParser.maxHeadBytes + 4 else {
            return .rejected(.init(status: 431, message: "request head larger than 16 KiB"))
        }
        var (request, length): (HTTPRequest, Int)
        do { (request, length) = try HTTPParser.parseHead(buffer[0..<(headEnd - 4)]) } catch { return .rejected(error) }
        if length > 0, buffer.count == headEnd, request.header("expect")?.lowercased() == "100-continue" {
            _ = Socket.sendAll(fd, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
        }
        while buffer.count < headEnd + length {
            guard receive(fd, into: &buffer, timeoutMs: remainingMs(since: started)) else {
                return .rejected(.init(status: 400, message: "body shorter than Content-Length"))
            }
        }
        request.body = Array(buffer[headEnd..<(headEnd + length)])
        buffer.removeFirst(headEnd + length)
        return .request(request)
    }

    private func remainingMs(since start: Double) -> Int32 {
        Int32(max(1, (HTTPServer.requestSeconds - (WallClock.monotonic() - start)) * 1000))
    }

    /// Appends what arrives within `timeoutMs`; false on timeout, close, error or stop.
    private func receive(_ fd: Int32, into buffer: inout [UInt8], timeoutMs: Int32) -> Bool {
        guard Socket.waitReadable(fd, wake: wake.readFD, timeoutMs: timeoutMs) else { return false }
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return false }
        buffer.append(contentsOf: chunk[0..<n])
        return true
    }
}
