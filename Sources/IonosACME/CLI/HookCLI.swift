/// The command-line program: parse, load configuration, run the command, report errors.
public enum HookCLI {
    /// The version printed by `--version`.
    public static let version = "0.1.0"

    /// Runs one invocation and returns the process exit status.
    public static func run(arguments: [String], runtime: HookRuntime) -> Int32 {
        let console = runtime.console
        do {
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
        case .digest(let source):
            return try ToolCommands.digest(source, console: console)
        case .thumbprint(let path):
            return try ToolCommands.thumbprint(accountKey: path, console: console)
        default:
            let settings = try loadSettings(globals: globals, runtime: runtime)
            _ = try settings.requireAPIKey()
            console.printError("ionos-acme-hook: error: this command is not implemented yet")
            return .failure
        }
    }

    /// Loads the configuration and applies `-v`/`-q`.
    static func loadSettings(globals: GlobalOptions, runtime: HookRuntime) throws(ConfigError) -> Settings {
        let loader = ConfigLoader(environment: runtime.environment, files: runtime.files, userID: runtime.userID)
        var settings = try loader.load(configPath: globals.configPath)
        if let level = globals.logLevel { settings.logLevel = level }
        return settings
    }
}
