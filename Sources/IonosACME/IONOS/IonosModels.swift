/// A zone as `GET /v1/zones` lists it.
public struct Zone: Codable, Sendable, Equatable, Hashable {
    /// The zone apex, e.g. `example.com`.
    public var name: String
    /// The zone id (UUID-shaped).
    public var id: String
    /// `NATIVE` or `SLAVE`.
    public var type: String

    /// Creates a zone value.
    public init(name: String, id: String, type: String = "NATIVE") {
        self.name = name
        self.id = id
        self.type = type
    }
}

/// One zone with (filtered) records, as `GET /v1/zones/{id}` returns it.
public struct CustomerZone: Codable, Sendable, Equatable {
    /// The zone id.
    public var id: String
    /// The zone apex.
    public var name: String
    /// `NATIVE` or `SLAVE`.
    public var type: String
    /// The records that matched the filters (`[]` when none).
    public var records: [RecordResponse]

    /// Creates a zone with records (tests and fakes).
    public init(id: String, name: String, type: String = "NATIVE", records: [RecordResponse]) {
        self.id = id
        self.name = name
        self.type = type
        self.records = records
    }
}

/// A record as IONOS returns it; TXT `content` comes wrapped in double quotes.
public struct RecordResponse: Codable, Sendable, Equatable, Hashable {
    /// Absolute name without trailing dot.
    public var name: String
    /// The zone the record belongs to.
    public var rootName: String
    /// Record type, upper case.
    public var type: String
    /// Normalised content (TXT quoted).
    public var content: String
    /// Last change, `yyyy-MM-ddTHH:mm:ss.SSSZ`.
    public var changeDate: String
    /// TTL in seconds.
    public var ttl: Int
    /// Priority (MX, SRV); absent for other types.
    public var prio: Int?
    /// True when IONOS does not serve the record.
    public var disabled: Bool
    /// The record id.
    public var id: String

    /// Creates a record value (tests and fakes).
    public init(
        name: String, rootName: String, type: String, content: String, changeDate: String = "",
        ttl: Int = 3600, prio: Int? = nil, disabled: Bool = false, id: String
    ) {
        self.name = name
        self.rootName = rootName
        self.type = type
        self.content = content
        self.changeDate = changeDate
        self.ttl = ttl
        self.prio = prio
        self.disabled = disabled
        self.id = id
    }

    private enum CodingKeys: String, CodingKey {
        case name, rootName, type, content, changeDate, ttl, prio, disabled, id
    }

    /// Decodes leniently: only `name`, `type`, `content` and `id` are required.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        type = try c.decode(String.self, forKey: .type)
        content = try c.decode(String.self, forKey: .content)
        id = try c.decode(String.self, forKey: .id)
        rootName = try c.decodeIfPresent(String.self, forKey: .rootName) ?? ""
        changeDate = try c.decodeIfPresent(String.self, forKey: .changeDate) ?? ""
        ttl = try c.decodeIfPresent(Int.self, forKey: .ttl) ?? 0
        prio = try c.decodeIfPresent(Int.self, forKey: .prio)
        disabled = try c.decodeIfPresent(Bool.self, forKey: .disabled) ?? false
    }

    /// The content with TXT quoting removed (see `TXTContent.unquote`).
    public var unquotedContent: String { TXTContent.unquote(content) }
}

/// A record to create with `POST /v1/zones/{id}/records`.
public struct NewRecord: Codable, Sendable, Equatable, Hashable {
    /// Absolute name without trailing dot.
    public var name: String
    /// Record type, e.g. `TXT`.
    public var type: String
    /// Raw content (TXT unquoted).
    public var content: String
    /// TTL in seconds (IONOS minimum 60).
    public var ttl: Int
    /// Priority; omitted when nil.
    public var prio: Int?
    /// Create disabled.
    public var disabled: Bool

    /// Creates a record to add.
    public init(name: String, type: String, content: String, ttl: Int, prio: Int? = nil, disabled: Bool = false) {
        self.name = name
        self.type = type
        self.content = content
        self.ttl = ttl
        self.prio = prio
        self.disabled = disabled
    }

    /// A TXT record.
    public static func txt(name: String, value: String, ttl: Int) -> NewRecord {
        NewRecord(name: name, type: "TXT", content: value, ttl: ttl)
    }
}

/// How TXT content comes back from IONOS and how it compares with a raw value.
public enum TXTContent {
    /// Removes TXT quoting: `"abc"` → `abc`; `"a" "b"` (split long TXT) → `ab`; unquoted text is returned as is.
    ///
    /// Backslash escapes inside quoted strings (`\"`, `\\`) are resolved. When the content is not a
    /// well-formed sequence of quoted strings, exactly one pair of surrounding quotes is removed.
    public static func unquote(_ content: String) -> String {
        let trimmed = content.trimmingCharacters(in: " \t")
        if let joined = joinQuotedStrings(trimmed) { return joined }
        if trimmed.count >= 2, trimmed.hasPrefix("\""), trimmed.hasSuffix("\"") {
            return String(trimmed.dropFirst().dropLast())
        }
        return trimmed
    }

    /// True when IONOS content `content` holds exactly the raw `value`.
    public static func matches(_ content: String, value: String) -> Bool {
        unquote(content) == value
    }

    private static func joinQuotedStrings(_ text: String) -> String? {
        var result = ""
        var iterator = text.makeIterator()
        var sawString = false
        while let c = iterator.next() {
            if c == " " || c == "\t" { continue }
            guard c == "\"" else { return nil }
            sawString = true
            var closed = false
            while let d = iterator.next() {
                if d == "\\" {
                    guard let escaped = iterator.next() else { return nil }
                    result.append(escaped)
                } else if d == "\"" {
                    closed = true
                    break
                } else {
                    result.append(d)
                }
            }
            guard closed else { return nil }
        }
        return sawString ? result : nil
    }
}
