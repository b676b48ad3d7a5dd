import Foundation
import XCTest

/// Each ACME client's calling convention (acme-clients.md), driven by hand against the sandbox.
final class ClientHookTests: XCTestCase {
    let v1 = "ZTRx1Ckl1-tM05o5zaizTTA0yUy5AGereMgSNWC6Ll8"
    let v2 = "8DERMexQ5VcdJ_prpPiA0mVdp7imgbCgjsG4SqqNMIo"
    let v3 = "pW9ZKG0xz_PCriK-nCMOjADy9eJcgGWIzkkj2fN4uZM"
    let apex = "_acme-challenge.example.test"

    func testCertbotBatchWaitsOnceAndCleanupUsesAuthOutput() throws {
        let sb = try SandboxHarness()
        let all = "example.test,example.test,www.example.test"
        let calls = [("example.test", v1, 2), ("example.test", v2, 1), ("www.example.test", v3, 0)]
        var outputs: [String] = []
        for (domain, value, remaining) in calls {
            let env = sb.environment.merging([
                "CERTBOT_DOMAIN": domain, "CERTBOT_VALIDATION": value, "CERTBOT_ALL_DOMAINS": all,
                "CERTBOT_REMAINING_CHALLENGES": String(remaining),
            ]) { $1 }
            let r = try ProcessRunner.hook(["certbot-auth"], environment: env)
            XCTAssertEqual(r.status, 0, r.stderr)
            XCTAssertTrue(r.stdout.contains(value), "auth prints the record for cleanup: \(r.stdout)")
            XCTAssertEqual(r.stderr, "", "certbot shows any stderr as 'error output': quiet on success")
            outputs.append(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        XCTAssertEqual(try sb.txtValues(zone: "example.test", name: apex), [v1, v2].sorted())
        XCTAssertEqual(try sb.txtValues(zone: "example.test", name: "_acme-challenge.www.example.test"), [v3])
        // The run's state is gone after the last call.
        let stateFiles = (try? FileManager.default.contentsOfDirectory(atPath: sb.directory + "/state")) ?? []
        XCTAssertTrue(stateFiles.filter { $0.hasSuffix(".json") }.isEmpty, "\(stateFiles)")
        let requestsBefore = try sb.requests().count
        for ((domain, value, remaining), output) in zip(calls, outputs) {
            let env = sb.environment.merging([
                "CERTBOT_DOMAIN": domain, "CERTBOT_VALIDATION": value, "CERTBOT_ALL_DOMAINS": all,
                "CERTBOT_REMAINING_CHALLENGES": String(remaining), "CERTBOT_AUTH_OUTPUT": output,
            ]) { $1 }
            let r = try ProcessRunner.hook(["certbot-cleanup"], environment: env)
            XCTAssertEqual(r.status, 0, r.stderr)
        }
        XCTAssertEqual(try sb.txtValues(zone: "example.test", name: apex), [])
        XCTAssertEqual(try sb.txtValues(zone: "example.test", name: "_acme-challenge.www.example.test"), [])
        let cleanupRequests = try sb.requests().dropFirst(requestsBefore)
        XCTAssertFalse(
            cleanupRequests.contains { ($0["query"] as? String ?? "").contains("recordName") },
            "cleanup deleted by the ids from CERTBOT_AUTH_OUTPUT without a search")
    }

    func testCertbotHookLogsProgressWhenAskedTo() throws {
        let sb = try SandboxHarness()
        let env = sb.environment.merging([
            "CERTBOT_DOMAIN": "example.test", "CERTBOT_VALIDATION": v1, "CERTBOT_ALL_DOMAINS": "example.test",
            "CERTBOT_REMAINING_CHALLENGES": "0", "IONOS_ACME_LOG": "info",
        ]) { $1 }
        let r = try ProcessRunner.hook(["certbot-auth"], environment: env)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("added TXT _acme-challenge.example.test"), r.stderr)
    }

    func testCertbotHookWithoutCertbotEnvironmentIsAUsageError() throws {
        let sb = try SandboxHarness()
        let r = try ProcessRunner.hook(["certbot-auth"], environment: sb.environment)
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains("CERTBOT_DOMAIN"), r.stderr)
    }

    func testDehydratedChainAddsAllThenCleansAll() throws {
        let sb = try SandboxHarness()
        let env = sb.environment.merging(["BASEDIR": sb.directory, "COMMAND": "sign_domains"]) { $1 }
        let deploy = try ProcessRunner.hook(
            [
                "deploy_challenge", "example.test", "t1", v1, "example.test", "t2", v2,
                "www.example.test", "t3", v3,
            ], environment: env)
        XCTAssertEqual(deploy.status, 0, deploy.stderr)
        XCTAssertEqual(deploy.stdout, "", "dehydrated hooks print nothing on stdout")
        XCTAssertEqual(try sb.txtValues(zone: "example.test", name: apex), [v1, v2].sorted())
        let posts = try sb.requests().filter { $0["method"] as? String == "POST" }
        XCTAssertEqual(posts.count, 1, "one POST per zone for the whole batch")
        let clean = try ProcessRunner.hook(
            [
                "clean_challenge", "example.test", "t1", v1, "example.test", "t2", v2,
                "www.example.test", "t3", v3,
            ], environment: env)
        XCTAssertEqual(clean.status, 0, clean.stderr)
        XCTAssertEqual(try sb.txtValues(zone: "example.test", name: apex), [])
    }

    func testLegoDefaultAndRawModes() throws {
        let sb = try SandboxHarness()
        let env = sb.environment
        XCTAssertEqual(try ProcessRunner.hook(["present", "_acme-challenge.example.test.", v1], environment: env).status, 0)
        XCTAssertEqual(try sb.txtValues(zone: "example.test", name: apex), [v1])
        XCTAssertEqual(try ProcessRunner.hook(["cleanup", "_acme-challenge.example.test.", v1], environment: env).status, 0)
        // RAW: the hook hashes the key authorization itself (lego's published vector).
        XCTAssertEqual(try ProcessRunner.hook(["present", "--", "example.test", "token", "keyAuth"], environment: env).status, 0)
        XCTAssertEqual(try sb.txtValues(zone: "example.test", name: apex), [v3])
        XCTAssertEqual(try ProcessRunner.hook(["cleanup", "--", "example.test", "token", "keyAuth"], environment: env).status, 0)
        XCTAssertEqual(try sb.txtValues(zone: "example.test", name: apex), [])
    }

    func testUacmeDeclinesOtherTypesAndHandlesDNS01() throws {
        let sb = try SandboxHarness()
        for type in ["http-01", "tls-alpn-01"] {
            let r = try ProcessRunner.hook(["begin", type, "example.test", "tok", "auth"], environment: [:])
            XCTAssertEqual(r.status, 1, "declined without credentials or network")
        }
        XCTAssertEqual(try ProcessRunner.hook(["begin", "dns-01", "example.test", "tok", v1], environment: sb.environment).status, 0)
        XCTAssertEqual(try sb.txtValues(zone: "example.test", name: apex), [v1])
        XCTAssertEqual(try ProcessRunner.hook(["done", "dns-01", "example.test", "tok", v1], environment: sb.environment).status, 0)
        XCTAssertEqual(try sb.txtValues(zone: "example.test", name: apex), [])
    }

    func testCNAMEDelegationWritesInTheTargetZone() throws {
        let sb = try SandboxHarness()
        let r = try ProcessRunner.hook(["present", "alias.example.test", "--value", v1], environment: sb.environment)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try sb.txtValues(zone: "delegated.test", name: "_acme-challenge.delegated.test"), [v1])
        XCTAssertEqual(try sb.txtValues(zone: "example.test", name: "_acme-challenge.alias.example.test"), [])
        XCTAssertEqual(try ProcessRunner.hook(["cleanup", "alias.example.test", "--value", v1], environment: sb.environment).status, 0)
        XCTAssertEqual(try sb.txtValues(zone: "delegated.test", name: "_acme-challenge.delegated.test"), [])
        // With following disabled, the record stays in the alias's own zone.
        let off = sb.environment.merging(["IONOS_ACME_FOLLOW_CNAME": "0", "IONOS_ACME_NO_WAIT": "1"]) { $1 }
        XCTAssertEqual(try ProcessRunner.hook(["present", "alias.example.test", "--value", v2], environment: off).status, 0)
        XCTAssertEqual(try sb.txtValues(zone: "example.test", name: "_acme-challenge.alias.example.test"), [v2])
    }

    /// acme.sh sources the shim and calls its functions; they run the binary and return its status.
    func testAcmeShShimAddsAndRemoves() throws {
        let sb = try SandboxHarness()
        let shimPath = ProcessRunner.packageRoot.appendingPathComponent("hooks/acme.sh/dns_ionos_hook.sh").path
        let binary = ProcessRunner.productsDirectory.appendingPathComponent("ionos-acme-hook").path
        let env = sb.environment.merging(["IONOS_ACME_HOOK_BIN": binary]) { $1 }
        func shim(_ call: String) throws -> ProcessResult {
            try ProcessRunner.run("/bin/sh", ["-c", ". \"$0\" && \(call)", shimPath], environment: env)
        }
        let add = try shim("dns_ionos_hook_add _acme-challenge.example.test \(v1)")
        XCTAssertEqual(add.status, 0, add.stderr)
        XCTAssertEqual(try sb.txtValues(zone: "example.test", name: apex), [v1])
        let rm = try shim("dns_ionos_hook_rm _acme-challenge.example.test \(v1)")
        XCTAssertEqual(rm.status, 0, rm.stderr)
        XCTAssertEqual(try sb.txtValues(zone: "example.test", name: apex), [])
        let noZone = try shim("dns_ionos_hook_add _acme-challenge.other.test \(v1)")
        XCTAssertEqual(noZone.status, 65, "the binary's status is returned")
    }
}
