/// Turns argv (without the program name) and the environment into an `Invocation`.
public struct ArgumentParser: Sendable {
    /// The environment, consulted for dehydrated's variables.
    public let environment: [String: String]

    /// Creates a parser reading dehydrated's markers from `environment`.
    public init(environment: [String: String]) { self.environment = environment }

    /// dehydrated events that need nothing from us.
    static let dehydratedEvents: Set<String> = [
        "startup_hook", "generate_csr", "invalid_challenge", "request_failure", "sync_cert", "deploy_cert",
        "deploy_ocsp", "unchanged_cert", "exit_hook",
        "this_hookscript_is_broken__dehydrated_is_working_fine__please_ignore_unknown_hooks_in_your_script",
    ]

    /// True when dehydrated started us (it exports CONFIG, BASEDIR and COMMAND).
    var calledByDehydrated: Bool {
        ["CONFIG", "BASEDIR", "COMMAND"].contains { environment[$0] != nil }
    }

    /// Parses the arguments.
    public func parse(_ arguments: [String]) throws(UsageError) -> (Invocation, GlobalOptions) {
        var globals = GlobalOptions()
        var args = arguments[...]
        // Global options may come before the command word.
        while let first = args.first, first.hasPrefix("-"), first != "--" {
            if first == "--help" || first == "-h" { return (.help(topic: nil), globals) }
            if first == "--version" || first == "-V" { return (.version, globals) }
            guard try consumeGlobal(&args, into: &globals) else {
                throw UsageError("unknown option '\(first)'")
            }
        }
        guard let command = args.popFirst() else {
            throw UsageError("no command given; run 'ionos-acme-hook --help' for the list")
        }
        let rest = Array(args)
        switch command {
        case "help": return (.help(topic: rest.first), globals)
        case "version": return (.version, globals)
        case "certbot-auth", "certbot-cleanup":
            if rest.contains("--help") || rest.contains("-h") { return (.help(topic: command), globals) }
            let opts = try parseOptions(rest, command: command, into: &globals)
            try expectPositionals(opts.positionals, count: 0, command: command)
            return (.certbot(auth: command == "certbot-auth"), globals)
        case "deploy_challenge", "clean_challenge":
            return (try parseDehydrated(rest, deploy: command == "deploy_challenge"), globals)
        case "present", "cleanup":
            return (try parsePresentOrCleanup(rest, present: command == "present", globals: &globals), globals)
        case "begin", "done", "failed":
            if rest == ["--help"] || rest == ["-h"] { return (.help(topic: command), globals) }
            guard rest.count == 4 else {
                throw UsageError("'\(command)' takes 4 arguments (TYPE IDENT TOKEN AUTH), got \(rest.count)", command: command)
            }
            return (.uacme(method: command, type: rest[0], ident: rest[1], token: rest[2], auth: rest[3]), globals)
        case "digest", "thumbprint", "zones", "records", "check", "prune", "demo":
            return (try parseTool(command, rest, globals: &globals), globals)
        default:
            if Self.dehydratedEvents.contains(command) || calledByDehydrated { return (.ignoredEvent, globals) }
            throw UsageError("unknown command '\(command)'; run 'ionos-acme-hook --help' for the list")
        }
    }

    // MARK: - Client forms

    private func parseDehydrated(_ rest: [String], deploy: Bool) throws(UsageError) -> Invocation {
        let name = deploy ? "deploy_challenge" : "clean_challenge"
        if rest == ["--help"] || rest == ["-h"] { return .help(topic: name) }
        guard !rest.isEmpty, rest.count % 3 == 0 else {
            throw UsageError("'\(name)' takes DOMAIN TOKEN_FILE VALUE triples, got \(rest.count) arguments", command: name)
        }
        var challenges: [DehydratedChallenge] = []
        var i = 0
        while i < rest.count {
            challenges.append(DehydratedChallenge(domain: rest[i], tokenFile: rest[i + 1], value: rest[i + 2]))
            i += 3
        }
        return .dehydrated(deploy: deploy, challenges: challenges)
    }

    /// `present`/`cleanup`: the standalone form when a known option appears, else lego's exec forms.
    private func parsePresentOrCleanup(_ rest: [String], present: Bool, globals: inout GlobalOptions) throws(UsageError) -> Invocation {
        let command = present ? "present" : "cleanup"
        guard let spec = CommandCatalog.spec(command) else { throw UsageError("internal: no spec for \(command)") }
        let known = Set((spec.options + CommandSpec.globalOptions).flatMap { [$0.name] + ($0.short.map { [$0] } ?? []) })
        let beforeDashDash = rest.prefix { $0 != "--" }
        let standalone = beforeDashDash.contains { token in
            known.contains(token) || (token.hasPrefix("--") && token.contains("=") && known.contains(String(token.prefix { $0 != "=" })))
        }
        if standalone {
            let opts = try parseOptions(rest, command: command, into: &globals)
            if opts.flags.contains("--help") { return .help(topic: command) }
            try expectPositionals(opts.positionals, count: 1, command: command, what: "DOMAIN or RECORD-NAME")
            let value = try valueSource(opts, command: command)
            return .standalone(present: present, name: opts.positionals[0], value: value, noWait: opts.flags.contains("--no-wait"))
        }
        // lego exec: every word is positional; one `--` may appear anywhere. A word that starts with
        // `--` but cannot be a digest (43 base64url characters) or a name/key authorization (has a dot)
        // is a person's mistyped option, not a lego value.
        for word in rest where word.hasPrefix("--") && word != "--" && !word.contains(".") && !Self.looksLikeDigest(word) {
            throw UsageError("unknown option '\(word.prefix { $0 != "=" })' for '\(command)'", command: command)
        }
        var words = rest
        if let dashDash = words.firstIndex(of: "--") { words.remove(at: dashDash) }
        switch words.count {
        case 2:
            return .lego(present: present, name: words[0], value: .value(words[1]))
        case 3:
            return .lego(present: present, name: words[0], value: .keyAuthorization(words[2]))
        case 1:
            throw UsageError("'\(command) \(words[0])' needs --value V, --key-authorization KA or --token T --account-key FILE", command: command)
        default:
            throw UsageError("'\(command)' expects DOMAIN --value V, or lego's 'FQDN. VALUE' / '-- DOMAIN TOKEN KEYAUTH'", command: command)
        }
    }

    /// True for 43 base64url characters: the shape of every DNS-01 TXT value.
    static func looksLikeDigest(_ word: String) -> Bool {
        word.utf8.count == 43
            && word.utf8.allSatisfy { c in
                (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x2D || c == 0x5F
            }
    }

    // MARK: - Tools

    private func parseTool(_ command: String, _ rest: [String], globals: inout GlobalOptions) throws(UsageError) -> Invocation {
        let opts = try parseOptions(rest, command: command, into: &globals)
        if opts.flags.contains("--help") { return .help(topic: command) }
        switch command {
        case "digest":
            try expectPositionals(opts.positionals, count: 0, command: command)
            let source = try valueSource(opts, command: command)
            if case .value = source { throw UsageError("'digest' needs --key-authorization or --token with --account-key", command: command) }
            return .digest(source)
        case "thumbprint":
            try expectPositionals(opts.positionals, count: 0, command: command)
            guard let key = opts.values["--account-key"] else { throw UsageError("'thumbprint' needs --account-key FILE", command: command) }
            return .thumbprint(accountKey: key)
        case "zones":
            try expectPositionals(opts.positionals, count: 0, command: command)
            return .zones(json: opts.flags.contains("--json"))
        case "records":
            try expectPositionals(opts.positionals, count: 1, command: command, what: "ZONE")
            return .records(
                zone: opts.positionals[0], type: opts.values["--type"], name: opts.values["--name"],
                all: opts.flags.contains("--all"), json: opts.flags.contains("--json"))
        case "check":
            try expectPositionals(opts.positionals, count: 1, command: command, what: "DOMAIN")
            return .check(domain: opts.positionals[0])
        case "prune":
            try expectPositionals(opts.positionals, count: 0, command: command)
            var age = 3600.0
            if let text = opts.values["--older-than"] {
                guard let parsed = ValueParser.parseDuration(text), parsed >= 0 else {
                    throw UsageError("invalid age '\(text)' for --older-than: use e.g. 90s, 30m, 1h, 2d", command: command)
                }
                age = parsed
            }
            return .prune(olderThan: age, apply: opts.flags.contains("--apply"))
        default:
            try expectPositionals(opts.positionals, count: 0, command: command)
            return .demo
        }
    }

    private func valueSource(_ opts: ParsedOptions, command: String) throws(UsageError) -> ValueSource {
        let v = opts.values["--value"], ka = opts.values["--key-authorization"]
        let token = opts.values["--token"], key = opts.values["--account-key"]
        switch (v, ka, token, key) {
        case (let v?, nil, nil, nil): return .value(v)
        case (nil, let ka?, nil, nil): return .keyAuthorization(ka)
        case (nil, nil, let t?, let k?): return .tokenAndKey(token: t, accountKey: k)
        case (nil, nil, .some, nil): throw UsageError("'--token' needs '--account-key FILE'", command: command)
        case (nil, nil, nil, .some): throw UsageError("'--account-key' needs '--token T'", command: command)
        case (nil, nil, nil, nil):
            throw UsageError("'\(command)' needs --value V, --key-authorization KA or --token T --account-key FILE", command: command)
        default:
            throw UsageError("give only one of --value, --key-authorization, --token with --account-key", command: command)
        }
    }

    // MARK: - Options

    struct ParsedOptions {
        var positionals: [String] = []
        var values: [String: String] = [:]
        var flags: Set<String> = []
    }

    /// Parses `--name value`, `--name=value`, flags and positionals for `command`'s declared options.
    private func parseOptions(_ tokens: [String], command: String, into globals: inout GlobalOptions) throws(UsageError) -> ParsedOptions {
        let specs = (CommandCatalog.spec(command)?.options ?? []) + CommandSpec.globalOptions
        var parsed = ParsedOptions()
        var rest = tokens[...]
        var onlyPositionals = false
        while let token = rest.popFirst() {
            if onlyPositionals || !token.hasPrefix("-") || token == "-" {
                parsed.positionals.append(token)
                continue
            }
            if token == "--" { onlyPositionals = true; continue }
            let name = String(token.prefix { $0 != "=" })
            let inline = token.contains("=") ? String(token.drop { $0 != "=" }.dropFirst()) : nil
            guard let spec = specs.first(where: { $0.name == name || $0.short == name }) else {
                throw UsageError("unknown option '\(name)' for '\(command)'", command: command)
            }
            if spec.valueName != nil {
                guard let value = inline ?? rest.popFirst() else {
                    throw UsageError("option '\(spec.name)' needs a value \(spec.valueName ?? "")", command: command)
                }
                guard parsed.values[spec.name] == nil else {
                    throw UsageError("option '\(spec.name)' given twice", command: command)
                }
                parsed.values[spec.name] = value
            } else {
                if inline != nil { throw UsageError("option '\(spec.name)' takes no value", command: command) }
                parsed.flags.insert(spec.name)
            }
        }
        if let config = parsed.values["--config"] { globals.configPath = config }
        if parsed.flags.contains("--verbose") { globals.logLevel = .debug }
        if parsed.flags.contains("--quiet") { globals.logLevel = .error }
        return parsed
    }

    /// Handles one global option at the front of `args`; false when it is not one.
    private func consumeGlobal(_ args: inout ArraySlice<String>, into globals: inout GlobalOptions) throws(UsageError) -> Bool {
        guard let first = args.first else { return false }
        switch first {
        case "-v", "--verbose": globals.logLevel = .debug
        case "-q", "--quiet": globals.logLevel = .error
        case "--config":
            args.removeFirst()
            guard let path = args.first else { throw UsageError("option '--config' needs a value FILE") }
            globals.configPath = path
        default:
            if first.hasPrefix("--config=") {
                globals.configPath = String(first.dropFirst("--config=".count))
            } else {
                return false
            }
        }
        args.removeFirst()
        return true
    }

    private func expectPositionals(_ p: [String], count: Int, command: String, what: String = "") throws(UsageError) {
        if p.count > count {
            throw UsageError("unexpected argument '\(p[count])' for '\(command)'", command: command)
        }
        if p.count < count { throw UsageError("'\(command)' needs \(what)", command: command) }
    }
}
