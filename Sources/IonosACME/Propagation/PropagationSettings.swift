import DNSWire

/// One TXT value expected at one name (a record this run added).
public struct ExpectedTXT: Hashable, Sendable {
    /// The record name: absolute, without trailing dot (case does not matter).
    public var fqdn: String
    /// The exact TXT value (multi-string answers are joined before comparing).
    public var value: String

    /// Creates an expectation.
    public init(fqdn: String, value: String) {
        self.fqdn = fqdn
        self.value = value
    }
}

/// How the propagation wait finds and polls the authoritative servers.
public struct PropagationSettings: Sendable {
    /// The recursive resolver used for discovery (`IONOS_ACME_RESOLVER`).
    public var resolver: DNSServerAddress
    /// The port of discovered authoritative addresses (`IONOS_ACME_DNS_PORT`).
    public var authoritativePort: UInt16
    /// Servers to poll instead of discovering them (`IONOS_ACME_NAMESERVERS`).
    public var nameservers: [DNSServerAddress]?
    /// Seconds to wait for all servers (`IONOS_ACME_PROPAGATION_TIMEOUT`).
    public var timeout: Double
    /// The longest pause between rounds, in seconds (`IONOS_ACME_POLL_INTERVAL`).
    public var pollInterval: Double
    /// How long one query waits for its answer, in seconds.
    public var queryTimeout: Double = 1.5
    /// The shortest pause between rounds, in seconds.
    public var minimumPause: Double = 0.25
    /// Seconds after which an address that never answered is skipped, provided another address of the
    /// same nameserver serves the record (a broken IPv6 path must not stall the wait until the timeout).
    public var silentAddressGrace: Double = 20
    /// The most queries a second for one name to one server address.
    public var perNameRate: Int = 4
    /// The most queries a second in all to one server address.
    public var perServerRate: Int = 20

    /// Creates settings; the defaults are those of design.md.
    public init(
        resolver: DNSServerAddress, authoritativePort: UInt16 = 53, nameservers: [DNSServerAddress]? = nil,
        timeout: Double = 900, pollInterval: Double = 2
    ) {
        self.resolver = resolver
        self.authoritativePort = authoritativePort
        self.nameservers = nameservers
        self.timeout = timeout
        self.pollInterval = pollInterval
    }

    /// Reads the `IONOS_ACME_*` DNS variables; `resolvConf` is the text of /etc/resolv.conf (nil if unreadable).
    ///
    /// Malformed values are configuration errors (exit 78). Without `IONOS_ACME_RESOLVER` the first
    /// nameserver of resolv.conf is used; when `IONOS_ACME_NAMESERVERS` is set no resolver is needed
    /// (the first listed server then stands in, unused). Entries of that list without a port take
    /// `IONOS_ACME_DNS_PORT`.
    public static func fromEnvironment(
        _ environment: [String: String], resolvConf: String?
    ) throws(PropagationError) -> PropagationSettings {
        func value(_ name: String) -> String? {
            guard let text = environment[name], !text.isEmpty else { return nil }
            return text
        }
        var port: UInt16 = 53
        if let text = value("IONOS_ACME_DNS_PORT") {
            guard let parsed = UInt16(text), parsed > 0 else {
                throw .invalidSetting(name: "IONOS_ACME_DNS_PORT", value: text, expected: "a port number 1-65535")
            }
            port = parsed
        }
        var nameservers: [DNSServerAddress]?
        if let text = value("IONOS_ACME_NAMESERVERS") {
            guard let list = DNSServerAddress.parseList(text, defaultPort: port) else {
                throw .invalidSetting(name: "IONOS_ACME_NAMESERVERS", value: text, expected: "ip[:port],...")
            }
            nameservers = list
        }
        let resolver = try resolverAddress(
            value("IONOS_ACME_RESOLVER"), resolvConf: resolvConf, fallback: nameservers?.first)
        var settings = PropagationSettings(resolver: resolver, authoritativePort: port, nameservers: nameservers)
        if let text = value("IONOS_ACME_PROPAGATION_TIMEOUT") {
            settings.timeout = try seconds(text, name: "IONOS_ACME_PROPAGATION_TIMEOUT", allowZero: true)
        }
        if let text = value("IONOS_ACME_POLL_INTERVAL") {
            settings.pollInterval = try seconds(text, name: "IONOS_ACME_POLL_INTERVAL", allowZero: false)
        }
        return settings
    }

    private static func resolverAddress(
        _ text: String?, resolvConf: String?, fallback: DNSServerAddress?
    ) throws(PropagationError) -> DNSServerAddress {
        if let text {
            guard let address = DNSServerAddress(parsing: text) else {
                throw .invalidSetting(name: "IONOS_ACME_RESOLVER", value: text, expected: "ip[:port]")
            }
            return address
        }
        if let conf = resolvConf, let address = DNSServerAddress.firstNameserver(inResolvConf: conf) { return address }
        if let fallback { return fallback }
        throw .noResolver
    }

    private static func seconds(_ text: String, name: String, allowZero: Bool) throws(PropagationError) -> Double {
        guard let value = Double(text), value.isFinite, allowZero ? value >= 0 : value > 0 else {
            throw .invalidSetting(
                name: name, value: text, expected: allowZero ? "seconds (0 or more)" : "seconds (more than 0)")
        }
        return value
    }
}
