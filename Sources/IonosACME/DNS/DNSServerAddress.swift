import DNSWire
import Glibc

/// The IP address and port of a DNS server (a resolver or an authoritative nameserver).
public struct DNSServerAddress: Hashable, Sendable, CustomStringConvertible {
    /// An IPv4 or IPv6 host address.
    public enum Host: Hashable, Sendable, CustomStringConvertible {
        /// An IPv4 address.
        case v4(IPv4Address)
        /// An IPv6 address.
        case v6(IPv6Address)

        /// The address in text form, without brackets.
        public var description: String {
            switch self {
            case .v4(let address): return address.description
            case .v6(let address): return address.description
            }
        }
    }

    /// The host address.
    public var host: Host
    /// The UDP/TCP port.
    public var port: UInt16

    /// Creates an address from its parts.
    public init(host: Host, port: UInt16 = 53) {
        self.host = host
        self.port = port
    }

    /// Parses `ip`, `ip:port`, `[ipv6]` or `[ipv6]:port`; a bare IPv6 address takes `defaultPort`.
    ///
    /// Returns nil for host names or malformed text: DNS servers are given by address.
    public init?(parsing text: String, defaultPort: UInt16 = 53) {
        let text = text.trimmed()
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"),
                let v6 = IPv6Address(String(text[text.index(after: text.startIndex)..<close]))
            else { return nil }
            let rest = text[text.index(after: close)...]
            if rest.isEmpty {
                self.init(host: .v6(v6), port: defaultPort)
                return
            }
            guard rest.hasPrefix(":"), let port = UInt16(rest.dropFirst()), port > 0 else { return nil }
            self.init(host: .v6(v6), port: port)
            return
        }
        if let v6 = IPv6Address(text) {
            self.init(host: .v6(v6), port: defaultPort)
            return
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count <= 2, let v4 = IPv4Address(String(parts[0])) else { return nil }
        if parts.count == 1 {
            self.init(host: .v4(v4), port: defaultPort)
            return
        }
        guard let port = UInt16(parts[1]), port > 0 else { return nil }
        self.init(host: .v4(v4), port: port)
    }

    /// Parses a comma-separated list (`IONOS_ACME_NAMESERVERS`); nil when any entry is malformed or the list is empty.
    public static func parseList(_ text: String, defaultPort: UInt16 = 53) -> [DNSServerAddress]? {
        let entries = text.split(separator: ",").map { String($0).trimmed() }.filter { !$0.isEmpty }
        guard !entries.isEmpty else { return nil }
        var result: [DNSServerAddress] = []
        for entry in entries {
            guard let address = DNSServerAddress(parsing: entry, defaultPort: defaultPort) else { return nil }
            result.append(address)
        }
        return result
    }

    /// The first `nameserver` line of resolv.conf text (`/etc/resolv.conf` content), or nil.
    ///
    /// Scoped IPv6 addresses (`fe80::1%eth0`) are skipped, as are comments.
    public static func firstNameserver(inResolvConf content: String) -> DNSServerAddress? {
        for line in content.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard words.count >= 2, words[0] == "nameserver" else { continue }
            if let address = DNSServerAddress(parsing: String(words[1])) { return address }
        }
        return nil
    }

    /// `ip:port`, with brackets around IPv6 addresses.
    public var description: String {
        switch host {
        case .v4(let address): return "\(address):\(port)"
        case .v6(let address): return "[\(address)]:\(port)"
        }
    }
}
