/// A resource record type (RFC 1035 §3.2.2 and later), open to values this codec does not know.
public struct DNSRecordType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The 16-bit type code.
    public let rawValue: UInt16
    /// Wraps a type code.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// IPv4 address.
    public static let a = DNSRecordType(rawValue: 1)
    /// Authoritative nameserver.
    public static let ns = DNSRecordType(rawValue: 2)
    /// Canonical name (alias).
    public static let cname = DNSRecordType(rawValue: 5)
    /// Start of authority.
    public static let soa = DNSRecordType(rawValue: 6)
    /// Domain name pointer.
    public static let ptr = DNSRecordType(rawValue: 12)
    /// Mail exchange.
    public static let mx = DNSRecordType(rawValue: 15)
    /// Text strings.
    public static let txt = DNSRecordType(rawValue: 16)
    /// IPv6 address.
    public static let aaaa = DNSRecordType(rawValue: 28)
    /// EDNS(0) pseudo-record.
    public static let opt = DNSRecordType(rawValue: 41)
    /// Certification authority authorization.
    public static let caa = DNSRecordType(rawValue: 257)
    /// Zone transfer (query type).
    public static let axfr = DNSRecordType(rawValue: 252)
    /// Any type (query type).
    public static let any = DNSRecordType(rawValue: 255)

    private static let names: [UInt16: String] = [
        1: "A", 2: "NS", 5: "CNAME", 6: "SOA", 12: "PTR", 15: "MX", 16: "TXT", 28: "AAAA",
        41: "OPT", 252: "AXFR", 255: "ANY", 257: "CAA",
    ]

    /// Looks a type up by its mnemonic (`TXT`) or generic form (`TYPE65`), case-insensitively.
    public init?(name: String) {
        let upper = name.uppercased()
        if let entry = DNSRecordType.names.first(where: { $0.value == upper }) {
            self.init(rawValue: entry.key)
        } else if upper.hasPrefix("TYPE"), let code = UInt16(upper.dropFirst(4)) {
            self.init(rawValue: code)
        } else {
            return nil
        }
    }

    /// The mnemonic (`TXT`), or `TYPE<n>` for unknown codes (RFC 3597).
    public var description: String { DNSRecordType.names[rawValue] ?? "TYPE\(rawValue)" }
}

/// A record class; `in` is the only one in ordinary use. For OPT records it carries the UDP payload size.
public struct DNSClass: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The 16-bit class code.
    public let rawValue: UInt16
    /// Wraps a class code.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// Internet.
    public static let `in` = DNSClass(rawValue: 1)
    /// Chaos (used for `version.bind` style queries).
    public static let chaos = DNSClass(rawValue: 3)
    /// Any class (query class).
    public static let any = DNSClass(rawValue: 255)

    /// `IN`, `CH`, `ANY` or `CLASS<n>`.
    public var description: String {
        switch rawValue {
        case 1: return "IN"
        case 3: return "CH"
        case 255: return "ANY"
        default: return "CLASS\(rawValue)"
        }
    }
}

/// The operation code of a message (4 bits).
public struct DNSOpcode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The opcode value (0...15).
    public let rawValue: UInt8
    /// Wraps an opcode; only the low 4 bits are kept.
    public init(rawValue: UInt8) { self.rawValue = rawValue & 0x0F }

    /// A standard query.
    public static let query = DNSOpcode(rawValue: 0)
    /// A server status request.
    public static let status = DNSOpcode(rawValue: 2)
    /// A zone change notification.
    public static let notify = DNSOpcode(rawValue: 4)
    /// A dynamic update.
    public static let update = DNSOpcode(rawValue: 5)

    /// `QUERY`, `NOTIFY`, ... or `OPCODE<n>`.
    public var description: String {
        switch rawValue {
        case 0: return "QUERY"
        case 2: return "STATUS"
        case 4: return "NOTIFY"
        case 5: return "UPDATE"
        default: return "OPCODE\(rawValue)"
        }
    }
}

/// The response code of a message (the 4 header bits).
public struct DNSResponseCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The rcode value (0...15).
    public let rawValue: UInt8
    /// Wraps an rcode; only the low 4 bits are kept.
    public init(rawValue: UInt8) { self.rawValue = rawValue & 0x0F }

    /// No error.
    public static let noError = DNSResponseCode(rawValue: 0)
    /// The server could not parse the query.
    public static let formatError = DNSResponseCode(rawValue: 1)
    /// The server failed.
    public static let serverFailure = DNSResponseCode(rawValue: 2)
    /// The name does not exist.
    public static let nameError = DNSResponseCode(rawValue: 3)
    /// The server does not implement this kind of query.
    public static let notImplemented = DNSResponseCode(rawValue: 4)
    /// The server refuses to answer.
    public static let refused = DNSResponseCode(rawValue: 5)

    /// `NOERROR`, `NXDOMAIN`, ... or `RCODE<n>`.
    public var description: String {
        switch rawValue {
        case 0: return "NOERROR"
        case 1: return "FORMERR"
        case 2: return "SERVFAIL"
        case 3: return "NXDOMAIN"
        case 4: return "NOTIMP"
        case 5: return "REFUSED"
        default: return "RCODE\(rawValue)"
        }
    }
}
