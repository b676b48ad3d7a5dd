/// Parses the text of a config file: `KEY=VALUE` lines, plus the certbot-dns-ionos INI keys.
///
/// Blank lines and lines starting with `#` or `;` are skipped, `[section]` headers are ignored,
/// an `export ` prefix is allowed, spaces around `=` are trimmed and one pair of matching
/// quotes around the value is removed. certbot-dns-ionos keys map to our names:
/// `dns_ionos_prefix` → `IONOS_API_PREFIX`, `dns_ionos_secret` → `IONOS_API_SECRET`,
/// `dns_ionos_endpoint` → `IONOS_API_URL` (with `/dns` appended, as that plugin does).
enum ConfigFile {
    /// The certbot-dns-ionos INI keys we understand, mapped to our variable names.
    static let iniKeys: [String: String] = [
        "dns_ionos_prefix": "IONOS_API_PREFIX",
        "dns_ionos_secret": "IONOS_API_SECRET",
        "dns_ionos_endpoint": "IONOS_API_URL",
    ]

    /// Returns the key/value pairs of `text`, or throws naming the first bad line.
    static func parse(_ text: String, path: String) throws(ConfigError) -> [String: String] {
        var values: [String: String] = [:]
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = Substring(rawLine.trimmed(" \t\r"))
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") { continue }
            if line.hasPrefix("export ") { line = line.dropFirst(7) }
            guard let eq = line.firstIndex(of: "=") else {
                throw .badConfigLine(path: path, line: lineNumber, reason: "expected KEY=VALUE")
            }
            let key = String(line[..<eq]).trimmed(" \t")
            var value = String(line[line.index(after: eq)...]).trimmed(" \t")
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            let name: String
            if let mapped = iniKeys[key] {
                name = mapped
                if key == "dns_ionos_endpoint" { value = endpointToBaseURL(value) }
            } else if Settings.knownNames.contains(key)
                || key.hasSuffix("_FILE")
                    && Settings.knownNames.contains(String(key.dropLast(5)))
            {
                name = key
            } else {
                throw .badConfigLine(path: path, line: lineNumber, reason: "unknown key '\(key)'")
            }
            values[name] = value
        }
        return values
    }

    /// certbot-dns-ionos's endpoint is the host (`https://api.hosting.ionos.com`); our base ends in `/dns`.
    static func endpointToBaseURL(_ endpoint: String) -> String {
        var url = endpoint
        while url.hasSuffix("/") { url.removeLast() }
        return url.hasSuffix("/dns") ? url : url + "/dns"
    }
}
