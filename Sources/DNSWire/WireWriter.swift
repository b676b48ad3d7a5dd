/// Builds a DNS message, remembering where names were written so later names can point to them.
public struct WireWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8] = []
    private var offsets: [DNSName: Int] = [:]
    /// Whether names passed with `compressible: true` are compressed.
    public let compression: Bool

    /// Creates an empty writer; `compression` enables name compression.
    public init(compression: Bool = true) {
        self.compression = compression
    }

    /// Appends one octet.
    public mutating func writeUInt8(_ value: UInt8) { bytes.append(value) }

    /// Appends a big-endian 16-bit integer.
    public mutating func writeUInt16(_ value: UInt16) {
        bytes.append(UInt8(value >> 8))
        bytes.append(UInt8(value & 0xFF))
    }

    /// Appends a big-endian 32-bit integer.
    public mutating func writeUInt32(_ value: UInt32) {
        for shift in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8((value >> UInt32(shift)) & 0xFF)) }
    }

    /// Appends raw octets.
    public mutating func writeBytes(_ data: [UInt8]) { bytes.append(contentsOf: data) }

    /// Appends a length-prefixed character-string (at most 255 octets).
    public mutating func writeCharacterString(_ data: [UInt8]) throws(DNSWireError) {
        guard data.count <= 255 else { throw .characterStringTooLong(length: data.count) }
        bytes.append(UInt8(data.count))
        bytes.append(contentsOf: data)
    }

    /// Overwrites a 16-bit integer at `position` (used to patch rdlength and counts).
    public mutating func patchUInt16(_ value: UInt16, at position: Int) {
        bytes[position] = UInt8(value >> 8)
        bytes[position + 1] = UInt8(value & 0xFF)
    }

    /// Appends a name; with `compressible` (and compression on) a known suffix becomes a pointer.
    ///
    /// Every suffix written in full is remembered as a pointer target, whether compressed or not.
    public mutating func writeName(_ name: DNSName, compressible: Bool) {
        let labels = name.labels
        for index in labels.indices {
            let suffix = DNSName(uncheckedLabels: Array(labels[index...]))
            if compression && compressible, let target = offsets[suffix] {
                writeUInt16(0xC000 | UInt16(target))
                return
            }
            if bytes.count < 0x4000 && offsets[suffix] == nil { offsets[suffix] = bytes.count }
            bytes.append(UInt8(labels[index].count))
            bytes.append(contentsOf: labels[index])
        }
        bytes.append(0)
    }
}
