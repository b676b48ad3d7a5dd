/// Where the TXT value of a challenge comes from.
public enum ValueSource: Sendable, Equatable {
    /// The final TXT value (the digest), as ACME clients pass it.
    case value(String)
    /// A key authorization `token.thumbprint`, to be hashed.
    case keyAuthorization(String)
    /// A token and an account key file, from which the key authorization is computed.
    case tokenAndKey(token: String, accountKey: String)
}

/// One dehydrated challenge triple.
public struct DehydratedChallenge: Sendable, Equatable {
    /// The domain (without `*.`).
    public let domain: String
    /// The token file name (unused for dns-01).
    public let tokenFile: String
    /// The TXT value.
    public let value: String
}

/// What the command line asks for, after dispatch on the first argument.
public enum Invocation: Sendable, Equatable {
    case help(topic: String?)
    case version
    case certbot(auth: Bool)
    case dehydrated(deploy: Bool, challenges: [DehydratedChallenge])
    /// A dehydrated event we do not act on: exit 0, print nothing.
    case ignoredEvent
    case lego(present: Bool, name: String, value: ValueSource)
    case uacme(method: String, type: String, ident: String, token: String, auth: String)
    case standalone(present: Bool, name: String, value: ValueSource, noWait: Bool)
    case digest(ValueSource)
    case thumbprint(accountKey: String)
    case zones(json: Bool)
    case records(zone: String, type: String?, name: String?, all: Bool, json: Bool)
    case check(domain: String)
    case prune(olderThan: Double, apply: Bool)
    case demo
}

/// Options that apply to every command.
public struct GlobalOptions: Sendable, Equatable {
    /// `--config FILE`.
    public var configPath: String?
    /// `-v` / `-q` override of the log level.
    public var logLevel: LogLevel?

    /// No global options.
    public init() {}
}

/// A command line that could not be understood (exit 64).
public struct UsageError: ExitCodeError, Equatable {
    /// The one-line problem, with the offending token quoted.
    public let message: String
    /// The command whose usage line follows the message, if known.
    public let command: String?

    public var exitCode: ExitCode { .usage }
    public var description: String { message }

    init(_ message: String, command: String? = nil) {
        self.message = message
        self.command = command
    }
}
