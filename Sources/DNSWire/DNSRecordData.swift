/// The data of a start-of-authority record.
public struct DNSSOA: Hashable, Sendable {
    /// The primary nameserver.
    public var primary: DNSName
    /// The mailbox of the responsible person, as a name.
    public var responsible: DNSName
    /// The zone serial.
    public var serial: UInt32
    /// Secondary refresh interval, in seconds.
    public var refresh: UInt32
    /// Secondary retry interval, in seconds.
    public var retry: UInt32
    /// Secondary expiry, in seconds.
    public var expire: UInt32
    /// Negative-caching TTL, in seconds.
    public var minimum: UInt32

    /// Creates SOA data.
    public init(
        primary: DNSName, responsible: DNSName, serial: UInt32, refresh: UInt32 = 3600,
        retry: UInt32 = 600, expire: UInt32 = 604800, minimum: UInt32 = 60
    ) {
        self.primary = primary
        self.responsible = responsible
        self.serial = serial
        self.refresh = refresh
        self.retry = retry
        self.expire = expire
        self.minimum = minimum
    }

    init(reading reader: inout WireReader) throws(DNSWireError) {
        primary = try reader.readName()
        responsible = try reader.readName()
        serial = try reader.readUInt32()
        refresh = try reader.readUInt32()
        retry = try reader.readUInt32()
        expire = try reader.readUInt32()
        minimum = try reader.readUInt32()
    }

    func write(to writer: inout WireWriter) {
        writer.writeName(primary, compressible: true)
        writer.writeName(responsible, compressible: true)
        for value in [serial, refresh, retry, expire, minimum] { writer.writeUInt32(value) }
    }
}

/// One EDNS(0) option inside an OPT record (RFC 6891).
public struct DNSEDNSOption: Hashable, Sendable {
    /// The option code.
    public var code: UInt16
    /// The option data.
    public var data: [UInt8]

    /// Creates an option.
    public init(code: UInt16, data: [UInt8]) {
        self.code = code
        self.data = data
    }
}

/// The typed data of a resource record; types this codec does not know keep their raw octets.
public enum DNSRecordData: Hashable, Sendable {
    /// An IPv4 address.
    case a(IPv4Address)
    /// An IPv6 address.
    case aaaa(IPv6Address)
    /// A nameserver name.
    case ns(DNSName)
    /// The canonical name this alias points to.
    case cname(DNSName)
    /// Start of authority.
    case soa(DNSSOA)
    /// One or more character-strings (each at most 255 octets).
    case txt([[UInt8]])
    /// EDNS(0) options of an OPT pseudo-record.
    case opt([DNSEDNSOption])
    /// Any other type, as raw rdata.
    case unknown(type: DNSRecordType, data: [UInt8])

    /// The record type this data belongs to.
    public var type: DNSRecordType {
        switch self {
        case .a: return .a
        case .aaaa: return .aaaa
        case .ns: return .ns
        case .cname: return .cname
        case .soa: return .soa
        case .txt: return .txt
        case .opt: return .opt
        case .unknown(let type, _): return type
        }
    }

    /// TXT data from text, split into character-strings of at most 255 octets.
    public static func txt(text: String) -> DNSRecordData {
        let bytes = Array(text.utf8)
        var strings: [[UInt8]] = []
        var start = 0
        repeat {
            let end = min(start + 255, bytes.count)
            strings.append(Array(bytes[start..<end]))
            start = end
        } while start < bytes.count
        return .txt(strings)
    }

    /// For TXT data, the character-strings joined into one string (invalid UTF-8 repaired); nil otherwise.
    public var joinedText: String? {
        guard case .txt(let strings) = self else { return nil }
        return String(decoding: strings.joined(), as: UTF8.self)
    }

    // MARK: - Wire form

    /// Reads the data of a record of `type` whose rdata occupies the reader up to its `limit`.
    static func read(type: DNSRecordType, from reader: inout WireReader) throws(DNSWireError) -> DNSRecordData {
        switch type {
        case .a:
            return .a(IPv4Address(try reader.readUInt32()))
        case .aaaa:
            let bytes = try reader.readBytes(16)
            guard let address = IPv6Address(octets: bytes) else { throw .truncated(offset: reader.offset, needed: 16) }
            return .aaaa(address)
        case .ns:
            return .ns(try reader.readName())
        case .cname:
            return .cname(try reader.readName())
        case .soa:
            return .soa(try DNSSOA(reading: &reader))
        case .txt:
            var strings: [[UInt8]] = []
            while reader.remaining > 0 { strings.append(try reader.readCharacterString()) }
            return .txt(strings)
        case .opt:
            var options: [DNSEDNSOption] = []
            while reader.remaining > 0 {
                let code = try reader.readUInt16()
                let length = try reader.readUInt16()
                options.append(DNSEDNSOption(code: code, data: try reader.readBytes(Int(length))))
            }
            return .opt(options)
        default:
            return .unknown(type: type, data: try reader.readBytes(reader.remaining))
        }
    }

    /// Writes the rdata (without the rdlength prefix).
    func write(to writer: inout WireWriter) throws(DNSWireError) {
        switch self {
        case .a(let address): writer.writeUInt32(address.value)
        case .aaaa(let address): writer.writeBytes(address.octets)
        case .ns(let name), .cname(let name): writer.writeName(name, compressible: true)
        case .soa(let soa): soa.write(to: &writer)
        case .txt(let strings):
            for string in strings { try writer.writeCharacterString(string) }
        case .opt(let options):
            for option in options {
                guard option.data.count <= 0xFFFF else { throw .rdataTooLong(length: option.data.count) }
                writer.writeUInt16(option.code)
                writer.writeUInt16(UInt16(option.data.count))
                writer.writeBytes(option.data)
            }
        case .unknown(_, let data): writer.writeBytes(data)
        }
    }
}
