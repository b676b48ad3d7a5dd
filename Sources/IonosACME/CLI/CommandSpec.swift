/// One option of a command: its spelling, whether it takes a value, and its help text.
public struct OptionSpec: Sendable {
    /// Long name with dashes, e.g. `--value`.
    public let name: String
    /// Short alias with one dash, e.g. `-v`, if any.
    public let short: String?
    /// Placeholder of the value (`V`, `FILE`), or nil for a flag.
    public let valueName: String?
    /// One-line help.
    public let help: String

    init(_ name: String, short: String? = nil, value: String? = nil, _ help: String) {
        self.name = name
        self.short = short
        self.valueName = value
        self.help = help
    }
}

/// A command word with its usage, summary and options: the single source of `--help` texts.
public struct CommandSpec: Sendable {
    /// The first argument that selects the command.
    public let name: String
    /// The usage line after `ionos-acme-hook`.
    public let usage: String
    /// One-line summary for the command list.
    public let summary: String
    /// Further explanation shown by `NAME --help`.
    public let details: String
    /// Options this command accepts (global ones are added by the parser).
    public let options: [OptionSpec]

    /// The `--help` text of this command.
    public var helpText: String {
        var text = "usage: ionos-acme-hook \(usage)\n\n\(summary)\n"
        if !details.isEmpty { text += "\n\(details)\n" }
        let all = options + CommandSpec.globalOptions
        text += "\noptions:\n"
        for o in all {
            var left = o.short.map { "\($0), " } ?? ""
            left += o.name + (o.valueName.map { " \($0)" } ?? "")
            text += "  " + left.padding(to: 30) + o.help + "\n"
        }
        return text
    }

    /// Options every command accepts.
    public static let globalOptions: [OptionSpec] = [
        OptionSpec("--config", value: "FILE", "read settings from FILE (KEY=VALUE or certbot-dns-ionos INI)"),
        OptionSpec("--verbose", short: "-v", "log more (debug)"),
        OptionSpec("--quiet", short: "-q", "log errors only"),
        OptionSpec("--help", short: "-h", "show this help"),
    ]
}

extension String {
    /// The string padded with spaces to at least `width` characters (plus one space when longer).
    func padding(to width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
