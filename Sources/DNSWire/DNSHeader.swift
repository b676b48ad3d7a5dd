/// The fixed 12-octet message header without its section counts (those come from the sections).
public struct DNSHeader: Hashable, Sendable {
    /// The query id chosen by the client and copied into the response.
    public var id: UInt16
    /// QR: true for a response.
    public var isResponse: Bool
    /// The kind of query.
    public var opcode: DNSOpcode
    /// AA: the answer comes from an authority for the zone.
    public var isAuthoritative: Bool
    /// TC: the message was truncated (retry over TCP).
    public var isTruncated: Bool
    /// RD: the client asks for recursion.
    public var recursionDesired: Bool
    /// RA: the server offers recursion.
    public var recursionAvailable: Bool
    /// AD: authentic data (DNSSEC).
    public var authenticData: Bool
    /// CD: checking disabled (DNSSEC).
    public var checkingDisabled: Bool
    /// The response code.
    public var responseCode: DNSResponseCode

    /// The size of the header on the wire.
    public static let size = 12

    /// Creates a header; everything not given is off / zero.
    public init(
        id: UInt16 = 0, isResponse: Bool = false, opcode: DNSOpcode = .query,
        isAuthoritative: Bool = false, isTruncated: Bool = false, recursionDesired: Bool = false,
        recursionAvailable: Bool = false, authenticData: Bool = false, checkingDisabled: Bool = false,
        responseCode: DNSResponseCode = .noError
    ) {
        self.id = id
        self.isResponse = isResponse
        self.opcode = opcode
        self.isAuthoritative = isAuthoritative
        self.isTruncated = isTruncated
        self.recursionDesired = recursionDesired
        self.recursionAvailable = recursionAvailable
        self.authenticData = authenticData
        self.checkingDisabled = checkingDisabled
        self.responseCode = responseCode
    }

    /// Creates a header from the id and the 16 flag bits.
    public init(id: UInt16, flags: UInt16) {
        self.init(
            id: id, isResponse: flags & 0x8000 != 0, opcode: DNSOpcode(rawValue: UInt8((flags >> 11) & 0x0F)),
            isAuthoritative: flags & 0x0400 != 0, isTruncated: flags & 0x0200 != 0,
            recursionDesired: flags & 0x0100 != 0, recursionAvailable: flags & 0x0080 != 0,
            authenticData: flags & 0x0020 != 0, checkingDisabled: flags & 0x0010 != 0,
            responseCode: DNSResponseCode(rawValue: UInt8(flags & 0x000F)))
    }

    /// Reads just the header of a message (e.g. to answer FORMERR with the right id when the rest is garbage).
    public init(peeking bytes: [UInt8]) throws(DNSWireError) {
        var reader = WireReader(bytes)
        let id = try reader.readUInt16()
        let flags = try reader.readUInt16()
        self.init(id: id, flags: flags)
    }

    /// The 16 flag bits as on the wire (Z bit zero).
    public var flags: UInt16 {
        var value = UInt16(opcode.rawValue) << 11 | UInt16(responseCode.rawValue)
        if isResponse { value |= 0x8000 }
        if isAuthoritative { value |= 0x0400 }
        if isTruncated { value |= 0x0200 }
        if recursionDesired { value |= 0x0100 }
        if recursionAvailable { value |= 0x0080 }
        if authenticData { value |= 0x0020 }
        if checkingDisabled { value |= 0x0010 }
        return value
    }
}
