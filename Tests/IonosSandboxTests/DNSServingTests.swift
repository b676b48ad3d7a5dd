import Foundation
import Glibc
import IonosSandbox
import XCTest

/// What `dig` sees from the authoritative listeners and the resolver.
final class DNSServingTests: XCTestCase {
    var sandbox: Sandbox!
    var zone = ""
    var ns: [String] { sandbox.nameserverAddresses }

    override func setUpWithError() throws {
        sandbox = try startSandbox()
        zone = try sandbox.zoneID("example.test")
    }

    override func tearDown() { sandbox.stop() }

    private func post(_ body: String, zone: String? = nil) throws {
        let r = try sandbox.client().request("POST", "/dns/v1/zones/\(zone ?? self.zone)/records", key: sandbox.apiKey, body: body)
        XCTAssertEqual(r.status, 201, r.text)
    }

    func testAuthoritativeAnswersFlagsAndNegativeAnswersWithSOA() throws {
        for server in ns {
            let soa = try dig(server, "example.test", "SOA")
            XCTAssertEqual(digStatus(soa), "NOERROR")
            XCTAssertEqual(digFlags(soa), ["qr", "aa", "rd"], soa)
            XCTAssertTrue(
                digSection(soa, "ANSWER").first?.contains("ns1088.ui-dns.org. hostmaster.1und1.com. 2024112801 28800 7200 604800 600") ?? false, soa)
            let norec = try dig(server, "example.test", "NS", ["+norec"])
            XCTAssertEqual(digFlags(norec), ["qr", "aa"])
            XCTAssertEqual(digSection(norec, "ANSWER").count, 4)
        }
        let nx = try dig(ns[0], "nothing.example.test", "TXT", ["+norec"])
        XCTAssertEqual(digStatus(nx), "NXDOMAIN")
        XCTAssertEqual(digSection(nx, "AUTHORITY").count, 1)
        XCTAssertTrue(digSection(nx, "AUTHORITY")[0].split(whereSeparator: \.isWhitespace).prefix(4) == ["example.test.", "600", "IN", "SOA"], nx)
        let nodata = try dig(ns[0], "www.example.test", "TXT", ["+norec"])
        XCTAssertEqual(digStatus(nodata), "NOERROR")
        XCTAssertEqual(digSection(nodata, "ANSWER"), [])
        XCTAssertTrue(digSection(nodata, "AUTHORITY").first?.contains("SOA") ?? false, nodata)
        let a = try dig(ns[1], "www.example.test", "A", ["+norec", "+short"])
        XCTAssertEqual(a.trimmingCharacters(in: .whitespacesAndNewlines), "217.160.0.11")
        let aaaa = try dig(ns[1], "example.test", "AAAA", ["+norec", "+short"])
        XCTAssertEqual(aaaa.trimmingCharacters(in: .whitespacesAndNewlines), "2001:8d8:100f:f000::2aa")
        let mx = try dig(ns[1], "example.test", "MX", ["+norec", "+short"])
        XCTAssertTrue(mx.contains("10 mx00.ionos.de."), mx)
        let refused = try dig(ns[0], "example.org", "A", ["+norec"])
        XCTAssertEqual(digStatus(refused), "REFUSED")
        XCTAssertFalse(digFlags(refused).contains("aa"))
        let tcp = try dig(ns[2], "example.test", "SOA", ["+norec", "+tcp"])
        XCTAssertEqual(digStatus(tcp), "NOERROR")
        XCTAssertTrue(tcp.contains("(TCP)"), tcp)
    }

    func testSeveralTXTValuesAndCNAME() throws {
        try post(
            #"[{"name":"_acme-challenge.example.test","type":"TXT","content":"one","ttl":60},{"name":"_acme-challenge.example.test","type":"TXT","content":"two","ttl":60}]"#
        )
        let txt = try dig(ns[0], "_acme-challenge.example.test", "TXT", ["+norec", "+short"])
        XCTAssertEqual(Set(txt.split(separator: "\n").map(String.init)), ["\"one\"", "\"two\""])
        // A TXT at a name holding a CNAME is accepted; DNS answers the CNAME.
        try post(#"[{"name":"_acme-challenge.alias.example.test","type":"TXT","content":"shadowed"}]"#)
        let alias = try dig(ns[0], "_acme-challenge.alias.example.test", "TXT", ["+norec"])
        XCTAssertEqual(digSection(alias, "ANSWER").count, 1, alias)
        XCTAssertTrue(digSection(alias, "ANSWER")[0].contains("CNAME _acme-challenge.delegated.test."), alias)
    }

    func testLargeTXTSetNeedsTCP() throws {
        let values = (0..<12).map { i in "v\(i)-" + String(repeating: "x", count: 200) }
        try post("[" + values.map { #"{"name":"big.example.test","type":"TXT","content":"\#($0)","ttl":60}"# }.joined(separator: ",") + "]")
        let udp = try dig(ns[0], "big.example.test", "TXT", ["+norec", "+ignore", "+notcp"])
        XCTAssertTrue(digFlags(udp).contains("tc"), udp)
        XCTAssertEqual(digSection(udp, "ANSWER").count, 0)
        let retried = try dig(ns[0], "big.example.test", "TXT", ["+norec"])
        XCTAssertEqual(digSection(retried, "ANSWER").count, 12, retried)
        let tcp = try dig(ns[0], "big.example.test", "TXT", ["+norec", "+tcp"])
        XCTAssertEqual(digSection(tcp, "ANSWER").count, 12)
        let plain = try dig(ns[0], "big.example.test", "TXT", ["+norec", "+ignore", "+noedns"])
        XCTAssertTrue(digFlags(plain).contains("tc"), "without EDNS the limit is 512 bytes")
    }

    func testResolverAnswersWithRecursionAvailableAndNameserverAddresses() throws {
        let resolver = sandbox.resolverAddress
        let soa = try dig(resolver, "example.test", "SOA")
        XCTAssertEqual(digFlags(soa), ["qr", "rd", "ra"], soa)
        XCTAssertEqual(digSection(soa, "ANSWER").count, 1)
        let names = try dig(resolver, "example.test", "NS", ["+short"]).split(separator: "\n").map(String.init)
        XCTAssertEqual(names, ["ns1100.ui-dns.com.", "ns1062.ui-dns.de.", "ns1088.ui-dns.org.", "ns1092.ui-dns.biz."])
        let ips = try names.map { try dig(resolver, $0, "A", ["+short"]).trimmingCharacters(in: .whitespacesAndNewlines) }
        XCTAssertEqual(ips, ["127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"])
        // The resolver follows the CNAME into the other zone.
        let delegated = try sandbox.zoneID("delegated.test")
        try post(#"[{"name":"_acme-challenge.delegated.test","type":"TXT","content":"via-cname","ttl":60}]"#, zone: delegated)
        let chased = try dig(resolver, "_acme-challenge.alias.example.test", "TXT")
        XCTAssertEqual(digSection(chased, "ANSWER").count, 2, chased)
        XCTAssertTrue(chased.contains("\"via-cname\""))
        let sub = try dig(resolver, "_acme-challenge.www.example.test", "SOA")
        XCTAssertEqual(digStatus(sub), "NXDOMAIN")
        XCTAssertTrue(digSection(sub, "AUTHORITY").first?.hasPrefix("example.test.") ?? false, sub)
    }

    func testMalformedQueryGetsFormErrWithItsID() throws {
        let port = UInt16(ns[0].split(separator: ":").last!)!
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(fd) }
        var tv = timeval(tv_sec: 3, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var sa = sockaddr_in()
        sa.sin_family = sa_family_t(AF_INET)
        sa.sin_port = port.bigEndian
        sa.sin_addr.s_addr = inet_addr("127.0.0.2")
        let packet: [UInt8] = [0xBE, 0xEF, 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 7, 0x65, 0x78]
        _ = packet.withUnsafeBytes { raw in
            withUnsafePointer(to: &sa) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(fd, raw.baseAddress, raw.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
        var reply = [UInt8](repeating: 0, count: 512)
        let n = reply.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        XCTAssertGreaterThanOrEqual(n, 12)
        XCTAssertEqual(Array(reply[0..<2]), [0xBE, 0xEF])
        XCTAssertEqual(reply[2] & 0x80, 0x80, "QR set")
        XCTAssertEqual(reply[3] & 0x0F, 1, "FORMERR")
    }

    func testEachNameserverServesAChangeOnlyAfterItsLag() throws {
        sandbox.stop()
        sandbox = try startSandbox { $0.lag = .perServer([0, 0, 0, 1.5]) }
        zone = try sandbox.zoneID("example.test")
        try post(#"[{"name":"_acme-challenge.lag.example.test","type":"TXT","content":"lagged","ttl":60}]"#)
        func visible(_ server: String) throws -> Bool {
            try dig(server, "_acme-challenge.lag.example.test", "TXT", ["+norec", "+short"]).contains("\"lagged\"")
        }
        XCTAssertTrue(try eventually(within: 5) { try visible(ns[0]) })
        XCTAssertFalse(try visible(ns[3]), "the lagged server must not serve the change yet")
        XCTAssertFalse(
            try dig(sandbox.resolverAddress, "_acme-challenge.lag.example.test", "TXT", ["+short"]).contains("lagged"),
            "the resolver answers as the slowest nameserver sees it")
        let serials = sandbox.state()["nameservers"]?.arrayValue?.compactMap { $0["serial"]?.intValue }
        XCTAssertEqual(serials?[0], 1)
        XCTAssertEqual(serials?[3], 0)
        XCTAssertTrue(try eventually(within: 10) { try visible(ns[3]) })
        XCTAssertTrue(try dig(sandbox.resolverAddress, "_acme-challenge.lag.example.test", "TXT", ["+short"]).contains("lagged"))
        XCTAssertEqual(sandbox.state()["nameservers"]?.arrayValue?.compactMap { $0["serial"]?.intValue }, [1, 1, 1, 1])
        let soa = try dig(ns[3], "example.test", "SOA", ["+short"])
        XCTAssertTrue(soa.contains(" 2024112802 "), "the served SOA serial moves with the served version: \(soa)")
    }
}
