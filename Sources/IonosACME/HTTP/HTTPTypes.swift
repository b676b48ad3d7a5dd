/// One header of an outgoing request; a secret value is redacted wherever the request is described.
public struct HTTPHeader: Sendable, Equatable {
    /// The value of a header: plain text, or a secret that only the transport reveals.
    public enum Value: Sendable, Equatable {
        case plain(String)
        case secret(Secret)
    }

    /// The header name as sent.
    public let name: String
    /// The header value.
    public let value: Value

    /// A header with a plain value.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = .plain(value)
    }

    /// A header whose value is a secret (the API key).
    public init(_ name: String, secret: Secret) {
        self.name = name
        self.value = .secret(secret)
    }

    /// The value for the wire (reveals a secret: transports only).
    public var wireValue: String {
        switch value {
        case .plain(let text): return text
        case .secret(let secret): return secret.revealed
        }
    }

    /// The value for logs: a secret shows as `<redacted>`.
    public var loggedValue: String {
        switch value {
        case .plain(let text): return text
        case .secret: return "<redacted>"
        }
    }
}

/// An HTTP request as the API client builds it.
public struct HTTPRequest: Sendable, Equatable {
    /// `GET`, `POST`, `DELETE`, ...
    public var method: String
    /// The absolute URL, query included.
    public var url: String
    /// Headers in sending order.
    public var headers: [HTTPHeader]
    /// The body bytes (empty for none).
    public var body: [UInt8]

    /// Creates a request.
    public init(method: String, url: String, headers: [HTTPHeader] = [], body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// The value of the first header named `name` (case-insensitive), revealed (for transports and fakes).
    public func headerValue(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.wireValue
    }

    /// One line for debug logs: method, URL and headers, secrets redacted.
    public var logDescription: String {
        let shown = headers.map { "\($0.name): \($0.loggedValue)" }.joined(separator: ", ")
        return "\(method) \(url) [\(shown)]"
    }
}

/// An HTTP response: status, headers (lower-cased names) and body bytes.
public struct HTTPResponse: Sendable, Equatable {
    /// The HTTP status code.
    public var status: Int
    /// Header names lower-cased; a repeated header keeps its last value.
    public var headers: [String: String]
    /// The body bytes.
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int, headers: [String: String] = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { $1 })
        self.body = body
    }

    /// The value of header `name` (case-insensitive).
    public func header(_ name: String) -> String? { headers[name.lowercased()] }
}

/// The seam between the API client and the network: tests pass an in-memory fake.
public protocol HTTPTransport: Sendable {
    /// Sends one request and waits at most `seconds` for the whole answer. Never follows redirects.
    func send(_ request: HTTPRequest, deadline seconds: Double) throws(HTTPError) -> HTTPResponse
}

/// Why a request got no HTTP answer.
public enum HTTPError: ExitCodeError, Equatable {
    /// The URL is not allowed (scheme, or `http://` to a host that is not loopback); nothing was sent.
    case refusedURL(url: String, reason: String)
    /// No connection could be made (name resolution or TCP connect failed); nothing was sent.
    case couldNotConnect(url: String, detail: String)
    /// The connection dropped before a full answer arrived (the request may have been applied).
    case connectionReset(url: String, detail: String)
    /// The deadline passed before a full answer arrived (the request may have been applied).
    case timeout(url: String, seconds: Double)
    /// TLS failed (certificate not trusted, handshake error).
    case tls(url: String, detail: String)
    /// The answer was larger than the cap; the transfer was aborted.
    case tooLarge(url: String, limit: Int)
    /// Any other transport failure.
    case other(url: String, detail: String)

    public var exitCode: ExitCode {
        switch self {
        case .refusedURL: return .config
        default: return .unavailable
        }
    }

    /// True for failures that a later attempt may not see (connect, reset, timeout).
    public var isTransient: Bool {
        switch self {
        case .couldNotConnect, .connectionReset, .timeout: return true
        default: return false
        }
    }

    /// True when the server may have received and applied the request although no answer came back.
    public var mayHaveBeenApplied: Bool {
        switch self {
        case .connectionReset, .timeout, .other: return true
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .refusedURL(let url, let reason): return "refused to contact \(url): \(reason)"
        case .couldNotConnect(let url, let detail): return "could not connect to \(url): \(detail)"
        case .connectionReset(let url, let detail): return "connection to \(url) dropped: \(detail)"
        case .timeout(let url, let seconds): return "no answer from \(url) within \(formatSeconds(seconds))"
        case .tls(let url, let detail):
            return "TLS failed for \(url): \(detail) (IONOS_ACME_CA_FILE names a CA bundle to trust)"
        case .tooLarge(let url, let limit): return "answer from \(url) exceeds \(limit / 1024 / 1024) MiB; aborted"
        case .other(let url, let detail): return "request to \(url) failed: \(detail)"
        }
    }
}

/// Formats seconds for messages: `0.3 s`, `30 s`.
func formatSeconds(_ seconds: Double) -> String {
    if seconds == seconds.rounded() { return "\(Int(seconds)) s" }
    return "\((seconds * 10).rounded() / 10) s"
}
