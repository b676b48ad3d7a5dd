/// The resolved configuration of one run: every value from design.md's table, validated.
public struct Settings: Sendable {
    /// The API key `prefix.secret`, when one was configured.
    public var apiKey: Secret?
    /// Which source gave the key (a variable or config file name), for diagnostics only.
    public var apiKeySource: String?
    /// API base URL; `/v1/...` is appended.
    public var apiURL: String = Settings.defaultAPIURL
    /// PEM bundle to trust instead of the system store.
    public var caFile: String?
    /// TTL of the TXT record in seconds (IONOS minimum 60).
    public var ttl: Int = 60
    /// Seconds to wait for all nameservers.
    public var propagationTimeout: Double = 900
    /// Longest pause between polling rounds, in seconds.
    public var pollInterval: Double = 2
    /// Return right after adding, without waiting.
    public var noWait: Bool = false
    /// The recursive resolver for discovery; nil means the first of /etc/resolv.conf.
    public var resolver: DNSServerAddress?
    /// Port used when querying authoritative servers.
    public var dnsPort: UInt16 = 53
    /// Authoritative servers to poll instead of discovering them (port defaults to `dnsPort`).
    public var nameservers: [DNSServerAddress]?
    /// Follow a CNAME at `_acme-challenge.<domain>` before choosing the zone.
    public var followCNAME: Bool = true
    /// The only zones the hook may change; nil means all.
    public var zones: [String]?
    /// Where pending records of a run are kept between hook calls.
    public var stateDir: String
    /// How much to log.
    public var logLevel: LogLevel = .info
    /// True when `IONOS_ACME_LOG` (environment or config file) chose the level.
    public var logLevelIsExplicit = false
    /// The config file that was read, if any.
    public var configFile: String?

    /// The real IONOS Hosting DNS API.
    public static let defaultAPIURL = "https://api.hosting.ionos.com/dns"

    /// Every variable name the configuration understands (without `_FILE`), from `VariableCatalog`.
    public static let knownNames: Set<String> = Set(VariableCatalog.names)

    /// Names whose values are secrets (never echoed, even in error messages).
    static let secretNames: Set<String> = ["IONOS_API_KEY", "IONOS_API_SECRET", "IONOS_SECRET"]

    /// Settings with every default, and `stateDir` as given.
    public init(stateDir: String) { self.stateDir = stateDir }

    /// The API key, or the error that tells the user how to set one.
    public func requireAPIKey() throws(ConfigError) -> Secret {
        guard let key = apiKey else { throw .missingCredentials(configFile: configFile) }
        return key
    }
}
