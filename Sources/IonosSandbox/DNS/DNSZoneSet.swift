import DNSWire

/// The zones of one snapshot in DNS form: records by owner name, ready to answer queries.
struct DNSZoneSet: Sendable {
    /// One zone's served data.
    struct ZoneData: Sendable {
        let name: DNSName
        let soa: DNSRecord?
        let records: [DNSName: [DNSRecord]]

        /// The SOA for the authority section of a negative answer (TTL = min(SOA TTL, SOA minimum)).
        var negativeSOA: DNSRecord? {
            guard var soa, case .soa(let data) = soa.data else { return nil }
            soa.ttl = min(soa.ttl, data.minimum)
            return soa
        }

        /// True when some owner name lies strictly below `name` (an empty non-terminal).
        func hasDescendants(_ name: DNSName) -> Bool {
            records.keys.contains { $0.labels.count > name.labels.count && $0.isSubdomain(of: name) }
        }
    }

    let version: Int
    let zones: [ZoneData]
    /// Nameserver host names (from the zones' NS records) and the listener addresses they stand for.
    let nameserverHosts: [DNSName: [SocketAddress]]

    /// Converts a snapshot; the SOA serial becomes the seeded serial plus the snapshot version.
    init(snapshot: ZoneSnapshot, nameservers: [SocketAddress]) {
        version = snapshot.version
        var hosts: [DNSName: [SocketAddress]] = [:]
        zones = snapshot.zones.compactMap { zone -> ZoneData? in
            guard let apex = try? DNSName(zone.name) else { return nil }
            var byName: [DNSName: [DNSRecord]] = [:]
            var soa: DNSRecord?
            var nsIndex = 0
            for record in zone.records where !record.disabled {
                guard let owner = try? DNSName(record.name),
                    let data = DNSZoneSet.rdata(record, versionOffset: UInt32(truncatingIfNeeded: snapshot.version))
                else { continue }
                let rr = DNSRecord(name: owner, ttl: UInt32(clamping: record.ttl), data: data)
                byName[owner, default: []].append(rr)
                if owner == apex, case .soa = data { soa = rr }
                if owner == apex, case .ns(let host) = data, !nameservers.isEmpty {
                    if hosts[host] == nil { hosts[host] = [nameservers[nsIndex % nameservers.count]] }
                    nsIndex += 1
                }
            }
            return ZoneData(name: apex, soa: soa, records: byName)
        }
        nameserverHosts = hosts
    }

    /// The most specific zone containing `name`.
    func zone(for name: DNSName) -> ZoneData? {
        zones.filter { name.isSubdomain(of: $0.name) }.max { $0.name.labels.count < $1.name.labels.count }
    }

    // MARK: - Content to rdata

    /// The DNS data of an API record, or nil for a type or content the sandbox does not serve.
    static func rdata(_ record: StoredRecord, versionOffset: UInt32) -> DNSRecordData? {
        let content = record.content
        switch record.type {
        case "A": return IPv4Address(content).map { .a($0) }
        case "AAAA": return IPv6Address(content).map { .aaaa($0) }
        case "NS": return (try? DNSName(content)).map { .ns($0) }
        case "CNAME": return (try? DNSName(content)).map { .cname($0) }
        case "TXT": return .txt(text: unquoted(content))
        case "SOA": return soa(content, versionOffset: versionOffset)
        case "MX":
            guard let host = try? DNSName(content) else { return nil }
            var w = WireWriter(compression: false)
            w.writeUInt16(UInt16(clamping: record.prio))
            w.writeName(host, compressible: false)
            return .unknown(type: .mx, data: w.bytes)
        case "SRV": return srv(content, prio: record.prio)
        case "CAA": return caa(content)
        default: return nil
        }
    }

    static func unquoted(_ content: String) -> String {
        content.count >= 2 && content.hasPrefix("\"") && content.hasSuffix("\"") ? String(content.dropFirst().dropLast()) : content
    }

    private static func soa(_ content: String, versionOffset: UInt32) -> DNSRecordData? {
        let f = content.split(separator: " ").map(String.init)
        guard f.count == 7, let primary = try? DNSName(f[0]), let mailbox = try? DNSName(f[1]) else { return nil }
        let n = f[2...].compactMap { UInt32($0) }
        guard n.count == 5 else { return nil }
        return .soa(
            DNSSOA(
                primary: primary, responsible: mailbox, serial: n[0] &+ versionOffset, refresh: n[1], retry: n[2],
                expire: n[3], minimum: n[4]))
    }

    private static func srv(_ content: String, prio: Int) -> DNSRecordData? {
        let f = content.split(separator: " ").map(String.init)
        guard f.count == 3, let weight = UInt16(f[0]), let port = UInt16(f[1]), let target = try? DNSName(f[2]) else {
            return nil
        }
        var w = WireWriter(compression: false)
        w.writeUInt16(UInt16(clamping: prio))
        w.writeUInt16(weight)
        w.writeUInt16(port)
        w.writeName(target, compressible: false)
        return .unknown(type: DNSRecordType(rawValue: 33), data: w.bytes)
    }

    private static func caa(_ content: String) -> DNSRecordData? {
        let f = content.split(separator: " ", maxSplits: 2).map(String.init)
        guard f.count == 3, let flags = UInt8(f[0]), !f[1].isEmpty, f[1].utf8.count <= 255 else { return nil }
        var w = WireWriter(compression: false)
        w.writeUInt8(flags)
        w.writeUInt8(UInt8(f[1].utf8.count))
        w.writeBytes(Array(f[1].utf8))
        w.writeBytes(Array(unquoted(f[2]).utf8))
        return .unknown(type: .caa, data: w.bytes)
    }
}
