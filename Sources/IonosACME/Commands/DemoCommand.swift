import FoundationEssentials
import Glibc

/// A running local IONOS for the demo: where its API and DNS listen, and how to stop it.
public struct DemoSandbox: Sendable {
    /// API base URL (`http://127.0.0.1:PORT/dns`).
    public var apiURL: String
    /// The key it accepts (a development key, not a secret).
    public var apiKey: String
    /// The resolver listener, `IP:PORT`.
    public var resolver: String
    /// The port every DNS listener uses.
    public var dnsPort: UInt16
    /// The authoritative listeners, `IP:PORT`.
    public var nameservers: [String]
    /// Lag of each nameserver, for the banner.
    public var lagDescription: String
    /// Stops every listener.
    public var stop: @Sendable () -> Void

    /// Creates the description of a started sandbox.
    public init(
        apiURL: String, apiKey: String, resolver: String, dnsPort: UInt16, nameservers: [String],
        lagDescription: String, stop: @escaping @Sendable () -> Void
    ) {
        self.apiURL = apiURL
        self.apiKey = apiKey
        self.resolver = resolver
        self.dnsPort = dnsPort
        self.nameservers = nameservers
        self.lagDescription = lagDescription
        self.stop = stop
    }
}

/// `demo`: apex + wildcard for `example.test` against the built-in sandbox, through the hook's own code path.
struct DemoCommand {
    let runtime: HookRuntime
    let logLevel: LogLevel

    func run() throws -> ExitCode {
        guard let launch = runtime.demoSandbox else { throw DemoError.noSandbox }
        let console = runtime.console
        let clock = runtime.clock
        let startedAt = clock.now()
        let sandbox = try launch()
        defer { sandbox.stop() }
        console.print(
            "sandbox: IONOS API at \(sandbox.apiURL); nameservers \(sandbox.nameservers.joined(separator: ", ")) "
                + "with lag \(sandbox.lagDescription); resolver \(sandbox.resolver)")
        var settings = Settings(stateDir: "/nonexistent-demo-state")
        settings.apiKey = Secret(sandbox.apiKey)
        settings.apiURL = sandbox.apiURL
        settings.resolver = DNSServerAddress(parsing: sandbox.resolver)
        settings.dnsPort = sandbox.dnsPort
        settings.propagationTimeout = 60
        settings.logLevel = logLevel
        let logger = Logger(level: logLevel) { console.printError($0) }
        let solver = try Composition(settings: settings, runtime: runtime, logger: logger).solver()

        // Two authorizations (example.test and *.example.test) give two values at one name.
        let values = try (0..<2).map { _ in try DNS01.txtValue(keyAuthorization: Self.randomKeyAuthorization()) }
        let challenges = try ["example.test", "*.example.test"].enumerated().map { i, d in
            try solver.challenge(for: d, value: values[i])
        }
        console.print("solving example.test + *.example.test: two TXT values at \(challenges[0].name)")
        let t0 = clock.now()
        let added = try solver.records.present(challenges)
        let t1 = clock.now()
        console.print("added \(added.count) records in \(Self.ms(t1 - t0)) (one POST); waiting for every nameserver")
        try solver.waitUntilServed(challenges)
        let t2 = clock.now()
        console.print("all nameservers serve both values after \(Self.seconds(t2 - t1))")
        let removed = try solver.cleanup(challenges, knownIds: Dictionary(added.map { ($0.challenge, $0.id) }, uniquingKeysWith: { a, _ in a }))
        let t3 = clock.now()
        let left = try solver.records.listRecords(zone: "example.test", type: "TXT", name: challenges[0].name)
        console.print("removed \(removed.deleted.count) records in \(Self.ms(t3 - t2)); challenge records left: \(left.count)")
        console.print(
            """

            timings: add \(Self.ms(t1 - t0)), propagation \(Self.seconds(t2 - t1)), cleanup \(Self.ms(t3 - t2)), \
            total \(Self.seconds(clock.now() - startedAt)); \(solver.records.requestCount) API requests
            """)
        guard left.isEmpty else { throw DemoError.recordsLeft(left.count) }
        return .success
    }

    static func randomKeyAuthorization() -> String {
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<64).map { _ in UInt8.random(in: 0...255, using: &rng) }
        return Base64URL.encode(bytes[0..<32]) + "." + Base64URL.encode(bytes[32...])
    }

    static func ms(_ s: Double) -> String { "\(Int((s * 1000).rounded())) ms" }
    static func seconds(_ s: Double) -> String {
        let hundredths = Int((s * 100).rounded())
        let frac = hundredths % 100
        return "\(hundredths / 100).\(frac < 10 ? "0" : "")\(frac) s"
    }
}

/// Errors of the demo.
enum DemoError: ExitCodeError {
    case noSandbox
    case recordsLeft(Int)

    var exitCode: ExitCode { .failure }
    var description: String {
        switch self {
        case .noSandbox: return "this build has no embedded sandbox"
        case .recordsLeft(let n): return "\(n) challenge record(s) were left behind"
        }
    }
}
