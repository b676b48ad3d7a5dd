import Synchronization

/// All zones, behind one lock so concurrent API clients never lose an update, plus the DNS change log.
final class ZoneStore: Sendable {
    private struct State {
        var zones: [Zone]
        var log: ChangeLog
    }

    private let state: Mutex<State>
    private let seedZones: [Zone]
    private let random: SeededRandom
    private let lag: LagSpec
    private let serverCount: Int
    private let monotonic: @Sendable () -> Double

    /// Builds the zones from `seed` (generating SOA/NS where absent) and starts the change log at version 0.
    init(
        seed: [ZoneSeed], random: SeededRandom, lag: LagSpec, serverCount: Int,
        monotonic: @escaping @Sendable () -> Double = WallClock.monotonic
    ) throws(SandboxError) {
        let zones = try SeedBuilder(random: random, now: WallClock.epochMilliseconds()).zones(from: seed)
        seedZones = zones
        self.random = random
        self.lag = lag
        self.serverCount = serverCount
        self.monotonic = monotonic
        state = Mutex(State(zones: zones, log: ChangeLog(zones: zones, serverCount: serverCount)))
    }

    /// Every zone as it is now.
    var zones: [Zone] { state.withLock { $0.zones } }

    /// A fresh record id.
    func newID() -> String { random.recordID() }

    /// Runs `body` on the zone with `id` under the lock; when it reports a change, records a new DNS version.
    /// Returns nil when no zone has that id.
    func withZone<R>(id: String, _ body: (inout Zone) -> (result: R, changed: Bool)) -> R? {
        let now = monotonic()
        return state.withLock { s -> R? in
            guard let index = s.zones.firstIndex(where: { $0.id == id.lowercased() }) else { return nil }
            let (result, changed) = body(&s.zones[index])
            if changed {
                let lags = (0..<serverCount).map { lag.draw(server: $0, random: random) }
                s.log.append(zones: s.zones, at: now, lags: lags)
            }
            return result
        }
    }

    /// Puts every zone back to the seed; the change is served at once by every nameserver.
    func reset() {
        let now = monotonic()
        state.withLock { s in
            s.zones = seedZones
            s.log.append(zones: seedZones, at: now, lags: Array(repeating: 0, count: serverCount))
        }
    }

    /// What nameserver `server` serves now.
    func served(server: Int) -> ZoneSnapshot {
        let now = monotonic()
        return state.withLock { $0.log.served(server: server, now: now) }
    }

    /// What the slowest nameserver serves now (the resolver's view).
    func slowest() -> ZoneSnapshot {
        let now = monotonic()
        return state.withLock { $0.log.slowest(now: now) }
    }

    /// The zones plus the served version of every nameserver, read atomically.
    func stateView() -> (zones: [Zone], serials: [Int]) {
        let now = monotonic()
        return state.withLock { s in
            (s.zones, (0..<serverCount).map { s.log.served(server: $0, now: now).version })
        }
    }
}

/// Turns seed zones into stored zones: names resolved, content normalised, SOA and NS generated when absent.
struct SeedBuilder {
    let random: SeededRandom
    let now: Int64

    func zones(from seed: [ZoneSeed]) throws(SandboxError) -> [Zone] {
        var result: [Zone] = []
        for zoneSeed in seed {
            let name = zoneSeed.name.lowercased().trimmingTrailingDot
            guard RecordRules.normalizedName(name, zone: name) != nil else {
                throw .invalidSeed("zone name '\(zoneSeed.name)' is not a domain name")
            }
            guard !result.contains(where: { $0.name == name }) else { throw .invalidSeed("zone '\(name)' given twice") }
            var records: [StoredRecord] = []
            for r in zoneSeed.records { records.append(try record(r, zone: name)) }
            records = generatedApex(zone: name, existing: records) + records
            result.append(Zone(id: zoneSeed.id?.lowercased() ?? random.recordID(), name: name, records: records))
        }
        return result
    }

    private func record(_ r: ZoneSeed.Record, zone: String) throws(SandboxError) -> StoredRecord {
        var name = r.name.lowercased().trimmingTrailingDot
        if name == "@" || name.isEmpty { name = zone } else if name != zone && !name.hasSuffix("." + zone) { name += "." + zone }
        let draft = RecordDraft(
            source: .object([
                ("name", .string(name)), ("type", .string(r.type)), ("content", .string(r.content)),
                ("ttl", .number(Double(r.ttl))), ("prio", .number(Double(r.prio))), ("disabled", .bool(r.disabled)),
            ]), zone: zone)
        switch draft.validated(now: now) {
        case .success(var record):
            record.id = r.id?.lowercased() ?? random.recordID()
            return record
        case .failure(let item):
            throw .invalidSeed("record '\(r.name)' \(r.type) '\(r.content)' in zone '\(zone)': \(item.json.serialized)")
        }
    }

    /// SOA and four NS records like IONOS's, for a zone whose seed has none.
    private func generatedApex(zone: String, existing: [StoredRecord]) -> [StoredRecord] {
        let hasSOA = existing.contains { $0.type == "SOA" && $0.name == zone }
        let hasNS = existing.contains { $0.type == "NS" && $0.name == zone }
        let numbers = nameserverNumbers(zone)
        let names = zip(numbers, ["com", "de", "org", "biz"]).map { "ns\($0).ui-dns.\($1)" }
        func make(_ type: String, _ content: String) -> StoredRecord {
            StoredRecord(
                id: random.recordID(), name: zone, type: type, content: content, ttl: 86400, prio: 0, disabled: false,
                changeDate: now)
        }
        var out: [StoredRecord] = []
        if !hasSOA { out.append(make("SOA", "\(names[2]) hostmaster.1und1.com 2024112801 28800 7200 604800 600")) }
        if !hasNS { out += names.map { make("NS", $0) } }
        return out
    }

    /// Four distinct numbers in 1000...1110 derived from the zone name (FNV-1a), so seeds are repeatable.
    private func nameserverNumbers(_ zone: String) -> [Int] {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in zone.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        var numbers: [Int] = []
        while numbers.count < 4 {
            let n = 1000 + Int(h % 111)
            if !numbers.contains(n) { numbers.append(n) }
            h = h &* 6_364_136_223_846_793_005 &+ 1
        }
        return numbers
    }
}

extension String {
    /// The string without one trailing dot.
    var trimmingTrailingDot: String { hasSuffix(".") ? String(dropLast()) : self }
}
