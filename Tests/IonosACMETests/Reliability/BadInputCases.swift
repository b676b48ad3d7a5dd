import Foundation

/// One bad input for one entry point, and what must come of it.
struct BadInputCase {
    /// A readable name, shown on failure.
    let name: String
    /// The hook's arguments; `$DIR` is replaced by the case's own directory.
    let args: [String]
    /// Variables set over the sandbox environment (`$DIR` replaced); a value of nil removes the variable.
    var env: [String: String?] = [:]
    /// The documented exit code (design.md "Exit codes").
    let exit: Int32
    /// Text the error line must contain (the cause named).
    var mentions: String? = nil
    /// Files to create in the case directory: name → (content, mode).
    var files: [String: (String, Int)] = [:]

    init(
        _ name: String, _ args: [String], env: [String: String?] = [:], exit: Int32, mentions: String? = nil,
        files: [String: (String, Int)] = [:]
    ) {
        self.name = name
        self.args = args
        self.env = env
        self.exit = exit
        self.mentions = mentions
        self.files = files
    }
}

/// The table of bad inputs through every entry point except API answers (see `BadAPIAnswerTests`).
enum BadInputTable {
    static let v = "ZTRx1Ckl1-tM05o5zaizTTA0yUy5AGereMgSNWC6Ll8"
    static let label64 = String(repeating: "a", count: 64)
    static let name254 = (0..<5).map { _ in String(repeating: "b", count: 60) }.joined(separator: ".") + ".example.test"

    static func certbot(_ vars: [String: String?]) -> [String: String?] {
        var env: [String: String?] = [
            "CERTBOT_DOMAIN": "example.test", "CERTBOT_VALIDATION": v, "CERTBOT_ALL_DOMAINS": "example.test",
            "CERTBOT_REMAINING_CHALLENGES": "0",
        ]
        for (k, value) in vars { env[k] = value }
        return env
    }

    static let standalone: [BadInputCase] = [
        BadInputCase("standalone: label of 64 octets", ["present", label64 + ".example.test", "--value", v], exit: 65, mentions: "63"),
        BadInputCase("standalone: name over 253 octets", ["present", name254, "--value", v], exit: 65, mentions: "253"),
        BadInputCase("standalone: empty name", ["present", "", "--value", v], exit: 65),
        BadInputCase("standalone: empty value", ["present", "example.test", "--value", ""], exit: 65, mentions: "empty"),
        BadInputCase("standalone: value with a space", ["present", "example.test", "--value", "abc def"], exit: 65, mentions: "space"),
        BadInputCase("standalone: value with a double quote", ["present", "example.test", "--value", "abc\"def"], exit: 65),
        BadInputCase("standalone: value with a tab", ["present", "example.test", "--value", "abc\tdef"], exit: 65),
        BadInputCase("standalone: value with a non-ASCII letter", ["present", "example.test", "--value", "abcdéf"], exit: 65),
        BadInputCase("standalone: value with a backslash", ["present", "example.test", "--value", "abc\\def"], exit: 65),
        BadInputCase("standalone: value with a newline", ["present", "example.test", "--value", "abc\ndef"], exit: 65),
        BadInputCase("standalone: value of 300 bytes", ["present", "example.test", "--value", String(repeating: "x", count: 300)], exit: 65),
        BadInputCase("standalone: name with a space", ["present", "exa mple.test", "--value", v], exit: 65),
        BadInputCase("standalone: empty label", ["present", "example..test", "--value", v], exit: 65),
        BadInputCase("standalone: two trailing dots", ["present", "example.test..", "--value", v], exit: 65),
        BadInputCase("standalone: wildcard not leftmost", ["present", "www.*.example.test", "--value", v], exit: 65),
        BadInputCase("standalone: double wildcard", ["present", "*.*.example.test", "--value", v], exit: 65),
        BadInputCase("standalone: name is only a dot", ["present", ".", "--value", v], exit: 65),
        BadInputCase("standalone: label with a slash", ["present", "a/b.example.test", "--value", v], exit: 65),
        BadInputCase("standalone: IDN with a disallowed symbol", ["present", "☃\u{0301}x.example.test", "--value", v], exit: 65),
        BadInputCase("standalone: IDN label starting with a combining mark", ["present", "\u{0301}a.example.test", "--value", v], exit: 65),
        BadInputCase("standalone: no zone for the name", ["present", "other.test", "--value", v], exit: 65, mentions: "other.test"),
        BadInputCase(
            "standalone: zone outside IONOS_ACME_ZONES", ["present", "www.example.test", "--value", v],
            env: ["IONOS_ACME_ZONES": "delegated.test"], exit: 65, mentions: "IONOS_ACME_ZONES"),
        BadInputCase("standalone: mistyped option", ["present", "example.test", "--valeu", v], exit: 64, mentions: "--valeu"),
        BadInputCase("standalone: option without its value", ["present", "example.test", "--value"], exit: 64),
        BadInputCase("standalone: two value sources", ["present", "example.test", "--value", v, "--key-authorization", "a.b"], exit: 64),
        BadInputCase("standalone: token without account key", ["present", "example.test", "--token", "t"], exit: 64),
        BadInputCase(
            "standalone: account key file missing", ["present", "example.test", "--token", "t", "--account-key", "$DIR/nokey.pem"],
            exit: 66, mentions: "nokey.pem"),
        BadInputCase(
            "standalone: account key file is garbage", ["present", "example.test", "--token", "t", "--account-key", "$DIR/key.pem"],
            exit: 65, files: ["key.pem": ("-----BEGIN PRIVATE KEY-----\nnot base64 !!\n-----END PRIVATE KEY-----\n", 0o600)]),
        BadInputCase(
            "standalone: account key JWK of the wrong shape", ["present", "example.test", "--token", "t", "--account-key", "$DIR/key.json"],
            exit: 65, files: ["key.json": ("{\"kty\": \"RSA\", \"n\": 5}", 0o600)]),
        BadInputCase("standalone: empty key authorization", ["present", "example.test", "--key-authorization", ""], exit: 65),
        BadInputCase("standalone: no arguments", ["present"], exit: 64),
        BadInputCase("standalone: value given twice", ["present", "example.test", "--value", v, "--value", v], exit: 64, mentions: "twice"),
        BadInputCase("records: invalid zone name", ["records", "bad..zone"], exit: 65),
        BadInputCase("prune: invalid age", ["prune", "--older-than", "soon"], exit: 64, mentions: "soon"),
        BadInputCase("unknown command", ["frobnicate"], exit: 64, mentions: "frobnicate"),
    ]

    static let clients: [BadInputCase] = [
        BadInputCase("lego: empty value", ["present", "_acme-challenge.example.test.", ""], exit: 65),
        BadInputCase("lego: empty FQDN", ["present", "", v], exit: 65),
        BadInputCase("lego: value with a space", ["present", "_acme-challenge.example.test.", "a b"], exit: 65),
        BadInputCase("lego: RAW with two words only", ["present", "--", "example.test", "tok en"], exit: 65),
        BadInputCase("lego: label of 64 octets", ["cleanup", "_acme-challenge.\(label64).example.test.", v], exit: 65),
        BadInputCase("lego: five words", ["present", "a", "b", "c", "d", "e"], exit: 64),
        BadInputCase("dehydrated: two arguments", ["deploy_challenge", "example.test", "tok"], exit: 64),
        BadInputCase("dehydrated: four arguments", ["deploy_challenge", "example.test", "tok", v, "example.test"], exit: 64),
        BadInputCase("dehydrated: empty domain", ["deploy_challenge", "", "tok", v], exit: 65),
        BadInputCase("dehydrated: value with a quote", ["deploy_challenge", "example.test", "tok", "ab\"c"], exit: 65),
        BadInputCase(
            "dehydrated: second triple bad, nothing added", ["deploy_challenge", "ok.example.test", "t", v, "bad..name", "t", v],
            exit: 65),
        BadInputCase("dehydrated: clean without arguments", ["clean_challenge"], exit: 64),
        BadInputCase("uacme: three arguments", ["begin", "dns-01", "example.test", "tok"], exit: 64),
        BadInputCase("uacme: empty ident", ["begin", "dns-01", "", "tok", v], exit: 65),
        BadInputCase("uacme: value with a space", ["begin", "dns-01", "example.test", "tok", "a b"], exit: 65),
        BadInputCase("uacme: name over 253 octets", ["done", "dns-01", name254, "tok", v], exit: 65),
        BadInputCase(
            "certbot: CERTBOT_DOMAIN empty", ["certbot-auth"], env: certbot(["CERTBOT_DOMAIN": ""]), exit: 64,
            mentions: "CERTBOT_DOMAIN"),
        BadInputCase(
            "certbot: CERTBOT_VALIDATION missing", ["certbot-auth"], env: certbot(["CERTBOT_VALIDATION": nil]), exit: 64,
            mentions: "CERTBOT_VALIDATION"),
        BadInputCase(
            "certbot: REMAINING not a number", ["certbot-auth"], env: certbot(["CERTBOT_REMAINING_CHALLENGES": "x"]), exit: 65,
            mentions: "CERTBOT_REMAINING_CHALLENGES"),
        BadInputCase("certbot: REMAINING negative", ["certbot-auth"], env: certbot(["CERTBOT_REMAINING_CHALLENGES": "-1"]), exit: 65),
        BadInputCase("certbot: CERTBOT_DOMAIN invalid", ["certbot-auth"], env: certbot(["CERTBOT_DOMAIN": "bad..name"]), exit: 65),
        BadInputCase("certbot: CERTBOT_VALIDATION with a quote", ["certbot-auth"], env: certbot(["CERTBOT_VALIDATION": "a\"b"]), exit: 65),
        BadInputCase("certbot: extra argument", ["certbot-auth", "extra"], env: certbot([:]), exit: 64),
        BadInputCase(
            "certbot: cleanup with CERTBOT_DOMAIN uppercase IDN label too long", ["certbot-cleanup"],
            env: certbot(["CERTBOT_DOMAIN": "Ä" + label64 + ".example.test"]), exit: 65),
    ]

    static let configuration: [BadInputCase] = [
        BadInputCase(
            "config: file readable by others", ["zones", "--config", "$DIR/conf"], env: ["IONOS_API_KEY": nil], exit: 77,
            mentions: "conf", files: ["conf": ("IONOS_API_KEY=abc.def\n", 0o644)]),
        BadInputCase(
            "config: line without '='", ["zones", "--config", "$DIR/conf"], exit: 78, mentions: "conf:2",
            files: ["conf": ("# comment\nIONOS_ACME_TTL 60\n", 0o600)]),
        BadInputCase(
            "config: unknown key", ["zones", "--config", "$DIR/conf"], exit: 78, mentions: "IONOS_ACME_TLL",
            files: ["conf": ("IONOS_ACME_TLL=60\n", 0o600)]),
        BadInputCase("config: --config file missing", ["zones", "--config", "$DIR/none"], exit: 66),
        BadInputCase("config: IONOS_ACME_CONFIG file missing", ["zones"], env: ["IONOS_ACME_CONFIG": "$DIR/none"], exit: 66),
        BadInputCase(
            "config: binary garbage", ["zones", "--config", "$DIR/conf"], exit: 78,
            files: ["conf": ("\u{01}\u{02}\u{7f}\u{fffd}garbage\n", 0o600)]),
        BadInputCase("env: TTL below 60", ["zones"], env: ["IONOS_ACME_TTL": "59"], exit: 78, mentions: "IONOS_ACME_TTL"),
        BadInputCase("env: timeout not a duration", ["zones"], env: ["IONOS_ACME_PROPAGATION_TIMEOUT": "abc"], exit: 78),
        BadInputCase("env: poll interval 0", ["zones"], env: ["IONOS_ACME_POLL_INTERVAL": "0"], exit: 78),
        BadInputCase("env: resolver not an address", ["zones"], env: ["IONOS_ACME_RESOLVER": "not-an-ip"], exit: 78),
        BadInputCase("env: DNS port 70000", ["zones"], env: ["IONOS_ACME_DNS_PORT": "70000"], exit: 78),
        BadInputCase("env: nameserver list with garbage", ["zones"], env: ["IONOS_ACME_NAMESERVERS": "127.0.0.2,,x"], exit: 78),
        BadInputCase("env: log level unknown", ["zones"], env: ["IONOS_ACME_LOG": "loud"], exit: 78),
        BadInputCase("env: NO_WAIT not a flag", ["zones"], env: ["IONOS_ACME_NO_WAIT": "maybe"], exit: 78),
        BadInputCase("env: key without a dot", ["zones"], env: ["IONOS_API_KEY": "nodot"], exit: 78),
        BadInputCase(
            "env: key and key file both", ["zones"], env: ["IONOS_API_KEY_FILE": "$DIR/k"], exit: 78,
            files: ["k": ("a.b\n", 0o600)]),
        BadInputCase("env: key file missing", ["zones"], env: ["IONOS_API_KEY": nil, "IONOS_API_KEY_FILE": "$DIR/none"], exit: 66),
        BadInputCase("env: prefix without secret", ["zones"], env: ["IONOS_API_KEY": nil, "IONOS_API_PREFIX": "p"], exit: 78),
        BadInputCase("env: no credentials", ["zones"], env: ["IONOS_API_KEY": nil], exit: 78),
        BadInputCase("env: API URL ftp://", ["zones"], env: ["IONOS_API_URL": "ftp://api.example.invalid/dns"], exit: 78),
        BadInputCase(
            "env: API URL http:// to a non-loopback host", ["zones"], env: ["IONOS_API_URL": "http://api.example.invalid/dns"],
            exit: 78),
    ]
}
