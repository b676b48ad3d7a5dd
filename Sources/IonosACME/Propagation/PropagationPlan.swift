import DNSWire

/// One server address and one record name to poll, with what was seen so far.
struct PropagationCheck: Sendable {
    let address: DNSServerAddress
    let nameserver: String?
    let name: DNSName
    let expected: [String]
    var observation: ServerObservation = .notAsked
    var readyAt: Double?
    var lastQueried: Double?
    var queries = 0
    var skipped: String?
    var everAnswered = false

    init(address: DNSServerAddress, nameserver: String?, name: DNSName, expected: [String]) {
        self.address = address
        self.nameserver = nameserver
        self.name = name
        self.expected = expected
    }

    /// Waiting for this check: neither ready nor skipped.
    var isPending: Bool { readyAt == nil && skipped == nil }

    /// Expected values the last answer did not contain.
    var missing: [String] {
        guard case .values(let seen) = observation else { return expected }
        return expected.filter { !seen.contains($0) }
    }

    /// Updates the observation from one exchange result at time `now`.
    mutating func apply(_ result: DNSExchangeResult, at now: Double) {
        switch result {
        case .response(let message):
            observation = PropagationCheck.observe(message, name: name)
            everAnswered = true
        case .timedOut: observation = .noAnswer("timeout")
        case .failed(let reason): observation = .noAnswer(reason)
        case .unreachable(let reason): skipped = reason
        }
        if case .values = observation, missing.isEmpty { readyAt = now }
    }

    private static func observe(_ message: DNSMessage, name: DNSName) -> ServerObservation {
        let rcode = message.header.responseCode
        if rcode == .nameError { return .nxdomain }
        guard rcode == .noError else { return .rcode(rcode.description) }
        let atName = message.answers.filter { $0.name == name }
        let values = atName.compactMap(\.data.joinedText)
        if values.isEmpty,
            let alias = atName.lazy.compactMap({ record -> DNSName? in
                if case .cname(let target) = record.data { return target }
                return nil
            }).first
        {
            return .cname(alias.lowercased().description)
        }
        return .values(values)
    }
}

/// Turns the expected records into checks: which addresses to ask about which names.
struct PropagationPlanner {
    let settings: PropagationSettings
    let transport: any DNSTransport
    let logger: Logger

    /// One check per (address, name); names are grouped so several values at one name share a check.
    func checks(for expected: [ExpectedTXT]) throws(PropagationError) -> [PropagationCheck] {
        let groups = try group(expected)
        if let servers = settings.nameservers {
            return groups.flatMap { name, values in
                servers.map { PropagationCheck(address: $0, nameserver: nil, name: name, expected: values) }
            }
        }
        let discovery = DNSDiscovery(
            resolver: settings.resolver, transport: transport, queryTimeout: 2, attempts: 3, logger: logger)
        var checks: [PropagationCheck] = []
        var nameservers: [String: [Nameserver]] = [:]
        do throws(DNSDiscoveryError) {
            for (name, values) in groups {
                let zone = try discovery.zoneApex(of: name.description)
                let servers: [Nameserver]
                if let known = nameservers[zone] {
                    servers = known
                } else {
                    servers = try discovery.nameservers(ofZone: zone, port: settings.authoritativePort)
                    nameservers[zone] = servers
                }
                logger.debug(
                    "propagation: \(name) is in zone \(zone), nameservers \(servers.map(\.description).joined(separator: ", "))"
                )
                checks += PropagationPlanner.checks(name: name, values: values, servers: servers)
            }
        } catch {
            throw .discovery(error)
        }
        return checks
    }

    /// One check per distinct address; an address shared by several NS names carries all of them.
    private static func checks(name: DNSName, values: [String], servers: [Nameserver]) -> [PropagationCheck] {
        var order: [DNSServerAddress] = []
        var labels: [DNSServerAddress: [String]] = [:]
        for server in servers {
            for address in server.addresses {
                if labels[address] == nil { order.append(address) }
                labels[address, default: []].append(server.name)
            }
        }
        return order.map {
            PropagationCheck(
                address: $0, nameserver: labels[$0]?.joined(separator: ", "), name: name, expected: values)
        }
    }

    /// Names (lowercased, in first-seen order) with their distinct values.
    private func group(_ expected: [ExpectedTXT]) throws(PropagationError) -> [(DNSName, [String])] {
        var order: [DNSName] = []
        var values: [DNSName: [String]] = [:]
        for record in expected {
            guard let name = try? DNSName(record.fqdn).lowercased(), !name.isRoot else {
                throw .invalidRecordName(record.fqdn)
            }
            if values[name] == nil { order.append(name) }
            if !(values[name] ?? []).contains(record.value) { values[name, default: []].append(record.value) }
        }
        return order.map { ($0, values[$0] ?? []) }
    }
}
