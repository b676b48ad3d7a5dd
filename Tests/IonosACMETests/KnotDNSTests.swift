import DNSWire
import IonosACME
import XCTest

/// The real socket transport and the discovery walk against Knot DNS on loopback.
final class KnotDNSTests: XCTestCase {
    private static let bigTXTCount = 40

    private static var exampleZone: String {
        let big = (0..<bigTXTCount).map { "big TXT \"value-\($0)-\(String(repeating: "x", count: 40))\"" }
        return """
            $ORIGIN example.test.
            $TTL 60
            @ SOA ns1 hostmaster 7 3600 600 604800 60
            @ NS ns1
            @ NS ns2.other.test.
            ns1 A 127.0.0.1
            ns1 AAAA ::1
            www A 192.0.2.1
            _acme-challenge TXT "part1" "part2"
            _acme-challenge TXT "second"
            alias CNAME hop
            hop CNAME target
            target TXT "at-target"
            loop1 CNAME loop2
            loop2 CNAME loop1
            \(big.joined(separator: "\n"))

            """
    }

    private static let otherZone = """
        $ORIGIN other.test.
        $TTL 60
        @ SOA ns2 hostmaster 1 3600 600 604800 60
        @ NS ns2
        ns2 A 127.0.0.1

        """

    private var knot: KnotServer!

    override func setUpWithError() throws {
        knot = try KnotServer.start(zones: ["example.test": Self.exampleZone, "other.test": Self.otherZone])
    }

    override func tearDown() {
        knot?.stop()
        knot = nil
    }

    private func ask(_ name: String, _ type: DNSRecordType, server: DNSServerAddress? = nil) throws -> DNSMessage {
        let query = DNSQuery(
            server: server ?? knot.address, name: try DNSName(name), type: type, recursionDesired: false)
        let result = SocketDNSTransport().exchange(query, timeout: 2)
        return try XCTUnwrap(result.message, "no response for \(name) \(type): \(result.summary)")
    }

    private var discovery: DNSDiscovery {
        DNSDiscovery(resolver: knot.address, transport: SocketDNSTransport(), queryTimeout: 1, attempts: 2)
    }

    // MARK: - Transport

    func testSOA() throws {
        let response = try ask("example.test", .soa)
        XCTAssertTrue(response.header.isAuthoritative)
        guard case .soa(let soa) = response.answers.first?.data else { return XCTFail("no SOA: \(response)") }
        XCTAssertEqual(soa.serial, 7)
        XCTAssertEqual(soa.primary, try DNSName("ns1.example.test"))
    }

    func testNS() throws {
        let names = try ask("example.test", .ns).answers.compactMap { record -> String? in
            if case .ns(let name) = record.data { return name.description }
            return nil
        }
        XCTAssertEqual(Set(names), ["ns1.example.test", "ns2.other.test"])
    }

    func testTXTWithSeveralStrings() throws {
        let values = try ask("_acme-challenge.example.test", .txt).answers.compactMap(\.data.joinedText)
        XCTAssertEqual(Set(values), ["part1part2", "second"])
    }

    func testNXDOMAINCarriesSOAInAuthority() throws {
        let response = try ask("missing.example.test", .txt)
        XCTAssertEqual(response.header.responseCode, .nameError)
        XCTAssertTrue(response.answers.isEmpty)
        XCTAssertEqual(response.authority.first?.type, .soa)
        XCTAssertEqual(response.authority.first?.name, try DNSName("example.test"))
    }

    func testTruncatedUDPAnswerFallsBackToTCP() throws {
        let response = try ask("big.example.test", .txt)
        XCTAssertFalse(response.header.isTruncated)
        XCTAssertEqual(response.answers.count, Self.bigTXTCount)
        XCTAssertGreaterThan(try response.encode().count, 1232, "the answer must be too big for UDP")
    }

    func testIPv6Loopback() throws {
        let v6 = try XCTUnwrap(knot.addressV6)
        let response = try ask("www.example.test", .a, server: v6)
        XCTAssertEqual(response.answers.first?.data, .a(IPv4Address(192, 0, 2, 1)))
    }

    func testBatchOfQueriesInParallel() throws {
        let names = ["www.example.test", "_acme-challenge.example.test", "missing.example.test", "example.test"]
        let queries = try names.map {
            DNSQuery(server: knot.address, name: try DNSName($0), type: .txt, recursionDesired: false)
        }
        let results = SocketDNSTransport().exchange(queries, timeout: 2)
        XCTAssertEqual(results.map { $0.message?.header.responseCode }, [.noError, .noError, .nameError, .noError])
        XCTAssertEqual(results[1].message?.questions.first?.name, try DNSName("_acme-challenge.example.test"))
    }

    // MARK: - Discovery

    func testZoneApexWalk() throws {
        XCTAssertEqual(try discovery.zoneApex(of: "_acme-challenge.example.test"), "example.test")
        XCTAssertEqual(try discovery.zoneApex(of: "deep.missing.example.test."), "example.test")
        XCTAssertEqual(try discovery.zoneApex(of: "www.example.test"), "example.test", "NODATA with SOA in authority")
        XCTAssertEqual(try discovery.zoneApex(of: "Example.TEST"), "example.test")
        XCTAssertEqual(try discovery.zoneApex(of: "alias.example.test"), "example.test", "CNAME answers are skipped")
    }

    func testNameserversWithAddresses() throws {
        let servers = try discovery.nameservers(ofZone: "example.test", port: knot.port)
        XCTAssertEqual(servers.map(\.name), ["ns1.example.test", "ns2.other.test"])
        XCTAssertEqual(servers[0].addresses.map(\.description), ["127.0.0.1:\(knot.port)", "[::1]:\(knot.port)"])
        XCTAssertEqual(servers[1].addresses.map(\.description), ["127.0.0.1:\(knot.port)"])
    }

    func testFollowCNAME() throws {
        XCTAssertEqual(try discovery.followCNAME("alias.example.test"), "target.example.test")
        XCTAssertEqual(try discovery.followCNAME("_acme-challenge.example.test"), "_acme-challenge.example.test")
        XCTAssertEqual(try discovery.followCNAME("missing.example.test"), "missing.example.test")
        XCTAssertThrowsError(try discovery.followCNAME("loop1.example.test")) { error in
            XCTAssertEqual(
                error as? DNSDiscoveryError,
                .cnameLoop(chain: ["loop1.example.test", "loop2.example.test", "loop1.example.test"]))
            XCTAssertEqual((error as? DNSDiscoveryError)?.exitCode, .dataError)
        }
    }

    // MARK: - The wait over real sockets

    func testWaitDiscoversNameserversThroughTheResolverAndReturns() throws {
        var settings = PropagationSettings(
            resolver: knot.address, authoritativePort: knot.port, timeout: 10, pollInterval: 1)
        settings.queryTimeout = 1
        let report = try PropagationWaiter(settings: settings, logger: .silent)
            .wait(for: [
                ExpectedTXT(fqdn: "_acme-challenge.example.test", value: "part1part2"),
                ExpectedTXT(fqdn: "_acme-challenge.example.test", value: "second"),
            ])
        XCTAssertEqual(report.rounds, 1)
        XCTAssertEqual(Set(report.servers.map(\.address)), Set([knot.address, try XCTUnwrap(knot.addressV6)]))
        XCTAssertEqual(
            Set(report.servers.compactMap(\.nameserver)), ["ns1.example.test, ns2.other.test", "ns1.example.test"])
        XCTAssertEqual(report.queriesSent, 2, "an address shared by two NS names is asked once")
    }

    func testWaitTimesOutNamingTheServerAndItsAnswer() throws {
        let settings = PropagationSettings(
            resolver: knot.address, nameservers: [knot.address], timeout: 0.6, pollInterval: 0.25)
        XCTAssertThrowsError(
            try PropagationWaiter(settings: settings, logger: .silent)
                .wait(for: [
                    ExpectedTXT(fqdn: "_acme-challenge.example.test", value: "not-there"),
                    ExpectedTXT(fqdn: "missing.example.test", value: "x"),
                ])
        ) { error in
            XCTAssertEqual((error as? PropagationError)?.exitCode, .timeout)
            let text = String(describing: error)
            XCTAssertTrue(
                text.contains(
                    "127.0.0.1:\(knot.port) lacks 'not-there' at _acme-challenge.example.test, answered TXT 'part1part2', 'second'"
                ), text)
            XCTAssertTrue(text.contains("lacks 'x' at missing.example.test, answered NXDOMAIN"), text)
        }
    }
}
