import DNSWire

/// One question to send to one server.
public struct DNSQuery: Hashable, Sendable, CustomStringConvertible {
    /// The server to ask.
    public var server: DNSServerAddress
    /// The name asked about.
    public var name: DNSName
    /// The record type asked for.
    public var type: DNSRecordType
    /// RD: ask a resolver to recurse (false for authoritative servers).
    public var recursionDesired: Bool

    /// Creates a query.
    public init(server: DNSServerAddress, name: DNSName, type: DNSRecordType, recursionDesired: Bool) {
        self.server = server
        self.name = name
        self.type = type
        self.recursionDesired = recursionDesired
    }

    /// `name TYPE @server`.
    public var description: String { "\(name) \(type) @\(server)" }
}

/// What became of one query.
public enum DNSExchangeResult: Sendable, Equatable {
    /// A matching response arrived (any rcode).
    case response(DNSMessage)
    /// No matching response before the per-query deadline.
    case timedOut
    /// The host cannot reach this address family or network at all (EAFNOSUPPORT, ENETUNREACH); not waited on.
    case unreachable(String)
    /// The exchange failed otherwise (refused, TCP error, socket error).
    case failed(String)

    /// The response, if one arrived.
    public var message: DNSMessage? {
        if case .response(let message) = self { return message }
        return nil
    }

    /// A short text for logs and error messages.
    public var summary: String {
        switch self {
        case .response(let message): return message.header.responseCode.description
        case .timedOut: return "no answer"
        case .unreachable(let reason): return "unreachable (\(reason))"
        case .failed(let reason): return "failed (\(reason))"
        }
    }
}

/// The seam between DNS logic and the network: sends queries and waits for their answers.
///
/// Implementations are synchronous (they block the calling thread) and must run every query of a
/// batch in parallel. Tests inject a scripted fake; the product uses `SocketDNSTransport`.
public protocol DNSTransport: Sendable {
    /// Sends every query at once and returns one result per query, in order, within about `timeout` seconds.
    func exchange(_ queries: [DNSQuery], timeout: Double) -> [DNSExchangeResult]
}

extension DNSTransport {
    /// Sends one query and waits for its result.
    public func exchange(_ query: DNSQuery, timeout: Double) -> DNSExchangeResult {
        exchange([query], timeout: timeout).first ?? .failed("no result")
    }
}

extension DNSMessage {
    /// True when this message is a response to `query` sent with `id`: same id, QR set, same single question.
    ///
    /// Names compare case-insensitively; the class must be IN.
    public func answers(_ query: DNSQuery, id: UInt16) -> Bool {
        guard header.id == id, header.isResponse, questions.count == 1 else { return false }
        let question = questions[0]
        return question.name == query.name && question.type == query.type && question.qclass == .in
    }
}
