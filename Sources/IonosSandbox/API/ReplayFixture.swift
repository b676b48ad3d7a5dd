extension APIHandler {
    /// An API handler over the default seed with fixed zone ids (`zone0`, `zone1`, ...), a fixed random seed,
    /// no lag and no faults: the same answers every run, for the fuzz harness and the replay of its inputs.
    static func deterministic() throws(SandboxError) -> APIHandler {
        let seed = ZoneSeed.defaultSeed.enumerated().map { index, zone in
            var z = zone
            z.id = "zone\(index)"
            return z
        }
        let store = try ZoneStore(seed: seed, random: SeededRandom(seed: 1), lag: .fixed(0), serverCount: 4)
        let infos = (0..<4).map { NameserverInfo(address: "127.0.0.\($0 + 2):53", lag: 0) }
        return APIHandler(store: store, apiKey: "fuzz.key", faults: nil, log: nil, nameservers: infos)
    }
}
