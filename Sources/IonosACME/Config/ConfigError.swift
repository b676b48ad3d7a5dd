/// Errors found while reading the configuration (environment, `*_FILE` variables, config file).
public enum ConfigError: ExitCodeError, Equatable {
    /// No API key in any source.
    case missingCredentials(configFile: String?)
    /// One half of a prefix/secret pair is set without the other.
    case incompleteCredentials(present: String, missing: String)
    /// `IONOS_API_KEY` is not `prefix.secret`.
    case malformedKey(variable: String)
    /// Both `X` and `X_FILE` are set.
    case bothValueAndFile(name: String)
    /// A value that does not parse.
    case invalidValue(name: String, value: String, expected: String)
    /// A file named by a `*_FILE` variable or `--config` cannot be read.
    case unreadableFile(name: String, path: String, reason: String)
    /// A config file is readable by group or others.
    case insecurePermissions(path: String, mode: UInt32)
    /// No resolver is configured and /etc/resolv.conf names none.
    case noResolver
    /// A line of the config file that is not `KEY=VALUE`, or a key we do not know.
    case badConfigLine(path: String, line: Int, reason: String)

    public var exitCode: ExitCode {
        switch self {
        case .unreadableFile: return .noInput
        case .insecurePermissions: return .noPermission
        default: return .config
        }
    }

    public var description: String {
        switch self {
        case .missingCredentials(let file):
            let where_ = file.map { " or in \($0)" } ?? " or in /etc/ionos-acme-hook.conf"
            return "no IONOS API key configured: set IONOS_API_KEY (prefix.secret), "
                + "or IONOS_API_PREFIX and IONOS_API_SECRET, in the environment\(where_)"
        case .incompleteCredentials(let present, let missing):
            return "\(present) is set but \(missing) is not: set both, or IONOS_API_KEY (prefix.secret)"
        case .malformedKey(let variable):
            return "\(variable) must have the form prefix.secret (the public prefix, a dot, the secret)"
        case .bothValueAndFile(let name):
            return "both \(name) and \(name)_FILE are set: set only one"
        case .invalidValue(let name, let value, let expected):
            return "invalid \(name) '\(value)': expected \(expected)"
        case .unreadableFile(let name, let path, let reason):
            return "cannot read \(name) file '\(path)': \(reason)"
        case .insecurePermissions(let path, let mode):
            let octal = String(mode & 0o777, radix: 8)
            return "config file '\(path)' is readable by others (mode \(octal)): run 'chmod 600 \(path)'"
        case .noResolver:
            return "no DNS resolver: /etc/resolv.conf names none; set IONOS_ACME_RESOLVER=ip[:port]"
        case .badConfigLine(let path, let line, let reason):
            return "\(path):\(line): \(reason)"
        }
    }
}
