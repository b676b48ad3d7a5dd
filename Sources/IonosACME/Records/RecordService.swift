import FoundationEssentials
import Synchronization

/// The safe record operations: add challenge TXT values and remove exactly those values again.
///
/// Adds use POST only (one per zone per batch) and skip values already present; removals delete only
/// records whose name, type TXT and unquoted content equal the challenge. No zone is ever PUT or PATCHed.
/// The zone list is read once per service (one `GET /v1/zones` per run).
public final class RecordService: Sendable {
    /// The API client.
    public let client: IonosClient
    /// TTL of added TXT records (at least 60, the IONOS minimum).
    public let ttl: Int
    /// Zone choice and allowlist.
    public let locator: ZoneLocator
    let logger: Logger
    private let zoneCache = Mutex<[Zone]?>(nil)

    /// Creates the service; `ttl` below 60 is raised to 60, `allowlist` is `IONOS_ACME_ZONES`.
    public init(client: IonosClient, ttl: Int = 60, allowlist: [String]? = nil, logger: Logger) {
        self.client = client
        self.ttl = max(60, ttl)
        self.locator = ZoneLocator(allowlist: allowlist)
        self.logger = logger
    }

    /// HTTP requests sent so far (retries included), for benchmarks and summaries.
    public var requestCount: Int { client.requestCount }

    // MARK: - Zones

    /// Every zone the key can see (read once, then cached).
    public func listZones() throws(RecordError) -> [Zone] {
        if let cached = zoneCache.withLock({ $0 }) { return cached }
        let zones = try api { () throws(IonosError) in try client.listZones() }
        zoneCache.withLock { $0 = zones }
        return zones
    }

    /// The zone holding `name` (longest label-boundary suffix, allowlist checked).
    public func zone(for name: String) throws(RecordError) -> Zone {
        try locator.zone(for: name, in: try listZones())
    }

    /// Records of the zone named `zone`, optionally filtered by type (comma list) and exact name.
    public func listRecords(zone: String, type: String? = nil, name: String? = nil) throws(RecordError)
        -> [RecordResponse]
    {
        let zones = try listZones()
        let wanted = ZoneLocator.normalize(zone)
        guard let found = zones.first(where: { ZoneLocator.normalize($0.name) == wanted }) else {
            throw .unknownZone(zone: wanted, visible: zones.map { ZoneLocator.normalize($0.name) }.sorted())
        }
        return try api { () throws(IonosError) in
            try client.getZone(found, recordName: name, recordType: type).records
        }
    }

    // MARK: - Present

    /// Adds the challenge values: one filtered GET per name, then one POST per zone for the missing ones.
    ///
    /// Values already present are not posted again; their ids are reported with `alreadyPresent`.
    /// `onZoneDone` sees each zone's records as soon as that zone is done, so a caller can undo
    /// exactly what was added when a later zone fails.
    public func present(
        _ records: [ChallengeTXT], onZoneDone: ([AddedRecord]) -> Void = { _ in }
    ) throws(RecordError) -> [AddedRecord] {
        var added: [AddedRecord] = []
        for (zone, items) in try groupByZone(records) {
            let done = try present(items, in: zone)
            onZoneDone(done)
            added += done
        }
        return added
    }

    private func present(_ items: [ChallengeTXT], in zone: Zone) throws(RecordError) -> [AddedRecord] {
        let existing = try existingTXT(names: items.map(\.name), in: zone)
        var result: [AddedRecord] = []
        var toPost: [ChallengeTXT] = []
        for item in items {
            if let match = existing[item.name]?.first(where: { TXTContent.matches($0.content, value: item.value) }) {
                logger.info("\(item) already present in zone \(zone.name) (id \(match.id)); not added again")
                result.append(AddedRecord(challenge: item, zone: zone, id: match.id, alreadyPresent: true))
            } else {
                toPost.append(item)
            }
        }
        guard !toPost.isEmpty else { return result }
        let newRecords = toPost.map { NewRecord.txt(name: $0.name, value: $0.value, ttl: ttl) }
        let created = try api { () throws(IonosError) in try client.createRecords(in: zone, newRecords) }
        var missing: [ChallengeTXT] = []
        for item in toPost {
            let match = created.first { record in
                record.name.lowercased() == item.name && TXTContent.matches(record.content, value: item.value)
            }
            guard let match else {
                missing.append(item)
                continue
            }
            logger.info("added \(item) in zone \(zone.name) (id \(match.id))")
            result.append(AddedRecord(challenge: item, zone: zone, id: match.id, alreadyPresent: false))
        }
        guard missing.isEmpty else {
            throw .incompleteAnswer(operation: "adding records in zone \(zone.name)", missing: missing)
        }
        return result
    }

    // MARK: - Cleanup

    /// Removes exactly the given values; other TXT values at the same names stay.
    ///
    /// A known id (e.g. from `CERTBOT_AUTH_OUTPUT`) is used first, after checking that the record
    /// still has the challenge's name, type and value; otherwise the name is searched. Values that
    /// are not found are reported in `notFound` (logged at info), not as errors.
    public func cleanup(_ records: [ChallengeTXT], knownIds: [ChallengeTXT: String] = [:]) throws(RecordError)
        -> CleanupResult
    {
        var result = CleanupResult()
        for (zone, items) in try groupByZone(records) {
            var toSearch: [ChallengeTXT] = []
            for item in items {
                if let id = knownIds[item], try deleteKnown(id: id, item, in: zone) {
                    result.deleted.append(DeletedRecord(challenge: item, zone: zone, id: id))
                } else {
                    toSearch.append(item)
                }
            }
            guard !toSearch.isEmpty else { continue }
            let existing = try existingTXT(names: toSearch.map(\.name), in: zone)
            for item in toSearch {
                let matches = (existing[item.name] ?? []).filter { TXTContent.matches($0.content, value: item.value) }
                if matches.isEmpty {
                    logger.info("\(item) not found in zone \(zone.name); nothing to delete")
                    result.notFound.append(item)
                }
                for record in matches {
                    try delete(record.id, item, in: zone)
                    result.deleted.append(DeletedRecord(challenge: item, zone: zone, id: record.id))
                }
            }
        }
        return result
    }

    /// Deletes the record `id` if it still is `item`; false when it is gone or holds something else.
    private func deleteKnown(id: String, _ item: ChallengeTXT, in zone: Zone) throws(RecordError) -> Bool {
        let record = try api { () throws(IonosError) in try client.getRecord(in: zone, id: id) }
        guard let record, record.name.lowercased() == item.name, record.type.uppercased() == "TXT",
            TXTContent.matches(record.content, value: item.value)
        else {
            logger.debug("record \(id) no longer holds \(item); searching by name")
            return false
        }
        try delete(id, item, in: zone)
        return true
    }

    private func delete(_ id: String, _ item: ChallengeTXT, in zone: Zone) throws(RecordError) {
        let outcome = try api { () throws(IonosError) in try client.deleteRecord(in: zone, id: id, name: item.name) }
        switch outcome {
        case .deleted: logger.info("deleted \(item) from zone \(zone.name) (id \(id))")
        case .notFound: logger.info("\(item) (id \(id)) was already gone from zone \(zone.name)")
        }
    }

    // MARK: - Prune

    /// Every `_acme-challenge` TXT record in the allowed zones whose `changeDate` is older than `seconds`.
    public func staleChallengeRecords(olderThan seconds: Double, now: Date) throws(RecordError) -> [StaleRecord] {
        var stale: [StaleRecord] = []
        for zone in try listZones() where locator.allows(zone) {
            let records = try api { () throws(IonosError) in try client.getZone(zone, recordType: "TXT").records }
            for record in records where Self.isChallengeName(record.name) && record.type.uppercased() == "TXT" {
                guard let changed = parseChangeDate(record.changeDate) else {
                    logger.debug("record \(record.id): unreadable changeDate '\(record.changeDate)'; skipped")
                    continue
                }
                let age = now.timeIntervalSince(changed)
                if age > seconds { stale.append(StaleRecord(zone: zone, record: record, age: age)) }
            }
        }
        return stale
    }

    /// Deletes stale records found by `staleChallengeRecords`; returns how many were deleted.
    public func deleteStale(_ records: [StaleRecord]) throws(RecordError) -> Int {
        var count = 0
        for stale in records where locator.allows(stale.zone) {
            let item = ChallengeTXT(name: stale.record.name, value: stale.record.unquotedContent)
            try delete(stale.record.id, item, in: stale.zone)
            count += 1
        }
        return count
    }

    /// True when one label of `name` is `_acme-challenge`.
    public static func isChallengeName(_ name: String) -> Bool {
        name.lowercased().split(separator: ".").contains("_acme-challenge")
    }

    // MARK: - Helpers

    /// Groups challenges by zone in first-seen order, dropping exact duplicates.
    private func groupByZone(_ records: [ChallengeTXT]) throws(RecordError) -> [(Zone, [ChallengeTXT])] {
        var groups: [(Zone, [ChallengeTXT])] = []
        var seen = Set<ChallengeTXT>()
        for raw in records {
            let item = ChallengeTXT(name: ZoneLocator.normalize(raw.name), value: raw.value)
            guard seen.insert(item).inserted else { continue }
            let zone = try zone(for: item.name)
            if let index = groups.firstIndex(where: { $0.0.id == zone.id }) {
                groups[index].1.append(item)
            } else {
                groups.append((zone, [item]))
            }
        }
        return groups
    }

    /// The TXT records at each of `names` (one filtered GET per distinct name), keyed by lower-case name.
    /// The TXT records at each name: one filtered GET for a single name, one GET of the zone's TXT
    /// records for several (a batch of 100 names in a zone costs one request, not 100).
    private func existingTXT(names: [String], in zone: Zone) throws(RecordError) -> [String: [RecordResponse]] {
        let wanted = Set(names)
        let filter = wanted.count == 1 ? wanted.first : nil
        let records = try api { () throws(IonosError) in
            try client.getZone(zone, recordName: filter, recordType: "TXT").records
        }
        var result = Dictionary(uniqueKeysWithValues: wanted.map { ($0, [RecordResponse]()) })
        for record in records where record.type.uppercased() == "TXT" {
            let name = record.name.lowercased()
            if wanted.contains(name) { result[name, default: []].append(record) }
        }
        return result
    }

    private func api<T>(_ body: () throws(IonosError) -> T) throws(RecordError) -> T {
        do { return try body() } catch { throw .api(error) }
    }
}
