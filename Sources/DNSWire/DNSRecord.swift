/// One entry of the question section.
public struct DNSQuestion: Hashable, Sendable, CustomStringConvertible {
    /// The name asked about.
    public var name: DNSName
    /// The type asked for.
    public var type: DNSRecordType
    /// The class asked for (normally IN).
    public var qclass: DNSClass

    /// Creates a question.
    public init(name: DNSName, type: DNSRecordType, qclass: DNSClass = .in) {
        self.name = name
        self.type = type
        self.qclass = qclass
    }

    init(reading reader: inout WireReader) throws(DNSWireError) {
        name = try reader.readName()
        type = DNSRecordType(rawValue: try reader.readUInt16())
        qclass = DNSClass(rawValue: try reader.readUInt16())
    }

    func write(to writer: inout WireWriter) {
        writer.writeName(name, compressible: true)
        writer.writeUInt16(type.rawValue)
        writer.writeUInt16(qclass.rawValue)
    }

    /// `name TYPE`, e.g. `example.com SOA`.
    public var description: String { "\(name) \(type)" }
}

/// A resource record: owner name, class, TTL and typed data.
public struct DNSRecord: Hashable, Sendable {
    /// The owner name.
    public var name: DNSName
    /// The class (for OPT: the advertised UDP payload size).
    public var rclass: DNSClass
    /// The time to live (for OPT: extended rcode, version and flags).
    public var ttl: UInt32
    /// The typed data; it also decides the record type.
    public var data: DNSRecordData

    /// Creates a record.
    public init(name: DNSName, rclass: DNSClass = .in, ttl: UInt32, data: DNSRecordData) {
        self.name = name
        self.rclass = rclass
        self.ttl = ttl
        self.data = data
    }

    /// An EDNS(0) OPT pseudo-record advertising `payloadSize` octets over UDP.
    public static func opt(payloadSize: UInt16 = 1232, options: [DNSEDNSOption] = []) -> DNSRecord {
        DNSRecord(name: .root, rclass: DNSClass(rawValue: payloadSize), ttl: 0, data: .opt(options))
    }

    /// The record type (from the data).
    public var type: DNSRecordType { data.type }

    init(reading reader: inout WireReader) throws(DNSWireError) {
        name = try reader.readName()
        let type = DNSRecordType(rawValue: try reader.readUInt16())
        rclass = DNSClass(rawValue: try reader.readUInt16())
        ttl = try reader.readUInt32()
        let length = Int(try reader.readUInt16())
        let start = reader.offset
        guard length <= reader.remaining else { throw .truncated(offset: start, needed: length - reader.remaining) }
        let outerLimit = reader.limit
        reader.limit = start + length
        do {
            data = try DNSRecordData.read(type: type, from: &reader)
        } catch .truncated {
            throw .rdataLengthMismatch(type: type.rawValue, declared: length, consumed: reader.offset - start)
        }
        guard reader.offset == start + length else {
            throw .rdataLengthMismatch(type: type.rawValue, declared: length, consumed: reader.offset - start)
        }
        reader.limit = outerLimit
    }

    func write(to writer: inout WireWriter) throws(DNSWireError) {
        writer.writeName(name, compressible: true)
        writer.writeUInt16(type.rawValue)
        writer.writeUInt16(rclass.rawValue)
        writer.writeUInt32(ttl)
        let lengthPosition = writer.bytes.count
        writer.writeUInt16(0)
        try data.write(to: &writer)
        let length = writer.bytes.count - lengthPosition - 2
        guard length <= 0xFFFF else { throw .rdataTooLong(length: length) }
        writer.patchUInt16(UInt16(length), at: lengthPosition)
    }
}
