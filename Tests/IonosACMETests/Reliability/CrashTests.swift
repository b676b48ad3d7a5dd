import Foundation
import Glibc
import IonosSandbox
import XCTest

/// Issue 7, part 3: the hook killed at random points, and interrupted during the propagation wait.
final class CrashTests: XCTestCase {
    private func value(_ i: Int) -> String {
        let stem = "crash\(i)-"
        return stem + String(repeating: "K", count: 43 - stem.count)
    }

    /// 20 runs of `present`, each killed with SIGKILL 0–300 ms after start (seeded, so repeatable); the
    /// nameservers lag 1 s, so kills land in start-up, in the API calls and in the wait. Afterwards
    /// `prune --older-than 0s --apply` leaves the zone byte-identical to before.
    func testKilledPresentsAreRepairedByPrune() throws {
        let sb = try SandboxHarness(lag: .fixed(1), seed: 21)
        let before = try sb.recordLines(zone: "example.test")
        let env = sb.environment.merging(["IONOS_ACME_FOLLOW_CNAME": "0", "IONOS_ACME_POLL_INTERVAL": "0.25"]) { $1 }
        var random = SeededGenerator(seed: 0x7e1_2026)
        var delays: [Int] = []
        var killedAfterAdding = 0
        for run in 0..<20 {
            let delay = Int(random.next() % 301)
            delays.append(delay)
            let p = try HookProcess(
                ["present", "k\(run % 5).example.test", "--value", value(run)], environment: env,
                directory: sb.directory, label: "kill\(run)")
            usleep(useconds_t(delay * 1000))  // the random point of the kill, not a wait for a condition
            kill(p.pid, SIGKILL)
            XCTAssertTrue(p.wait(seconds: 10), "run \(run) ended after SIGKILL")
            XCTAssertTrue(p.diedFromSignal || p.result.status == 0, "run \(run): \(p.result.stderr)")
            if try sb.recordLines(zone: "example.test").contains(where: { $0.contains(value(run)) }) { killedAfterAdding += 1 }
        }
        let leftovers = try sb.recordLines(zone: "example.test").count - before.count
        let prune = try ProcessRunner.hook(["prune", "--older-than", "0s", "--apply"], environment: env)
        XCTAssertEqual(prune.status, 0, prune.stderr)
        assertSameRecords(try sb.recordLines(zone: "example.test"), before, "prune restored the zone exactly")
        SecretScan.assertClean(key: sb.sandbox.apiKey, texts: [("prune", prune.stdout + prune.stderr)], directories: [sb.directory])
        Figures.report(
            "crashes: 20 SIGKILLs at \(delays.min() ?? 0)–\(delays.max() ?? 0) ms; \(killedAfterAdding) after the record was added, "
                + "\(leftovers) left records; prune restored the zone byte-identically")
    }

    // MARK: - SIGINT / SIGTERM during the wait

    struct InterruptCase {
        let name: String
        let args: [String]
        let extra: [String: String]
        let signal: Int32
        /// True when this form promises to remove its record when it does not complete.
        let removes: Bool
    }

    static let v = "ZTRx1Ckl1-tM05o5zaizTTA0yUy5AGereMgSNWC6Ll8"
    static let interruptCases = [
        InterruptCase(
            name: "standalone present, SIGINT", args: ["present", "i.example.test", "--value", v], extra: [:],
            signal: SIGINT, removes: true),
        InterruptCase(
            name: "standalone present, SIGTERM", args: ["present", "i.example.test", "--value", v], extra: [:],
            signal: SIGTERM, removes: true),
        InterruptCase(
            name: "dehydrated deploy_challenge, SIGTERM", args: ["deploy_challenge", "i.example.test", "tok", v],
            extra: ["COMMAND": "sign_domains"], signal: SIGTERM, removes: true),
        InterruptCase(
            name: "uacme begin, SIGINT", args: ["begin", "dns-01", "i.example.test", "tok", v], extra: [:],
            signal: SIGINT, removes: true),
        InterruptCase(
            name: "lego present, SIGTERM (lego calls cleanup)", args: ["present", "_acme-challenge.i.example.test.", v],
            extra: [:], signal: SIGTERM, removes: false),
        InterruptCase(
            name: "certbot-auth last call, SIGINT (certbot calls cleanup)", args: ["certbot-auth"],
            extra: [
                "CERTBOT_DOMAIN": "i.example.test", "CERTBOT_VALIDATION": v, "CERTBOT_ALL_DOMAINS": "i.example.test",
                "CERTBOT_REMAINING_CHALLENGES": "0",
                // certbot hooks are quiet on stderr by default; the test waits for the progress line.
                "IONOS_ACME_LOG": "info",
            ], signal: SIGINT, removes: false),
    ]

    /// A signal during the wait ends the process within 1 s with 128 + signal, one error line, and (where the
    /// form promises it) without its record.
    func testSignalDuringTheWaitExitsPromptlyAndCleansUp() throws {
        let sb = try SandboxHarness(lag: .fixed(3600))
        let before = try sb.recordLines(zone: "example.test")
        let env = sb.environment.merging([
            "IONOS_ACME_FOLLOW_CNAME": "0", "IONOS_ACME_POLL_INTERVAL": "0.25", "IONOS_ACME_PROPAGATION_TIMEOUT": "60",
        ]) { $1 }
        var slowest = 0.0
        for (n, c) in Self.interruptCases.enumerated() {
            let p = try HookProcess(c.args, environment: env.merging(c.extra) { $1 }, directory: sb.directory, label: "int\(n)")
            guard p.waitForStderr(containing: "nameservers ready", seconds: 20) else {
                kill(p.pid, SIGKILL)
                XCTFail("\(c.name): never reached the wait: \(p.result.stderr)")
                continue
            }
            let sent = Date()
            kill(p.pid, c.signal)
            let exited = p.wait(seconds: 5)
            let took = Date().timeIntervalSince(sent)
            slowest = max(slowest, took)
            XCTAssertTrue(exited, "\(c.name): still running 5 s after the signal")
            XCTAssertLessThan(took, 1, "\(c.name): exit within 1 s of the signal")
            let r = p.finish(within: 5)
            XCTAssertEqual(r.status, 128 + c.signal, "\(c.name): \(r.stderr)")
            XCTAssertFalse(p.diedFromSignal, "\(c.name): handled the signal (exit status, not death by signal)")
            XCTAssertEqual(
                r.stderr.split(separator: "\n").filter { $0.hasPrefix("ionos-acme-hook: error:") }.count, 1,
                "\(c.name): one error line: \(r.stderr)")
            let left = try sb.txtValues(zone: "example.test", name: "_acme-challenge.i.example.test")
            XCTAssertEqual(left, c.removes ? [] : [Self.v], "\(c.name)")
            if !c.removes {
                // The client's own cleanup call removes it.
                let clean = try ProcessRunner.hook(["cleanup", "i.example.test", "--value", Self.v], environment: env)
                XCTAssertEqual(clean.status, 0, clean.stderr)
            }
            assertSameRecords(try sb.recordLines(zone: "example.test"), before, "\(c.name): zone as before")
        }
        SecretScan.assertClean(key: sb.sandbox.apiKey, directories: [sb.directory])
        Figures.report("signals: \(Self.interruptCases.count) interrupts during the wait, slowest exit \(Int(slowest * 1000)) ms after the signal")
    }
}
