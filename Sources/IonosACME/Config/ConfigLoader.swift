/// Builds `Settings` from the environment, `*_FILE` variables and a config file.
///
/// Precedence: a variable from the environment wins over the config file. Within one source
/// `IONOS_API_KEY` wins over `IONOS_API_PREFIX` + `IONOS_API_SECRET`, which win over
/// `IONOS_PREFIX` + `IONOS_SECRET`. A `*_FILE` variable counts as the variable itself; setting
/// both `X` and `X_FILE` in one source is an error.
public struct ConfigLoader: Sendable {
    /// The process environment (a dictionary, so tests never touch the real one).
    public let environment: [String: String]
    /// File reading and permission checks.
    public let files: any FileAccess
    /// The effective user id (root gets `/var/lib/ionos-acme-hook` as the state directory).
    public let userID: UInt32

    /// Creates a loader over the given environment and file access.
    public init(environment: [String: String], files: any FileAccess = SystemFileAccess(), userID: UInt32) {
        self.environment = environment
        self.files = files
        self.userID = userID
    }

    /// Loads and validates the configuration; `configPath` is the value of `--config`, if given.
    public func load(configPath: String? = nil) throws(ConfigError) -> Settings {
        let fileValues = try loadConfigFile(explicitPath: configPath)
        let env = try Source(name: "environment", raw: environment.filter { !$0.value.isEmpty }, files: files)
        let file = try Source(name: fileValues.path ?? "config file", raw: fileValues.values, files: files)
        var settings = Settings(stateDir: defaultStateDir())
        settings.configFile = fileValues.path
        try resolveCredentials(env: env, file: file, into: &settings)
        func value(_ name: String) -> String? { env.values[name] ?? file.values[name] }
        if let url = value("IONOS_API_URL") { settings.apiURL = try parseURL(url) }
        if let ca = value("IONOS_ACME_CA_FILE") { settings.caFile = ca }
        if let ttl = value("IONOS_ACME_TTL") { settings.ttl = try parseTTL(ttl) }
        if let t = value("IONOS_ACME_PROPAGATION_TIMEOUT") {
            settings.propagationTimeout = try ValueParser.duration(t, name: "IONOS_ACME_PROPAGATION_TIMEOUT")
        }
        if let p = value("IONOS_ACME_POLL_INTERVAL") {
            settings.pollInterval = try ValueParser.duration(p, name: "IONOS_ACME_POLL_INTERVAL")
            guard settings.pollInterval > 0 else {
                throw .invalidValue(name: "IONOS_ACME_POLL_INTERVAL", value: p, expected: "more than 0 seconds")
            }
        }
        if let w = value("IONOS_ACME_NO_WAIT") { settings.noWait = try ValueParser.flag(w, name: "IONOS_ACME_NO_WAIT") }
        if let r = value("IONOS_ACME_RESOLVER") {
            settings.resolver = try ValueParser.server(r, name: "IONOS_ACME_RESOLVER", defaultPort: 53)
        }
        if let p = value("IONOS_ACME_DNS_PORT") { settings.dnsPort = try ValueParser.port(p, name: "IONOS_ACME_DNS_PORT") }
        if let n = value("IONOS_ACME_NAMESERVERS") {
            let port = settings.dnsPort
            settings.nameservers = try ValueParser.list(n).map { s throws(ConfigError) in
                try ValueParser.server(s, name: "IONOS_ACME_NAMESERVERS", defaultPort: port)
            }
        }
        if let c = value("IONOS_ACME_FOLLOW_CNAME") {
            settings.followCNAME = try ValueParser.flag(c, name: "IONOS_ACME_FOLLOW_CNAME")
        }
        if let z = value("IONOS_ACME_ZONES") { settings.zones = try ValueParser.zones(z) }
        if let d = value("IONOS_ACME_STATE_DIR") { settings.stateDir = d }
        if let l = value("IONOS_ACME_LOG") {
            guard let level = LogLevel(name: l) else {
                throw .invalidValue(name: "IONOS_ACME_LOG", value: l, expected: "error, warn, info or debug")
            }
            settings.logLevel = level
            settings.logLevelIsExplicit = true
        }
        return settings
    }

    // MARK: - Config file

    private func loadConfigFile(explicitPath: String?) throws(ConfigError) -> (path: String?, values: [String: String]) {
        let explicit = explicitPath ?? environment["IONOS_ACME_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
        let candidates: [String]
        if let explicit {
            candidates = [explicit]
        } else {
            var list = ["/etc/ionos-acme-hook.conf"]
            if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty {
                list.append(xdg + "/ionos-acme-hook/config")
            } else if let home = environment["HOME"], !home.isEmpty {
                list.append(home + "/.config/ionos-acme-hook/config")
            }
            candidates = list
        }
        for path in candidates {
            guard let mode = files.permissions(path) else {
                if explicit != nil { throw .unreadableFile(name: "config", path: path, reason: "no such file") }
                continue
            }
            if mode & 0o044 != 0 { throw .insecurePermissions(path: path, mode: mode) }
            let text: String
            do { text = try files.readText(path) } catch {
                throw .unreadableFile(name: "config", path: path, reason: error.reason)
            }
            return (path, try ConfigFile.parse(text, path: path))
        }
        return (nil, [:])
    }

    // MARK: - Credentials

    private func resolveCredentials(env: Source, file: Source, into settings: inout Settings) throws(ConfigError) {
        for source in [env, file] {
            if let key = source.values["IONOS_API_KEY"] {
                try Self.checkKeyShape(key, variable: "IONOS_API_KEY")
                settings.apiKey = Secret(key)
                settings.apiKeySource = source.name
                return
            }
            for (prefixName, secretName) in [("IONOS_API_PREFIX", "IONOS_API_SECRET"), ("IONOS_PREFIX", "IONOS_SECRET")] {
                let prefix = source.values[prefixName]
                let secret = source.values[secretName]
                switch (prefix, secret) {
                case (let p?, let s?):
                    guard !p.contains("."), !p.contains(" "), !s.contains(" ") else {
                        throw .malformedKey(variable: "\(prefixName) / \(secretName)")
                    }
                    settings.apiKey = Secret(p + "." + s)
                    settings.apiKeySource = source.name
                    return
                case (.some, nil): throw .incompleteCredentials(present: prefixName, missing: secretName)
                case (nil, .some): throw .incompleteCredentials(present: secretName, missing: prefixName)
                case (nil, nil): continue
                }
            }
        }
    }

    static func checkKeyShape(_ key: String, variable: String) throws(ConfigError) {
        guard let dot = key.firstIndex(of: "."), dot != key.startIndex, key.index(after: dot) != key.endIndex,
            !key.contains(where: { $0 == " " || $0 == "\t" || $0 == "\n" })
        else { throw .malformedKey(variable: variable) }
    }

    // MARK: - Values

    private func parseURL(_ url: String) throws(ConfigError) -> String {
        let lower = url.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://"), url.count > 8 else {
            throw .invalidValue(name: "IONOS_API_URL", value: url, expected: "an https:// URL")
        }
        var trimmed = url
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        return trimmed
    }

    private func parseTTL(_ text: String) throws(ConfigError) -> Int {
        guard let ttl = Int(text), ttl >= 60, ttl <= 86400 else {
            throw .invalidValue(name: "IONOS_ACME_TTL", value: text, expected: "whole seconds from 60 (the IONOS minimum) to 86400")
        }
        return ttl
    }

    private func defaultStateDir() -> String {
        if let xdg = environment["XDG_STATE_HOME"], !xdg.isEmpty { return xdg + "/ionos-acme-hook" }
        if userID == 0 { return "/var/lib/ionos-acme-hook" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        return home + "/.local/state/ionos-acme-hook"
    }
}

/// One source of values (the environment or a config file) with `*_FILE` indirections resolved.
private struct Source {
    let name: String
    let values: [String: String]

    init(name: String, raw: [String: String], files: any FileAccess) throws(ConfigError) {
        self.name = name
        var resolved: [String: String] = [:]
        for known in Settings.knownNames {
            let direct = raw[known]
            let filePath = raw[known + "_FILE"]
            if direct != nil && filePath != nil { throw .bothValueAndFile(name: known) }
            if let direct { resolved[known] = direct }
            if let filePath {
                do {
                    let text = try files.readText(filePath)
                    resolved[known] = text.trimmed(" \t\r\n")
                } catch {
                    throw .unreadableFile(name: known + "_FILE", path: filePath, reason: error.reason)
                }
            }
        }
        values = resolved
    }
}
