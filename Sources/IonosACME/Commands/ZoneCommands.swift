import FoundationEssentials

/// `zones`, `records` and `prune`: read-mostly tools over the IONOS API.
struct ZoneCommands {
    let records: RecordService
    let console: Console

    /// Lists the zones the key can see: a table, or the API's JSON with `--json`.
    func zones(json: Bool) throws -> ExitCode {
        let zones = try records.listZones().sorted { $0.name < $1.name }
        if json {
            console.print(try Self.json(zones))
        } else {
            console.print(Table.render([["ZONE", "TYPE", "ID"]] + zones.map { [$0.name, $0.type, $0.id] }))
        }
        return .success
    }

    /// Lists the records of one zone; SOA and NS are hidden unless `all`.
    func records(zone: String, type: String?, name: String?, all: Bool, json: Bool) throws -> ExitCode {
        let zoneName = try ChallengeName.normalizeDomain(zone)
        let recordName = try name.map { n throws(ChallengeError) in try ChallengeName.normalizeDomain(n) }
        var list = try records.listRecords(zone: zoneName, type: type?.uppercased(), name: recordName)
        if !all && type == nil { list.removeAll { $0.type == "SOA" || $0.type == "NS" } }
        if json {
            console.print(try Self.json(list))
            return .success
        }
        let rows = list.map { r in [r.name, r.type, r.prio.map { "\($0) \(r.content)" } ?? r.content, String(r.ttl)] }
        console.print(Table.render([["NAME", "TYPE", "CONTENT", "TTL"]] + rows))
        return .success
    }

    /// Lists `_acme-challenge` TXT records older than `olderThan` seconds; deletes them with `apply`.
    func prune(olderThan: Double, apply: Bool) throws -> ExitCode {
        let stale = try records.staleChallengeRecords(olderThan: olderThan, now: Date())
        if stale.isEmpty {
            console.print("no _acme-challenge TXT record older than \(Table.age(olderThan))")
            return .success
        }
        let rows = stale.map { [$0.record.name, $0.record.unquotedContent, Table.age($0.age), $0.record.id] }
        console.print(Table.render([["NAME", "VALUE", "AGE", "ID"]] + rows))
        if apply {
            let count = try records.deleteStale(stale)
            console.print("deleted \(count) record(s)")
        } else {
            console.print("\(stale.count) record(s) would be deleted; run again with --apply to delete them")
        }
        return .success
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

/// Plain-text tables for the terminal.
enum Table {
    /// Left-aligned columns separated by two spaces; the last column is not padded.
    static func render(_ rows: [[String]]) -> String {
        guard let columns = rows.map(\.count).max(), columns > 0 else { return "" }
        var widths = [Int](repeating: 0, count: columns)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        return rows.map { row in
            row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    /// `45s`, `12m`, `3h`, `2d`.
    static func age(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        if s < 120 { return "\(s)s" }
        if s < 7200 { return "\(s / 60)m" }
        if s < 172_800 { return "\(s / 3600)h" }
        return "\(s / 86400)d"
    }
}
