/// One IONOS error item (`{code, message, parameters?}`), the element of every array error body.
struct APIErrorItem: Error, Sendable {
    var code: String
    var message: String?
    var parameters: [(String, JSONValue)] = []

    var json: JSONValue {
        var pairs: [(String, JSONValue)] = [("code", .string(code))]
        if let message { pairs.append(("message", .string(message))) }
        if !parameters.isEmpty { pairs.append(("parameters", .object(parameters))) }
        return .object(pairs)
    }

    static func invalidRecord(_ kind: String, fields: [String], record: JSONValue) -> APIErrorItem {
        APIErrorItem(
            code: "INVALID_RECORD", message: "Record is invalid.",
            parameters: [(kind, .array(fields.map { .string($0) })), ("errorRecord", record)])
    }
}

/// A record as a request body gives it, before validation.
struct RecordDraft {
    let source: JSONValue
    let zone: String

    /// Validates a Record body item for `zone` and returns the stored form (id and date still to set).
    func validated(now: Int64) -> Result<StoredRecord, APIErrorItem> {
        guard case .object = source else {
            return .failure(
                APIErrorItem(
                    code: "INVALID_DATA", message: "The request body is invalid or not supported by the endpoint."))
        }
        let missing = ["name", "type", "content"].filter { source[$0] == nil || source[$0] == .null }
        if !missing.isEmpty { return .failure(.invalidRecord("requiredFields", fields: missing, record: errorRecord)) }
        var invalid: [String] = []
        let type = source["type"]?.stringValue?.uppercased() ?? ""
        if !RecordRules.knownTypes.contains(type) { invalid.append("type") }
        let name = source["name"]?.stringValue.flatMap { RecordRules.normalizedName($0, zone: zone) }
        if name == nil { invalid.append("name") }
        let content = source["content"]?.stringValue.flatMap { RecordRules.normalizedContent($0, type: type) }
        if content == nil && !invalid.contains("type") { invalid.append("content") }
        let ttl = field("ttl", default: 3600)
        if ttl == nil || (ttl ?? 0) < 60 { invalid.append("ttl") }
        let prio = field("prio", default: 0)
        if prio == nil || !(0...65535).contains(prio ?? -1) { invalid.append("prio") }
        let disabled = source["disabled"].map { $0 == .null ? false : $0.boolValue } ?? false
        if disabled == nil { invalid.append("disabled") }
        guard invalid.isEmpty, let name, let content, let ttl, let prio, let disabled else {
            return .failure(.invalidRecord("invalidFields", fields: invalid, record: errorRecord))
        }
        return .success(
            StoredRecord(
                id: "", name: name, type: type, content: content, ttl: ttl, prio: prio, disabled: disabled,
                changeDate: now))
    }

    /// An optional integer field: its value, `fallback` when absent or null, nil when it is not an integer.
    private func field(_ key: String, default fallback: Int) -> Int? {
        guard let value = source[key], value != .null else { return fallback }
        return value.intValue
    }

    /// The record as the server understood it, for `parameters.errorRecord` (incl. rootName).
    var errorRecord: JSONValue {
        var pairs: [(String, JSONValue)] = []
        if let name = source["name"] { pairs.append(("name", name)) }
        pairs.append(("rootName", .string(zone)))
        if let type = source["type"] { pairs.append(("type", type.stringValue.map { .string($0.uppercased()) } ?? type)) }
        if let content = source["content"] { pairs.append(("content", content)) }
        pairs.append(("ttl", source["ttl"] ?? .number(3600)))
        if let prio = source["prio"] { pairs.append(("prio", prio)) }
        pairs.append(("disabled", source["disabled"] ?? .bool(false)))
        return .object(pairs)
    }
}

/// A RecordUpdate body (PUT of one record): content, ttl, prio, disabled; omitted fields keep their value.
struct RecordUpdateDraft {
    let source: JSONValue
    let zone: String

    /// Applies the update to `record`, or explains which fields are invalid.
    func applied(to record: StoredRecord, now: Int64) -> Result<StoredRecord, APIErrorItem> {
        guard case .object = source else {
            return .failure(
                APIErrorItem(
                    code: "INVALID_DATA", message: "The request body is invalid or not supported by the endpoint."))
        }
        var updated = record
        var invalid: [String] = []
        if let raw = source["content"], raw != .null {
            if let c = raw.stringValue.flatMap({ RecordRules.normalizedContent($0, type: record.type) }) {
                updated.content = c
            } else {
                invalid.append("content")
            }
        }
        if let raw = source["ttl"], raw != .null {
            if let t = raw.intValue, t >= 60 { updated.ttl = t } else { invalid.append("ttl") }
        }
        if let raw = source["prio"], raw != .null {
            if let p = raw.intValue, (0...65535).contains(p) { updated.prio = p } else { invalid.append("prio") }
        }
        if let raw = source["disabled"], raw != .null {
            if let d = raw.boolValue { updated.disabled = d } else { invalid.append("disabled") }
        }
        guard invalid.isEmpty else {
            let shown = record.json(rootName: zone)
            return .failure(.invalidRecord("invalidFields", fields: invalid, record: shown))
        }
        updated.changeDate = now
        return .success(updated)
    }
}
