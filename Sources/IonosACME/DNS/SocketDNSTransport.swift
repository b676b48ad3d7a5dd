/// The real DNS transport: UDP (random id, random source port, strict answer matching) with TCP fallback.
///
/// Synchronous by design: a batch is sent at once and all sockets are waited on with one poll(), so
/// it never blocks Swift's cooperative thread pool from inside a task. Truncated answers are retried
/// over TCP one after another, each with its own `timeout`; servers that answer FORMERR/NOTIMP to
/// EDNS(0) are asked again without it.
public struct SocketDNSTransport: DNSTransport {
    /// Creates the transport.
    public init() {}

    public func exchange(_ queries: [DNSQuery], timeout: Double) -> [DNSExchangeResult] {
        var outcomes = UDPExchange().run(queries, timeout: timeout)
        let refusedEDNS = outcomes.indices.filter { SocketDNSTransport.rejectsEDNS(outcomes[$0]) }
        if !refusedEDNS.isEmpty {
            let retry = UDPExchange(edns: false).run(refusedEDNS.map { queries[$0] }, timeout: timeout)
            for (index, outcome) in zip(refusedEDNS, retry) { outcomes[index] = outcome }
        }
        var results: [DNSExchangeResult] = []
        for (query, outcome) in zip(queries, outcomes) {
            switch outcome {
            case .done(let result): results.append(result)
            case .truncated: results.append(TCPExchange().run(query, timeout: timeout))
            }
        }
        return results
    }

    /// A FORMERR or NOTIMP answer without an OPT record: an old server that does not understand EDNS(0).
    private static func rejectsEDNS(_ outcome: UDPExchange.Outcome) -> Bool {
        guard case .done(.response(let message)) = outcome, message.optRecord == nil else { return false }
        return message.header.responseCode == .formatError || message.header.responseCode == .notImplemented
    }
}
