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

    /// An `ip[:port]` or `[ipv6]:port` address; returned as given after checking its shape.
    static func hostPort(_ text: String, name: String) throws(ConfigError) -> String {
        guard parseHostPort(text) != nil else {
            throw .invalidValue(name: name, value: text, expected: "an IP address with an optional port, e.g. 192.0.2.53:53 or [2001:db8::53]:53")
        }
        return text
    }

    /// Splits `ip[:port]`, `[ipv6]:port` or a bare IPv6 address; nil when the shape is wrong.
    static func parseHostPort(_ text: String) -> (host: String, port: UInt16?)? {
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            let host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            guard isIPv6(host) else { return nil }
            if rest.isEmpty { return (host, nil) }
            guard rest.hasPrefix(":"), let p = UInt16(rest.dropFirst()), p > 0 else { return nil }
            return (host, p)
        }
        if text.filter({ $0 == ":" }).count > 1 { return isIPv6(text) ? (text, nil) : nil }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard isIPv4(String(parts[0])) else { return nil }
        if parts.count == 1 { return (String(parts[0]), nil) }
        guard let p = UInt16(parts[1]), p > 0 else { return nil }
        return (String(parts[0]), p)
    }

    static func isIPv4(_ s: String) -> Bool {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { $0.count <= 3 && UInt8($0) != nil }
    }

    static func isIPv6(_ s: String) -> Bool {
        !s.isEmpty && s.contains(":") && s.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
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
