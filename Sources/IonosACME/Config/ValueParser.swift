/// Parsers for the typed values of the configuration, each throwing a `ConfigError` naming the variable.
enum ValueParser {
    /// Seconds, as `900`, `2.5`, `30s`, `15m` or `1h`.
    static func duration(_ text: String, name: String) throws(ConfigError) -> Double {
        if let seconds = parseDuration(text), seconds >= 0 { return seconds }
        throw .invalidValue(name: name, value: text, expected: "seconds such as 900, 30s, 15m or 1h")
    }

    /// A duration in seconds from `900`, `2.5`, `30s`, `15m`, `1h`, `1d`; nil when it does not parse.
    static func parseDuration(_ text: String) -> Double? {
        let t = text.trimmed(" ").lowercased()
        guard let unit = t.last else { return nil }
        let factors: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        if let factor = factors[unit], let number = Double(t.dropLast()), number.isFinite {
            return number * factor
        }
        if let number = Double(t), number.isFinite { return number }
        return nil
    }

    /// `1`/`true`/`yes`/`on` or `0`/`false`/`no`/`off`.
    static func flag(_ text: String, name: String) throws(ConfigError) -> Bool {
        switch text.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw .invalidValue(name: name, value: text, expected: "1 or 0")
        }
    }

    /// A port number 1–65535.
    static func port(_ text: String, name: String) throws(ConfigError) -> UInt16 {
        guard let p = UInt16(text), p > 0 else {
            throw .invalidValue(name: name, value: text, expected: "a port number from 1 to 65535")
        }
        return p
    }

    /// Comma (or space) separated items, empty ones dropped.
    static func list(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
    }

    /// An `ip[:port]` or `[ipv6]:port` address (DNS servers are given by address, not by name).
    static func server(_ text: String, name: String, defaultPort: UInt16) throws(ConfigError) -> DNSServerAddress {
        guard let address = DNSServerAddress(parsing: text, defaultPort: defaultPort) else {
            throw .invalidValue(name: name, value: text, expected: "an IP address with an optional port, e.g. 192.0.2.53:53 or [2001:db8::53]:53")
        }
        return address
    }

    /// The zone allowlist: lowercase names without a trailing dot.
    static func zones(_ text: String) throws(ConfigError) -> [String] {
        let names = list(text).map { z -> String in
            var n = z.lowercased()
            if n.hasSuffix(".") { n.removeLast() }
            return n
        }
        for n in names where n.isEmpty || n.contains("..") || n.hasPrefix(".") {
            throw .invalidValue(name: "IONOS_ACME_ZONES", value: text, expected: "a comma list of zone names")
        }
        guard !names.isEmpty else {
            throw .invalidValue(name: "IONOS_ACME_ZONES", value: text, expected: "a comma list of zone names")
        }
        return names
    }
}
