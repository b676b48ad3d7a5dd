import Glibc

/// One record as the sandbox stores it (already normalised the way IONOS does).
public struct StoredRecord: Sendable, Equatable {
    /// UUID-shaped lowercase hex id.
    public var id: String
    /// Absolute lowercase name without trailing dot.
    public var name: String
    /// Uppercase type.
    public var type: String
    /// Normalised content (TXT wrapped in one pair of quotes, AAAA expanded).
    public var content: String
    /// Time to live in seconds.
    public var ttl: Int
    /// Priority; only MX and SRV show it.
    public var prio: Int
    /// True when the record is not served by DNS.
    public var disabled: Bool
    /// Last change, in milliseconds since the epoch.
    public var changeDate: Int64

    /// Types whose responses carry `prio`.
    static let typesWithPriority: Set<String> = ["MX", "SRV"]

    /// The RecordResponse JSON, keys in IONOS order: name, rootName, type, content, changeDate, ttl, [prio], disabled, id.
    public func json(rootName: String) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("name", .string(name)), ("rootName", .string(rootName)), ("type", .string(type)),
            ("content", .string(content)), ("changeDate", .string(WallClock.isoMilliseconds(changeDate))),
            ("ttl", .number(Double(ttl))),
        ]
        if StoredRecord.typesWithPriority.contains(type) { pairs.append(("prio", .number(Double(prio)))) }
        pairs.append(("disabled", .bool(disabled)))
        pairs.append(("id", .string(id)))
        return .object(pairs)
    }

    /// True when name, type and content are the same (the identity used for upserts).
    func sameData(as other: StoredRecord) -> Bool {
        name == other.name && type == other.type && content == other.content
    }
}

/// Normalisation rules of IONOS record fields.
enum RecordRules {
    /// Types the API accepts (spec 1.0.2).
    static let knownTypes: Set<String> = [
        "A", "AAAA", "CNAME", "MX", "NS", "SOA", "SRV", "TXT", "CAA", "TLSA", "SMIMEA", "SSHFP", "DS", "HTTPS",
        "SVCB", "CERT", "URI", "RP", "LOC", "OPENPGPKEY",
    ]

    /// Lowercases a name; nil when it is not a plausible absolute name inside `zone`.
    static func normalizedName(_ raw: String, zone: String) -> String? {
        let name = raw.lowercased()
        guard name == zone || name.hasSuffix("." + zone), name.utf8.count <= 253 else { return nil }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        for label in labels {
            guard !label.isEmpty, label.utf8.count <= 63,
                label.utf8.allSatisfy({ isLabelByte($0) })
            else { return nil }
        }
        return name
    }

    private static func isLabelByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x5F || b == 0x2A
    }

    /// The stored form of `content` for `type`, or nil when it is invalid for the type.
    static func normalizedContent(_ raw: String, type: String) -> String? {
        switch type {
        case "A":
            var addr = in_addr()
            return inet_pton(AF_INET, raw, &addr) == 1 ? raw : nil
        case "AAAA":
            return expandedIPv6(raw)
        case "TXT":
            return quotedTXT(raw)
        default:
            let trimmed = raw.trimming(" ")
            return trimmed.isEmpty ? nil : trimmed
        }
    }

    /// TXT content wrapped in one pair of double quotes (already-quoted input is kept).
    static func quotedTXT(_ raw: String) -> String {
        if raw.count >= 2, raw.hasPrefix("\""), raw.hasSuffix("\"") { return raw }
        return "\"" + raw + "\""
    }

    /// An IPv6 address in IONOS's expanded form (`2001:8d8:100f:f000:0:0:0:2aa`), or nil.
    static func expandedIPv6(_ raw: String) -> String? {
        var addr = in6_addr()
        guard inet_pton(AF_INET6, raw, &addr) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &addr) { Array($0) }
        return stride(from: 0, to: 16, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
            .joined(separator: ":")
    }
}
