import DNSWire
import IonosACME
import XCTest

/// Discovery error paths with a scripted resolver (the happy paths run against Knot in KnotDNSTests).
final class DNSDiscoveryTests: XCTestCase {
    /// A transport that answers every query with one fixed result and counts the queries.
    private final class FixedTransport: DNSTransport {
        let result: @Sendable (DNSQuery) -> DNSExchangeResult
        private let count = LogCapture()
        init(_ result: @escaping @Sendable (DNSQuery) -> DNSExchangeResult) { self.result = result }
        var queries: Int { count.captured.count }
        func exchange(_ queries: [DNSQuery], timeout: Double) -> [DNSExchangeResult] {
            queries.map { query in
                count.logger().debug("\(query)")
                return result(query)
            }
        }
    }

    private let resolver = DNSServerAddress(host: .v4(IPv4Address(127, 0, 0, 53)), port: 53)

    private static func response(to query: DNSQuery, rcode: DNSResponseCode = .noError, answers: [DNSRecord] = [])
        -> DNSExchangeResult
    {
        var message = DNSMessage.query(id: 1, name: query.name, type: query.type, recursionDesired: true).makeResponse(
            responseCode: rcode)
        message.answers = answers
        return .response(message)
    }

    func testSilentResolverIsUnavailableAfterAttempts() {
        let transport = FixedTransport { _ in .timedOut }
        let discovery = DNSDiscovery(resolver: resolver, transport: transport, queryTimeout: 0.1, attempts: 3)
        XCTAssertThrowsError(try discovery.zoneApex(of: "example.test")) { error in
            guard case .resolverUnreachable(let address, let query, _) = error as? DNSDiscoveryError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(address, "127.0.0.53:53")
            XCTAssertEqual(query, "example.test SOA")
            XCTAssertEqual((error as? DNSDiscoveryError)?.exitCode, .unavailable)
        }
        XCTAssertEqual(transport.queries, 3)
    }

    func testUnreachableResolverFailsAtOnce() {
        let transport = FixedTransport { _ in .unreachable("Network is unreachable") }
        let discovery = DNSDiscovery(resolver: resolver, transport: transport)
        XCTAssertThrowsError(try discovery.followCNAME("example.test"))
        XCTAssertEqual(transport.queries, 1)
    }

    func testServfailIsRetriedThenReported() {
        let transport = FixedTransport { Self.response(to: $0, rcode: .serverFailure) }
        let discovery = DNSDiscovery(resolver: resolver, transport: transport, attempts: 2)
        XCTAssertThrowsError(try discovery.nameservers(ofZone: "example.test")) { error in
            XCTAssertEqual(
                error as? DNSDiscoveryError,
                .resolverFailed(resolver: "127.0.0.53:53", query: "example.test NS", rcode: "SERVFAIL"))
        }
        XCTAssertEqual(transport.queries, 2)
    }

    func testCNAMEChainLengthIsBounded() {
        let transport = FixedTransport { query in
            let target = (try? query.name.prepending("x")) ?? query.name
            return Self.response(to: query, answers: [DNSRecord(name: query.name, ttl: 60, data: .cname(target))])
        }
        let discovery = DNSDiscovery(resolver: resolver, transport: transport)
        XCTAssertThrowsError(try discovery.followCNAME("a.test")) { error in
            guard case .cnameChainTooLong(let chain) = error as? DNSDiscoveryError else { return XCTFail("\(error)") }
            XCTAssertEqual(chain.count, DNSDiscovery.maxCNAMEChain + 1)
        }
        XCTAssertEqual(transport.queries, DNSDiscovery.maxCNAMEChain)
    }

    func testNoZoneAndNoNameservers() {
        let transport = FixedTransport { Self.response(to: $0, rcode: .nameError) }
        let discovery = DNSDiscovery(resolver: resolver, transport: transport)
        XCTAssertThrowsError(try discovery.zoneApex(of: "a.b.test")) {
            XCTAssertEqual($0 as? DNSDiscoveryError, .noZone(name: "a.b.test"))
        }
        XCTAssertEqual(transport.queries, 3, "a.b.test, b.test, test")
        XCTAssertThrowsError(try discovery.nameservers(ofZone: "b.test")) {
            XCTAssertEqual($0 as? DNSDiscoveryError, .noNameservers(zone: "b.test"))
        }
        XCTAssertThrowsError(try discovery.zoneApex(of: "bad..name")) {
            XCTAssertEqual($0 as? DNSDiscoveryError, .invalidName("bad..name"))
        }
    }

    func testAuthoritySOAOfAnotherZoneIsNotTakenAsApex() throws {
        // NODATA for a.b.test whose authority SOA is for an unrelated zone: keep walking.
        let transport = FixedTransport { query in
            var message = DNSMessage.query(id: 1, name: query.name, type: query.type, recursionDesired: true)
                .makeResponse()
            if query.name.description == "b.test" {
                message.answers = [
                    DNSRecord(
                        name: query.name, ttl: 60,
                        data: .soa(DNSSOA(primary: query.name, responsible: query.name, serial: 1)))
                ]
            } else if let other = try? DNSName("elsewhere.test") {
                message.authority = [
                    DNSRecord(name: other, ttl: 60, data: .soa(DNSSOA(primary: other, responsible: other, serial: 1)))
                ]
            }
            return .response(message)
        }
        XCTAssertEqual(try DNSDiscovery(resolver: resolver, transport: transport).zoneApex(of: "a.b.test"), "b.test")
    }
}
