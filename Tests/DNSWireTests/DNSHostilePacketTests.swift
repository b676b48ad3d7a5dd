import DNSWire
import XCTest

/// Malformed and malicious packets: each must fail with the expected error, never crash or hang.
final class DNSHostilePacketTests: XCTestCase {
    private static func header(qd: UInt16 = 1, an: UInt16 = 0, ns: UInt16 = 0, ar: UInt16 = 0) -> [UInt8] {
        [0x12, 0x34, 0x81, 0x00] + [qd, an, ns, ar].flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }

    private static let label63 = [UInt8(63)] + Array(repeating: UInt8(ascii: "a"), count: 63)
    private static let questionTail: [UInt8] = [0, 1, 0, 1]

    /// Question `i` (from 1) points to question `i - 1`'s name, so each adds one pointer to the chain.
    private static var pointerChain: [UInt8] {
        var bytes = header(qd: 40) + [0] + questionTail
        var previous = 12
        for _ in 1..<40 {
            let position = bytes.count
            bytes += [0xC0 | UInt8(previous >> 8), UInt8(previous & 0xFF)] + questionTail
            previous = position
        }
        return bytes
    }

    private static let cases: [(name: String, bytes: [UInt8], error: DNSWireError)] = [
        ("empty packet", [], .truncated(offset: 0, needed: 2)),
        ("truncated header", [0x12, 0x34, 0x01], .truncated(offset: 2, needed: 1)),
        (
            "huge counts with tiny buffer", header(qd: 0xFFFF, an: 0xFFFF, ns: 0xFFFF, ar: 0xFFFF),
            .truncated(offset: 12, needed: 1)
        ),
        (
            "compression pointer to itself", header() + [0xC0, 0x0C] + questionTail,
            .pointerNotBackward(offset: 12, target: 12)
        ),
        (
            "compression pointer loop through a label", header() + [1, 0x61, 0xC0, 0x0C] + questionTail,
            .pointerNotBackward(offset: 14, target: 12)
        ),
        (
            "forward pointer", header() + [0xC0, 0x12] + questionTail + [0, 0],
            .pointerNotBackward(offset: 12, target: 18)
        ),
        ("pointer chain too long", pointerChain, .tooManyPointers(offset: 12 + 5 + 32 * 6)),
        (
            "label too long (0x40 length byte)", header() + [0x40] + Array(repeating: 0x61, count: 64) + [0],
            .invalidLabelType(offset: 12, byte: 0x40)
        ),
        ("extended label type 0x80", header() + [0x80, 0] + questionTail, .invalidLabelType(offset: 12, byte: 0x80)),
        (
            "name longer than 255 octets", header() + Array([[UInt8]](repeating: label63, count: 5).joined()) + [0],
            .nameTooLong(Array(repeating: String(repeating: "a", count: 63), count: 3).joined(separator: ".") + "...")
        ),
        ("label runs past the end", header() + [10, 0x61, 0x62], .truncated(offset: 13, needed: 8)),
        (
            "A record with rdlength 5",
            header(an: 1) + [0] + questionTail + [0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 5, 1, 2, 3, 4, 5],
            .rdataLengthMismatch(type: 1, declared: 5, consumed: 4)
        ),
        (
            "A record with rdlength 3",
            header(an: 1) + [0] + questionTail + [0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 3, 1, 2, 3],
            .rdataLengthMismatch(type: 1, declared: 3, consumed: 0)
        ),
        (
            "rdlength beyond the packet",
            header(an: 1) + [0] + questionTail + [0, 0, 1, 0, 1, 0, 0, 0, 1, 0xFF, 0xFF, 1, 2, 3, 4],
            .truncated(offset: 28, needed: 65531)
        ),
        (
            "TXT string overruns rdlength",
            header(an: 1) + [0] + questionTail + [0, 0, 16, 0, 1, 0, 0, 0, 1, 0, 3, 5, 0x61, 0x62],
            .rdataLengthMismatch(type: 16, declared: 3, consumed: 1)
        ),
        (
            "CNAME target name escapes rdata",
            header(an: 1) + [0] + questionTail + [0, 0, 5, 0, 1, 0, 0, 0, 1, 0, 2, 3, 0x61, 0x62, 0x63, 0],
            .rdataLengthMismatch(type: 5, declared: 2, consumed: 0)
        ),
        (
            "trailing bytes after the last record", header() + [0] + questionTail + [0xDE, 0xAD],
            .trailingBytes(count: 2)
        ),
        (
            "OPT option longer than rdata",
            header(ar: 1) + [0] + questionTail + [0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0, 4, 0, 10, 0, 9],
            .rdataLengthMismatch(type: 41, declared: 4, consumed: 4)
        ),
    ]

    func testHostilePacketsAreRejectedWithTheExpectedError() {
        for entry in Self.cases {
            XCTAssertThrowsError(try DNSMessage(decoding: entry.bytes), entry.name) { error in
                XCTAssertEqual(error as? DNSWireError, entry.error, entry.name)
            }
        }
    }

    func testPointerChainWithinTheLimitIsAccepted() throws {
        var bytes = Self.pointerChain
        bytes[5] = 33  // only questions 0...32: the last has exactly 32 pointers
        bytes.removeLast(bytes.count - (12 + 5 + 32 * 6))
        let message = try DNSMessage(decoding: bytes)
        XCTAssertEqual(message.questions.count, 33)
        XCTAssertTrue(message.questions.allSatisfy { $0.name.isRoot })
    }

    func testNameLengthBoundaryIs255Octets() throws {
        func question(lastLabel: Int) -> [UInt8] {
            let last = [UInt8(lastLabel)] + Array(repeating: UInt8(ascii: "b"), count: lastLabel)
            return Self.header() + Array([[UInt8]](repeating: Self.label63, count: 3).joined()) + last + [0]
                + Self.questionTail
        }
        let message = try DNSMessage(decoding: question(lastLabel: 61))
        XCTAssertEqual(message.questions.first?.name.wireLength, 255)
        var viaPointer = question(lastLabel: 61) + [1, UInt8(ascii: "x"), 0xC0, 0x0C] + Self.questionTail
        viaPointer[5] = 2  // a second question: one label in front of the 255-octet name
        XCTAssertThrowsError(try DNSMessage(decoding: viaPointer)) { error in
            guard case .nameTooLong = error as? DNSWireError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try DNSMessage(decoding: question(lastLabel: 62))) { error in
            guard case .nameTooLong = error as? DNSWireError else { return XCTFail("\(error)") }
        }
    }

    func testHeaderPeekWorksOnGarbageBody() throws {
        let header = try DNSHeader(peeking: Self.header() + [0xFF])
        XCTAssertEqual(header.id, 0x1234)
        XCTAssertThrowsError(try DNSHeader(peeking: [1, 2, 3]))
    }
}
