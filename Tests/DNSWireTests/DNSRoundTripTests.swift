import DNSWire
import XCTest

/// parse → encode → parse round trips, names, addresses and UDP truncation.
final class DNSRoundTripTests: XCTestCase {
    private func name(_ text: String) throws -> DNSName { try DNSName(text) }

    private func sampleResponse() throws -> DNSMessage {
        var message = DNSMessage.query(
            id: 99, name: try name("_acme-challenge.Example.test"), type: .txt,
            recursionDesired: false
        ).makeResponse(authoritative: true)
        message.answers = [
            DNSRecord(name: try name("_acme-challenge.example.test"), ttl: 60, data: .txt([Array("a".utf8), []])),
            DNSRecord(
                name: try name("_acme-challenge.example.test"), ttl: 60,
                data: .txt(text: String(repeating: "x", count: 600))),
        ]
        message.authority = [
            DNSRecord(name: try name("example.test"), ttl: 3600, data: .ns(try name("ns1.example.test"))),
            DNSRecord(
                name: try name("example.test"), ttl: 3600,
                data: .soa(
                    DNSSOA(
                        primary: try name("ns1.example.test"), responsible: try name("hostmaster.example.test"),
                        serial: 42))),
        ]
        message.additional = [
            DNSRecord(name: try name("ns1.example.test"), ttl: 3600, data: .a(IPv4Address(127, 0, 0, 2))),
            DNSRecord(name: try name("ns1.example.test"), ttl: 3600, data: .aaaa(try XCTUnwrap(IPv6Address("::1")))),
            DNSRecord(name: try name("example.test"), ttl: 5, data: .unknown(type: .mx, data: [0, 10, 0])),
            .opt(payloadSize: 4096, options: [DNSEDNSOption(code: 10, data: [1, 2, 3, 4, 5, 6, 7, 8])]),
        ]
        return message
    }

    func testParseEncodeParseRoundTrip() throws {
        let message = try sampleResponse()
        for compress in [true, false] {
            let bytes = try message.encode(compress: compress)
            let decoded = try DNSMessage(decoding: bytes)
            XCTAssertEqual(decoded, message)
            XCTAssertEqual(try decoded.encode(compress: compress), bytes)
        }
        XCTAssertLessThan(try message.encode().count, try message.encode(compress: false).count)
        XCTAssertEqual(try DNSMessage(decoding: message.encode()).answers[1].data.joinedText?.count, 600)
    }

    func testQuestionCaseIsPreserved() throws {
        let bytes = try sampleResponse().encode()
        let decoded = try DNSMessage(decoding: bytes)
        XCTAssertEqual(decoded.questions[0].name.description, "_acme-challenge.Example.test")
    }

    func testEncodeWithSizeLimitTruncates() throws {
        let message = try sampleResponse()
        let full = try message.encode()
        XCTAssertEqual(try message.encode(maxSize: full.count), full)
        let small = try message.encode(maxSize: 512)
        XCTAssertLessThanOrEqual(small.count, 512)
        let decoded = try DNSMessage(decoding: small)
        XCTAssertTrue(decoded.header.isTruncated)
        XCTAssertEqual(decoded.questions, message.questions)
        XCTAssertTrue(decoded.answers.isEmpty)
        XCTAssertEqual(decoded.ednsPayloadSize, 4096)
        XCTAssertThrowsError(try message.encode(maxSize: 20))
    }

    func testEncodeRejectsOversizedCharacterString() throws {
        var message = DNSMessage(header: DNSHeader(id: 1))
        message.answers = [DNSRecord(name: .root, ttl: 1, data: .txt([Array(repeating: 0x61, count: 256)]))]
        XCTAssertThrowsError(try message.encode()) { error in
            XCTAssertEqual(error as? DNSWireError, .characterStringTooLong(length: 256))
        }
    }

    func testNames() throws {
        XCTAssertEqual(try name("Example.COM.").description, "Example.COM")
        XCTAssertEqual(try name("example.com"), try name("EXAMPLE.com."))
        XCTAssertEqual(Set([try name("a.b"), try name("A.B")]).count, 1)
        XCTAssertTrue(try name(".").isRoot)
        XCTAssertTrue(try name("").isRoot)
        XCTAssertEqual(DNSName.root.description, ".")
        XCTAssertEqual(try name("a\\.b.c").labels.count, 2)
        XCTAssertEqual(try name("a\\.b.c").description, "a\\.b.c")
        XCTAssertEqual(try name("\\065b").description, "Ab")
        XCTAssertEqual(try name("a b").description, "a\\032b")
        XCTAssertEqual(try name("x.example.com").parent, try name("example.com"))
        XCTAssertTrue(try name("x.example.com").isSubdomain(of: try name("Example.com")))
        XCTAssertFalse(try name("badexample.com").isSubdomain(of: try name("example.com")))
        XCTAssertEqual(try name("example.com").prepending("_acme-challenge").description, "_acme-challenge.example.com")
        for bad in [
            "a..b", ".a", "a\\", "\\999", String(repeating: "a", count: 64) + ".com",
            Array(repeating: String(repeating: "a", count: 63), count: 4).joined(separator: "."),
        ] {
            XCTAssertThrowsError(try name(bad), bad)
        }
        let longest =
            Array(repeating: String(repeating: "a", count: 63), count: 3).joined(separator: ".")
            + "." + String(repeating: "b", count: 61)
        XCTAssertEqual(try name(longest).wireLength, 255)
    }

    func testAddresses() throws {
        XCTAssertEqual(IPv4Address("192.0.2.1")?.description, "192.0.2.1")
        for bad in ["1.2.3", "1.2.3.256", "1.2.3.4.5", "a.b.c.d", "", "1..2.3", "01234.1.1.1"] {
            XCTAssertNil(IPv4Address(bad), bad)
        }
        let table = [
            ("::1", "::1"), ("::", "::"), ("2001:DB8::53", "2001:db8::53"),
            ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
            ("::ffff:192.0.2.1", "::ffff:c000:201"), ("1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"),
            ("1:0:3:4:5:6:7:8", "1:0:3:4:5:6:7:8"),
        ]
        for (input, output) in table {
            XCTAssertEqual(IPv6Address(input)?.description, output, input)
        }
        for bad in ["1:2:3:4:5:6:7", "1::2::3", "12345::", "g::", ":::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7::8"] {
            XCTAssertNil(IPv6Address(bad), bad)
        }
        XCTAssertEqual(IPv6Address("::1")?.octets, Array(repeating: 0, count: 15) + [1])
    }

    func testRecordTypes() {
        XCTAssertEqual(DNSRecordType(name: "txt"), .txt)
        XCTAssertEqual(DNSRecordType(name: "TYPE65")?.description, "TYPE65")
        XCTAssertNil(DNSRecordType(name: "nope"))
        XCTAssertEqual(DNSResponseCode.nameError.description, "NXDOMAIN")
    }
}
