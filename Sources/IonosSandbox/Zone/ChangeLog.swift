/// One zone: id, apex name and records in listing order.
public struct Zone: Sendable, Equatable {
    /// UUID-shaped id.
    public var id: String
    /// Apex name, lowercase, no trailing dot.
    public var name: String
    /// Records in the order the API lists them.
    public var records: [StoredRecord]

    /// The CustomerZone JSON (`name, id, type, records`) for `records`.
    func json(records: [StoredRecord]) -> JSONValue {
        .object([
            ("name", .string(name)), ("id", .string(id)), ("type", .string("NATIVE")),
            ("records", .array(records.map { $0.json(rootName: name) })),
        ])
    }
}

/// What DNS serves at one version: every zone as it was after change `version`.
public struct ZoneSnapshot: Sendable {
    /// Number of the newest change included (0 = the seed).
    public let version: Int
    /// The zones after that change.
    public let zones: [Zone]
}

/// The versioned history of zone changes that nameservers catch up with after their lag.
///
/// Change n, applied at monotonic time t, becomes visible at nameserver i at t + lag_i(n); a nameserver
/// serves the newest change already visible to it (a snapshot includes every older change).
struct ChangeLog {
    struct Entry {
        let snapshot: ZoneSnapshot
        let appliedAt: Double
        let lags: [Double]
    }

    private(set) var entries: [Entry]
    let serverCount: Int

    init(zones: [Zone], serverCount: Int, version: Int = 0) {
        self.serverCount = serverCount
        entries = [
            Entry(
                snapshot: ZoneSnapshot(version: version, zones: zones), appliedAt: -.infinity,
                lags: Array(repeating: 0, count: serverCount))
        ]
    }

    /// Number of the newest change.
    var latestVersion: Int { entries[entries.count - 1].snapshot.version }

    /// Appends change `latestVersion + 1` with the zones after it.
    mutating func append(zones: [Zone], at now: Double, lags: [Double]) {
        entries.append(
            Entry(
                snapshot: ZoneSnapshot(version: latestVersion + 1, zones: zones), appliedAt: now, lags: lags))
        prune(now: now)
    }

    /// The snapshot nameserver `server` serves at `now`.
    func served(server: Int, now: Double) -> ZoneSnapshot {
        entries[servedIndex(server: server, now: now)].snapshot
    }

    /// The snapshot the slowest nameserver serves at `now` (what the resolver answers from).
    func slowest(now: Double) -> ZoneSnapshot {
        let index = (0..<serverCount).map { servedIndex(server: $0, now: now) }.min() ?? entries.count - 1
        return entries[index].snapshot
    }

    private func servedIndex(server: Int, now: Double) -> Int {
        var i = entries.count - 1
        while i > 0 {
            let e = entries[i]
            if e.appliedAt + e.lags[server] <= now { return i }
            i -= 1
        }
        return 0
    }

    /// Drops snapshots older than what every nameserver already serves.
    private mutating func prune(now: Double) {
        let oldest = (0..<serverCount).map { servedIndex(server: $0, now: now) }.min() ?? 0
        if oldest > 0 { entries.removeFirst(oldest) }
    }
}
