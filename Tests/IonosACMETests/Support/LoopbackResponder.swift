import Dispatch
import Foundation
import Glibc
import Synchronization

/// A tiny HTTP responder on a loopback port chosen by the OS, serving one connection at a time
/// on its own thread. Each request is answered by what `handler` returns.
final class LoopbackResponder: @unchecked Sendable {
    enum Action: Sendable {
        /// Write these bytes, then close.
        case respond([UInt8])
        /// Wait (interruptible by `stop`), then write the bytes.
        case delay(Double, [UInt8])
        /// Close with RST (SO_LINGER 0) without answering.
        case reset
        /// Answer 200 with a body of this many bytes, streamed until the client goes away.
        case huge(Int)
    }

    let port: UInt16
    private let listenFD: Int32
    private let stopPipe: (read: Int32, write: Int32)
    private let handler: @Sendable (String) -> Action
    private let requestLog = Mutex<[String]>([])
    private let finished = DispatchSemaphore(value: 0)

    init(handler: @escaping @Sendable (String) -> Action) throws {
        self.handler = handler
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard fd >= 0, bound == 0, listen(fd, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        port = UInt16(bigEndian: addr.sin_port)
        listenFD = fd
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw POSIXError(.EMFILE) }
        stopPipe = (fds[0], fds[1])
        let thread = Thread { [self] in
            serve()
            finished.signal()
        }
        thread.start()
    }

    /// Every request head (and body) received, in order.
    var requests: [String] { requestLog.withLock { $0 } }

    /// Stops the thread and closes the socket; waits at most 10 s for the thread.
    func stop() {
        var byte: UInt8 = 1
        _ = write(stopPipe.write, &byte, 1)
        _ = finished.wait(timeout: .now() + 10)
        close(listenFD)
        close(stopPipe.read)
        close(stopPipe.write)
    }

    // MARK: - Serving

    /// Waits until `fd` is readable or the stop pipe fires; true when `fd` is ready.
    private func waitReadable(_ fd: Int32, timeoutMs: Int32) -> Bool {
        var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0), pollfd(fd: stopPipe.read, events: Int16(POLLIN), revents: 0)]
        guard poll(&fds, 2, timeoutMs) > 0 else { return false }
        return fds[1].revents == 0 && fds[0].revents != 0
    }

    private func stopped() -> Bool {
        var fds = [pollfd(fd: stopPipe.read, events: Int16(POLLIN), revents: 0)]
        return poll(&fds, 1, 0) > 0
    }

    private func serve() {
        while !stopped() {
            guard waitReadable(listenFD, timeoutMs: -1) else { return }
            let client = accept(listenFD, nil, nil)
            guard client >= 0 else { continue }
            let request = readRequest(client)
            requestLog.withLock { $0.append(request) }
            act(handler(request), on: client)
        }
    }

    private func readRequest(_ fd: Int32) -> String {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while waitReadable(fd, timeoutMs: 2000) {
            let n = recv(fd, &buffer, buffer.count, 0)
            guard n > 0 else { break }
            data += buffer[0..<n]
            if let bodyStart = Self.headEnd(data), data.count - bodyStart >= Self.contentLength(data[..<bodyStart]) {
                break
            }
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Index just after the blank line that ends the head, if it has arrived.
    private static func headEnd(_ data: [UInt8]) -> Int? {
        guard data.count >= 4 else { return nil }
        for i in 0...(data.count - 4) where data[i] == 13 && data[i + 1] == 10 && data[i + 2] == 13 && data[i + 3] == 10 {
            return i + 4
        }
        return nil
    }

    private static func contentLength(_ head: ArraySlice<UInt8>) -> Int {
        let lines = String(decoding: head, as: UTF8.self).lowercased().split(separator: "\r\n")
        guard let line = lines.first(where: { $0.hasPrefix("content-length:") }) else { return 0 }
        return Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) ?? 0
    }

    private func act(_ action: Action, on fd: Int32) {
        switch action {
        case .respond(let bytes):
            sendAll(fd, bytes)
        case .delay(let seconds, let bytes):
            var fds = [pollfd(fd: stopPipe.read, events: Int16(POLLIN), revents: 0)]
            if poll(&fds, 1, Int32(seconds * 1000)) == 0 { sendAll(fd, bytes) }
        case .reset:
            var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
            setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        case .huge(let size):
            let head = "HTTP/1.1 200 OK\r\nContent-Length: \(size)\r\nConnection: close\r\n\r\n"
            guard sendAll(fd, Array(head.utf8)) else { break }
            let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 65536)
            var sent = 0
            while sent < size, sendAll(fd, Array(chunk.prefix(size - sent))) { sent += chunk.count }
        }
        close(fd)
    }

    @discardableResult
    private func sendAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { return false }
            offset += n
        }
        return true
    }

    /// A complete HTTP/1.1 answer.
    static func answer(_ status: Int, _ reason: String, headers: [String: String] = [:], body: String = "") -> [UInt8] {
        var text = "HTTP/1.1 \(status) \(reason)\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        return Array((text + "\r\n" + body).utf8)
    }
}
