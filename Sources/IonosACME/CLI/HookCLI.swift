/// The command-line program: parse, load configuration, run the command, report errors.
public enum HookCLI {
    /// The version printed by `--version`.
    public static let version = "0.1.0"

    /// Runs one invocation and returns the process exit status.
    public static func run(arguments: [String], runtime: HookRuntime) -> Int32 {
        let console = runtime.console
        do {
            if let hidden = try HiddenCommand.parse(arguments) {
                console.print(String(hidden.output(version: version).dropLast()))
                return ExitCode.success.rawValue
            }
            let (invocation, globals) = try ArgumentParser(environment: runtime.environment).parse(arguments)
            return try execute(invocation, globals: globals, runtime: runtime).rawValue
        } catch {
            return ErrorReport.report(error, console: console).rawValue
        }
    }

    /// Runs a parsed invocation.
    static func execute(_ invocation: Invocation, globals: GlobalOptions, runtime: HookRuntime) throws -> ExitCode {
        let console = runtime.console
        switch invocation {
        case .help(let topic):
            if let topic {
                guard let spec = CommandCatalog.spec(topic) else { throw UsageError("no help for unknown command '\(topic)'") }
                console.print(spec.helpText)
            } else {
                console.print(CommandCatalog.toolHelp(version: version))
            }
            return .success
        case .version:
            console.print("ionos-acme-hook \(version)")
            return .success
        case .ignoredEvent:
            return .success
        case .demo:
            return try DemoCommand(runtime: runtime, logLevel: globals.logLevel ?? .info).run()
        case .uacme(let method, let type, _, _, _) where type != "dns-01":
            // uacme offers every challenge type; declining needs no credentials and no network.
            return method == "begin" ? .failure : .success
        case .digest(let source):
            return try ToolCommands.digest(source, console: console)
        case .thumbprint(let path):
            return try ToolCommands.thumbprint(accountKey: path, console: console)
        default:
            var settings = try loadSettings(globals: globals, runtime: runtime)
            if case .certbot = invocation, globals.logLevel == nil, !settings.logLevelIsExplicit {
                // certbot reports any stderr output of a hook as "ran with error output": stay quiet
                // unless something is wrong (IONOS_ACME_LOG=info or -v brings the progress back).
                settings.logLevel = .warn
            }
            let logger = makeLogger(settings: settings, console: console)
            let parts = Composition(settings: settings, runtime: runtime, logger: logger)
            return try runCommand(invocation, settings: settings, parts: parts, logger: logger)
        }
    }

    /// Runs a command that needs the configuration (and, for most, the IONOS API).
    static func runCommand(_ invocation: Invocation, settings: Settings, parts: Composition, logger: Logger) throws -> ExitCode {
        let console = parts.runtime.console
        switch invocation {
        case .zones(let json):
            return try ZoneCommands(records: parts.recordService(), console: console).zones(json: json)
        case .records(let zone, let type, let name, let all, let json):
            return try ZoneCommands(records: parts.recordService(), console: console)
                .records(zone: zone, type: type, name: name, all: all, json: json)
        case .prune(let age, let apply):
            return try ZoneCommands(records: parts.recordService(), console: console).prune(olderThan: age, apply: apply)
        case .check(let domain):
            return try CheckCommand(records: parts.recordService(), dns: parts.dns(), settings: settings, console: console)
                .run(domain: domain)
        case .certbot(let auth):
            let hook = CertbotHook(
                environment: parts.runtime.environment, solver: try parts.solver(),
                store: RunStateStore(directory: settings.stateDir), console: console, logger: logger,
                wait: !settings.noWait, runOwner: ProcessAncestry.clientKey())
            return auth ? try hook.auth() : try hook.cleanup()
        case .dehydrated(let deploy, let challenges):
            let hooks = ClientHooks(solver: try parts.solver(), logger: logger, wait: !settings.noWait)
            return deploy ? try hooks.dehydratedDeploy(challenges) : try hooks.dehydratedClean(challenges)
        case .lego(let present, let name, let value):
            return try ClientHooks(solver: parts.solver(), logger: logger, wait: !settings.noWait)
                .lego(present: present, name: name, value: value)
        case .uacme(let method, _, let ident, _, let auth):
            return try ClientHooks(solver: parts.solver(), logger: logger, wait: !settings.noWait)
                .uacme(method: method, ident: ident, auth: auth)
        case .standalone(let present, let name, let value, let noWait):
            return try ClientHooks(solver: parts.solver(), logger: logger, wait: !settings.noWait)
                .standalone(present: present, name: name, value: value, noWait: noWait)
        case .help, .version, .ignoredEvent, .demo, .digest, .thumbprint:
            // Handled by `execute` before any configuration is read.
            return try execute(invocation, globals: GlobalOptions(), runtime: parts.runtime)
        }
    }

    /// The logger for a run: stderr at the configured level.
    static func makeLogger(settings: Settings, console: Console) -> Logger {
        Logger(level: settings.logLevel) { line in console.printError(line) }
    }

    /// Loads the configuration and applies `-v`/`-q`.
    static func loadSettings(globals: GlobalOptions, runtime: HookRuntime) throws(ConfigError) -> Settings {
        let loader = ConfigLoader(environment: runtime.environment, files: runtime.files, userID: runtime.userID)
        var settings = try loader.load(configPath: globals.configPath)
        if let level = globals.logLevel { settings.logLevel = level }
        return settings
    }
}
