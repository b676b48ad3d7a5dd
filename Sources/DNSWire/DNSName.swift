/// A domain name as a list of labels (raw octets), compared case-insensitively (ASCII).
///
/// The text form has no trailing dot (`example.com`); the root name prints as `.`.
/// Construction validates the limits of RFC 1035: labels of 1...63 octets, 255 octets in wire form.
public struct DNSName: Hashable, Sendable, CustomStringConvertible {
    /// The labels, most specific first, without the empty root label.
    public let labels: [[UInt8]]

    /// The root name (no labels).
    public static let root = DNSName(uncheckedLabels: [])

    /// The longest name in wire form, in octets (RFC 1035 §2.3.4).
    public static let maxWireLength = 255
    /// The longest label, in octets.
    public static let maxLabelLength = 63

    /// Creates a name from raw labels, checking label and total lengths.
    public init(labels: [[UInt8]]) throws(DNSWireError) {
        for label in labels {
            if label.isEmpty { throw .invalidName(DNSName.render(labels)) }
            if label.count > DNSName.maxLabelLength { throw .labelTooLong(DNSName.escape(label)) }
        }
        if DNSName.wireLength(of: labels) > DNSName.maxWireLength {
            throw .nameTooLong(DNSName.render(labels))
        }
        self.labels = labels
    }

    /// Parses a name in presentation form; one trailing dot is allowed, `\.` and `\DDD` escapes are understood.
    public init(_ text: String) throws(DNSWireError) {
        try self.init(labels: DNSName.parseLabels(text))
    }

    init(uncheckedLabels: [[UInt8]]) { self.labels = uncheckedLabels }

    // MARK: - Properties

    /// True for the root name.
    public var isRoot: Bool { labels.isEmpty }

    /// The length in uncompressed wire form, including length octets and the root label.
    public var wireLength: Int { DNSName.wireLength(of: labels) }

    /// The name with one label removed from the front; the root's parent is the root.
    public var parent: DNSName { labels.isEmpty ? self : DNSName(uncheckedLabels: Array(labels.dropFirst())) }

    /// The same name with ASCII letters lowercased.
    public func lowercased() -> DNSName { DNSName(uncheckedLabels: labels.map(DNSName.lower)) }

    /// True when this name equals `other` or lies below it (label-wise, case-insensitive).
    public func isSubdomain(of other: DNSName) -> Bool {
        guard labels.count >= other.labels.count else { return false }
        return DNSName(uncheckedLabels: Array(labels.suffix(other.labels.count))) == other
    }

    /// A new name with `label` in front (e.g. `_acme-challenge` + `example.com`).
    public func prepending(_ label: String) throws(DNSWireError) -> DNSName {
        try DNSName(labels: DNSName.parseLabels(label) + labels)
    }

    /// The presentation form without a trailing dot (`.` for the root).
    public var description: String { labels.isEmpty ? "." : DNSName.render(labels) }

    // MARK: - Equality

    public static func == (a: DNSName, b: DNSName) -> Bool {
        guard a.labels.count == b.labels.count else { return false }
        for (x, y) in zip(a.labels, b.labels) where lower(x) != lower(y) { return false }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        for label in labels {
            hasher.combine(DNSName.lower(label))
        }
    }

    // MARK: - Helpers

    static func lower(_ label: [UInt8]) -> [UInt8] {
        label.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
    }

    static func wireLength(of labels: [[UInt8]]) -> Int {
        labels.reduce(1) { $0 + $1.count + 1 }
    }

    static func render(_ labels: [[UInt8]]) -> String {
        labels.map(escape).joined(separator: ".")
    }

    static func escape(_ label: [UInt8]) -> String {
        var out = ""
        for byte in label {
            switch byte {
            case UInt8(ascii: "."), UInt8(ascii: "\\"):
                out += "\\" + String(UnicodeScalar(byte))
            case 0x21...0x7E:
                out += String(UnicodeScalar(byte))
            default:
                let digits = String(byte)
                out += "\\" + String(repeating: "0", count: 3 - digits.count) + digits
            }
        }
        return out
    }

    static func parseLabels(_ text: String) throws(DNSWireError) -> [[UInt8]] {
        let bytes = Array(text.utf8)
        if bytes.isEmpty || bytes == [UInt8(ascii: ".")] { return [] }
        var labels: [[UInt8]] = []
        var current: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\") {
                let (value, used) = try unescape(bytes, at: index, text: text)
                current.append(value)
                index += used
                continue
            }
            if byte == UInt8(ascii: ".") {
                if current.isEmpty { throw .invalidName(text) }
                labels.append(current)
                current = []
                index += 1
                if index == bytes.count { return labels }  // one trailing dot
                continue
            }
            current.append(byte)
            index += 1
        }
        if current.isEmpty { throw .invalidName(text) }
        labels.append(current)
        return labels
    }

    private static func unescape(_ bytes: [UInt8], at index: Int, text: String) throws(DNSWireError) -> (UInt8, Int) {
        guard index + 1 < bytes.count else { throw .invalidName(text) }
        let next = bytes[index + 1]
        guard next >= UInt8(ascii: "0") && next <= UInt8(ascii: "9") else { return (next, 2) }
        guard index + 3 < bytes.count else { throw .invalidName(text) }
        var value = 0
        for digit in bytes[(index + 1)...(index + 3)] {
            guard digit >= UInt8(ascii: "0") && digit <= UInt8(ascii: "9") else { throw .invalidName(text) }
            value = value * 10 + Int(digit - UInt8(ascii: "0"))
        }
        guard value <= 255 else { throw .invalidName(text) }
        return (UInt8(value), 4)
    }
}
