/// One parsed HTTP/1.1 request.
public struct HTTPRequest: Sendable {
    /// Method, e.g. `GET`.
    public var method: String
    /// Path without the query, percent-decoded.
    public var path: String
    /// The raw query string (after `?`), empty when absent.
    public var query: String
    /// Header fields in order, names lowercased.
    public var headers: [(String, String)]
    /// The body bytes (Content-Length framed).
    public var body: [UInt8]
    /// True for HTTP/1.0 requests.
    public var isHTTP10: Bool

    /// The first value of header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.0 == lower }?.1
    }

    /// Query parameters in order, percent-decoded (`+` is a space).
    public var queryItems: [(String, String)] {
        query.split(separator: "&").map { item in
            let kv = String(item).splitOnce("=")
            return (
                HTTPRequest.percentDecoded(kv[0], plusIsSpace: true),
                kv.count > 1 ? HTTPRequest.percentDecoded(kv[1], plusIsSpace: true) : ""
            )
        }
    }

    /// Whether the connection stays open after this request.
    var keepAlive: Bool {
        let connection = header("connection")?.lowercased() ?? ""
        return isHTTP10 ? connection.contains("keep-alive") : !connection.contains("close")
    }

    /// Decodes `%XX` escapes (and `+` when asked); invalid escapes are kept literally.
    static func percentDecoded(_ text: String, plusIsSpace: Bool = false) -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count,
                let v = UInt8(String(decoding: bytes[i + 1...i + 2], as: UTF8.self), radix: 16)
            {
                out.append(v)
                i += 3
                continue
            }
            out.append(plusIsSpace && bytes[i] == UInt8(ascii: "+") ? 0x20 : bytes[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// One HTTP response, and what to do with the connection.
public struct HTTPResponse: Sendable {
    /// What happens after the handler returns.
    public enum Disposition: Sendable, Equatable {
        /// Send the answer now.
        case send
        /// Drop the connection without an answer (reset).
        case reset
        /// Send the answer after this many seconds.
        case delay(Double)
    }

    /// Status code.
    public var status: Int
    /// Extra header fields (Content-Length is added by the server).
    public var headers: [(String, String)]
    /// Body bytes; empty means `Content-Length: 0`.
    public var body: [UInt8]
    /// What to do with the connection.
    public var disposition: Disposition = .send
    /// Close the connection after sending.
    public var close = false

    /// A response with a JSON body.
    public static func json(_ status: Int, _ value: JSONValue, headers: [(String, String)] = []) -> HTTPResponse {
        HTTPResponse(
            status: status, headers: [("Content-Type", "application/json")] + headers,
            body: Array(value.serialized.utf8))
    }

    /// A response with no body and no Content-Type.
    public static func empty(_ status: Int, headers: [(String, String)] = []) -> HTTPResponse {
        HTTPResponse(status: status, headers: headers, body: [])
    }

    /// The serialized head and body.
    func bytes() -> [UInt8] {
        var head = "HTTP/1.1 \(status) \(HTTPResponse.reason(status))\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(body.count)\r\n"
        if close { head += "Connection: close\r\n" }
        head += "\r\n"
        return Array(head.utf8) + body
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 201: return "Created"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 408: return "Request Timeout"
        case 411: return "Length Required"
        case 413: return "Payload Too Large"
        case 429: return "Too Many Requests"
        case 431: return "Request Header Fields Too Large"
        case 500: return "Internal Server Error"
        case 501: return "Not Implemented"
        case 503: return "Service Unavailable"
        case 505: return "HTTP Version Not Supported"
        default: return "Status"
        }
    }
}
