/// An IPv4 address (the data of an A record).
public struct IPv4Address: Hashable, Sendable, CustomStringConvertible {
    /// The address as a big-endian-ordered integer (`1.2.3.4` is `0x01020304`).
    public let value: UInt32

    /// Wraps an integer value.
    public init(_ value: UInt32) { self.value = value }

    /// Creates an address from four octets.
    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        value = UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
    }

    /// Parses dotted-quad text (`127.0.0.1`); nil when malformed.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0.isASCII && $0.isNumber }),
                let octet = UInt8(part)
            else { return nil }
            value = value << 8 | UInt32(octet)
        }
        self.value = value
    }

    /// The four octets in network order.
    public var octets: [UInt8] { [24, 16, 8, 0].map { UInt8((value >> UInt32($0)) & 0xFF) } }

    /// Dotted-quad text.
    public var description: String { octets.map(String.init).joined(separator: ".") }
}

/// An IPv6 address (the data of an AAAA record).
public struct IPv6Address: Hashable, Sendable, CustomStringConvertible {
    /// The 16 octets in network order.
    public var octets: [UInt8] { (0..<16).map { UInt8((($0 < 8 ? high : low) >> UInt64(56 - 8 * ($0 % 8))) & 0xFF) } }
    private let high: UInt64
    private let low: UInt64

    /// Creates an address from 16 octets; nil unless exactly 16 are given.
    public init?(octets: [UInt8]) {
        guard octets.count == 16 else { return nil }
        high = octets[0..<8].reduce(0) { $0 << 8 | UInt64($1) }
        low = octets[8..<16].reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// Parses RFC 4291 text (`::1`, `2001:db8::53`, `::ffff:192.0.2.1`); nil when malformed.
    public init?(_ text: String) {
        guard let groups = IPv6Address.parseGroups(text) else { return nil }
        var octets: [UInt8] = []
        for group in groups { octets += [UInt8(group >> 8), UInt8(group & 0xFF)] }
        self.init(octets: octets)
    }

    private static func parseGroups(_ text: String) -> [UInt16]? {
        let halves = text.split(separator: "::", maxSplits: 2, omittingEmptySubsequences: false)
        guard halves.count <= 2 else { return nil }
        guard let head = parseRun(String(halves[0]), allowV4: halves.count == 1) else { return nil }
        if halves.count == 1 { return head.count == 8 ? head : nil }
        guard let tail = parseRun(String(halves[1]), allowV4: true), head.count + tail.count <= 7 else { return nil }
        return head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
    }

    private static func parseRun(_ text: String, allowV4: Bool) -> [UInt16]? {
        if text.isEmpty { return [] }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        var groups: [UInt16] = []
        for (index, part) in parts.enumerated() {
            if allowV4 && index == parts.count - 1 && part.contains("."), let v4 = IPv4Address(String(part)) {
                groups += [UInt16(v4.value >> 16), UInt16(v4.value & 0xFFFF)]
            } else {
                guard (1...4).contains(part.count), part.allSatisfy(\.isHexDigit), let group = UInt16(part, radix: 16)
                else { return nil }
                groups.append(group)
            }
        }
        return groups
    }

    /// RFC 5952 text: lowercase, leading zeros dropped, the longest run of two or more zero groups as `::`.
    public var description: String {
        let bytes = octets
        let groups = (0..<8).map { UInt16(bytes[2 * $0]) << 8 | UInt16(bytes[2 * $0 + 1]) }
        var best = (start: -1, length: 0)
        var index = 0
        while index < 8 {
            var end = index
            while end < 8 && groups[end] == 0 { end += 1 }
            if end - index > best.length { best = (index, end - index) }
            index = max(end, index + 1)
        }
        let hex = groups.map { String($0, radix: 16) }
        guard best.length >= 2 else { return hex.joined(separator: ":") }
        let head = hex[..<best.start].joined(separator: ":")
        let tail = hex[(best.start + best.length)...].joined(separator: ":")
        return head + "::" + tail
    }
}
