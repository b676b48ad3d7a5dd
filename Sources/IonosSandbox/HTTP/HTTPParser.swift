/// Limits and parsing of an HTTP/1.1 request head.
enum HTTPParser {
    /// Largest accepted request head (request line + header fields).
    static let maxHeadBytes = 16 * 1024
    /// Largest accepted body.
    static let maxBodyBytes = 1024 * 1024

    /// A request head that could not be accepted, as the response that says why.
    struct Rejection: Error {
        let status: Int
        let message: String

        var response: HTTPResponse {
            var r = HTTPResponse.json(status, .array([APIErrorItem(code: "BAD_REQUEST", message: message).json]))
            r.close = true
            return r
        }
    }

    /// The index just past the blank line that ends the head, if `buffer` holds one.
    static func headEnd(in buffer: [UInt8]) -> Int? {
        guard buffer.count >= 4 else { return nil }
        for i in 0...(buffer.count - 4)
        where buffer[i] == 13 && buffer[i + 1] == 10 && buffer[i + 2] == 13 && buffer[i + 3] == 10 {
            return i + 4
        }
        return nil
    }

    /// Parses the head (without the blank line); returns the request with an empty body and its Content-Length.
    static func parseHead(_ bytes: ArraySlice<UInt8>) throws(Rejection) -> (HTTPRequest, Int) {
        guard let text = String(validating: bytes, as: UTF8.self) else { throw Rejection(status: 400, message: "head is not UTF-8") }
        var lines = text.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
        while lines.last == "" { lines.removeLast() }
        guard let requestLine = lines.first else { throw Rejection(status: 400, message: "empty request") }
        let parts = requestLine.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, !parts[0].isEmpty, parts[0].utf8.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }),
            parts[1].hasPrefix("/")
        else { throw Rejection(status: 400, message: "malformed request line") }
        guard parts[2] == "HTTP/1.1" || parts[2] == "HTTP/1.0" else {
            throw Rejection(status: parts[2].hasPrefix("HTTP/") ? 505 : 400, message: "unsupported protocol version")
        }
        var headers: [(String, String)] = []
        for line in lines.dropFirst() {
            let kv = line.splitOnce(":")
            guard kv.count == 2, !kv[0].isEmpty, kv[0].utf8.allSatisfy(isTokenByte) else {
                throw Rejection(status: 400, message: "malformed header field")
            }
            headers.append((kv[0].lowercased(), kv[1].trimming(" ").trimming("\t")))
        }
        let target = parts[1].splitOnce("?")
        let request = HTTPRequest(
            method: parts[0], path: HTTPRequest.percentDecoded(target[0]), query: target.count > 1 ? target[1] : "",
            headers: headers, body: [], isHTTP10: parts[2] == "HTTP/1.0")
        return (request, try contentLength(headers))
    }

    private static func contentLength(_ headers: [(String, String)]) throws(Rejection) -> Int {
        if headers.contains(where: { $0.0 == "transfer-encoding" }) {
            throw Rejection(status: 411, message: "Transfer-Encoding is not supported; send Content-Length")
        }
        let values = Set(headers.filter { $0.0 == "content-length" }.map { $0.1 })
        guard let value = values.first else { return 0 }
        guard values.count == 1, !value.isEmpty, value.utf8.count <= 12, value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            let length = Int(value)
        else { throw Rejection(status: 400, message: "invalid Content-Length") }
        guard length <= maxBodyBytes else { throw Rejection(status: 413, message: "body larger than 1 MiB") }
        return length
    }

    private static func isTokenByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || "!#$%&'*+-.^_`|~".utf8.contains(b)
    }
}
