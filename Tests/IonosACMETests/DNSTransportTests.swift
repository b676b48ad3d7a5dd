import DNSWire
import Foundation
import IonosACME
import XCTest

/// The socket transport against scripted loopback responders: spoofed answers, silence, refusal.
final class DNSTransportTests: XCTestCase {
    private static func answer(_ query: DNSMessage, text: String, id: UInt16? = nil, name: DNSName? = nil) -> [UInt8] {
        var response = query.makeResponse(authoritative: true)
        if let id { response.header.id = id }
        if let name { response.questions[0].name = name }
        response.answers = [DNSRecord(name: response.questions[0].name, ttl: 60, data: .txt(text: text))]
        return (try? response.encode()) ?? []
    }

    func testSpoofedAnswersAreIgnored() throws {
        let responder = try UDPResponder.start { query in
            var notAResponse = query
            notAResponse.header.recursionDesired = true
            return [
                .init(bytes: Self.answer(query, text: "wrong-id", id: query.header.id &+ 1)),
                .init(bytes: Self.answer(query, text: "wrong-question", name: try? DNSName("other.example.test"))),
                .init(bytes: Self.answer(query, text: "wrong-source"), fromOtherPort: true),
                .init(bytes: (try? notAResponse.encode()) ?? []),
                .init(bytes: [0xDE, 0xAD, 0xBE, 0xEF]),
                .init(bytes: Self.answer(query, text: "right")),
            ]
        }
        defer { responder.stop() }
        let server = DNSServerAddress(host: .v4(IPv4Address(127, 0, 0, 1)), port: responder.port)
        let query = DNSQuery(
            server: server, name: try DNSName("_acme-challenge.example.test"), type: .txt, recursionDesired: false)
        let result = SocketDNSTransport().exchange(query, timeout: 3)
        XCTAssertEqual(result.message?.answers.compactMap(\.data.joinedText), ["right"], result.summary)
    }

    func testOnlySpoofedAnswersTimeOut() throws {
        let responder = try UDPResponder.start { query in
            [
                .init(bytes: Self.answer(query, text: "wrong-id", id: query.header.id &+ 1)),
                .init(bytes: Self.answer(query, text: "wrong-type-question", name: try? DNSName("x.example.test"))),
            ]
        }
        defer { responder.stop() }
        let server = DNSServerAddress(host: .v4(IPv4Address(127, 0, 0, 1)), port: responder.port)
        let query = DNSQuery(server: server, name: try DNSName("example.test"), type: .txt, recursionDesired: false)
        XCTAssertEqual(SocketDNSTransport().exchange(query, timeout: 0.3), .timedOut)
        XCTAssertEqual(responder.queriesSeen, 1)
    }

    func testQueryCarriesRandomIDAndNoRecursion() throws {
        let responder = try UDPResponder.start { query in [.init(bytes: Self.answer(query, text: "x"))] }
        defer { responder.stop() }
        let server = DNSServerAddress(host: .v4(IPv4Address(127, 0, 0, 1)), port: responder.port)
        let query = DNSQuery(server: server, name: try DNSName("example.test"), type: .txt, recursionDesired: false)
        let ids = (0..<8).compactMap { _ in SocketDNSTransport().exchange(query, timeout: 2).message?.header }
        XCTAssertEqual(ids.count, 8)
        XCTAssertFalse(ids.contains { $0.recursionDesired })
        XCTAssertGreaterThan(Set(ids.map(\.id)).count, 1, "ids must vary")
    }

    func testClosedPortFailsWithoutWaiting() throws {
        let responder = try UDPResponder.start { _ in [] }
        let port = responder.port
        responder.stop()  // nothing listens on the port any more: ICMP port unreachable
        let server = DNSServerAddress(host: .v4(IPv4Address(127, 0, 0, 1)), port: port)
        let query = DNSQuery(server: server, name: try DNSName("example.test"), type: .txt, recursionDesired: false)
        XCTAssertEqual(SocketDNSTransport().exchange(query, timeout: 5), .failed("refused"))
    }
}

/// Old servers that reject EDNS(0) get the query again without it.
final class DNSTransportEDNSFallbackTests: XCTestCase {
    func testFormErrToEDNSIsRetriedWithoutIt() throws {
        let responder = try UDPResponder.start { query in
            var response = query.makeResponse(
                responseCode: query.optRecord == nil ? .noError : .formatError, authoritative: true)
            if query.optRecord == nil {
                response.answers = [DNSRecord(name: query.questions[0].name, ttl: 60, data: .txt(text: "plain"))]
            }
            return [.init(bytes: (try? response.encode()) ?? [])]
        }
        defer { responder.stop() }
        let server = DNSServerAddress(host: .v4(IPv4Address(127, 0, 0, 1)), port: responder.port)
        let query = DNSQuery(server: server, name: try DNSName("old.example.test"), type: .txt, recursionDesired: false)
        let result = SocketDNSTransport().exchange(query, timeout: 2)
        XCTAssertEqual(result.message?.answers.compactMap(\.data.joinedText), ["plain"], result.summary)
        XCTAssertEqual(responder.queriesSeen, 2)
    }
}
