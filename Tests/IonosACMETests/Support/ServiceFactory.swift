import IonosACME

/// Builds clients and services wired to a fake, a manual clock and captured logs.
struct Harness {
    static let key = "0123456789abcdef0123456789abcdef.Sup3rS3cretKeyMaterial_DoNotLeak-9f8e7d6c5b4a"

    let fake: FakeIonos
    let clock: ManualClock
    let logs: LogCapture
    let client: IonosClient
    let service: RecordService

    init(
        fake: FakeIonos, clock: ManualClock, allowlist: [String]? = nil, ttl: Int = 60,
        policy: RetryPolicy = .standard, key: String = Harness.key
    ) throws {
        self.fake = fake
        self.clock = clock
        self.logs = LogCapture()
        self.client = try IonosClient(
            baseURL: FakeIonos.baseURL, apiKey: Secret(key), transport: fake, policy: policy, clock: clock,
            random: SeededRandom(seed: 42), logger: logs.logger(level: .debug))
        self.service = RecordService(client: client, ttl: ttl, allowlist: allowlist, logger: logs.logger(level: .debug))
    }

    /// A harness over empty zones with these names.
    init(zones: [String], allowlist: [String]? = nil) throws {
        let clock = ManualClock()
        try self.init(fake: FakeIonos(apiKey: Harness.key, zoneNames: zones, clock: clock), clock: clock, allowlist: allowlist)
    }

    /// True when neither the key nor its secret half occurs in `text`.
    static func isClean(_ text: String) -> Bool {
        let secret = String(key.split(separator: ".")[1])
        return !text.contains(key) && !text.contains(secret)
    }
}
