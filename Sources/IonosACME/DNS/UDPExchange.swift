import DNSWire
import Glibc

/// Sends a batch of queries over UDP, one socket per query, and waits on all of them with one poll().
///
/// Each socket gets a kernel-chosen random source port and the query a random id. A datagram is
/// accepted only from the queried address and port, with the same id and question; anything else is
/// dropped and the wait goes on until that query's deadline.
struct UDPExchange {
    /// A query in flight.
    private struct Pending {
        let index: Int
        let fd: Int32
        let id: UInt16
        let query: DNSQuery
        let address: SocketAddress
    }

    /// What the batch produced for one query: a final result, or a request to retry over TCP.
    enum Outcome {
        case done(DNSExchangeResult)
        case truncated
    }

    /// The largest UDP answer this client accepts (advertised through EDNS(0)).
    static let payloadSize: UInt16 = 1232

    let clock = SystemClock()
    /// Whether queries carry an EDNS(0) OPT record (off for the retry to servers that answer FORMERR to it).
    var edns = true

    /// Runs the batch; every query ends within `timeout` seconds.
    func run(_ queries: [DNSQuery], timeout: Double) -> [Outcome] {
        var outcomes = [Outcome](repeating: .done(.timedOut), count: queries.count)
        var pending: [Pending] = []
        for (index, query) in queries.enumerated() {
            switch send(query, index: index) {
            case .success(let entry): pending.append(entry)
            case .failure(let result): outcomes[index] = .done(result)
            }
        }
        let deadline = clock.now() + timeout
        var buffer = [UInt8](repeating: 0, count: 65_535)
        while !pending.isEmpty {
            let now = clock.now()
            if now >= deadline { break }
            var fds = pending.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&fds, nfds_t(fds.count), SocketIO.pollMilliseconds(until: deadline, now: now))
            if ready < 0 && errno != EINTR { break }
            guard ready > 0 else { continue }
            var stillPending: [Pending] = []
            for (entry, polled) in zip(pending, fds) {
                if polled.revents != 0, let outcome = receive(entry, buffer: &buffer) {
                    outcomes[entry.index] = outcome
                    close(entry.fd)
                } else {
                    stillPending.append(entry)
                }
            }
            pending = stillPending
        }
        for entry in pending { close(entry.fd) }
        return outcomes
    }

    // MARK: - Sending

    private enum SendResult {
        case success(Pending)
        case failure(DNSExchangeResult)
    }

    private func send(_ query: DNSQuery, index: Int) -> SendResult {
        let id = SocketIO.randomID()
        let message = DNSMessage.query(
            id: id, name: query.name, type: query.type, recursionDesired: query.recursionDesired,
            ednsPayloadSize: edns ? UDPExchange.payloadSize : nil)
        guard let bytes = try? message.encode() else { return .failure(.failed("cannot encode query")) }
        let address = SocketAddress(query.server)
        let fd = SocketIO.open(family: address.family, type: SOCK_DGRAM)
        if fd < 0 { return .failure(errorResult(-fd)) }
        let connectError = address.connect(fd)
        if connectError != 0 {
            close(fd)
            return .failure(errorResult(connectError))
        }
        let sent = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, 0) }
        if sent != bytes.count {
            let code = sent < 0 ? errno : EMSGSIZE
            close(fd)
            return .failure(errorResult(code))
        }
        return .success(Pending(index: index, fd: fd, id: id, query: query, address: address))
    }

    private func errorResult(_ code: Int32) -> DNSExchangeResult {
        SocketIO.isUnreachable(code) ? .unreachable(SocketIO.message(code)) : .failed(SocketIO.message(code))
    }

    // MARK: - Receiving

    /// Reads every queued datagram; returns an outcome once a matching answer (or a hard error) arrives.
    private func receive(_ entry: Pending, buffer: inout [UInt8]) -> Outcome? {
        while true {
            var source = sockaddr_storage()
            var sourceLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let count = buffer.withUnsafeMutableBytes { raw in
                withUnsafeMutablePointer(to: &source) { pointer in
                    pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        recvfrom(entry.fd, raw.baseAddress, raw.count, Int32(MSG_DONTWAIT), $0, &sourceLength)
                    }
                }
            }
            if count < 0 {
                let code = errno
                if code == EINTR { continue }
                if code == EAGAIN || code == EWOULDBLOCK { return nil }
                return .done(code == ECONNREFUSED ? .failed("refused") : errorResult(code))
            }
            guard entry.address.matches(source),
                let message = try? DNSMessage(decoding: Array(buffer[0..<count])),
                message.answers(entry.query, id: entry.id)
            else { continue }
            return message.header.isTruncated ? .truncated : .done(.response(message))
        }
    }
}
