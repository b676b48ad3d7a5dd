/// The real DNS transport: UDP (random id, random source port, strict answer matching) with TCP fallback.
///
/// Synchronous by design: a batch is sent at once and all sockets are waited on with one poll(), so
/// it never blocks Swift's cooperative thread pool from inside a task. Truncated answers are retried
/// over TCP one after another, each with its own `timeout`.
public struct SocketDNSTransport: DNSTransport {
    /// Creates the transport.
    public init() {}

    public func exchange(_ queries: [DNSQuery], timeout: Double) -> [DNSExchangeResult] {
        let outcomes = UDPExchange().run(queries, timeout: timeout)
        var results: [DNSExchangeResult] = []
        for (query, outcome) in zip(queries, outcomes) {
            switch outcome {
            case .done(let result): results.append(result)
            case .truncated: results.append(TCPExchange().run(query, timeout: timeout))
            }
        }
        return results
    }
}
