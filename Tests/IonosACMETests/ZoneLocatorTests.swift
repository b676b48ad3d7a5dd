import XCTest

@testable import IonosACME

final class ZoneLocatorTests: XCTestCase {
    private let zones = [
        Zone(name: "example.test", id: "1"), Zone(name: "sub.example.test", id: "2"),
        Zone(name: "badexample.test", id: "3"), Zone(name: "Other.TEST", id: "4"),
    ]

    func testLongestZoneOnLabelBoundaryWins() throws {
        let locator = ZoneLocator()
        XCTAssertEqual(try locator.zone(for: "_acme-challenge.sub.example.test", in: zones).id, "2")
        XCTAssertEqual(try locator.zone(for: "_acme-challenge.deep.sub.example.test", in: zones).id, "2")
        XCTAssertEqual(try locator.zone(for: "_acme-challenge.example.test", in: zones).id, "1")
        XCTAssertEqual(try locator.zone(for: "_acme-challenge.xsub.example.test", in: zones).id, "1")
        XCTAssertEqual(try locator.zone(for: "example.test", in: zones).id, "1", "the apex itself")
        XCTAssertEqual(try locator.zone(for: "_acme-challenge.badexample.test", in: zones).id, "3")
        XCTAssertEqual(try locator.zone(for: "_ACME-challenge.OTHER.test.", in: zones).id, "4", "case-insensitive")
    }

    func testSuffixWithoutLabelBoundaryNeverMatches() {
        let only = [Zone(name: "example.test", id: "1")]
        XCTAssertThrowsError(try ZoneLocator().zone(for: "_acme-challenge.badexample.test", in: only)) { error in
            XCTAssertEqual((error as? RecordError)?.exitCode, .dataError)
            XCTAssertEqual(
                (error as? RecordError)?.description.hasPrefix(
                    "no IONOS zone for _acme-challenge.badexample.test; the key can see: example.test ("),
                true)
        }
        XCTAssertFalse(ZoneLocator.contains(zone: "example.test", name: "badexample.test"))
        XCTAssertTrue(ZoneLocator.contains(zone: "example.test", name: "a.example.test"))
    }

    func testNoMatchListsVisibleZoneNames() {
        XCTAssertThrowsError(try ZoneLocator().zone(for: "_acme-challenge.nowhere.invalid", in: zones)) { error in
            let text = (error as? RecordError)?.description ?? ""
            XCTAssertTrue(
                text.contains("the key can see: badexample.test, example.test, other.test, sub.example.test"), text)
            XCTAssertFalse(text.contains("\"id\""))
        }
        XCTAssertThrowsError(try ZoneLocator().zone(for: "a.test", in: [])) { error in
            XCTAssertTrue((error as? RecordError)?.description.contains("the key can see: no zones") == true)
        }
    }

    func testAllowlistRefusesOtherZones() throws {
        let locator = ZoneLocator(allowlist: [" Example.Test. ", ""])
        XCTAssertEqual(locator.allowlist, ["example.test"])
        XCTAssertEqual(try locator.zone(for: "_acme-challenge.www.example.test", in: zones).id, "1")
        XCTAssertThrowsError(try locator.zone(for: "_acme-challenge.sub.example.test", in: zones)) { error in
            let e = error as? RecordError
            XCTAssertEqual(e?.exitCode, .dataError)
            XCTAssertEqual(
                e, .zoneNotAllowed(name: "_acme-challenge.sub.example.test", zone: "sub.example.test", allowlist: ["example.test"]))
            XCTAssertTrue(e?.description.contains("not in IONOS_ACME_ZONES (example.test)") == true)
        }
        XCTAssertFalse(locator.allows(zones[3]))
    }

    func testServiceRefusesZoneOutsideAllowlistBeforeAnyWrite() throws {
        let h = try Harness(zones: ["example.test", "other.test"], allowlist: ["other.test"])
        XCTAssertThrowsError(try h.service.present([ChallengeTXT(name: "_acme-challenge.example.test", value: "v")]))
        XCTAssertEqual(h.fake.log.map(\.method), ["GET"], "only the zone list was read")
        XCTAssertTrue(h.fake.records(zone: "example.test").isEmpty)
    }
}
