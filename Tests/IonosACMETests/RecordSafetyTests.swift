import Foundation
import IonosSandbox
import XCTest

/// The safety rules of design.md, checked with the real binary against the sandbox.
final class RecordSafetyTests: XCTestCase {
    let x = "ZTRx1Ckl1-tM05o5zaizTTA0yUy5AGereMgSNWC6Ll8"
    let y = "8DERMexQ5VcdJ_prpPiA0mVdp7imgbCgjsG4SqqNMIo"

    private func hook(_ args: [String], _ sb: SandboxHarness, extra: [String: String] = [:]) throws -> ProcessResult {
        try ProcessRunner.hook(args, environment: sb.environment.merging(extra) { $1 })
    }

    /// Issue 4's done-when: X at the apex, Y for the wildcard, cleanup of X leaves exactly Y.
    func testApexAndWildcardValuesCoexistAndCleanupRemovesOnlyOne() throws {
        let sb = try SandboxHarness()
        XCTAssertEqual(try hook(["present", "example.test", "--value", x], sb).status, 0)
        XCTAssertEqual(try hook(["present", "*.example.test", "--value", y], sb).status, 0)
        XCTAssertEqual(try sb.txtValues(zone: "example.test", name: "_acme-challenge.example.test"), [x, y].sorted())
        let r = try hook(["cleanup", "example.test", "--value", x], sb)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try sb.txtValues(zone: "example.test", name: "_acme-challenge.example.test"), [y])
        // Presenting the same value again leaves one copy.
        XCTAssertEqual(try hook(["present", "*.example.test", "--value", y], sb).status, 0)
        XCTAssertEqual(try sb.txtValues(zone: "example.test", name: "_acme-challenge.example.test"), [y])
        // Nothing to delete is a success with a note.
        let again = try hook(["cleanup", "example.test", "--value", x], sb)
        XCTAssertEqual(again.status, 0)
        XCTAssertTrue(again.stderr.contains("not found"), again.stderr)
    }

    /// A zone shaped like a real one (142 recorded records): present + cleanup leaves every unrelated record
    /// byte-identical, and no PUT or PATCH is ever sent.
    func testRealWorldZoneIsUntouched() throws {
        let fixture = ProcessRunner.packageRoot.deletingLastPathComponent()
            .appendingPathComponent("shared/fixtures/ionos-recorded/list_records_with_no_arguments_should_list_all.json")
        let pairs = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: fixture)) as? [[String: Any]])
        let listing =
            try pairs.compactMap { pair -> [String: Any]? in
                guard let response = pair["response"] as? [String: Any], let body = response["body"] else { return nil }
                let object = (body as? String).flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) } ?? body
                guard let zone = object as? [String: Any], zone["records"] is [Any] else { return nil }
                return zone
            }.first.map { $0 } ?? { throw XCTSkip("fixture has no zone listing") }()
        let zoneName = try XCTUnwrap(listing["name"] as? String)
        let records = try XCTUnwrap(listing["records"] as? [[String: Any]])
        XCTAssertGreaterThanOrEqual(records.count, 100)
        let seed = ZoneSeed(
            name: zoneName,
            records: records.compactMap { r in
                guard let name = r["name"] as? String, let type = r["type"] as? String, let content = r["content"] as? String else { return nil }
                return ZoneSeed.Record(
                    name: name, type: type, content: content, ttl: r["ttl"] as? Int ?? 3600,
                    prio: r["prio"] as? Int ?? 0, disabled: r["disabled"] as? Bool ?? false)
            })
        let sb = try SandboxHarness(zones: [seed])
        let before = try sb.recordLines(zone: zoneName)
        let env = ["IONOS_ACME_NO_WAIT": "1"]
        XCTAssertEqual(try hook(["present", zoneName, "--value", x], sb, extra: env).status, 0)
        XCTAssertEqual(try hook(["present", "*." + zoneName, "--value", y], sb, extra: env).status, 0)
        XCTAssertEqual(try sb.recordLines(zone: zoneName).count, before.count + 2)
        XCTAssertEqual(try hook(["cleanup", zoneName, "--value", x], sb).status, 0)
        XCTAssertEqual(try hook(["cleanup", zoneName, "--value", y], sb).status, 0)
        XCTAssertEqual(try sb.recordLines(zone: zoneName), before)
        let methods = Set(try sb.requests().compactMap { $0["method"] as? String })
        XCTAssertFalse(methods.contains("PUT"))
        XCTAssertFalse(methods.contains("PATCH"))
        XCTAssertTrue(methods.isSuperset(of: ["GET", "POST", "DELETE"]))
    }

    func testLongestZoneWinsAndLabelBoundaryAndAllowlist() throws {
        let zones = [
            ZoneSeed(name: "example.test", records: []), ZoneSeed(name: "sub.example.test", records: []),
            ZoneSeed(name: "badexample.test", records: []),
        ]
        let sb = try SandboxHarness(zones: zones)
        let noWait = ["IONOS_ACME_NO_WAIT": "1", "IONOS_ACME_FOLLOW_CNAME": "0"]
        XCTAssertEqual(try hook(["present", "www.sub.example.test", "--value", x], sb, extra: noWait).status, 0)
        XCTAssertEqual(try sb.txtValues(zone: "sub.example.test", name: "_acme-challenge.www.sub.example.test"), [x])
        XCTAssertEqual(try sb.txtValues(zone: "example.test", name: "_acme-challenge.www.sub.example.test"), [])
        XCTAssertEqual(try hook(["present", "badexample.test", "--value", x], sb, extra: noWait).status, 0)
        XCTAssertEqual(try sb.txtValues(zone: "badexample.test", name: "_acme-challenge.badexample.test"), [x])
        XCTAssertEqual(try sb.txtValues(zone: "example.test", name: "_acme-challenge.badexample.test"), [])
        let missing = try hook(["present", "other.test", "--value", x], sb, extra: noWait)
        XCTAssertEqual(missing.status, 65)
        XCTAssertTrue(missing.stderr.contains("example.test"), "lists the visible zones: \(missing.stderr)")
        var allow = noWait
        allow["IONOS_ACME_ZONES"] = "sub.example.test"
        let refused = try hook(["present", "www.example.test", "--value", y], sb, extra: allow)
        XCTAssertEqual(refused.status, 65)
        XCTAssertEqual(try sb.txtValues(zone: "example.test", name: "_acme-challenge.www.example.test"), [])
    }

    func testRejectedKeyExit77WithoutLeakingIt() throws {
        let sb = try SandboxHarness()
        let wrongSecret = "Wr0ngSecretThatMustNotAppear_0123456789"
        for args in [
            ["zones"], ["present", "example.test", "--value", x], ["cleanup", "example.test", "--value", x], ["prune"], ["check", "example.test"],
        ] {
            let r = try hook(args, sb, extra: ["IONOS_API_KEY": "abcdef.\(wrongSecret)"])
            XCTAssertEqual(r.status, 77, "\(args): \(r.stderr)")
            XCTAssertTrue((r.stdout + r.stderr).contains("IONOS rejected the API key"), r.stderr)
            XCTAssertFalse((r.stdout + r.stderr).contains(wrongSecret))
            XCTAssertFalse((r.stdout + r.stderr).contains(sb.sandbox.apiKey))
        }
    }

    func testPlainHTTPToNonLoopbackIsRefusedBeforeConnecting() throws {
        let r = try ProcessRunner.hook(
            ["zones"], environment: ["IONOS_API_URL": "http://api.example.invalid/dns", "IONOS_API_KEY": "a.b", "HOME": "/nonexistent"])
        XCTAssertEqual(r.status, 78, r.stderr)
    }

    /// Faults at 20 % (500, 429, dropped answers): every present/cleanup pair ends with the right records, no duplicates.
    func testFaultsLeaveNoDuplicatesAndNoOrphans() throws {
        let sb = try SandboxHarness(faults: FaultSpec(rate: 0.2, kinds: [.serverError, .tooManyRequests, .reset], seed: 7), seed: 7)
        let before = try sb.recordLines(zone: "example.test")
        let env = ["IONOS_ACME_NO_WAIT": "1", "IONOS_ACME_FOLLOW_CNAME": "0"]
        for i in 0..<6 {
            let v = String(repeating: "\(i)", count: 43)
            let p = try hook(["present", "n\(i).example.test", "--value", v], sb, extra: env)
            XCTAssertEqual(p.status, 0, p.stderr)
            XCTAssertEqual(try sb.txtValues(zone: "example.test", name: "_acme-challenge.n\(i).example.test"), [v])
            let c = try hook(["cleanup", "n\(i).example.test", "--value", v], sb, extra: env)
            XCTAssertEqual(c.status, 0, c.stderr)
        }
        XCTAssertEqual(try sb.recordLines(zone: "example.test"), before)
        XCTAssertTrue(try sb.requests().contains { $0["fault"] != nil }, "faults were injected")
    }
}
