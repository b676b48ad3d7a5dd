/// Builds the roff man page `ionos-acme-hook(1)` from the same catalogs as `--help`.
///
/// `ionos-acme-hook manpage` prints it; `man/ionos-acme-hook.1` is its committed output and a test
/// keeps the two equal, so the page cannot drift from the code.
public enum ManPage {
    /// Where `make install PREFIX=/usr/local` puts the client wrappers (used in FILES and EXAMPLES).
    static let hooksDirectory = "/usr/local/share/ionos-acme-hook/hooks"

    /// The complete page for `version`, ending in a newline.
    public static func render(version: String) -> String {
        var page = Roff()
        page.request("TH", "IONOS\\-ACME\\-HOOK", "1", "", "ionos\\-acme\\-hook \(version)", "User Commands")
        page.request("nh")
        page.request("ad", "l")
        page.section("NAME")
        page.text("ionos-acme-hook - solve ACME DNS-01 challenges for domains hosted at IONOS")
        synopsis(&page)
        description(&page)
        commands(&page)
        options(&page)
        environment(&page)
        configFile(&page)
        files(&page)
        exitStatus(&page)
        ManPageExamples.render(&page)
        seeAlso(&page)
        return page.output
    }

    // MARK: - Sections

    private static func synopsis(_ page: inout Roff) {
        page.section("SYNOPSIS")
        page.raw(Roff.usageLine("COMMAND [ARGS...]", boldFirst: false))
        for spec in CommandCatalog.all {
            page.request("br")
            page.raw(Roff.usageLine(spec.usage))
        }
    }

    private static func description(_ page: inout Roff) {
        page.section("DESCRIPTION")
        page.text(
            "ionos-acme-hook lets an ACME client (certbot, dehydrated, lego, uacme, acme.sh) or a person at a shell "
                + "solve DNS-01 challenges for domains whose DNS is hosted at IONOS. It adds the _acme-challenge TXT "
                + "record through the IONOS Hosting DNS API, waits until every authoritative nameserver of the zone "
                + "serves it, returns, and afterwards removes exactly the value it added.")
        page.paragraph()
        page.text(
            "Records are only ever added (POST) and removed one by one (DELETE of the record whose value this run "
                + "added), so an apex and a wildcard challenge at one name keep both values and no other record of the "
                + "zone is touched. The zone is the longest IONOS zone that ends on a label boundary of the record name; "
                + "a CNAME at _acme-challenge.DOMAIN is followed first (delegated validation).")
        page.paragraph()
        page.text(
            "The command word selects the calling convention: each ACME client's hook form, the standalone "
                + "present/cleanup form, and tools to inspect and diagnose. Messages go to stderr, results to stdout.")
    }

    private static func commands(_ page: inout Roff) {
        page.section("COMMANDS")
        for spec in CommandCatalog.all {
            page.request("TP")
            page.raw(Roff.usageLine(spec.usage))
            page.text(spec.summary)
            for line in spec.details.split(separator: "\n") {
                page.request("br")
                page.text(String(line))
            }
            guard !spec.options.isEmpty else { continue }
            page.request("RS")
            for option in spec.options { optionItem(&page, option) }
            page.request("RE")
        }
    }

    private static func options(_ page: inout Roff) {
        page.section("OPTIONS")
        page.text("Every command accepts these options; they may also come before the command word.")
        for option in CommandSpec.globalOptions { optionItem(&page, option) }
        page.request("TP")
        page.raw("\\fB\\-V\\fR, \\fB\\-\\-version\\fR")
        page.text("print the version and exit")
    }

    private static func optionItem(_ page: inout Roff, _ option: OptionSpec) {
        page.request("TP")
        var tag = option.short.map { "\\fB\(Roff.escape($0))\\fR, " } ?? ""
        tag += "\\fB\(Roff.escape(option.name))\\fR"
        if let value = option.valueName { tag += " \\fI\(Roff.escape(value))\\fR" }
        page.raw(tag)
        page.text(option.help)
    }

    private static func environment(_ page: inout Roff) {
        page.section("ENVIRONMENT")
        page.text(
            "Settings come from the environment or from a config file; a variable in the environment wins. "
                + "Every variable X below may also be given as X_FILE, naming a file that holds the value "
                + "(for example a systemd credential); giving both X and X_FILE in one source is an error. "
                + "Within one source IONOS_API_KEY wins over IONOS_API_PREFIX + IONOS_API_SECRET, which win over "
                + "IONOS_PREFIX + IONOS_SECRET. No command-line flag takes a secret.")
        for variable in VariableCatalog.all {
            page.request("TP")
            page.raw("\\fB\(Roff.escape(variable.name))\\fR")
            page.text(variable.meaning)
            if let value = variable.defaultValue {
                page.request("br")
                page.text("Default: \(value).")
            }
        }
    }

    private static func configFile(_ page: inout Roff) {
        page.section("CONFIGURATION FILE")
        page.text(
            "One KEY=VALUE per line, with the variable names of ENVIRONMENT (X_FILE included). Blank lines and lines "
                + "starting with # or ; are ignored, [section] headers are skipped, an 'export ' prefix and one pair of "
                + "quotes around the value are allowed. The file must not be readable by group or others (mode 600), "
                + "or the hook refuses it (exit 77). An unknown key is an error (exit 78).")
        page.paragraph()
        let ini = ConfigFile.iniKeys.keys.sorted().map { "\($0) (\(ConfigFile.iniKeys[$0] ?? ""))" }
        page.text("The INI file of certbot-dns-ionos works as is; its keys are read as " + ini.joined(separator: ", ") + ".")
        page.paragraph()
        page.example([
            "# /etc/ionos-acme-hook.conf (chmod 600)",
            "IONOS_API_KEY=0123456789abcdef.your-secret-part",
            "IONOS_ACME_ZONES=example.com,example.org",
            "IONOS_ACME_PROPAGATION_TIMEOUT=15m",
        ])
    }

    private static func files(_ page: inout Roff) {
        page.section("FILES")
        let entries = [
            ("/etc/ionos-acme-hook.conf", "the system config file, read when neither --config nor IONOS_ACME_CONFIG is given"),
            ("~/.config/ionos-acme-hook/config", "read when the system file does not exist ($XDG_CONFIG_HOME is honoured)"),
            ("/var/lib/ionos-acme-hook", "state directory for root: records of a run pending between hook calls"),
            (
                hooksDirectory,
                "wrappers for ACME clients that cannot pass arguments (dehydrated, lego-exec, uacme, certbot-auth, "
                    + "certbot-cleanup, acme.sh/dns_ionos_hook.sh), installed with PREFIX=/usr/local"
            ),
        ]
        for (path, meaning) in entries {
            page.request("TP")
            page.raw("\\fI\(Roff.escape(path))\\fR")
            page.text(meaning)
        }
    }

    private static func exitStatus(_ page: inout Roff) {
        page.section("EXIT STATUS")
        for code in ExitCode.documented {
            page.request("TP")
            page.raw("\\fB\(code.rawValue)\\fR")
            page.text(code.summary)
        }
        page.paragraph()
        page.text("certbot ignores the exit status of its hooks: read its log (/var/log/letsencrypt/letsencrypt.log) when validation fails.")
    }

    private static func seeAlso(_ page: inout Roff) {
        page.section("SEE ALSO")
        page.raw("\\fBcertbot\\fR(1), \\fBdehydrated\\fR(1), \\fBlego\\fR(1), \\fBuacme\\fR(1), \\fBacme.sh\\fR, \\fBdig\\fR(1)")
    }
}

extension ExitCode {
    /// Every exit code the hook documents, in ascending order.
    public static let documented: [ExitCode] = [
        .success, .failure, .usage, .dataError, .noInput, .unavailable, .timeout, .noPermission, .config,
    ]

    /// What the code means for someone reading a log, and what to do about it.
    public var summary: String {
        switch self {
        case .success: "Success; also every dehydrated event the hook does not act on."
        case .failure: "uacme: a challenge type other than dns-01 was declined; otherwise an unexpected failure."
        case .usage: "The command line was wrong; the message names the offending word and the usage follows."
        case .dataError:
            "Bad input: an invalid name, value or key; no IONOS zone for the name (the zones the key can see are listed); "
                + "or a zone outside IONOS_ACME_ZONES."
        case .noInput: "An input file (account key, *_FILE, --config) is missing or unreadable."
        case .unavailable: "The IONOS API stayed unavailable (5xx, 429, timeouts) after bounded retries."
        case .timeout: "Propagation timeout: the message names the nameservers that still lacked the value and what they answered."
        case .noPermission: "IONOS rejected the API key (401/403), or the config file is readable by group or others."
        case .config: "Configuration missing or invalid: no credentials, a bad value, an http:// API URL to a non-loopback host."
        }
    }
}

// MARK: - Examples

/// The EXAMPLES section: one recipe per ACME client, plus the standalone and diagnostic forms.
enum ManPageExamples {
    /// Appends the EXAMPLES section to `page`.
    static func render(_ page: inout Roff) {
        let hooks = ManPage.hooksDirectory
        page.section("EXAMPLES")
        page.text("First check that the key, the zone and the nameservers are right; this changes nothing:")
        page.example(["ionos-acme-hook check example.com"])
        page.subsection("certbot")
        page.text("certbot runs the hooks through a shell and saves them in its renewal config, so 'certbot renew' reuses them:")
        page.example([
            "certbot certonly --manual --preferred-challenges dns \\",
            "    --manual-auth-hook 'ionos-acme-hook certbot-auth' \\",
            "    --manual-cleanup-hook 'ionos-acme-hook certbot-cleanup' \\",
            "    -d example.com -d '*.example.com'",
        ])
        page.subsection("dehydrated")
        page.text("In a file of /etc/dehydrated/conf.d/, then list 'example.com *.example.com' in domains.txt and run 'dehydrated --cron':")
        page.example(["CHALLENGETYPE=dns-01", "HOOK=\(hooks)/dehydrated", "HOOK_CHAIN=yes"])
        page.subsection("lego")
        page.text("lego cannot pass arguments to EXEC_PATH, hence the wrapper; EXEC_SEQUENCE_INTERVAL shortens lego's pause between names:")
        page.example([
            "EXEC_PATH=\(hooks)/lego-exec \\",
            "EXEC_SEQUENCE_INTERVAL=5 \\",
            "    lego --email you@example.com --dns exec \\",
            "    --domains example.com --domains '*.example.com' run",
        ])
        page.subsection("uacme")
        page.text("uacme offers every challenge type; the hook declines all but dns-01:")
        page.example(["uacme -h \(hooks)/uacme \\", "    issue example.com '*.example.com'"])
        page.subsection("acme.sh")
        page.text("acme.sh sources a shell file instead of running a program; the hook already waited, so --dnssleep skips acme.sh's own DNS check:")
        page.example([
            "cp \(hooks)/acme.sh/dns_ionos_hook.sh \\",
            "    ~/.acme.sh/dnsapi/",
            "acme.sh --issue --dns dns_ionos_hook \\",
            "    -d example.com -d '*.example.com' --dnssleep 1",
        ])
        page.subsection("By hand")
        page.text("Add a value, remove exactly that value, then list and remove challenge records left behind by crashed runs:")
        page.example([
            "ionos-acme-hook present example.com --value \"$VALUE\"",
            "ionos-acme-hook cleanup example.com --value \"$VALUE\"",
            "ionos-acme-hook prune --older-than 1d --apply",
        ])
    }
}

// MARK: - Roff

/// A roff document under construction: requests, escaped text and raw formatted lines.
struct Roff {
    /// The text so far.
    private(set) var output = ""

    /// Appends a request line `.NAME ARG...`; arguments are used as given and quoted when needed.
    mutating func request(_ name: String, _ arguments: String...) {
        let args = arguments.map { $0.isEmpty || $0.contains(" ") ? "\"\($0)\"" : $0 }
        output += "." + ([name] + args).joined(separator: " ") + "\n"
    }

    /// Starts a section.
    mutating func section(_ title: String) { request("SH", title) }

    /// Starts a subsection.
    mutating func subsection(_ title: String) { request("SS", Self.escape(title)) }

    /// Starts a new paragraph.
    mutating func paragraph() { request("PP") }

    /// Appends plain text, escaped, one output line per input line.
    mutating func text(_ text: String) {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) { raw(Self.escape(String(line))) }
    }

    /// Appends a line that is already roff (fonts set with `\f`).
    mutating func raw(_ line: String) {
        let guarded = line.hasPrefix(".") || line.hasPrefix("'") ? "\\&" + line : line
        output += guarded + "\n"
    }

    /// Appends an indented, unfilled block of literal lines.
    mutating func example(_ lines: [String]) {
        request("PP")
        request("RS", "4")
        request("nf")
        for line in lines { raw(Self.escape(line)) }
        request("fi")
        request("RE")
    }

    /// The text with roff's special characters escaped (backslash, minus).
    static func escape(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "\\": out += "\\e"
            case "-": out += "\\-"
            default: out.append(ch)
            }
        }
        return out
    }

    /// A usage line: the program and (when `boldFirst`) the command word in bold, option names bold,
    /// METAVARIABLES in italics.
    static func usageLine(_ usage: String, boldFirst: Bool = true) -> String {
        var out = "\\fBionos\\-acme\\-hook\\fR"
        for (index, word) in usage.split(separator: " ").enumerated() {
            out += " " + formatWord(String(word), command: boldFirst && index == 0)
        }
        return out
    }

    /// One word of a usage line, split into name runs (formatted) and punctuation (plain).
    private static func formatWord(_ word: String, command: Bool) -> String {
        var out = ""
        var run = ""
        func flush() {
            guard !run.isEmpty else { return }
            let hasLetter = run.contains { $0.isLetter }
            if command || run.hasPrefix("-") {
                out += "\\fB\(escape(run))\\fR"
            } else if hasLetter && run == run.uppercased() {
                out += "\\fI\(escape(run))\\fR"
            } else {
                out += escape(run)
            }
            run = ""
        }
        for ch in word {
            if ch.isLetter || ch.isNumber || ch == "-" || ch == "_" || ch == "." {
                run.append(ch)
            } else {
                flush()
                out += escape(String(ch))
            }
        }
        flush()
        return out
    }
}
