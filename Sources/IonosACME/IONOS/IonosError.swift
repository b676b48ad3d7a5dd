import FoundationEssentials

/// Why an IONOS API call failed; `description` is one line: what failed, for which name, what to do.
///
/// Exit codes: a rejected key is 77, a request IONOS calls invalid is 65, an API that stays unavailable
/// (429/5xx/network after retries, or answers that are not the JSON the API documents) is 69, a refused
/// URL is 78, and any other unexpected status is 1. No case ever carries the API key.
public enum IonosError: ExitCodeError, Equatable {
    /// 401: the key was not accepted.
    case rejectedKey(operation: String, detail: String)
    /// 400 (or another 4xx with IONOS error details): IONOS refused the request as invalid.
    case invalidRequest(operation: String, status: Int, detail: String)
    /// Another status the client did not expect.
    case unexpectedStatus(operation: String, status: Int, detail: String)
    /// 429, 5xx or network failures until the retry limits ran out.
    case unavailable(operation: String, attempts: Int, lastCause: String)
    /// The answer was not what the API documents (truncated, not JSON, wrong shape, too large).
    case badResponse(operation: String, detail: String)
    /// A failure of the transport that retrying cannot fix (refused URL, TLS).
    case transport(operation: String, error: HTTPError)

    public var exitCode: ExitCode {
        switch self {
        case .rejectedKey: return .noPermission
        case .invalidRequest: return .dataError
        case .unexpectedStatus: return .failure
        case .unavailable, .badResponse: return .unavailable
        case .transport(_, let error): return error.exitCode
        }
    }

    public var description: String {
        switch self {
        case .rejectedKey(let op, let detail):
            return "\(op): IONOS rejected the API key\(suffix(detail)) "
                + "(check IONOS_API_PREFIX / IONOS_API_SECRET or IONOS_API_KEY)"
        case .invalidRequest(let op, let status, let detail):
            return "\(op): IONOS refused the request (HTTP \(status))\(suffix(detail)); "
                + "check the record name (absolute, inside the zone), the value and IONOS_ACME_TTL (at least 60)"
        case .unexpectedStatus(let op, let status, let detail):
            return "\(op): IONOS answered HTTP \(status)\(suffix(detail))"
        case .unavailable(let op, let attempts, let cause):
            return "\(op): IONOS API unavailable after \(attempts) attempt\(attempts == 1 ? "" : "s") "
                + "(last: \(cause)); try again later"
        case .badResponse(let op, let detail):
            return "\(op): unreadable answer from the IONOS API (\(detail)); check IONOS_API_URL"
        case .transport(let op, let error):
            return "\(op): \(error.description)"
        }
    }

    private func suffix(_ detail: String) -> String { detail.isEmpty ? "" : ": \(detail)" }
}

// MARK: - Error bodies

/// Decodes both IONOS error shapes into one line of text.
///
/// The gateway answers with a bare object `{"message": "..."}`; the backend with an array of
/// `{code, message, parameters: {invalidFields, requiredFields, invalid, errorRecord, inputRecord}}`.
public enum IonosErrorBody {
    /// One line summarising `body`, or nil when the body is empty or neither shape.
    public static func summary(_ body: [UInt8]) -> String? {
        guard !body.isEmpty, body.count <= 64 * 1024 else { return nil }
        let decoder = JSONDecoder()
        if let items = try? decoder.decode([Item].self, from: Data(body)) {
            let parts = items.map(\.summary).filter { !$0.isEmpty }
            return parts.isEmpty ? nil : sanitize(parts.joined(separator: "; "))
        }
        if let item = try? decoder.decode(Item.self, from: Data(body)) {
            let text = item.summary
            return text.isEmpty ? nil : sanitize(text)
        }
        return nil
    }

    /// Keeps one printable line of at most 300 characters.
    static func sanitize(_ text: String) -> String {
        let flat = String(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : Character($0) })
        return flat.count > 300 ? String(flat.prefix(300)) + "…" : flat
    }

    private struct Item: Decodable {
        var code: String?
        var message: String?
        var parameters: Parameters?

        var summary: String {
            var text = [code, message].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
            if let extra = parameters?.summary, !extra.isEmpty { text += text.isEmpty ? extra : " (\(extra))" }
            return text
        }
    }

    private struct Parameters: Decodable {
        var invalidFields: [String]?
        var requiredFields: [String]?
        var invalid: [String]?
        var errorRecord: RecordEcho?
        var inputRecord: RecordEcho?

        var summary: String {
            var parts: [String] = []
            if let f = invalidFields, !f.isEmpty { parts.append("invalid field: \(f.joined(separator: ", "))") }
            if let f = requiredFields, !f.isEmpty { parts.append("missing field: \(f.joined(separator: ", "))") }
            if let f = invalid, !f.isEmpty { parts.append("invalid: \(f.joined(separator: ", "))") }
            if let r = errorRecord ?? inputRecord { parts.append("record \(r.summary)") }
            return parts.joined(separator: "; ")
        }
    }

    private struct RecordEcho: Decodable {
        var name: String?
        var type: String?
        var ttl: Int?
        var rootName: String?

        var summary: String {
            var text = [name ?? "?", type].compactMap { $0 }.joined(separator: " ")
            if let ttl { text += " ttl \(ttl)" }
            if let rootName { text += " in zone \(rootName)" }
            return text
        }
    }
}
