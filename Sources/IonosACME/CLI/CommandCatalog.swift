/// Every command of `ionos-acme-hook`, with the texts shown by `--help`.
public enum CommandCatalog {
    static let valueOptions: [OptionSpec] = [
        OptionSpec("--value", value: "V", "the TXT value itself (the base64url digest ACME clients pass)"),
        OptionSpec("--key-authorization", value: "KA", "a key authorization token.thumbprint; its digest is used"),
        OptionSpec("--token", value: "T", "the challenge token (with --account-key)"),
        OptionSpec("--account-key", value: "FILE", "ACME account key: PEM (RSA/EC) or JWK JSON (certbot's private_key.json)"),
    ]

    /// All commands, in the order `--help` lists them.
    public static let all: [CommandSpec] = [
        CommandSpec(
            name: "present", usage: "present DOMAIN|RECORD-NAME (--value V | --key-authorization KA | --token T --account-key FILE) [--no-wait]",
            summary: "Add the _acme-challenge TXT record and wait until every authoritative nameserver serves it.",
            details: "A domain gets '_acme-challenge.' prepended; a name that already has an _acme-challenge label is used as is.\n"
                + "lego's exec forms are accepted too: 'present FQDN. VALUE' and 'present -- DOMAIN TOKEN KEYAUTH' (EXEC_MODE=RAW).",
            options: valueOptions + [OptionSpec("--no-wait", "return right after IONOS accepted the record")]),
        CommandSpec(
            name: "cleanup", usage: "cleanup DOMAIN|RECORD-NAME (--value V | --key-authorization KA | --token T --account-key FILE)",
            summary: "Remove exactly the TXT value given; other values at the name stay.",
            details: "lego's exec forms are accepted too: 'cleanup FQDN. VALUE' and 'cleanup -- DOMAIN TOKEN KEYAUTH'.",
            options: valueOptions),
        CommandSpec(
            name: "certbot-auth", usage: "certbot-auth",
            summary: "certbot --manual-auth-hook: add CERTBOT_VALIDATION at _acme-challenge.CERTBOT_DOMAIN; the last challenge waits for all.",
            details:
                "Use: certbot certonly --manual --preferred-challenges dns --manual-auth-hook 'ionos-acme-hook certbot-auth' --manual-cleanup-hook 'ionos-acme-hook certbot-cleanup' -d example.com -d '*.example.com'",
            options: []),
        CommandSpec(
            name: "certbot-cleanup", usage: "certbot-cleanup",
            summary: "certbot --manual-cleanup-hook: remove the value added by certbot-auth.", details: "", options: []),
        CommandSpec(
            name: "deploy_challenge", usage: "deploy_challenge DOMAIN TOKEN_FILE VALUE [DOMAIN TOKEN_FILE VALUE ...]",
            summary: "dehydrated hook: add every record, then wait once for all (HOOK_CHAIN=yes passes several triples).",
            details: "clean_challenge takes the same arguments. Every other dehydrated event exits 0 and prints nothing.",
            options: []),
        CommandSpec(
            name: "clean_challenge", usage: "clean_challenge DOMAIN TOKEN_FILE VALUE [DOMAIN TOKEN_FILE VALUE ...]",
            summary: "dehydrated hook: remove the values added by deploy_challenge.", details: "", options: []),
        CommandSpec(
            name: "begin", usage: "begin|done|failed TYPE IDENT TOKEN AUTH",
            summary: "uacme hook: 'begin dns-01' adds and waits, done/failed remove; other types are declined (exit 1).",
            details: "", options: []),
        CommandSpec(
            name: "digest", usage: "digest (--key-authorization KA | --token T --account-key FILE)",
            summary: "Print the DNS-01 TXT value: base64url(SHA-256(key authorization)).", details: "",
            options: Array(valueOptions.dropFirst())),
        CommandSpec(
            name: "thumbprint", usage: "thumbprint --account-key FILE",
            summary: "Print the RFC 7638 JWK thumbprint of an ACME account key.", details: "",
            options: [valueOptions[3]]),
        CommandSpec(
            name: "zones", usage: "zones [--json]", summary: "List the zones the API key can see.", details: "",
            options: [OptionSpec("--json", "print JSON")]),
        CommandSpec(
            name: "records", usage: "records ZONE [--type T] [--name N] [--all] [--json]",
            summary: "List the records of a zone (SOA and NS hidden unless --all).", details: "",
            options: [
                OptionSpec("--type", value: "T", "only records of type T (e.g. TXT)"),
                OptionSpec("--name", value: "N", "only records named N (absolute name)"),
                OptionSpec("--all", "include SOA and NS records"),
                OptionSpec("--json", "print JSON"),
            ]),
        CommandSpec(
            name: "check", usage: "check DOMAIN",
            summary: "Diagnose credentials, zone, nameservers and CNAME delegation for DOMAIN; changes nothing.",
            details: "", options: []),
        CommandSpec(
            name: "prune", usage: "prune [--older-than 1h] [--apply]",
            summary: "List _acme-challenge TXT records older than a limit; with --apply, remove them.", details: "",
            options: [
                OptionSpec("--older-than", value: "AGE", "age limit: 90s, 30m, 1h (default), 2d"),
                OptionSpec("--apply", "delete them (without it, only list)"),
            ]),
        CommandSpec(
            name: "demo", usage: "demo",
            summary: "Start the built-in sandbox, solve apex + wildcard for example.test with progress, clean up, print timings.",
            details: "", options: []),
    ]

    /// The spec of a command word (`done` and `failed` share `begin`'s).
    public static func spec(_ name: String) -> CommandSpec? {
        let key = (name == "done" || name == "failed") ? "begin" : name
        return all.first { $0.name == key }
    }

    /// The tool's `--help` text.
    public static func toolHelp(version: String) -> String {
        var text = "ionos-acme-hook \(version): solve ACME DNS-01 challenges for domains hosted at IONOS.\n\n"
        text += "usage: ionos-acme-hook COMMAND [ARGS...]\n\ncommands:\n"
        for c in all { text += "  " + c.name.padding(to: 18) + c.summary + "\n" }
        text += """

            Run 'ionos-acme-hook COMMAND --help' for a command's options.
            Credentials: IONOS_API_KEY=prefix.secret (or IONOS_API_PREFIX + IONOS_API_SECRET, or *_FILE variants),
            or a config file (--config FILE, IONOS_ACME_CONFIG, /etc/ionos-acme-hook.conf).
            Exit codes: 0 ok, 1 failure/uacme decline, 64 usage, 65 bad input, 66 file missing,
            69 IONOS unavailable, 75 propagation timeout, 77 key rejected or config readable by others,
            78 configuration missing or invalid.

            """
        return text
    }
}
