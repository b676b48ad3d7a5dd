import Glibc
import Synchronization

/// A local IONOS: the API over HTTP on loopback plus authoritative DNS with lag, embeddable in-process.
///
/// `init` checks the options and builds the zones; `start` opens every listener and writes the ready file;
/// `stop` closes them again.
///
/// Choices where ionos-api.md marks IONOS's behaviour as unknown:
/// - unknown zone id: 404 `[{"code":"ZONE_NOT_FOUND","message":"Zone does not exist."}]`;
/// - unknown path: 404 `{"message":"no Route matched with those values"}` (Kong's answer); wrong method: 405;
/// - a record name with a trailing dot is refused like a relative one (400 INVALID_RECORD, invalidFields name);
/// - a relative `recordName` filter: 400 INVALID_REQUEST "Invalid 'recordName' request parameter.";
/// - `suffix` matches on label boundaries (`sub.example.com` does not match `xsub.example.com`);
/// - PUT of a record: omitted fields keep their values; PATCH/PUT of a zone give new ids to every record sent;
/// - PUT of a zone keeps the apex SOA and NS records unless the body brings apex records of that type;
/// - a rejected batch (any invalid item) applies nothing and lists one error item per invalid record;
/// - fault `429` answers like the Kong gateway's rate limiter: `{"message":"API rate limit exceeded"}`;
/// - DNS: the served SOA serial is the seeded serial plus the served change number; negative answers carry the SOA
///   with TTL min(SOA TTL, SOA minimum) = 600; the resolver answers NXDOMAIN for names outside every zone,
///   authoritative listeners answer REFUSED.
public final class Sandbox: Sendable {
    /// The options it was created with.
    public let options: SandboxOptions
    private let store: ZoneStore
    private let api: APIHandler
    private let requestLog: RequestLog?
    private let nameserverAddresses_: [SocketAddress]
    private let resolverAddress_: SocketAddress
    private struct Running {
        let http: HTTPServer
        let dns: [DNSServer]
    }
    private let running = Mutex<Running?>(nil)

    /// Checks the options and builds the zones from the seed; opens nothing yet.
    public init(options: SandboxOptions) throws(SandboxError) {
        try options.validate()
        self.options = options
        nameserverAddresses_ = try options.nameserverIPs.map { ip throws(SandboxError) in
            guard let a = SocketAddress(ip: ip, port: options.dnsPort) else { throw .usage("invalid address '\(ip)'") }
            return a
        }
        guard let resolver = SocketAddress(ip: options.resolverIP, port: options.dnsPort) else {
            throw .usage("invalid --resolver-ip '\(options.resolverIP)'")
        }
        resolverAddress_ = resolver
        let seed = try Sandbox.seed(options)
        let random = SeededRandom(seed: options.seed)
        store = try ZoneStore(seed: seed, random: random, lag: options.lag, serverCount: options.nameserverIPs.count)
        requestLog = try options.requestLog.map { path throws(SandboxError) in try RequestLog(path: path) }
        let infos = nameserverAddresses_.enumerated().map {
            APIHandler.NameserverInfo(address: $1.text, lag: options.lag.nominal(server: $0))
        }
        api = APIHandler(
            store: store, apiKey: options.apiKey, faults: options.faults.map(FaultInjector.init), log: requestLog,
            nameservers: infos)
    }

    private static func seed(_ options: SandboxOptions) throws(SandboxError) -> [ZoneSeed] {
        guard let path = options.zonesFile else { return options.seedZones ?? ZoneSeed.defaultSeed }
        guard let text = readFile(path) else { throw .zonesFileUnreadable(path: path) }
        return try ZoneSeed.parse(json: text)
    }

    /// Opens the API and every DNS listener, then writes the ready file (atomically).
    public func start() throws(SandboxError) {
        guard running.withLock({ $0 == nil }) else { return }
        guard let apiAddress = SocketAddress(ip: options.apiHost, port: options.apiPort) else {
            throw .usage("invalid --api host '\(options.apiHost)'")
        }
        let handler = api
        let http = try HTTPServer(address: apiAddress, maxConnections: options.maxConnections) { handler.handle($0) }
        var dns: [DNSServer] = []
        do {
            for (index, address) in nameserverAddresses_.enumerated() {
                let responder = DNSResponder(role: .authoritative(index: index), store: store, nameservers: nameserverAddresses_)
                dns.append(try DNSServer(address: address, responder: responder))
            }
            let resolver = DNSResponder(role: .resolver, store: store, nameservers: nameserverAddresses_)
            dns.append(try DNSServer(address: resolverAddress_, responder: resolver))
        } catch {
            for server in dns { server.start(); server.stop() }
            http.start()
            http.stop()
            throw error
        }
        http.start()
        for server in dns { server.start() }
        running.withLock { $0 = Running(http: http, dns: dns) }
        if let path = options.readyFile {
            do { try writeReadyFile(path) } catch {
                stop()
                throw error
            }
        }
    }

    /// Closes every listener and open connection; safe to call more than once.
    public func stop() {
        guard
            let r = running.withLock({ state -> Running? in
                defer { state = nil }; return state
            })
        else { return }
        r.http.stop()
        for server in r.dns { server.stop() }
    }

    deinit {
        stop()
        requestLog?.close()
    }

    // MARK: - Addresses

    /// The API base URL, `http://HOST:PORT/dns` (`/v1/...` is appended by clients).
    public var apiURL: String {
        let address = running.withLock { $0?.http.address } ?? SocketAddress(ip: options.apiHost, port: options.apiPort)
        return "http://\(address?.text ?? "\(options.apiHost):\(options.apiPort)")/dns"
    }

    /// The one API key accepted.
    public var apiKey: String { options.apiKey }

    /// The resolver listener as `IP:PORT`.
    public var resolverAddress: String { resolverAddress_.text }

    /// The authoritative listeners as `IP:PORT`, in `--nameserver-ips` order.
    public var nameserverAddresses: [String] { nameserverAddresses_.map(\.text) }

    // MARK: - State

    /// The `/_sandbox/state` document.
    public func state() -> JSONValue { api.stateJSON() }

    /// Puts the zones back to the seed (served at once by every nameserver).
    public func reset() { store.reset() }

    /// The ready-file document: `{"api", "apiKey", "resolver", "nameservers"}`.
    public var readyJSON: JSONValue {
        .object([
            ("api", .string(apiURL)), ("apiKey", .string(apiKey)), ("resolver", .string(resolverAddress)),
            ("nameservers", .array(nameserverAddresses.map { .string($0) })),
        ])
    }

    private func writeReadyFile(_ path: String) throws(SandboxError) {
        let temporary = path + ".tmp.\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .writeFailed(path: path, reason: Socket.errorText()) }
        var bytes = Array((readyJSON.serialized + "\n").utf8)
        let written = bytes.withUnsafeMutableBytes { write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd) == 0
        close(fd)
        guard written == bytes.count, synced, rename(temporary, path) == 0 else {
            let reason = Socket.errorText()
            unlink(temporary)
            throw .writeFailed(path: path, reason: reason)
        }
    }
}

/// Reads a whole file as UTF-8 text; nil when it cannot be read.
func readFile(_ path: String) -> String? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var data: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n < 0 && errno == EINTR { continue }
        if n < 0 { return nil }
        if n == 0 { break }
        data += chunk[0..<n]
    }
    return String(decoding: data, as: UTF8.self)
}
