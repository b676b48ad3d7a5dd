import XCTest

@testable import IonosACME

final class RetryFaultTests: XCTestCase {
    private let recordName = "_acme-challenge.example.test"

    func testRetryAfterIsHonoured() throws {
        let h = try Harness(zones: ["example.test"])
        h.fake.script([.tooMany(retryAfter: 7), .tooMany(retryAfter: 3)])
        XCTAssertEqual(try h.client.listZones().map(\.name), ["example.test"])
        XCTAssertEqual(h.clock.sleeps, [7, 3])
        XCTAssertEqual(h.client.requestCount, 3)
    }

    func testRetryAfterBeyondBudgetGivesUpAtOnce() throws {
        let h = try Harness(zones: ["example.test"])
        h.fake.script([.tooMany(retryAfter: 600)])
        XCTAssertThrowsError(try h.client.listZones()) { error in
            XCTAssertEqual((error as? IonosError)?.exitCode, .unavailable)
            XCTAssertTrue((error as? IonosError)?.description.contains("last: HTTP 429") == true)
        }
        XCTAssertEqual(h.clock.sleeps, [])
        XCTAssertEqual(h.client.requestCount, 1)
    }

    func testBackoffGrowsWithJitterAndStopsAtMaxAttempts() throws {
        let h = try Harness(zones: ["example.test"])
        h.fake.script(Array(repeating: .error500, count: 20))
        XCTAssertThrowsError(try h.client.listZones()) { error in
            XCTAssertEqual((error as? IonosError)?.exitCode, .unavailable)
            XCTAssertTrue((error as? IonosError)?.description.contains("after 8 attempts") == true)
        }
        XCTAssertEqual(h.client.requestCount, 8)
        let sleeps = h.clock.sleeps
        XCTAssertEqual(sleeps.count, 7)
        for (i, pause) in sleeps.enumerated() {
            let ceiling = min(8, 0.5 * Double(1 << i))
            XCTAssertGreaterThanOrEqual(pause, ceiling / 2)
            XCTAssertLessThanOrEqual(pause, ceiling)
        }
        XCTAssertLessThan(sleeps.reduce(0, +), 60)
    }

    func testTimeBudgetIsRespected() throws {
        let h = try Harness(zones: ["example.test"])
        // Each timeout consumes the whole per-request deadline on the manual clock.
        h.fake.script(Array(repeating: .timeout, count: 20))
        let start = h.clock.now()
        XCTAssertThrowsError(try h.client.listZones())
        let attempts = h.client.requestCount
        XCTAssertLessThan(attempts, 8, "the 60 s budget ends the retries before the attempt limit")
        XCTAssertGreaterThanOrEqual(attempts, 2)
        XCTAssertLessThanOrEqual(h.clock.now() - start, 60 + 1)
    }

    func testLostPostAnswerIsCheckedAndNotResent() throws {
        let h = try Harness(zones: ["example.test"])
        // GET zones ok, filtered GET ok, then the POST is applied but its answer is lost.
        h.fake.script([])
        _ = try h.service.listZones()
        _ = try h.client.getZone(Zone(name: "example.test", id: "zone-example.test"))
        let before = h.fake.log.count
        h.fake.script([.lostAnswer])
        let created = try h.client.createRecords(
            in: Zone(name: "example.test", id: "zone-example.test"), [.txt(name: recordName, value: "v", ttl: 60)])
        XCTAssertEqual(created.map(\.content), ["\"v\""])
        let methods = h.fake.log[before...].map(\.method)
        XCTAssertEqual(methods, ["POST", "GET"], "checked with a filtered GET, not sent again")
        let check = try XCTUnwrap(h.fake.log.last)
        XCTAssertEqual(check.query["recordName"], recordName)
        XCTAssertEqual(check.query["recordType"], "TXT")
        XCTAssertEqual(h.fake.records(zone: "example.test").count, 1)
    }

    func testLostPostWhenNotAppliedIsSentAgain() throws {
        let h = try Harness(zones: ["example.test"])
        let zone = Zone(name: "example.test", id: "zone-example.test")
        h.fake.script([.error500, .timeout], method: "POST")  // 500 (not applied) then a timeout (applied)
        let created = try h.client.createRecords(
            in: zone, [.txt(name: recordName, value: "a", ttl: 60), .txt(name: recordName, value: "b", ttl: 60)])
        XCTAssertEqual(Set(created.map(\.content)), ["\"a\"", "\"b\""])
        XCTAssertEqual(h.fake.records(zone: "example.test").count, 2)
        XCTAssertEqual(h.fake.log.map(\.method), ["POST", "GET", "POST", "GET"])
    }

    func testDeleteWhoseAnswerWasLostThen404IsSuccess() throws {
        let h = try Harness(zones: ["example.test"])
        let item = ChallengeTXT(name: recordName, value: "v")
        _ = try h.service.present([item])
        h.fake.script([.lostAnswer], method: "DELETE")
        let result = try h.service.cleanup([item])
        XCTAssertEqual(result.deleted.count, 1)
        XCTAssertEqual(h.fake.log.suffix(2).map(\.method), ["DELETE", "DELETE"])
        XCTAssertEqual(h.fake.log.last?.status, 404)
        XCTAssertTrue(h.fake.records(zone: "example.test").isEmpty)
    }

    func testRandomFaultsNeverLeaveDuplicatesOrStrays() throws {
        var injected: [String: Int] = [:]
        for seed in UInt64(1)...40 {
            let clock = ManualClock()
            let fake = FakeIonos(
                apiKey: Harness.key,
                zones: [
                    .init(zone: Zone(name: "example.test", id: "z1"), records: []),
                    .init(zone: Zone(name: "sub.example.test", id: "z2"), records: []),
                ],
                clock: clock, faultRate: 0.2, faultKinds: [.error500, .tooMany(retryAfter: 1), .lostAnswer, .timeout],
                seed: seed)
            let h = try Harness(fake: fake, clock: clock)
            let items = [
                ChallengeTXT(name: "_acme-challenge.example.test", value: "apex-\(seed)"),
                ChallengeTXT(name: "_acme-challenge.example.test", value: "wild-\(seed)"),
                ChallengeTXT(name: "_acme-challenge.sub.example.test", value: "sub-\(seed)"),
            ]
            let added = try h.service.present(items)
            XCTAssertEqual(Set(added.map(\.challenge)), Set(items), "seed \(seed)")
            let all = fake.records(zone: "example.test") + fake.records(zone: "sub.example.test")
            XCTAssertEqual(all.count, 3, "seed \(seed): no duplicates")
            XCTAssertEqual(Set(all.map(\.unquotedContent)), Set(items.map(\.value)), "seed \(seed)")

            let known = Dictionary(added.map { ($0.challenge, $0.id) }, uniquingKeysWith: { a, _ in a })
            _ = try h.service.cleanup(items, knownIds: known)
            XCTAssertTrue(fake.records(zone: "example.test").isEmpty, "seed \(seed)")
            XCTAssertTrue(fake.records(zone: "sub.example.test").isEmpty, "seed \(seed)")
            XCTAssertFalse(fake.log.contains { $0.method == "PUT" || $0.method == "PATCH" })
            for entry in fake.log { if let fault = entry.fault { injected["\(fault)", default: 0] += 1 } }
            for line in h.logs.captured { XCTAssertTrue(Harness.isClean(line), line) }
        }
        XCTAssertEqual(injected.count, 4, "every fault kind occurred: \(injected)")
        XCTAssertGreaterThan(injected.values.reduce(0, +), 60)
    }

    func testRetryAfterParsing() {
        XCTAssertEqual(RetryPolicy.parseRetryAfter(" 5 "), 5)
        XCTAssertNil(RetryPolicy.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT"))
        XCTAssertNil(RetryPolicy.parseRetryAfter("-1"))
        XCTAssertNil(RetryPolicy.parseRetryAfter(nil))
        XCTAssertEqual(RetryPolicy.parseRetryAfter("99999"), 3600)
    }
}
