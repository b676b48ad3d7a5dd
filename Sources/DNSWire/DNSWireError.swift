/// Everything that can go wrong while reading or writing a DNS message.
///
/// Offsets are byte positions in the message being read, so a hostile packet can be explained.
public enum DNSWireError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The message ended at `offset` while `needed` more bytes were expected.
    case truncated(offset: Int, needed: Int)
    /// A compression pointer at `offset` points to `target`, which is not before the name it continues.
    case pointerNotBackward(offset: Int, target: Int)
    /// A name followed more compression pointers than allowed.
    case tooManyPointers(offset: Int)
    /// A label length byte at `offset` uses a reserved or extended label type.
    case invalidLabelType(offset: Int, byte: UInt8)
    /// A name is longer than 255 octets in wire form.
    case nameTooLong(String)
    /// A label is longer than 63 octets.
    case labelTooLong(String)
    /// A name in text form has an empty label or a bad escape.
    case invalidName(String)
    /// A record's rdlength does not match what its type consumed (or requires).
    case rdataLengthMismatch(type: UInt16, declared: Int, consumed: Int)
    /// Bytes were left over after the last record the header announced.
    case trailingBytes(count: Int)
    /// A TXT character-string is longer than 255 octets.
    case characterStringTooLong(length: Int)
    /// A record's data is longer than 65535 octets.
    case rdataTooLong(length: Int)
    /// A section holds more than 65535 entries.
    case tooManyEntries(count: Int)
    /// A message cannot be encoded within the size limit even without records.
    case messageTooLarge(size: Int, limit: Int)

    public var description: String {
        switch self {
        case .truncated(let offset, let needed):
            return "DNS message truncated at offset \(offset) (\(needed) more bytes needed)"
        case .pointerNotBackward(let offset, let target):
            return "compression pointer at offset \(offset) to \(target) does not point backwards"
        case .tooManyPointers(let offset):
            return "too many compression pointers in the name at offset \(offset)"
        case .invalidLabelType(let offset, let byte):
            return "invalid label type 0x\(String(byte, radix: 16)) at offset \(offset)"
        case .nameTooLong(let name):
            return "name longer than 255 octets: '\(name)'"
        case .labelTooLong(let label):
            return "label longer than 63 octets: '\(label)'"
        case .invalidName(let name):
            return "invalid DNS name '\(name)'"
        case .rdataLengthMismatch(let type, let declared, let consumed):
            return
                "record of type \(DNSRecordType(rawValue: type)) declares \(declared) rdata bytes but holds \(consumed)"
        case .trailingBytes(let count):
            return "\(count) unexpected bytes after the last record"
        case .characterStringTooLong(let length):
            return "character-string of \(length) octets exceeds 255"
        case .rdataTooLong(let length):
            return "record data of \(length) octets exceeds 65535"
        case .tooManyEntries(let count):
            return "section with \(count) entries exceeds 65535"
        case .messageTooLarge(let size, let limit):
            return "message of \(size) octets does not fit in \(limit)"
        }
    }
}
