import DNSWire
import Glibc

/// One query over TCP (the fallback after a truncated UDP answer), with a deadline on every step.
struct TCPExchange {
    let clock = SystemClock()

    /// Connects, sends the length-prefixed query, reads one length-prefixed answer and checks it.
    func run(_ query: DNSQuery, timeout: Double) -> DNSExchangeResult {
        let deadline = clock.now() + timeout
        let id = SocketIO.randomID()
        let message = DNSMessage.query(
            id: id, name: query.name, type: query.type, recursionDesired: query.recursionDesired,
            ednsPayloadSize: nil)
        guard let body = try? message.encode() else { return .failed("cannot encode query") }
        let address = SocketAddress(query.server)
        let fd = SocketIO.open(family: address.family, type: SOCK_STREAM)
        if fd < 0 { return failure(-fd) }
        defer { close(fd) }
        if let error = connect(fd, address, deadline: deadline) { return error }
        let frame = [UInt8(body.count >> 8), UInt8(body.count & 0xFF)] + body
        guard writeAll(fd, frame, deadline: deadline) else { return timedOutOr(deadline, "TCP write failed") }
        guard let header = read(fd, count: 2, deadline: deadline) else {
            return timedOutOr(deadline, "TCP connection closed")
        }
        let length = Int(header[0]) << 8 | Int(header[1])
        guard let answer = read(fd, count: length, deadline: deadline) else {
            return timedOutOr(deadline, "TCP connection closed")
        }
        guard let response = try? DNSMessage(decoding: answer) else { return .failed("malformed TCP answer") }
        guard response.answers(query, id: id) else { return .failed("TCP answer does not match the query") }
        return .response(response)
    }

    private func failure(_ code: Int32) -> DNSExchangeResult {
        SocketIO.isUnreachable(code) ? .unreachable(SocketIO.message(code)) : .failed(SocketIO.message(code))
    }

    private func timedOutOr(_ deadline: Double, _ reason: String) -> DNSExchangeResult {
        clock.now() >= deadline ? .timedOut : .failed(reason)
    }

    private func connect(_ fd: Int32, _ address: SocketAddress, deadline: Double) -> DNSExchangeResult? {
        let code = address.connect(fd)
        if code == 0 { return nil }
        guard code == EINPROGRESS else { return failure(code) }
        guard SocketIO.wait(fd, for: Int16(POLLOUT), until: deadline, clock: clock) else { return .timedOut }
        var pending: Int32 = 0
        var size = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &pending, &size)
        return pending == 0 ? nil : failure(pending)
    }

    private func writeAll(_ fd: Int32, _ bytes: [UInt8], deadline: Double) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                Glibc.send(fd, raw.baseAddress.map { $0 + offset }, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            if written > 0 {
                offset += written
            } else if written < 0 && (errno == EAGAIN || errno == EINTR) {
                guard SocketIO.wait(fd, for: Int16(POLLOUT), until: deadline, clock: clock) else { return false }
            } else {
                return false
            }
        }
        return true
    }

    private func read(_ fd: Int32, count: Int, deadline: Double) -> [UInt8]? {
        var result = [UInt8](repeating: 0, count: count)
        var offset = 0
        while offset < count {
            let received = result.withUnsafeMutableBytes { raw in
                recv(fd, raw.baseAddress.map { $0 + offset }, count - offset, 0)
            }
            if received > 0 {
                offset += received
            } else if received < 0 && (errno == EAGAIN || errno == EINTR) {
                guard SocketIO.wait(fd, for: Int16(POLLIN), until: deadline, clock: clock) else { return nil }
            } else {
                return nil
            }
        }
        return result
    }
}
