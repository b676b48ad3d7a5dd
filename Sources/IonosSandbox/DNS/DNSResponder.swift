import DNSWire
import Synchronization

/// Answers DNS queries from the zone store, as one authoritative nameserver (the version it serves after
/// its lag) or as the resolver (the slowest nameserver's version, RA set, CNAMEs chased across zones).
final class DNSResponder: Sendable {
    /// Which listener this responder serves.
    enum Role: Sendable, Equatable {
        /// Authoritative nameserver number `index`.
        case authoritative(index: Int)
        /// The resolver-like listener.
        case resolver
    }

    let role: Role
    private let store: ZoneStore
    private let nameservers: [SocketAddress]
    private let cache = Mutex<DNSZoneSet?>(nil)

    init(role: Role, store: ZoneStore, nameservers: [SocketAddress]) {
        self.role = role
        self.store = store
        self.nameservers = nameservers
    }

    /// The reply to a raw query, or nil to drop it; `udp` limits the size (TC=1 when the answer is too big).
    func respond(to bytes: [UInt8], udp: Bool) -> [UInt8]? {
        let query: DNSMessage
        do {
            query = try DNSMessage(decoding: bytes)
        } catch {
            guard let header = try? DNSHeader(peeking: bytes), !header.isResponse else { return nil }
            let reply = DNSMessage(
                header: DNSHeader(
                    id: header.id, isResponse: true, opcode: header.opcode, recursionDesired: header.recursionDesired,
                    responseCode: .formatError))
            return try? reply.encode()
        }
        guard !query.header.isResponse else { return nil }
        var reply = answer(query)
        if query.optRecord != nil { reply.additional.append(.opt(payloadSize: 1232)) }
        guard udp else { return try? reply.encode() }
        let limit = query.ednsPayloadSize.map { max(512, min(Int($0), 4096)) } ?? 512
        return try? reply.encode(maxSize: limit)
    }

    private func answer(_ query: DNSMessage) -> DNSMessage {
        let resolver = role == .resolver
        guard query.header.opcode == .query else { return query.makeResponse(responseCode: .notImplemented) }
        guard query.questions.count == 1, let question = query.questions.first else {
            return query.makeResponse(responseCode: .formatError)
        }
        guard question.qclass == .in, question.type != .axfr, question.type.rawValue != 251 else {
            return query.makeResponse(responseCode: .refused, recursionAvailable: resolver)
        }
        let zones = currentZones()
        var reply: DNSMessage
        if resolver, let addresses = zones.nameserverHosts[question.name] {
            reply = query.makeResponse(recursionAvailable: true)
            reply.answers = hostAnswers(question, addresses: addresses)
            return reply
        }
        let result = DNSLookup(zones: zones, crossZones: resolver).resolve(question)
        guard let rcode = result.rcode else {
            return query.makeResponse(responseCode: resolver ? .nameError : .refused, recursionAvailable: resolver)
        }
        reply = query.makeResponse(responseCode: rcode, authoritative: !resolver, recursionAvailable: resolver)
        reply.answers = result.answers
        reply.authority = result.authority
        return reply
    }

    private func hostAnswers(_ question: DNSQuestion, addresses: [SocketAddress]) -> [DNSRecord] {
        addresses.compactMap { address -> DNSRecord? in
            if question.type == .a, !address.isIPv6, let v4 = IPv4Address(address.ip) {
                return DNSRecord(name: question.name, ttl: 3600, data: .a(v4))
            }
            if question.type == .aaaa, address.isIPv6, let v6 = IPv6Address(address.ip) {
                return DNSRecord(name: question.name, ttl: 3600, data: .aaaa(v6))
            }
            return nil
        }
    }

    /// The DNS form of the version this listener serves now (converted once per version).
    private func currentZones() -> DNSZoneSet {
        let snapshot: ZoneSnapshot
        switch role {
        case .authoritative(let index): snapshot = store.served(server: index)
        case .resolver: snapshot = store.slowest()
        }
        if let cached = cache.withLock({ $0 }), cached.version == snapshot.version { return cached }
        let converted = DNSZoneSet(snapshot: snapshot, nameservers: nameservers)
        cache.withLock { $0 = converted }
        return converted
    }
}

/// The lookup algorithm of an authoritative server: exact name, wildcard, CNAME, NODATA and NXDOMAIN with SOA.
struct DNSLookup {
    let zones: DNSZoneSet
    /// True for the resolver: CNAME chains are followed into other zones.
    let crossZones: Bool

    /// rcode nil means no zone holds the name.
    struct Result {
        var rcode: DNSResponseCode?
        var answers: [DNSRecord] = []
        var authority: [DNSRecord] = []
    }

    func resolve(_ question: DNSQuestion) -> Result {
        guard let first = zones.zone(for: question.name) else { return Result(rcode: nil) }
        var result = Result(rcode: .noError)
        var name = question.name
        var zone = first
        for _ in 0..<8 {
            let records = zone.records[name] ?? (zone.hasDescendants(name) ? [] : wildcard(in: zone, for: name))
            if records.isEmpty && !zone.hasDescendants(name) {
                result.rcode = .nameError
                result.authority = zone.negativeSOA.map { [$0] } ?? []
                return result
            }
            if question.type != .cname, let alias = records.first(where: { $0.type == .cname }),
                case .cname(let target) = alias.data
            {
                result.answers.append(alias)
                guard let next = zones.zone(for: target), crossZones || next.name == zone.name else { return result }
                (name, zone) = (target, next)
                continue
            }
            let matching = records.filter { question.type == .any || $0.type == question.type }
            if matching.isEmpty { result.authority = zone.negativeSOA.map { [$0] } ?? [] }
            result.answers += matching
            return result
        }
        return result
    }

    /// Records of the wildcard `*.<closest encloser>` re-owned by `name`, if the name itself does not exist.
    private func wildcard(in zone: DNSZoneSet.ZoneData, for name: DNSName) -> [DNSRecord] {
        var encloser = name.parent
        while encloser.labels.count >= zone.name.labels.count {
            if let star = try? encloser.prepending("*"), let records = zone.records[star] {
                return records.map { DNSRecord(name: name, rclass: $0.rclass, ttl: $0.ttl, data: $0.data) }
            }
            if zone.records[encloser] != nil || zone.hasDescendants(encloser) { return [] }
            encloser = encloser.parent
        }
        return []
    }
}
