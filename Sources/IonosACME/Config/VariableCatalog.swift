/// One configuration variable: its name, what it means and its default, as documented.
public struct VariableSpec: Sendable {
    /// The variable name, e.g. `IONOS_ACME_TTL` (also the key in a config file).
    public let name: String
    /// One-sentence meaning, with the accepted value forms.
    public let meaning: String
    /// The default in words, or nil when unset means "not used".
    public let defaultValue: String?

    init(_ name: String, _ meaning: String, default defaultValue: String? = nil) {
        self.name = name
        self.meaning = meaning
        self.defaultValue = defaultValue
    }
}

/// Every configuration variable of design.md's table: the single source of the known names,
/// the man page's ENVIRONMENT section and the configuration reference.
public enum VariableCatalog {
    /// All variables, in the order the documentation lists them.
    public static let all: [VariableSpec] = [
        VariableSpec("IONOS_API_KEY", "The IONOS API key, 'prefix.secret'."),
        VariableSpec("IONOS_API_PREFIX", "The public prefix of the API key (used together with IONOS_API_SECRET)."),
        VariableSpec("IONOS_API_SECRET", "The secret half of the API key (used together with IONOS_API_PREFIX)."),
        VariableSpec("IONOS_PREFIX", "Another name for IONOS_API_PREFIX (as other IONOS tools spell it)."),
        VariableSpec("IONOS_SECRET", "Another name for IONOS_API_SECRET (as other IONOS tools spell it)."),
        VariableSpec(
            "IONOS_API_URL",
            "API base URL; '/v1/...' is appended. 'http://' is accepted only for loopback hosts.",
            default: Settings.defaultAPIURL),
        VariableSpec(
            "IONOS_ACME_CONFIG",
            "The config file to read (same as --config FILE). It is refused if group or others can read it.",
            default: "/etc/ionos-acme-hook.conf, then ~/.config/ionos-acme-hook/config"),
        VariableSpec("IONOS_ACME_TTL", "TTL of the TXT record in seconds (IONOS minimum 60).", default: "60"),
        VariableSpec(
            "IONOS_ACME_PROPAGATION_TIMEOUT",
            "How long to wait for all authoritative nameservers: seconds, or 90s, 15m, 1h.", default: "900"),
        VariableSpec(
            "IONOS_ACME_POLL_INTERVAL",
            "Longest pause between polling rounds, in seconds; rounds start at about 0.25 s and slow down towards it.",
            default: "2"),
        VariableSpec("IONOS_ACME_NO_WAIT", "1: return right after IONOS accepted the record, without waiting."),
        VariableSpec(
            "IONOS_ACME_RESOLVER", "ip[:port] of the recursive resolver used to discover the zone's nameservers.",
            default: "the first nameserver of /etc/resolv.conf"),
        VariableSpec("IONOS_ACME_DNS_PORT", "Port used when querying authoritative nameservers.", default: "53"),
        VariableSpec(
            "IONOS_ACME_NAMESERVERS", "ip[:port],... authoritative servers to poll instead of discovering them."),
        VariableSpec(
            "IONOS_ACME_FOLLOW_CNAME", "0 disables following a CNAME at _acme-challenge.DOMAIN (delegated validation).",
            default: "1"),
        VariableSpec("IONOS_ACME_ZONES", "Comma-separated list: the only zones the hook may change.", default: "all zones"),
        VariableSpec(
            "IONOS_ACME_STATE_DIR", "Where the pending records of a run are kept between hook calls.",
            default: "$XDG_STATE_HOME/ionos-acme-hook when set, else /var/lib/ionos-acme-hook for root, ~/.local/state/ionos-acme-hook for others"),
        VariableSpec("IONOS_ACME_CA_FILE", "PEM bundle to trust for the API instead of the system store."),
        VariableSpec("IONOS_ACME_LOG", "Log level: error, warn, info or debug (also -v, -q).", default: "info"),
    ]

    /// The variable names, in documentation order.
    public static var names: [String] { all.map(\.name) }
}
