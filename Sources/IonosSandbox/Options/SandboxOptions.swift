/// Everything `ionos-sandbox` can be told on its command line (and more, for in-process use).
public struct SandboxOptions: Sendable {
    /// The fixed development key accepted when `--api-key` is not given.
    public static let developmentKey =
        "5a0db0c5a0db0c5a0db0c5a0db0c5a0d.sandbox-development-key_not-a-secret_"
        + "0123456789abcdefghijklmnopqrstuvwxyz"

    /// API listen host (`--api HOST:PORT`).
    public var apiHost = "127.0.0.1"
    /// API listen port; 0 picks a free port.
    public var apiPort: UInt16 = 0
    /// Port of every DNS listener (`--dns-port`).
    public var dnsPort: UInt16 = 5353
    /// Address of the resolver-like listener (`--resolver-ip`).
    public var resolverIP = "127.0.0.1"
    /// One authoritative listener per address (`--nameserver-ips`).
    public var nameserverIPs = ["127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"]
    /// Delay before a change is served (`--lag`).
    public var lag = LagSpec.fixed(0)
    /// JSON seed file (`--zones`); nil uses `seedZones` or the built-in seed.
    public var zonesFile: String?
    /// Seed zones given in-process; used when `zonesFile` is nil (nil means the built-in seed).
    public var seedZones: [ZoneSeed]?
    /// The one API key accepted (`--api-key`).
    public var apiKey = SandboxOptions.developmentKey
    /// Injected faults (`--faults`); nil for none.
    public var faults: FaultSpec?
    /// Where to write the ready file once listening (`--ready-file`).
    public var readyFile: String?
    /// Where to append one JSON line per API request (`--request-log`).
    public var requestLog: String?
    /// Seed of record ids and lag draws (`--seed`); nil draws from the clock.
    public var seed: UInt64?
    /// Suppresses the start-up lines on stderr (`--quiet`).
    public var quiet = false
    /// Most concurrent HTTP connections; more are answered 503 and closed.
    public var maxConnections = 256

    /// Creates the defaults of design.md.
    public init() {}

    /// The usage text of `ionos-sandbox --help`.
    public static let usage = """
        usage: ionos-sandbox [options]
          --api HOST:PORT          API listen address (port 0 = any free port)   [127.0.0.1:0]
          --dns-port PORT          port of every DNS listener                    [5353]
          --resolver-ip IP         resolver-like listener (RD honoured)          [127.0.0.1]
          --nameserver-ips IP,...  authoritative listeners                       [127.0.0.2,...,127.0.0.5]
          --lag SPEC               3s | 0s,1s,2s,8s (per nameserver) | 1s..5s    [0s]
          --zones FILE             JSON seed [{"name","records":[{name,type,content,ttl}]}]
          --api-key PREFIX.SECRET  the one key accepted                          [development key]
          --faults SPEC            rate=0.2,kinds=500+429+reset+slow,seed=7[,delay=35s]
          --ready-file FILE        written once listening
          --request-log FILE       one JSON line per API request
          --seed N                 seed of record ids and lag draws
          --quiet                  no start-up lines on stderr
          --help                   this text
        """
}

// MARK: - Parsing

extension SandboxOptions {
    /// What the command line asks for: run with options, or print help.
    public enum Command: Sendable {
        /// Start the sandbox with these options.
        case run(SandboxOptions)
        /// Print the usage text and exit 0.
        case help
    }

    /// Parses the arguments after the program name; throws `SandboxError.usage` quoting the offending token.
    public static func parse(arguments: [String]) throws(SandboxError) -> Command {
        var options = SandboxOptions()
        var index = 0
        while index < arguments.count {
            let token = arguments[index]
            index += 1
            if token == "--help" || token == "-h" { return .help }
            if token == "--quiet" || token == "-q" { options.quiet = true; continue }
            let (flag, inlineValue) = split(token)
            guard flag.hasPrefix("--"), knownFlags.contains(flag) else {
                throw .usage("unknown argument '\(token)'")
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else {
                guard index < arguments.count else { throw .usage("'\(flag)' needs a value") }
                value = arguments[index]
                index += 1
            }
            try options.apply(flag: flag, value: value)
        }
        try options.validate()
        return .run(options)
    }

    static let knownFlags: Set<String> = [
        "--api", "--dns-port", "--resolver-ip", "--nameserver-ips", "--lag", "--zones", "--api-key",
        "--faults", "--ready-file", "--request-log", "--seed",
    ]

    private static func split(_ token: String) -> (String, String?) {
        let parts = token.splitOnce("=")
        return parts.count == 2 && token.hasPrefix("--") ? (parts[0], parts[1]) : (token, nil)
    }

    private mutating func apply(flag: String, value: String) throws(SandboxError) {
        switch flag {
        case "--api":
            guard let (host, port) = SandboxOptions.hostPort(value) else { throw .usage("invalid --api '\(value)'") }
            (apiHost, apiPort) = (host, port)
        case "--dns-port":
            guard let port = UInt16(value), port > 0 else { throw .usage("invalid --dns-port '\(value)'") }
            dnsPort = port
        case "--resolver-ip":
            guard SocketAddress(ip: value, port: 0) != nil else { throw .usage("invalid --resolver-ip '\(value)'") }
            resolverIP = value
        case "--nameserver-ips":
            let ips = value.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if let bad = ips.first(where: { SocketAddress(ip: $0, port: 0) == nil }) {
                throw .usage("invalid address '\(bad)' in --nameserver-ips")
            }
            nameserverIPs = ips
        case "--lag":
            guard let spec = LagSpec.parse(value) else { throw .usage("invalid --lag '\(value)'") }
            lag = spec
        case "--faults":
            faults = try FaultSpec.parse(value).get()
        case "--seed":
            guard let s = UInt64(value) else { throw .usage("invalid --seed '\(value)'") }
            seed = s
        default:
            try applyText(flag: flag, value: value)
        }
    }

    private mutating func applyText(flag: String, value: String) throws(SandboxError) {
        guard !value.isEmpty else { throw .usage("'\(flag)' needs a non-empty value") }
        switch flag {
        case "--zones": zonesFile = value
        case "--ready-file": readyFile = value
        case "--request-log": requestLog = value
        default:
            let halves = value.split(separator: ".", omittingEmptySubsequences: false)
            guard halves.count == 2, !halves[0].isEmpty, !halves[1].isEmpty,
                value.allSatisfy({ $0.isASCII && !$0.isWhitespace })
            else { throw .usage("invalid --api-key '\(value)' (expected PREFIX.SECRET)") }
            apiKey = value
        }
    }

    /// Checks combinations of flags (the per-nameserver lag list must match the nameservers).
    public func validate() throws(SandboxError) {
        if case .perServer(let list) = lag, list.count != nameserverIPs.count {
            throw .usage(
                "--lag lists \(list.count) delays but there are \(nameserverIPs.count) nameservers")
        }
        if nameserverIPs.isEmpty { throw .usage("'--nameserver-ips' needs at least one address") }
    }

    /// Splits `HOST:PORT` or `[V6]:PORT`.
    static func hostPort(_ text: String) -> (String, UInt16)? {
        var host: Substring, portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { return nil }
            portText = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":") else { return nil }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        if host == "localhost" { host = "127.0.0.1" }
        guard let port = UInt16(portText), SocketAddress(ip: String(host), port: port) != nil else { return nil }
        return (String(host), port)
    }
}
