import DNSWire

/// An authoritative nameserver of a zone: its NS name and the addresses to query.
public struct Nameserver: Hashable, Sendable, CustomStringConvertible {
    /// The NS name (lowercase, no trailing dot).
    public var name: String
    /// Its IPv4 and IPv6 addresses, with the authoritative port applied.
    public var addresses: [DNSServerAddress]

    /// Creates a nameserver entry.
    public init(name: String, addresses: [DNSServerAddress]) {
        self.name = name
        self.addresses = addresses
    }

    /// `name (addr, addr)`.
    public var description: String { "\(name) (\(addresses.map(\.description).joined(separator: ", ")))" }
}

/// Finds things out through a recursive resolver: CNAME targets, zone apexes, nameservers.
///
/// Names in and out are absolute names without a trailing dot; results are lowercase.
public struct DNSDiscovery: Sendable {
    /// The resolver asked (with RD set).
    public let resolver: DNSServerAddress
    private let transport: any DNSTransport
    private let queryTimeout: Double
    private let attempts: Int
    private let logger: Logger

    /// The most CNAME steps followed from one name.
    public static let maxCNAMEChain = 16

    /// Creates a discovery client; each question is tried `attempts` times, each waiting `queryTimeout` seconds.
    public init(
        resolver: DNSServerAddress, transport: any DNSTransport = SocketDNSTransport(), queryTimeout: Double = 2,
        attempts: Int = 3,
        logger: Logger = .silent
    ) {
        self.resolver = resolver
        self.transport = transport
        self.queryTimeout = queryTimeout
        self.attempts = max(1, attempts)
        self.logger = logger
    }

    // MARK: - CNAME

    /// Follows the CNAME chain at `name`; returns the final target, or `name` itself when it has no CNAME.
    ///
    /// Loops and chains longer than `maxCNAMEChain` steps are errors.
    public func followCNAME(_ name: String) throws(DNSDiscoveryError) -> String {
        let start = try parse(name)
        var chain = [start]
        var current = start
        for _ in 0..<DNSDiscovery.maxCNAMEChain {
            let response = try ask(current, .cname)
            let target = response.answers.lazy.compactMap { record -> DNSName? in
                guard record.name == current, case .cname(let target) = record.data else { return nil }
                return target
            }.first
            guard response.header.responseCode == .noError, let target else {
                return text(current)
            }
            logger.debug("dns: \(text(current)) is a CNAME for \(text(target))")
            if chain.contains(target) { throw .cnameLoop(chain: (chain + [target]).map(text)) }
            chain.append(target)
            current = target
        }
        throw .cnameChainTooLong(chain: chain.map(text))
    }

    // MARK: - Zone apex

    /// The apex of the zone holding `name`: walks up label by label asking for SOA.
    ///
    /// A SOA in the answer with the asked name as owner ends the walk; CNAME answers and NXDOMAIN move
    /// on to the parent; a NODATA answer whose authority section carries the zone's SOA ends it at that owner.
    public func zoneApex(of name: String) throws(DNSDiscoveryError) -> String {
        var candidate = try parse(name)
        while !candidate.isRoot {
            let response = try ask(candidate, .soa)
            if let apex = apex(in: response, asked: candidate) {
                logger.debug("dns: zone of \(name) is \(text(apex))")
                return text(apex)
            }
            candidate = candidate.parent
        }
        throw .noZone(name: name)
    }

    private func apex(in response: DNSMessage, asked: DNSName) -> DNSName? {
        guard response.header.responseCode == .noError else { return nil }
        if response.answers.contains(where: { $0.type == .cname }) { return nil }
        if response.answers.contains(where: { $0.type == .soa && $0.name == asked }) { return asked }
        guard response.answers.isEmpty else { return nil }
        let owner = response.authority.first { $0.type == .soa && asked.isSubdomain(of: $0.name) }?.name
        return owner.flatMap { $0.isRoot ? nil : $0 }
    }

    // MARK: - Nameservers

    /// The NS set of `zone` with the addresses of each name (A and AAAA), using `port` for every address.
    ///
    /// Nameservers without any address are left out; none at all is an error.
    public func nameservers(ofZone zone: String, port: UInt16 = 53) throws(DNSDiscoveryError) -> [Nameserver] {
        let apex = try parse(zone)
        let response = try ask(apex, .ns)
        var names: [DNSName] = []
        for record in response.answers where record.name == apex {
            if case .ns(let target) = record.data, !names.contains(target) { names.append(target) }
        }
        guard !names.isEmpty else { throw .noNameservers(zone: text(apex)) }
        names.sort { text($0) < text($1) }
        let questions = names.flatMap { [($0, DNSRecordType.a), ($0, DNSRecordType.aaaa)] }
        let answers = try askMany(questions)
        var result: [Nameserver] = []
        for name in names {
            let addresses = answers.flatMap { response in
                response.answers.compactMap { record -> DNSServerAddress? in
                    guard record.name == name || response.questions.first?.name == name else { return nil }
                    switch record.data {
                    case .a(let v4): return DNSServerAddress(host: .v4(v4), port: port)
                    case .aaaa(let v6): return DNSServerAddress(host: .v6(v6), port: port)
                    default: return nil
                    }
                }
            }
            if !addresses.isEmpty { result.append(Nameserver(name: text(name), addresses: unique(addresses))) }
        }
        guard !result.isEmpty else { throw .noNameserverAddresses(zone: text(apex), nameservers: names.map(text)) }
        logger.debug("dns: nameservers of \(text(apex)): \(result.map(\.description).joined(separator: "; "))")
        return result
    }

    // MARK: - Asking the resolver

    private func ask(_ name: DNSName, _ type: DNSRecordType) throws(DNSDiscoveryError) -> DNSMessage {
        try askMany([(name, type)])[0]
    }

    /// Asks all questions at once; unanswered ones are asked again, up to `attempts` times in all.
    private func askMany(_ questions: [(DNSName, DNSRecordType)]) throws(DNSDiscoveryError) -> [DNSMessage] {
        var responses = [DNSMessage?](repeating: nil, count: questions.count)
        var reasons = [String](repeating: "no answer", count: questions.count)
        for attempt in 1...attempts {
            let open = responses.indices.filter { responses[$0] == nil }
            if open.isEmpty { break }
            let queries = open.map {
                DNSQuery(server: resolver, name: questions[$0].0, type: questions[$0].1, recursionDesired: true)
            }
            let results = transport.exchange(queries, timeout: queryTimeout)
            for (index, result) in zip(open, results) {
                let asked = "\(text(questions[index].0)) \(questions[index].1)"
                switch result {
                case .response(let message):
                    let rcode = message.header.responseCode
                    if rcode == .noError || rcode == .nameError {
                        responses[index] = message
                    } else if attempt == attempts || rcode != .serverFailure {
                        throw .resolverFailed(resolver: resolver.description, query: asked, rcode: rcode.description)
                    }
                case .unreachable(let reason):
                    throw .resolverUnreachable(resolver: resolver.description, query: asked, reason: reason)
                case .timedOut:
                    reasons[index] = "no answer within \(formatDNSSeconds(queryTimeout)) s, \(attempts) attempts"
                case .failed(let reason):
                    reasons[index] = reason
                }
            }
        }
        var answered: [DNSMessage] = []
        for index in responses.indices {
            guard let message = responses[index] else {
                throw .resolverUnreachable(
                    resolver: resolver.description, query: "\(text(questions[index].0)) \(questions[index].1)",
                    reason: reasons[index])
            }
            answered.append(message)
        }
        return answered
    }

    // MARK: - Helpers

    private func parse(_ name: String) throws(DNSDiscoveryError) -> DNSName {
        do {
            return try DNSName(name).lowercased()
        } catch {
            throw .invalidName(name)
        }
    }

    private func text(_ name: DNSName) -> String { name.lowercased().description }

    private func unique(_ addresses: [DNSServerAddress]) -> [DNSServerAddress] {
        var seen = Set<DNSServerAddress>()
        return addresses.filter { seen.insert($0).inserted }
    }
}

/// Seconds as short text: `2`, `0.5`, `12.3`.
func formatDNSSeconds(_ seconds: Double) -> String {
    let tenths = (seconds * 10).rounded()
    return tenths.truncatingRemainder(dividingBy: 10) == 0 ? String(Int(tenths / 10)) : String(tenths / 10)
}
