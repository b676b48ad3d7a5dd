import Glibc

/// Which URLs the hook may contact: `https://` anywhere, `http://` only on loopback.
///
/// Checked before any connection is made, so a plain-text URL to a real host never carries the key.
public enum URLPolicy {
    /// The parts of a URL that the policy looks at.
    public struct Parts: Sendable, Equatable {
        /// The scheme, lower-cased.
        public let scheme: String
        /// The host without brackets or port, lower-cased.
        public let host: String
    }

    /// Throws `.refusedURL` (exit 78) unless `url` is `https://` or `http://` to a loopback host.
    public static func check(_ url: String) throws(HTTPError) {
        guard let parts = parse(url) else {
            throw .refusedURL(url: url, reason: "not an absolute http(s) URL")
        }
        switch parts.scheme {
        case "https":
            return
        case "http":
            guard isLoopback(parts.host) else {
                throw .refusedURL(
                    url: url,
                    reason: "plain http is allowed only to loopback hosts (127.0.0.0/8, ::1, localhost); use https")
            }
        default:
            throw .refusedURL(url: url, reason: "only http and https URLs are supported")
        }
    }

    /// Splits `scheme://[userinfo@]host[:port]/...` into scheme and host; nil when malformed.
    public static func parse(_ url: String) -> Parts? {
        guard let sep = url.firstRange(of: "://") else { return nil }
        let scheme = url[..<sep.lowerBound].lowercased()
        guard !scheme.isEmpty, scheme.allSatisfy(isSchemeCharacter) else { return nil }
        guard url.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else { return nil }
        let rest = url[sep.upperBound...]
        var authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        let host: Substring
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[authority.index(after: authority.startIndex)..<close]
        } else {
            host = authority.prefix { $0 != ":" }
        }
        guard !host.isEmpty else { return nil }
        return Parts(scheme: scheme, host: host.lowercased())
    }

    private static func isSchemeCharacter(_ c: Character) -> Bool {
        c.isLetter || c.isNumber || c == "+" || c == "-" || c == "."
    }

    /// True for `localhost`, an IPv4 address in 127.0.0.0/8 and `::1` (any spelling).
    public static func isLoopback(_ host: String) -> Bool {
        let host = host.lowercased()
        if host == "localhost" || host == "localhost." { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 {
            return UInt32(bigEndian: v4.s_addr) >> 24 == 127
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, host, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { bytes in
                bytes.prefix(15).allSatisfy { $0 == 0 } && bytes[15] == 1
            }
        }
        return false
    }
}
