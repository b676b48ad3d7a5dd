import Foundation
import Synchronization
import XCTest

@testable import IonosACME

/// Serves recorded IONOS exchanges in order and fails the test on a request that differs.
private final class ReplayTransport: HTTPTransport, @unchecked Sendable {
    struct Step {
        var method: String
        var path: String
        var query: Set<String>
        var status: Int
        var body: [UInt8]
    }

    private let steps: Mutex<[Step]>
    private let seen = Mutex<[HTTPRequest]>([])

    init(_ exchanges: [Fixtures.Exchange]) throws {
        steps = Mutex(
            try exchanges.map { e in
                Step(
                    method: e.method, path: e.path, query: Set(e.query.split(separator: "&").map(String.init)),
                    status: e.status, body: try Fixtures.bytes(e.responseBody))
            })
    }

    var requests: [HTTPRequest] { seen.withLock { $0 } }
    var remaining: Int { steps.withLock { $0.count } }

    func send(_ request: HTTPRequest, deadline seconds: Double) throws(HTTPError) -> HTTPResponse {
        seen.withLock { $0.append(request) }
        let url = request.url.replacingOccurrences(of: "https://api.ionos.test", with: "")
        let parts = url.split(separator: "?", maxSplits: 1).map(String.init)
        let query = Set((parts.count > 1 ? parts[1] : "").split(separator: "&").map(String.init))
        guard let step = steps.withLock({ $0.isEmpty ? nil : $0.removeFirst() }), step.method == request.method,
            step.path == parts[0], step.query == query
        else {
            XCTFail("unexpected request \(request.method) \(request.url)")
            return HTTPResponse(status: 599)
        }
        return HTTPResponse(status: step.status, headers: ["Content-Type": "application/json"], body: step.body)
    }
}

final class IonosClientTests: XCTestCase {
    private func client(_ transport: any HTTPTransport, base: String = "https://api.ionos.test/dns/") throws
        -> IonosClient
    {
        try IonosClient(
            baseURL: base, apiKey: Secret(Harness.key), transport: transport, clock: ManualClock(),
            random: SeededRandom(seed: 3), logger: .silent)
    }

    func testReplayCleanupOfRecordSetLeavesTheOtherValue() throws {
        let recorded = try Fixtures.load("delete_record_with_record_set_by_content_should_leave_others_untouched.json")
        let replay = try ReplayTransport([recorded[0], recorded[3], recorded[4], recorded[5]])
        let c = try client(replay)
        let service = RecordService(client: c, logger: .silent)
        let name = "_acme-challenge.deleterecordinset.example.com"
        let result = try service.cleanup([ChallengeTXT(name: name, value: "challengetoken1")])
        XCTAssertEqual(result.deleted.map(\.id), ["435178fa-53f2-8e66-34f4-3cff1a94e89f"])
        let zone = try service.zone(for: name)
        let left = try c.getZone(zone, recordName: name, recordType: "TXT").records
        XCTAssertEqual(left.map(\.unquotedContent), ["challengetoken2"])
        XCTAssertEqual(replay.remaining, 0)
        XCTAssertEqual(c.requestCount, 4)
    }

    func testReplayCreateDecodesTheRecordedAnswer() throws {
        let recorded = try Fixtures.load("create_record_for_TXT_with_valid_name_and_content.json")
        let replay = try ReplayTransport(recorded)
        let c = try client(replay)
        let zones = try c.listZones()
        XCTAssertEqual(zones, [Zone(name: "example.com", id: "4c9feb47-2a4d-11ec-bda4-0a5864441f49", type: "NATIVE")])
        let created = try c.createRecords(
            in: zones[0], [.txt(name: "_acme-challenge.test.example.com", value: "challengetoken", ttl: 60)])
        XCTAssertEqual(created.count, 1)
        XCTAssertEqual(created[0].id, "4498566b-2b14-53e3-4d5e-f8aa47831288")
        XCTAssertEqual(created[0].content, "\"challengetoken\"")
        XCTAssertNil(created[0].prio)
        XCTAssertEqual(created[0].rootName, "example.com")

        let post = try XCTUnwrap(replay.requests.last)
        XCTAssertEqual(post.headerValue("Content-Type"), "application/json")
        XCTAssertEqual(post.headerValue("Accept"), "application/json")
        XCTAssertEqual(post.headerValue("x-api-key"), Harness.key)
        let body = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(post.body)) as? [[String: Any]])
        XCTAssertEqual(body.count, 1)
        XCTAssertEqual(body[0]["name"] as? String, "_acme-challenge.test.example.com")
        XCTAssertEqual(body[0]["type"] as? String, "TXT")
        XCTAssertEqual(body[0]["content"] as? String, "challengetoken")
        XCTAssertEqual(body[0]["ttl"] as? Int, 60)
        XCTAssertEqual(body[0]["disabled"] as? Bool, false)
        XCTAssertNil(body[0]["prio"])
        XCTAssertNil(replay.requests.first?.headerValue("Content-Type"), "no Content-Type without a body")
    }

    func testReplayDeleteByIdAndEmptyFilteredListing() throws {
        let recorded = try Fixtures.load("delete_record_by_identifier_should_remove_record.json")
        let replay = try ReplayTransport([recorded[0], recorded[3], recorded[4]])
        let c = try client(replay)
        let zone = try XCTUnwrap(c.listZones().first)
        XCTAssertEqual(try c.deleteRecord(in: zone, id: "5a5c0daa-a3c4-b806-ead0-a7a0cac4b295"), .deleted)
        XCTAssertEqual(try c.getZone(zone, recordName: "delete.testid.example.com", recordType: "TXT").records, [])
    }

    func testMissingRecordIsNilAndDeleteOfMissingIsNotFound() throws {
        let h = try Harness(zones: ["example.test"])
        let zone = Zone(name: "example.test", id: "zone-example.test")
        XCTAssertNil(try h.client.getRecord(in: zone, id: "nope"))
        XCTAssertEqual(try h.client.deleteRecord(in: zone, id: "nope"), .notFound)
        XCTAssertEqual(h.client.requestCount, 2, "a 404 is an answer, not a retry")
    }

    func testFullRecordedZoneDecodes() throws {
        let zone = try Fixtures.recordedFullZone()
        XCTAssertEqual(zone.records.count, 142)
        XCTAssertEqual(zone.records.filter { $0.type == "MX" }.allSatisfy { $0.prio != nil }, true)
        XCTAssertEqual(zone.records.filter { $0.type == "TXT" }.allSatisfy { $0.prio == nil }, true)
    }

    func testQueryValuesArePercentEncoded() throws {
        let h = try Harness(zones: ["example.test"])
        _ = try h.client.getZone(
            Zone(name: "example.test", id: "zone-example.test"), recordName: "*.a b&c=d.example.test",
            recordType: "TXT,A", suffix: "example.test")
        let entry = try XCTUnwrap(h.fake.log.last)
        XCTAssertEqual(
            entry.url,
            "https://api.ionos.test/dns/v1/zones/zone-example.test?recordName=%2A.a%20b%26c%3Dd.example.test"
                + "&recordType=TXT%2CA&suffix=example.test")
        XCTAssertEqual(entry.query["recordName"], "*.a b&c=d.example.test")
        XCTAssertEqual(percentEncode("ß"), "%C3%9F")
    }

    func testClientRefusesPlainHTTPToARealHost() {
        XCTAssertThrowsError(try client(FakeIonos(apiKey: "k", zoneNames: []), base: "http://example.invalid/dns")) {
            error in
            XCTAssertEqual((error as? IonosError)?.exitCode, .config)
            XCTAssertTrue((error as? IonosError)?.description.contains("loopback") == true)
        }
        XCTAssertNoThrow(try client(FakeIonos(apiKey: "k", zoneNames: []), base: "http://127.0.0.1:8080/dns"))
        XCTAssertNoThrow(try client(FakeIonos(apiKey: "k", zoneNames: []), base: "http://[::1]:8080/dns"))
    }

    func testLiveClientRefusesPlainHTTPBeforeConnecting() {
        XCTAssertThrowsError(try IonosClient.live(baseURL: "http://example.invalid/", apiKey: Secret("a.b"), logger: .silent)) {
            error in
            XCTAssertEqual((error as? IonosError)?.exitCode, .config)
        }
        XCTAssertNoThrow(try IonosClient.live(apiKey: Secret("a.b"), logger: .silent))
    }

    func testWrongKeyIs77AndCountsOneRequest() throws {
        let clock = ManualClock()
        let fake = FakeIonos(apiKey: Harness.key, zoneNames: ["example.test"], clock: clock)
        let h = try Harness(fake: fake, clock: clock, key: "wrong.key")
        XCTAssertThrowsError(try h.service.present([ChallengeTXT(name: "_acme-challenge.example.test", value: "v")])) {
            error in
            XCTAssertEqual((error as? RecordError)?.exitCode, .noPermission)
            XCTAssertTrue((error as? RecordError)?.description.contains("IONOS rejected the API key") == true)
        }
        XCTAssertEqual(h.service.requestCount, 1)
    }

    func testDebugLogShowsMethodURLStatusAndRedactedKey() throws {
        let h = try Harness(zones: ["example.test"])
        _ = try h.client.listZones()
        let line = try XCTUnwrap(h.logs.captured.first { $0.hasPrefix("HTTP GET") })
        XCTAssertTrue(line.contains("https://api.ionos.test/dns/v1/zones"), line)
        XCTAssertTrue(line.contains("X-API-Key: <redacted>"), line)
        XCTAssertTrue(line.contains("-> 200 in "), line)
        XCTAssertTrue(Harness.isClean(line))
    }
}
