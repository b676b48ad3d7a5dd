/// Picks the IONOS zone that holds a record name, honouring an optional allowlist.
///
/// The zone is the longest one whose name equals the record name or is a suffix of it on a label
/// boundary (`example.com` never matches `badexample.com`). Names compare case-insensitively.
public struct ZoneLocator: Sendable, Equatable {
    /// The only zones that may be changed (lower case, no trailing dot); nil allows all.
    public let allowlist: [String]?

    /// Creates a locator; allowlist entries are normalised (lower case, one trailing dot removed, blanks dropped).
    public init(allowlist: [String]? = nil) {
        self.allowlist = allowlist.map { list in
            list.map(Self.normalize).filter { !$0.isEmpty }
        }
    }

    /// The zone for `name` among `zones`; throws `.noZone` or `.zoneNotAllowed` (exit 65).
    public func zone(for name: String, in zones: [Zone]) throws(RecordError) -> Zone {
        let target = Self.normalize(name)
        let candidates = zones.filter { Self.contains(zone: Self.normalize($0.name), name: target) }
        guard let best = candidates.max(by: { $0.name.count < $1.name.count }) else {
            throw .noZone(name: target, visible: zones.map { Self.normalize($0.name) }.sorted())
        }
        if let allowlist, !allowlist.contains(Self.normalize(best.name)) {
            throw .zoneNotAllowed(name: target, zone: Self.normalize(best.name), allowlist: allowlist)
        }
        return best
    }

    /// True when `zone` is allowed by the allowlist (always true without one).
    public func allows(_ zone: Zone) -> Bool {
        allowlist?.contains(Self.normalize(zone.name)) ?? true
    }

    /// True when `name` equals `zone` or ends with `.zone`.
    public static func contains(zone: String, name: String) -> Bool {
        guard !zone.isEmpty else { return false }
        return name == zone || name.hasSuffix("." + zone)
    }

    /// Lower case, surrounding blanks and one trailing dot removed.
    static func normalize(_ name: String) -> String {
        var text = name.trimmingCharacters(in: " \t").lowercased()
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
