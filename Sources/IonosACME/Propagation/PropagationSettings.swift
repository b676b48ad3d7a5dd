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
}
