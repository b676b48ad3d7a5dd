import DNSWire
import IonosACME
import Synchronization

/// A manual clock for the propagation tests: `sleep` advances time at once.
final class PropagationTestClock: Clock {
    private let time = Mutex<Double>(0)

    func now() -> Double { time.withLock { $0 } }

    func sleep(_ seconds: Double) {
        guard seconds > 0 else { return }
        time.withLock { $0 += seconds }
    }
}

/// A scripted DNS world: a resolver that knows zones and nameservers, and authoritative servers
/// whose TXT values appear after a per-server lag. Every query is logged with its clock time.
final class ScriptedDNSTransport: DNSTransport {
    /// How an authoritative address behaves.
    enum Behaviour: Sendable {
        case answers
        case silent
        case unreachable
    }

    /// A zone: its apex and its nameservers (name, IPv4 address).
    struct Zone: Sendable {
        var apex: String
        var nameservers: [(name: String, address: String)]
    }

    struct LoggedQuery: Sendable {
        var time: Double
        var query: DNSQuery
    }

    struct World: Sendable {
        var zones: [Zone] = []
        var cnames: [String: String] = [:]
        /// IPv6 addresses of nameserver names.
        var aaaa: [String: String] = [:]
        /// TXT values by record name, served once the server's lag has passed.
        var txt: [String: [String]] = [:]
        /// Values a server serves before its lag passes (stale records).
        var staleTXT: [DNSServerAddress: [String]] = [:]
        var lag: [DNSServerAddress: Double] = [:]
        var behaviour: [DNSServerAddress: Behaviour] = [:]
        var log: [LoggedQuery] = []
        var exchanges = 0
    }

    let clock: PropagationTestClock
    let resolver: DNSServerAddress
    let latency: Double
    private let world: Mutex<World>
    /// Called after each exchange with the number of exchanges so far (e.g. to cancel).
    let afterExchange: @Sendable (Int) -> Void

    init(
        clock: PropagationTestClock, world: World, latency: Double = 0.01,
        resolver: DNSServerAddress = ScriptedDNSTransport.address("127.0.0.53"),
        afterExchange: @escaping @Sendable (Int) -> Void = { _ in }
    ) {
        self.clock = clock
        self.world = Mutex(world)
        self.latency = latency
        self.resolver = resolver
        self.afterExchange = afterExchange
    }

    static func address(_ text: String, port: UInt16 = 53) -> DNSServerAddress {
        DNSServerAddress(parsing: text, defaultPort: port) ?? DNSServerAddress(host: .v4(IPv4Address(0)), port: port)
    }

    var log: [LoggedQuery] { world.withLock { $0.log } }

    func exchange(_ queries: [DNSQuery], timeout: Double) -> [DNSExchangeResult] {
        let now = clock.now()
        let (results, waited, count) = world.withLock { world -> ([DNSExchangeResult], Bool, Int) in
            var waited = false
            let results = queries.map { query -> DNSExchangeResult in
                world.log.append(LoggedQuery(time: now, query: query))
                let result = answer(query, world: world, now: now)
                if result == .timedOut { waited = true }
                return result
            }
            world.exchanges += 1
            return (results, waited, world.exchanges)
        }
        clock.sleep(waited ? timeout : latency)
        afterExchange(count)
        return results
    }

    // MARK: - Answers

    private func answer(_ query: DNSQuery, world: World, now: Double) -> DNSExchangeResult {
        if query.server == resolver { return .response(resolve(query, world: world)) }
        switch world.behaviour[query.server] ?? .answers {
        case .silent: return .timedOut
        case .unreachable: return .unreachable("Network is unreachable")
        case .answers: break
        }
        var response = DNSMessage.query(id: 1, name: query.name, type: query.type, recursionDesired: false)
            .makeResponse(authoritative: true)
        let name = query.name.description
        let ready = now >= (world.lag[query.server] ?? 0)
        let values = ready ? world.txt[name] : world.staleTXT[query.server]
        guard let values, query.type == .txt else {
            response.header.responseCode = .nameError
            return .response(response)
        }
        response.answers = values.map { DNSRecord(name: query.name, ttl: 60, data: .txt(text: $0)) }
        return .response(response)
    }

    private func resolve(_ query: DNSQuery, world: World) -> DNSMessage {
        var response = DNSMessage.query(id: 1, name: query.name, type: query.type, recursionDesired: true)
            .makeResponse(recursionAvailable: true)
        let name = query.name.description
        if query.type == .cname, let target = world.cnames[name], let targetName = try? DNSName(target) {
            response.answers = [DNSRecord(name: query.name, ttl: 60, data: .cname(targetName))]
            return response
        }
        if let zone = world.zones.first(where: { $0.apex == name }) {
            response.answers = zoneAnswer(zone, type: query.type)
            return response
        }
        if query.type == .aaaa, let text = world.aaaa[name], let v6 = IPv6Address(text) {
            response.answers = [DNSRecord(name: query.name, ttl: 60, data: .aaaa(v6))]
            return response
        }
        for zone in world.zones {
            for server in zone.nameservers where server.name == name {
                if query.type == .a, let v4 = IPv4Address(server.address) {
                    response.answers = [DNSRecord(name: query.name, ttl: 60, data: .a(v4))]
                }
                return response
            }
        }
        response.header.responseCode = .nameError
        return response
    }

    private func zoneAnswer(_ zone: Zone, type: DNSRecordType) -> [DNSRecord] {
        guard let apex = try? DNSName(zone.apex) else { return [] }
        switch type {
        case .soa:
            let primary = (try? DNSName(zone.nameservers.first?.name ?? "ns")) ?? apex
            return [DNSRecord(name: apex, ttl: 60, data: .soa(DNSSOA(primary: primary, responsible: apex, serial: 1)))]
        case .ns:
            return zone.nameservers.compactMap { server in
                (try? DNSName(server.name)).map { DNSRecord(name: apex, ttl: 60, data: .ns($0)) }
            }
        default:
            return []
        }
    }
}
