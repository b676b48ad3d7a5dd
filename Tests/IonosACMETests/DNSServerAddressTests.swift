import DNSWire
import Foundation
import IonosACME
import XCTest

/// Parsing of `ip[:port]` server addresses, lists and resolv.conf.
final class DNSServerAddressTests: XCTestCase {
    func testParsing() {
        XCTAssertEqual(DNSServerAddress(parsing: "192.0.2.1")?.description, "192.0.2.1:53")
        XCTAssertEqual(DNSServerAddress(parsing: "127.0.0.2:5353")?.description, "127.0.0.2:5353")
        XCTAssertEqual(DNSServerAddress(parsing: "::1")?.description, "[::1]:53")
        XCTAssertEqual(DNSServerAddress(parsing: "[::1]:5353")?.description, "[::1]:5353")
        XCTAssertEqual(DNSServerAddress(parsing: "[2001:db8::1]")?.description, "[2001:db8::1]:53")
        XCTAssertEqual(DNSServerAddress(parsing: "10.0.0.1", defaultPort: 8053)?.port, 8053)
        for bad in ["", "ns1.example.com", "1.2.3.4:", "1.2.3.4:0", "1.2.3.4:70000", "[::1", "[::1]x", "1.2.3.4:5:6"] {
            XCTAssertNil(DNSServerAddress(parsing: bad), bad)
        }
    }

    func testList() {
        let list = DNSServerAddress.parseList("127.0.0.2:5353, 127.0.0.3:5353,[::1]", defaultPort: 5300)
        XCTAssertEqual(list?.map(\.description), ["127.0.0.2:5353", "127.0.0.3:5353", "[::1]:5300"])
        XCTAssertNil(DNSServerAddress.parseList("127.0.0.2,bogus"))
        XCTAssertNil(DNSServerAddress.parseList(" , "))
    }

    func testResolvConf() {
        let text = """
            # generated
            search example.com
            nameserver fe80::1%eth0
            nameserver 10.255.255.53
            nameserver 8.8.8.8
            """
        XCTAssertEqual(DNSServerAddress.firstNameserver(inResolvConf: text)?.description, "10.255.255.53:53")
        XCTAssertNil(DNSServerAddress.firstNameserver(inResolvConf: "search x\n"))
    }
}
