import Foundation
import IonosSandbox
import XCTest

/// The default seed, `--zones` files (SOA/NS generated when absent) and lag drawn from a range.
final class SeedTests: XCTestCase {
    func testDefaultSeedLooksLikeAnIONOSZone() throws {
        let sandbox = try startSandbox()
        defer { sandbox.stop() }
        let zones = try XCTUnwrap(sandbox.state()["zones"]?.arrayValue)
        XCTAssertEqual(zones.compactMap { $0["name"]?.stringValue }, ["example.test", "delegated.test"])
        let records = try sandbox.records(sandbox.zoneID("example.test"))
        let soa = try XCTUnwrap(records.first { $0["type"]?.stringValue == "SOA" })
        XCTAssertEqual(soa["ttl"]?.intValue, 86400)
        XCTAssertTrue(soa["content"]?.stringValue?.hasSuffix("hostmaster.1und1.com 2024112801 28800 7200 604800 600") ?? false)
        let ns = records.filter { $0["type"]?.stringValue == "NS" }.compactMap { $0["content"]?.stringValue }
        XCTAssertEqual(ns.map { $0.split(separator: ".").last.map(String.init) }, ["com", "de", "org", "biz"])
        XCTAssertTrue(records.contains { $0["type"]?.stringValue == "CNAME" && $0["name"]?.stringValue == "_acme-challenge.alias.example.test" })
        let delegated = try sandbox.records(sandbox.zoneID("delegated.test"))
        XCTAssertEqual(delegated.filter { $0["type"]?.stringValue == "NS" }.count, 4)
        XCTAssertEqual(delegated.filter { $0["type"]?.stringValue == "SOA" }.count, 1)
    }

    func testZonesFileGetsGeneratedSOAAndNS() throws {
        let path = NSTemporaryDirectory() + "sandbox-zones-\(getpid()).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try
            #"[{"name": "Mine.Test.", "records": [{"name": "www", "type": "A", "content": "192.0.2.7", "ttl": 300}, {"name": "@", "type": "TXT", "content": "hello"}]}]"#
            .write(toFile: path, atomically: true, encoding: .utf8)
        let sandbox = try startSandbox { $0.zonesFile = path }
        defer { sandbox.stop() }
        let records = try sandbox.records(sandbox.zoneID("mine.test"))
        XCTAssertEqual(records.compactMap { $0["type"]?.stringValue }, ["SOA", "NS", "NS", "NS", "NS", "A", "TXT"])
        XCTAssertEqual(records[5]["name"]?.stringValue, "www.mine.test")
        XCTAssertEqual(records[6]["content"]?.stringValue, "\"hello\"")
        let a = try dig(sandbox.nameserverAddresses[0], "www.mine.test", "A", ["+norec", "+short"])
        XCTAssertEqual(a.trimmingCharacters(in: .whitespacesAndNewlines), "192.0.2.7")
    }

    func testInvalidSeedsAreRefused() throws {
        var options = SandboxOptions()
        options.seedZones = [ZoneSeed(name: "bad.test", records: [.init(name: "x", type: "A", content: "not-an-ip")])]
        XCTAssertThrowsError(try Sandbox(options: options)) { XCTAssertEqual(($0 as? SandboxError)?.exitCode, 65) }
        options.seedZones = nil
        options.zonesFile = "/nonexistent/zones.json"
        XCTAssertThrowsError(try Sandbox(options: options)) { XCTAssertEqual(($0 as? SandboxError)?.exitCode, 66) }
    }

    func testLagRangeIsDrawnPerChangeAndServerAndReportedInState() throws {
        let sandbox = try startSandbox { $0.lag = .range(1, 2) }
        defer { sandbox.stop() }
        let zone = try sandbox.zoneID("example.test")
        let r = try sandbox.client().request(
            "POST", "/dns/v1/zones/\(zone)/records", key: sandbox.apiKey,
            body: #"[{"name":"r.example.test","type":"TXT","content":"x"}]"#)
        XCTAssertEqual(r.status, 201)
        func serials() -> [Int] { sandbox.state()["nameservers"]?.arrayValue?.compactMap { $0["serial"]?.intValue } ?? [] }
        XCTAssertEqual(serials(), [0, 0, 0, 0], "no server serves a change before the smallest lag")
        XCTAssertTrue(eventually(within: 10) { serials() == [1, 1, 1, 1] })
        XCTAssertEqual(sandbox.state()["nameservers"]?.arrayValue?.first?["lag"]?.numberValue, 2)
    }
}
