/// A bounds-checked cursor over a whole DNS message.
///
/// Reads stop at `limit` (the end of the message, or of the current record's rdata);
/// compression pointers may jump anywhere before the name being read, but only backwards.
public struct WireReader: Sendable {
    /// The whole message (pointers are offsets into it).
    public let bytes: [UInt8]
    /// The position of the next read.
    public private(set) var offset: Int
    /// Reads must not go past this position.
    public internal(set) var limit: Int

    /// The most compression pointers followed within one name.
    public static let maxPointers = 32

    /// Creates a reader at the start of `bytes`.
    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.offset = 0
        self.limit = bytes.count
    }

    /// Bytes left before `limit`.
    public var remaining: Int { limit - offset }

    private func need(_ count: Int) throws(DNSWireError) {
        if count > limit - offset { throw .truncated(offset: offset, needed: count - (limit - offset)) }
    }

    /// Reads one octet.
    public mutating func readUInt8() throws(DNSWireError) -> UInt8 {
        try need(1)
        defer { offset += 1 }
        return bytes[offset]
    }

    /// Reads a big-endian 16-bit integer.
    public mutating func readUInt16() throws(DNSWireError) -> UInt16 {
        try need(2)
        defer { offset += 2 }
        return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    /// Reads a big-endian 32-bit integer.
    public mutating func readUInt32() throws(DNSWireError) -> UInt32 {
        try need(4)
        var value: UInt32 = 0
        for index in offset..<(offset + 4) { value = value << 8 | UInt32(bytes[index]) }
        offset += 4
        return value
    }

    /// Reads `count` raw octets.
    public mutating func readBytes(_ count: Int) throws(DNSWireError) -> [UInt8] {
        try need(count)
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }

    /// Reads a length-prefixed character-string (TXT).
    public mutating func readCharacterString() throws(DNSWireError) -> [UInt8] {
        let length = try readUInt8()
        return try readBytes(Int(length))
    }

    /// Reads a possibly compressed name.
    ///
    /// Every pointer must point before the start of the label run it continues (so chains
    /// strictly descend and cannot loop), at most `maxPointers` are followed, and the name
    /// must fit in 255 octets.
    public mutating func readName() throws(DNSWireError) -> DNSName {
        let nameStart = offset
        var labels: [[UInt8]] = []
        var wireLength = 1
        var position = offset
        var runStart = offset
        var end = limit
        var pointers = 0
        var jumped = false
        while true {
            guard position < end else { throw .truncated(offset: position, needed: 1) }
            let length = bytes[position]
            switch length & 0xC0 {
            case 0x00:
                if length == 0 {
                    if !jumped { offset = position + 1 }
                    return DNSName(uncheckedLabels: labels)
                }
                let count = Int(length)
                guard position + 1 + count <= end else {
                    throw .truncated(offset: position + 1, needed: position + 1 + count - end)
                }
                wireLength += count + 1
                guard wireLength <= DNSName.maxWireLength else {
                    throw .nameTooLong(DNSName.render(labels) + "...")
                }
                labels.append(Array(bytes[(position + 1)..<(position + 1 + count)]))
                position += 1 + count
            case 0xC0:
                guard position + 2 <= end else { throw .truncated(offset: position, needed: 2) }
                let target = Int(length & 0x3F) << 8 | Int(bytes[position + 1])
                guard target < runStart else { throw .pointerNotBackward(offset: position, target: target) }
                pointers += 1
                guard pointers <= WireReader.maxPointers else { throw .tooManyPointers(offset: nameStart) }
                if !jumped {
                    offset = position + 2
                    jumped = true
                }
                position = target
                runStart = target
                end = bytes.count
            default:
                throw .invalidLabelType(offset: position, byte: length)
            }
        }
    }
}
