/// One zone of the seed (`--zones` file or in-process).
public struct ZoneSeed: Sendable, Equatable {
    /// One seed record; `name` may be absolute, relative to the zone, or `@`.
    public struct Record: Sendable, Equatable {
        public var name: String
        public var type: String
        public var content: String
        public var ttl: Int
        public var prio: Int
        public var disabled: Bool
        /// Fixed record id; nil draws one.
        public var id: String?

        /// Creates a seed record (ttl 3600, prio 0 by default).
        public init(
            name: String, type: String, content: String, ttl: Int = 3600, prio: Int = 0, disabled: Bool = false,
            id: String? = nil
        ) {
            (self.name, self.type, self.content, self.ttl, self.prio, self.disabled) = (name, type, content, ttl, prio, disabled)
            self.id = id
        }
    }

    /// Zone name (apex), without trailing dot.
    public var name: String
    /// Fixed zone id; nil draws one.
    public var id: String?
    /// The records; SOA and NS are generated when absent.
    public var records: [Record]

    /// Creates a seed zone.
    public init(name: String, id: String? = nil, records: [Record]) {
        (self.name, self.id, self.records) = (name, id, records)
    }
}

// MARK: - Built-in seed

extension ZoneSeed {
    /// `example.test` (SOA, 4 NS, A/AAAA/MX/TXT/CAA, `www`, a CNAME into `delegated.test`) and `delegated.test`.
    public static let defaultSeed: [ZoneSeed] = [
        ZoneSeed(
            name: "example.test",
            records: [
                Record(
                    name: "example.test", type: "SOA",
                    content: "ns1088.ui-dns.org hostmaster.1und1.com 2024112801 28800 7200 604800 600", ttl: 86400),
                Record(name: "example.test", type: "NS", content: "ns1100.ui-dns.com", ttl: 86400),
                Record(name: "example.test", type: "NS", content: "ns1062.ui-dns.de", ttl: 86400),
                Record(name: "example.test", type: "NS", content: "ns1088.ui-dns.org", ttl: 86400),
                Record(name: "example.test", type: "NS", content: "ns1092.ui-dns.biz", ttl: 86400),
                Record(name: "example.test", type: "A", content: "217.160.0.11"),
                Record(name: "example.test", type: "AAAA", content: "2001:8d8:100f:f000::2aa"),
                Record(name: "example.test", type: "MX", content: "mx00.ionos.de", prio: 10),
                Record(name: "example.test", type: "MX", content: "mx01.ionos.de", prio: 10),
                Record(name: "example.test", type: "TXT", content: "v=spf1 include:_spf-eu.ionos.com ~all"),
                Record(name: "example.test", type: "CAA", content: "0 issue \"letsencrypt.org\""),
                Record(name: "www.example.test", type: "A", content: "217.160.0.11"),
                Record(name: "www.example.test", type: "AAAA", content: "2001:8d8:100f:f000::2aa"),
                Record(name: "alias.example.test", type: "A", content: "217.160.0.12"),
                Record(name: "_acme-challenge.alias.example.test", type: "CNAME", content: "_acme-challenge.delegated.test"),
            ]),
        ZoneSeed(
            name: "delegated.test",
            records: [
                Record(name: "delegated.test", type: "A", content: "217.160.0.13")
            ]),
    ]
}

// MARK: - Reading a seed file

extension ZoneSeed {
    /// Parses `[{"name": "...", "id"?: "...", "records": [{name,type,content,ttl?,prio?,disabled?,id?}]}]`.
    public static func parse(json text: String) throws(SandboxError) -> [ZoneSeed] {
        let value: JSONValue
        do { value = try JSONValue.parse(text) } catch { throw .invalidSeed(error.description) }
        guard let zones = value.arrayValue else { throw .invalidSeed("the top level must be an array of zones") }
        var result: [ZoneSeed] = []
        for (i, zone) in zones.enumerated() {
            guard let name = zone["name"]?.stringValue, !name.isEmpty else { throw .invalidSeed("zone \(i) has no name") }
            var seed = ZoneSeed(name: name, id: zone["id"]?.stringValue, records: [])
            for (j, r) in (zone["records"]?.arrayValue ?? []).enumerated() {
                guard let rname = r["name"]?.stringValue, let type = r["type"]?.stringValue,
                    let content = r["content"]?.stringValue
                else { throw .invalidSeed("record \(j) of zone '\(name)' needs name, type and content") }
                seed.records.append(
                    Record(
                        name: rname, type: type, content: content, ttl: r["ttl"]?.intValue ?? 3600,
                        prio: r["prio"]?.intValue ?? 0, disabled: r["disabled"]?.boolValue ?? false, id: r["id"]?.stringValue))
            }
            result.append(seed)
        }
        return result
    }
}
