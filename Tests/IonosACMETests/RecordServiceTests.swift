import Foundation
import XCTest

@testable import IonosACME

final class RecordServiceTests: XCTestCase {
    private func txtValues(_ fake: FakeIonos, zone: String, name: String) -> [String] {
        fake.records(zone: zone).filter { $0.name == name && $0.type == "TXT" }.map(\.content).sorted()
    }

    func testApexAndWildcardValuesCoexistAndCleanupOfOneLeavesTheOther() throws {
        let h = try Harness(zones: ["example.test"])
        let name = "_acme-challenge.example.test"
        let apex = ChallengeTXT(name: name, value: "apex-value")
        let wild = ChallengeTXT(name: name, value: "wildcard-value")
        let added = try h.service.present([apex, wild])
        XCTAssertEqual(added.map(\.challenge), [apex, wild])
        XCTAssertEqual(txtValues(h.fake, zone: "example.test", name: name), ["\"apex-value\"", "\"wildcard-value\""])
        XCTAssertEqual(h.fake.log.filter { $0.method == "POST" }.count, 1, "one POST per zone for a batch")

        let result = try h.service.cleanup([apex])
        XCTAssertEqual(result.deleted.map(\.challenge), [apex])
        XCTAssertEqual(txtValues(h.fake, zone: "example.test", name: name), ["\"wildcard-value\""])
        XCTAssertEqual(h.fake.log.filter { $0.path == "/v1/zones" }.count, 1, "zones listed once per run")
        // zones + filtered GET + POST, then filtered GET + DELETE
        XCTAssertEqual(h.service.requestCount, 5)
    }

    func testPresentSkipsValuesAlreadyThereAndReportsTheirIds() throws {
        let h = try Harness(zones: ["example.test"])
        let item = ChallengeTXT(name: "_acme-challenge.example.test", value: "v1")
        let first = try h.service.present([item])
        let second = try h.service.present([item, item])
        XCTAssertEqual(second.count, 1)
        XCTAssertTrue(second[0].alreadyPresent)
        XCTAssertEqual(second[0].id, first[0].id)
        XCTAssertEqual(h.fake.log.filter { $0.method == "POST" }.count, 1)
        XCTAssertEqual(h.fake.records(zone: "example.test").count, 1)
    }

    func testPostCarriesTTLAndUnquotedValue() throws {
        let clock = ManualClock()
        let fake = FakeIonos(apiKey: Harness.key, zoneNames: ["example.test"], clock: clock)
        let h = try Harness(fake: fake, clock: clock, ttl: 300)
        _ = try h.service.present([ChallengeTXT(name: "_acme-challenge.Example.TEST", value: "abc")])
        let record = try XCTUnwrap(fake.records(zone: "example.test").first)
        XCTAssertEqual(record.ttl, 300)
        XCTAssertEqual(record.content, "\"abc\"")
        XCTAssertEqual(record.name, "_acme-challenge.example.test")
    }

    func testCleanupOfMissingValueIsSuccessWithNote() throws {
        let h = try Harness(zones: ["example.test"])
        let item = ChallengeTXT(name: "_acme-challenge.example.test", value: "never-added")
        let result = try h.service.cleanup([item])
        XCTAssertEqual(result.notFound, [item])
        XCTAssertTrue(result.deleted.isEmpty)
        XCTAssertTrue(h.logs.captured.contains { $0.contains("nothing to delete") })
        XCTAssertFalse(h.fake.log.contains { $0.method == "DELETE" })
    }

    func testCleanupMatchesSplitAndQuotedContent() throws {
        let h = try Harness(zones: ["example.test"])
        let name = "_acme-challenge.example.test"
        h.fake.insert(
            RecordResponse(name: name, rootName: "example.test", type: "TXT", content: "\"abc\" \"def\"", id: "split"),
            zone: "example.test")
        h.fake.insert(
            RecordResponse(name: name, rootName: "example.test", type: "TXT", content: "\"abcdefg\"", id: "other"),
            zone: "example.test")
        let result = try h.service.cleanup([ChallengeTXT(name: name, value: "abcdef")])
        XCTAssertEqual(result.deleted.map(\.id), ["split"])
        XCTAssertEqual(h.fake.records(zone: "example.test").map(\.id), ["other"])
    }

    func testKnownIdIsVerifiedBeforeDeleting() throws {
        let h = try Harness(zones: ["example.test"])
        let name = "_acme-challenge.example.test"
        let ours = ChallengeTXT(name: name, value: "ours")
        let theirs = ChallengeTXT(name: name, value: "theirs")
        let added = try h.service.present([ours, theirs])
        let theirId = try XCTUnwrap(added.first { $0.challenge == theirs }?.id)
        // A stale id that now points at somebody else's value must not be deleted.
        let result = try h.service.cleanup([ours], knownIds: [ours: theirId])
        XCTAssertEqual(result.deleted.map(\.challenge), [ours])
        XCTAssertEqual(txtValues(h.fake, zone: "example.test", name: name), ["\"theirs\""])

        // A correct id deletes with a GET by id and no search.
        let before = h.fake.log.count
        let result2 = try h.service.cleanup([theirs], knownIds: [theirs: theirId])
        XCTAssertEqual(result2.deleted.map(\.id), [theirId])
        XCTAssertEqual(h.fake.log[before...].map(\.method), ["GET", "DELETE"])
        XCTAssertTrue(h.fake.records(zone: "example.test").isEmpty)
    }

    func testKnownIdThatIsGoneFallsBackToSearch() throws {
        let h = try Harness(zones: ["example.test"])
        let item = ChallengeTXT(name: "_acme-challenge.example.test", value: "v")
        _ = try h.service.present([item])
        let result = try h.service.cleanup([item], knownIds: [item: "no-such-id"])
        XCTAssertEqual(result.deleted.count, 1)
        XCTAssertTrue(h.fake.records(zone: "example.test").isEmpty)
    }

    func testBatchAcrossZonesPostsOncePerZone() throws {
        let h = try Harness(zones: ["example.test", "other.test", "sub.example.test"])
        let items = [
            ChallengeTXT(name: "_acme-challenge.example.test", value: "a"),
            ChallengeTXT(name: "_acme-challenge.www.other.test", value: "b"),
            ChallengeTXT(name: "_acme-challenge.sub.example.test", value: "c"),
            ChallengeTXT(name: "_acme-challenge.x.other.test", value: "d"),
        ]
        let added = try h.service.present(items)
        XCTAssertEqual(Set(added.map(\.challenge)), Set(items))
        XCTAssertEqual(h.fake.log.filter { $0.method == "POST" }.count, 3)
        XCTAssertEqual(h.fake.records(zone: "other.test").count, 2)
        XCTAssertEqual(h.fake.records(zone: "sub.example.test").map(\.name), ["_acme-challenge.sub.example.test"])
        let result = try h.service.cleanup(items)
        XCTAssertEqual(result.deleted.count, 4)
        for zone in ["example.test", "other.test", "sub.example.test"] {
            XCTAssertTrue(h.fake.records(zone: zone).isEmpty)
        }
    }

    func testRecordedZoneStaysByteIdenticalAndNoPutOrPatch() throws {
        let recorded = try Fixtures.recordedFullZone()
        XCTAssertEqual(recorded.records.count, 142)
        let clock = ManualClock()
        let zone = Zone(name: recorded.name, id: recorded.id, type: recorded.type)
        let fake = FakeIonos(apiKey: Harness.key, zones: [.init(zone: zone, records: recorded.records)], clock: clock)
        let h = try Harness(fake: fake, clock: clock)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let before = try encoder.encode(fake.records(zone: "example.com"))

        let items = [
            ChallengeTXT(name: "_acme-challenge.example.com", value: "apex"),
            ChallengeTXT(name: "_acme-challenge.example.com", value: "wild"),
            ChallengeTXT(name: "_acme-challenge.nextcloud.example.com", value: "nc"),
            // a name that already holds unrelated TXT records in the recorded zone
            ChallengeTXT(name: "_dmarc.nextcloud.example.com", value: "v=DMARC1; p=none-but-different"),
        ]
        let added = try h.service.present(items)
        XCTAssertEqual(added.count, 4)
        XCTAssertEqual(fake.records(zone: "example.com").count, 146)
        _ = try h.service.cleanup(items)

        let after = try encoder.encode(fake.records(zone: "example.com"))
        XCTAssertEqual(after, before, "every unrelated record is byte-identical")
        XCTAssertFalse(fake.log.contains { $0.method == "PUT" || $0.method == "PATCH" })
        // The recorded JSON itself round-trips: compare as parsed objects with the fixture text.
        let fixture = try Fixtures.load("list_records_with_no_arguments_should_list_all.json")
        let original = try XCTUnwrap((fixture[1].responseBody as? [String: Any])?["records"] as? [Any])
        let now = try JSONSerialization.jsonObject(with: after) as? [Any]
        XCTAssertEqual(now.map { NSArray(array: $0) }, NSArray(array: original))
    }

    func testStaleChallengeRecordsAndPrune() throws {
        let h = try Harness(zones: ["example.test", "other.test"], allowlist: ["example.test"])
        let old = RecordResponse(
            name: "_acme-challenge.example.test", rootName: "example.test", type: "TXT", content: "\"old\"",
            changeDate: "2026-12-01T10:00:00.000Z", id: "old")
        let fresh = RecordResponse(
            name: "_acme-challenge.www.example.test", rootName: "example.test", type: "TXT", content: "\"fresh\"",
            changeDate: "2026-12-04T09:30:00.000Z", id: "fresh")
        let unrelated = RecordResponse(
            name: "example.test", rootName: "example.test", type: "TXT", content: "\"v=spf1 -all\"",
            changeDate: "2020-01-01T00:00:00.000Z", id: "spf")
        let account = RecordResponse(
            name: "_ujmmovf2vn55tgye._acme-challenge.example.test", rootName: "example.test", type: "TXT",
            content: "\"acct\"", changeDate: "2026-12-02T00:00:00Z", id: "acct")
        let elsewhere = RecordResponse(
            name: "_acme-challenge.other.test", rootName: "other.test", type: "TXT", content: "\"x\"",
            changeDate: "2020-01-01T00:00:00.000Z", id: "elsewhere")
        for r in [old, fresh, unrelated, account] { h.fake.insert(r, zone: "example.test") }
        h.fake.insert(elsewhere, zone: "other.test")

        let now = try XCTUnwrap(parseChangeDate("2026-12-04T10:00:00.000Z"))
        let stale = try h.service.staleChallengeRecords(olderThan: 3600, now: now)
        XCTAssertEqual(stale.map(\.record.id).sorted(), ["acct", "old"])
        XCTAssertEqual(try h.service.deleteStale(stale), 2)
        XCTAssertEqual(h.fake.records(zone: "example.test").map(\.id).sorted(), ["fresh", "spf"])
        XCTAssertEqual(h.fake.records(zone: "other.test").map(\.id), ["elsewhere"])
    }

    func testChangeDateParsing() throws {
        let date = try XCTUnwrap(parseChangeDate("2024-11-28T13:45:48.186Z"))
        XCTAssertEqual(date.timeIntervalSince1970, 1_732_801_548.186, accuracy: 0.0005)
        XCTAssertEqual(parseChangeDate("1970-01-01T00:00:00Z")?.timeIntervalSince1970, 0)
        XCTAssertNil(parseChangeDate("yesterday"))
        XCTAssertNil(parseChangeDate("2024-13-28T13:45:48.186Z"))
    }

    func testListRecordsOfUnknownZoneNamesVisibleZones() throws {
        let h = try Harness(zones: ["example.test", "b.test"])
        XCTAssertThrowsError(try h.service.listRecords(zone: "nope.test")) { error in
            let e = error as? RecordError
            XCTAssertEqual(e?.exitCode, .dataError)
            XCTAssertEqual(e?.description, "no IONOS zone named nope.test; the key can see: b.test, example.test")
        }
        _ = try h.service.present([ChallengeTXT(name: "_acme-challenge.example.test", value: "v")])
        XCTAssertEqual(try h.service.listRecords(zone: "EXAMPLE.test.", type: "TXT").count, 1)
        XCTAssertEqual(try h.service.listRecords(zone: "example.test", type: "A").count, 0)
    }
}

final class TXTContentTests: XCTestCase {
    func testUnquote() {
        XCTAssertEqual(TXTContent.unquote("\"abc\""), "abc")
        XCTAssertEqual(TXTContent.unquote("abc"), "abc")
        XCTAssertEqual(TXTContent.unquote("\"a\" \"b\""), "ab")
        XCTAssertEqual(TXTContent.unquote("\"a\\\"b\""), "a\"b")
        XCTAssertEqual(TXTContent.unquote("\"\"abc\"\""), "\"abc\"", "exactly one pair removed")
        XCTAssertEqual(TXTContent.unquote("\"unterminated"), "\"unterminated")
        XCTAssertTrue(TXTContent.matches("\"v\"", value: "v"))
        XCTAssertFalse(TXTContent.matches("\"v\"", value: "\"v\""))
    }
}
