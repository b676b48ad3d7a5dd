import DNSWire
import XCTest

/// Hand-assembled messages, byte by byte, against the codec.
final class DNSGoldenTests: XCTestCase {
    private func name(_ text: String) throws -> DNSName { try DNSName(text) }

    private let exampleLabels: [UInt8] = [7] + Array("example".utf8) + [3] + Array("com".utf8) + [0]

    func testQueryEncodesToGoldenBytes() throws {
        let query = DNSMessage.query(
            id: 0x1234, name: try name("example.com"), type: .a, recursionDesired: true, ednsPayloadSize: nil)
        let expected: [UInt8] = [0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0] + exampleLabels + [0, 1, 0, 1]
        XCTAssertEqual(try query.encode(), expected)
        XCTAssertEqual(try DNSMessage(decoding: expected), query)
    }

    func testQueryWithEDNSEncodesOPTRecord() throws {
        let query = DNSMessage.query(id: 7, name: try name("example.com"), type: .txt, recursionDesired: false)
        let expected: [UInt8] =
            [0, 7, 0x00, 0x00, 0, 1, 0, 0, 0, 0, 0, 1] + exampleLabels + [0, 16, 0, 1]
            + [0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0, 0]
        XCTAssertEqual(try query.encode(), expected)
        XCTAssertEqual(try DNSMessage(decoding: expected).ednsPayloadSize, 1232)
    }

    /// `www.example.com A` answered with a CNAME to `example.com` and its address, compressed.
    private var compressedResponse: [UInt8] {
        [0xAB, 0xCD, 0x85, 0x80, 0, 1, 0, 2, 0, 0, 0, 0]
            + [3] + Array("www".utf8) + exampleLabels + [0, 1, 0, 1]  // question at 12, example.com at 16
            + [0xC0, 0x0C, 0, 5, 0, 1, 0, 0, 0x01, 0x2C, 0, 2, 0xC0, 0x10]  // CNAME -> pointer to 16
            + [0xC0, 0x10, 0, 1, 0, 1, 0, 0, 0x01, 0x2C, 0, 4, 93, 184, 216, 34]
    }

    func testCompressedResponseDecodes() throws {
        let message = try DNSMessage(decoding: compressedResponse)
        XCTAssertEqual(message.header.id, 0xABCD)
        XCTAssertTrue(message.header.isResponse)
        XCTAssertTrue(message.header.isAuthoritative)
        XCTAssertTrue(message.header.recursionDesired)
        XCTAssertTrue(message.header.recursionAvailable)
        XCTAssertEqual(message.header.responseCode, .noError)
        XCTAssertEqual(message.questions, [DNSQuestion(name: try name("www.example.com"), type: .a)])
        XCTAssertEqual(message.answers.count, 2)
        XCTAssertEqual(message.answers[0].data, .cname(try name("example.com")))
        XCTAssertEqual(message.answers[0].ttl, 300)
        XCTAssertEqual(message.answers[1].name, try name("example.com"))
        XCTAssertEqual(message.answers[1].data, .a(IPv4Address(93, 184, 216, 34)))
    }

    func testResponseEncodesWithCompressionToGoldenBytes() throws {
        var response = DNSMessage.query(
            id: 0xABCD, name: try name("www.example.com"), type: .a, recursionDesired: true, ednsPayloadSize: nil
        ).makeResponse(authoritative: true, recursionAvailable: true)
        response.answers = [
            DNSRecord(name: try name("www.example.com"), ttl: 300, data: .cname(try name("example.com"))),
            DNSRecord(name: try name("example.com"), ttl: 300, data: .a(IPv4Address(93, 184, 216, 34))),
        ]
        XCTAssertEqual(try response.encode(), compressedResponse)
        XCTAssertEqual(try response.encode(compress: false).count, compressedResponse.count + 15 + 11 + 11)
    }

    func testMultiStringTXTAndSOAInAuthority() throws {
        let bytes: [UInt8] =
            [0, 1, 0x84, 0x03, 0, 1, 0, 1, 0, 1, 0, 0]
            + [4] + Array("_acm".utf8) + exampleLabels + [0, 16, 0, 1]  // question at 12; example.com at 17
            + [0xC0, 0x0C, 0, 16, 0, 1, 0, 0, 0, 60, 0, 8, 3] + Array("abc".utf8) + [3] + Array("def".utf8)
            + [0xC0, 0x11, 0, 6, 0, 1, 0, 0, 0, 60, 0, 27]
            + [2] + Array("ns".utf8) + [0xC0, 0x11]  // ns.example.com (5 octets)
            + [0xC0, 0x11]  // responsible = example.com (2 octets)
            + [0, 0, 0, 9, 0, 0, 0, 10, 0, 0, 0, 11, 0, 0, 0, 12, 0, 0, 0, 13]
        let message = try DNSMessage(decoding: bytes)
        XCTAssertEqual(message.header.responseCode, .nameError)
        XCTAssertEqual(message.answers.first?.data, .txt([Array("abc".utf8), Array("def".utf8)]))
        XCTAssertEqual(message.answers.first?.data.joinedText, "abcdef")
        let soa = DNSSOA(
            primary: try name("ns.example.com"), responsible: try name("example.com"), serial: 9, refresh: 10,
            retry: 11, expire: 12, minimum: 13)
        XCTAssertEqual(message.authority.first?.data, .soa(soa))
        XCTAssertEqual(message.authority.first?.name, try name("example.com"))
    }

    func testHeaderFlagsRoundTrip() {
        for flags: UInt16 in [0x0000, 0x8180, 0x8583, 0x0100, 0x2800, 0x8230, 0xFFBF] {
            XCTAssertEqual(DNSHeader(id: 1, flags: flags).flags, flags, "flags 0x\(String(flags, radix: 16))")
        }
    }
}
