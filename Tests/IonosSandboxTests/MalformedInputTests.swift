import Foundation
import Glibc
import IonosSandbox
import XCTest

/// Hostile input to both listeners: the sandbox answers or drops it, never crashes, and keeps serving.
final class MalformedInputTests: XCTestCase {
    func testHTTPListenerSurvivesGarbageHugeHeadersAndBadLengths() throws {
        let sandbox = try startSandbox()
        defer { sandbox.stop() }
        func exchange(_ raw: [UInt8]) throws -> RawResponse? {
            let c = try sandbox.client()
            _ = c.send(raw: raw)
            return c.readResponse()
        }
        XCTAssertEqual(try exchange(Array("\u{01}\u{02}garbage\r\n\r\n".utf8))?.status, 400)
        XCTAssertEqual(try exchange(Array("GET /dns/v1/zones HTTP/9.9\r\n\r\n".utf8))?.status, 505)
        XCTAssertEqual(try exchange(Array("GET /x HTTP/1.1\r\nBad Header\r\n\r\n".utf8))?.status, 400)
        let huge = "GET /dns/v1/zones HTTP/1.1\r\nX-Filler: " + String(repeating: "a", count: 20_000) + "\r\n\r\n"
        XCTAssertEqual(try exchange(Array(huge.utf8))?.status, 431)
        XCTAssertEqual(try exchange(Array("POST /dns/v1/zones HTTP/1.1\r\nContent-Length: abc\r\n\r\n".utf8))?.status, 400)
        XCTAssertEqual(try exchange(Array("POST /x HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello".utf8))?.status, 400)
        XCTAssertEqual(try exchange(Array("POST /x HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n".utf8))?.status, 413)
        let oversized = Array("POST /dns/v1/zones HTTP/1.1\r\nContent-Length: 1300000\r\n\r\n".utf8) + [UInt8](repeating: 0x61, count: 1_300_000)
        XCTAssertEqual(try exchange(oversized)?.status, 413, "the rejection is readable although the body was sent")
        XCTAssertEqual(try exchange(Array("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n".utf8))?.status, 411)
        // Random bytes, then a half request and an abrupt close.
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let c = try sandbox.client()
            _ = c.send(
                raw: (0..<Int.random(in: 1...600, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) } + [13, 10, 13, 10])
            _ = c.readResponse()
        }
        _ = try sandbox.client().send(raw: Array("POST /dns/v1/zones HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc".utf8))
        // Still serving, also on keep-alive connections.
        let c = try sandbox.client()
        XCTAssertEqual(try c.request("GET", "/dns/v1/zones", key: sandbox.apiKey).status, 200)
        XCTAssertEqual(try c.request("GET", "/dns/v1/zones", key: sandbox.apiKey).status, 200)
    }

    func testDNSListenerSurvivesGarbageDatagrams() throws {
        let sandbox = try startSandbox()
        defer { sandbox.stop() }
        let address = sandbox.nameserverAddresses[0]
        let port = UInt16(address.split(separator: ":").last!)!
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(fd) }
        var sa = sockaddr_in()
        sa.sin_family = sa_family_t(AF_INET)
        sa.sin_port = port.bigEndian
        sa.sin_addr.s_addr = inet_addr("127.0.0.2")
        var generator = SystemRandomNumberGenerator()
        var packets: [[UInt8]] = [[], [0], [0x12, 0x34], Array(repeating: 0xFF, count: 12), Array(repeating: 0xC0, count: 64)]
        // A query header claiming 1 question followed by a compression-pointer loop.
        packets.append([0xAB, 0xCD, 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0xC0, 0x0C, 0, 1, 0, 1])
        for _ in 0..<300 {
            packets.append((0..<Int.random(in: 0...512, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) })
        }
        for packet in packets {
            _ = packet.withUnsafeBytes { raw in
                withUnsafePointer(to: &sa) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        sendto(fd, raw.baseAddress, raw.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                    }
                }
            }
        }
        let formerr = try dig(["@127.0.0.2", "-p", String(port), "+norec", "+header-only", "example.test", "SOA"])
        XCTAssertTrue(["NOERROR", "FORMERR"].contains(digStatus(formerr)), formerr)
        let output = try dig(address, "example.test", "SOA", ["+norec"])
        XCTAssertEqual(digStatus(output), "NOERROR", output)
        XCTAssertEqual(digSection(output, "ANSWER").count, 1, output)
        let tcp = try dig(address, "example.test", "SOA", ["+norec", "+tcp"])
        XCTAssertEqual(digStatus(tcp), "NOERROR", tcp)
    }
}
