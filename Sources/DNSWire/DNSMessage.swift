/// A whole DNS message: header and the four sections.
///
/// Decoding is strict (see `WireReader`); the header's counts only drive the reading loops and are
/// never used to allocate. Encoding compresses names and derives the counts from the sections.
public struct DNSMessage: Hashable, Sendable {
    /// The header (id and flags).
    public var header: DNSHeader
    /// The question section (normally one entry).
    public var questions: [DNSQuestion]
    /// The answer section.
    public var answers: [DNSRecord]
    /// The authority section (NS or SOA records).
    public var authority: [DNSRecord]
    /// The additional section (glue, OPT).
    public var additional: [DNSRecord]

    /// Creates a message from its parts.
    public init(
        header: DNSHeader, questions: [DNSQuestion] = [], answers: [DNSRecord] = [],
        authority: [DNSRecord] = [], additional: [DNSRecord] = []
    ) {
        self.header = header
        self.questions = questions
        self.answers = answers
        self.authority = authority
        self.additional = additional
    }

    // MARK: - Building

    /// A query for one name and type; `ednsPayloadSize` adds an OPT record advertising that UDP size.
    public static func query(
        id: UInt16, name: DNSName, type: DNSRecordType, recursionDesired: Bool, ednsPayloadSize: UInt16? = 1232
    ) -> DNSMessage {
        var message = DNSMessage(
            header: DNSHeader(id: id, recursionDesired: recursionDesired),
            questions: [DNSQuestion(name: name, type: type)])
        if let size = ednsPayloadSize { message.additional.append(.opt(payloadSize: size)) }
        return message
    }

    /// An empty response to this query: same id, opcode, RD and question, QR set, the given rcode.
    ///
    /// The server adds answers, sets AA/RA as it should, and adds an OPT record when the query had one.
    public func makeResponse(
        responseCode: DNSResponseCode = .noError, authoritative: Bool = false, recursionAvailable: Bool = false
    ) -> DNSMessage {
        let header = DNSHeader(
            id: header.id, isResponse: true, opcode: header.opcode, isAuthoritative: authoritative,
            recursionDesired: header.recursionDesired, recursionAvailable: recursionAvailable,
            responseCode: responseCode)
        return DNSMessage(header: header, questions: questions)
    }

    /// The OPT pseudo-record of the additional section, if any.
    public var optRecord: DNSRecord? { additional.first { $0.type == .opt } }

    /// The UDP payload size the sender advertises through EDNS(0); nil without an OPT record.
    public var ednsPayloadSize: UInt16? { optRecord.map { $0.rclass.rawValue } }

    // MARK: - Decoding

    /// Decodes a message; throws on any bounds violation, bad label, bad pointer, rdlength mismatch or trailing bytes.
    public init(decoding bytes: [UInt8]) throws(DNSWireError) {
        var reader = WireReader(bytes)
        let id = try reader.readUInt16()
        let flags = try reader.readUInt16()
        let counts = [
            try reader.readUInt16(), try reader.readUInt16(), try reader.readUInt16(), try reader.readUInt16(),
        ]
        header = DNSHeader(id: id, flags: flags)
        questions = []
        for _ in 0..<counts[0] { questions.append(try DNSQuestion(reading: &reader)) }
        answers = try DNSMessage.readRecords(Int(counts[1]), from: &reader)
        authority = try DNSMessage.readRecords(Int(counts[2]), from: &reader)
        additional = try DNSMessage.readRecords(Int(counts[3]), from: &reader)
        if reader.remaining > 0 { throw .trailingBytes(count: reader.remaining) }
    }

    private static func readRecords(_ count: Int, from reader: inout WireReader) throws(DNSWireError) -> [DNSRecord] {
        var records: [DNSRecord] = []
        for _ in 0..<count { records.append(try DNSRecord(reading: &reader)) }
        return records
    }

    // MARK: - Encoding

    /// Encodes the message; `compress` turns name compression on (the default).
    public func encode(compress: Bool = true) throws(DNSWireError) -> [UInt8] {
        var writer = WireWriter(compression: compress)
        writer.writeUInt16(header.id)
        writer.writeUInt16(header.flags)
        for count in [questions.count, answers.count, authority.count, additional.count] {
            guard count <= 0xFFFF else { throw .tooManyEntries(count: count) }
            writer.writeUInt16(UInt16(count))
        }
        for question in questions { question.write(to: &writer) }
        for record in answers + authority + additional { try record.write(to: &writer) }
        return writer.bytes
    }

    /// Encodes for a transport limited to `maxSize` octets (UDP).
    ///
    /// When the full message does not fit, answers, authority and additional records (except OPT)
    /// are dropped and TC is set, so the client retries over TCP.
    public func encode(maxSize: Int) throws(DNSWireError) -> [UInt8] {
        let full = try encode()
        if full.count <= maxSize { return full }
        var truncated = DNSMessage(header: header, questions: questions)
        truncated.header.isTruncated = true
        if let opt = optRecord { truncated.additional = [opt] }
        let bytes = try truncated.encode()
        guard bytes.count <= maxSize else { throw .messageTooLarge(size: bytes.count, limit: maxSize) }
        return bytes
    }
}
