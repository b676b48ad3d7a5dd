import Foundation
import Glibc
import IonosSandbox
import XCTest

/// Issue 7, part 1: 64 hook processes at once against one sandbox zone with 20 % injected faults.
///
/// Mixed load: standalone present/cleanup of different values at one name, dehydrated/lego/uacme/standalone
/// at different names, and certbot runs (each under its own stand-in certbot process, two runs per domain
/// list) sharing one state directory. Every process must succeed, every value must be served by every
/// nameserver (and stored once) between present and cleanup, and the zone must end byte-identical.
final class ConcurrencyTests: XCTestCase {
    static let workers = 64

    func testSixtyFourHooksAtOnceUnderFaults() throws {
        let faults = FaultSpec(rate: 0.2, kinds: [.serverError, .tooManyRequests, .reset], seed: 20261204)
        let sb = try SandboxHarness(faults: faults, seed: 11)
        let before = try sb.recordLines(zone: "example.test")
        let served = ServedValues(addresses: sb.sandbox.nameserverAddresses)
        let env = sb.environment.merging([
            "IONOS_ACME_POLL_INTERVAL": "0.25", "IONOS_ACME_PROPAGATION_TIMEOUT": "60", "IONOS_ACME_FOLLOW_CNAME": "0",
        ]) { $1 }
        let logs = sb.directory + "/logs"
        try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
        let failures = FailureLog()
        let counter = ProcessCounter()
        let started = Date()
        let sandbox = sb.sandbox
        let finished = runConcurrently(Self.workers, timeout: 200) { index in
            let worker = Worker(index: index, sandbox: sandbox, served: served, env: env, logs: logs, failures: failures, counter: counter)
            worker.run()
        }
        let seconds = Date().timeIntervalSince(started)
        XCTAssertTrue(finished, "all workers finished within 200 s")
        XCTAssertEqual(failures.all, [])
        XCTAssertEqual(try challengeRecords(sb), [], "no challenge record remains")
        assertSameRecords(try sb.recordLines(zone: "example.test"), before, "every unrelated record is byte-identical")
        let stateFiles = (try? FileManager.default.contentsOfDirectory(atPath: sb.directory + "/state")) ?? []
        XCTAssertEqual(stateFiles.filter { $0.hasSuffix(".json") }, [], "every certbot run's state is gone")
        let requests = try sb.requests()
        let faulted = requests.filter { $0["fault"] != nil }.count
        XCTAssertGreaterThan(faulted, 0, "faults were injected")
        let methods = Set(requests.compactMap { $0["method"] as? String })
        XCTAssertFalse(methods.contains("PUT") || methods.contains("PATCH"))
        SecretScan.assertClean(key: sb.sandbox.apiKey, directories: [logs, sb.directory + "/state"])
        Figures.report(
            "concurrency: \(Self.workers) workers, \(counter.value) hook processes (up to \(counter.peak) at once), \(requests.count) API requests, "
                + "\(faulted) faulted (500/429/reset), \(String(format: "%.1f", seconds)) s, \(failures.all.count) failures")
    }

    private func challengeRecords(_ sb: SandboxHarness) throws -> [String] {
        try sb.recordLines(zone: "example.test").filter { $0.contains("_acme-challenge") && $0.contains("\"TXT\"") }
    }
}

/// Counts hook processes started by all workers, and the most running at one time.
final class ProcessCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    private var running = 0
    private var most = 0

    /// A process (or a certbot stand-in running one hook at a time) started.
    func begin(processes: Int = 1) {
        lock.lock()
        count += processes
        running += 1
        most = max(most, running)
        lock.unlock()
    }

    /// It ended.
    func end() {
        lock.lock()
        running -= 1
        lock.unlock()
    }

    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }

    var peak: Int {
        lock.lock()
        defer { lock.unlock() }
        return most
    }
}

/// One of the 64 concurrent clients; its kind follows from its index.
private struct Worker {
    let index: Int
    let sandbox: Sandbox
    let served: ServedValues
    let env: [String: String]
    let logs: String
    let failures: FailureLog
    let counter: ProcessCounter

    /// A DNS-01-shaped value unique to this worker and slot.
    func value(_ slot: Int) -> String {
        let stem = "w\(index)s\(slot)-"
        return stem + String(repeating: "A", count: 43 - stem.count)
    }

    func run() {
        switch index % 8 {
        case 0, 1, 2: sameName()
        case 3: dehydrated()
        case 4: lego()
        case 5: uacme()
        default: certbot()
        }
    }

    // MARK: - Client forms

    /// Standalone present/cleanup of a distinct value at the shared apex name.
    private func sameName() {
        let v = value(0)
        guard hook(["present", "example.test", "--value", v], "present") else { return }
        expectServed([("_acme-challenge.example.test", v)])
        _ = hook(["cleanup", "example.test", "--value", v], "cleanup")
    }

    private func dehydrated() {
        let args = ["c\(index).example.test", "tok", value(0), "*.c\(index).example.test", "tok", value(1)]
        let denv = ["BASEDIR": logs, "COMMAND": "sign_domains"]
        guard hook(["deploy_challenge"] + args, "deploy", extra: denv) else { return }
        expectServed([("_acme-challenge.c\(index).example.test", value(0)), ("_acme-challenge.c\(index).example.test", value(1))])
        _ = hook(["clean_challenge"] + args, "clean", extra: denv)
    }

    private func lego() {
        let name = "_acme-challenge.c\(index).example.test."
        guard hook(["present", name, value(0)], "present") else { return }
        expectServed([("_acme-challenge.c\(index).example.test", value(0))])
        _ = hook(["cleanup", name, value(0)], "cleanup")
    }

    private func uacme() {
        let ident = "C\(index).Example.Test"
        guard hook(["begin", "dns-01", ident, "tok", value(0)], "begin") else { return }
        expectServed([("_acme-challenge.c\(index).example.test", value(0))])
        _ = hook(["done", "dns-01", ident, "tok", value(0)], "done")
    }

    /// A certbot run of two challenges under its own stand-in certbot process; runs pair up on one domain list.
    private func certbot() {
        let pair = index / 8  // workers 8k+6 and 8k+7 share one domain list
        let domains = ["example.test", "r\(pair).example.test"]
        let directory = "\(logs)/certbot-\(index)"
        let run: CertbotRun
        do {
            run = try CertbotRun(directory: directory, domains: domains, values: [value(0), value(1)], env: env)
        } catch {
            return failures.add("worker \(index): cannot start the certbot stand-in: \(error)")
        }
        counter.begin(processes: 4)
        defer { counter.end() }
        guard run.waitForAuth(seconds: 120) else { return failures.add("worker \(index): certbot auth did not finish") }
        for (i, status) in run.statuses(of: "auth").enumerated() where status != 0 {
            failures.add("worker \(index): certbot-auth #\(i + 1) exited \(status): \(run.stderr(of: "auth", i))")
        }
        expectServed(zip(domains, [value(0), value(1)]).map { ("_acme-challenge." + $0, $1) })
        guard run.cleanupAndFinish(seconds: 120) else { return failures.add("worker \(index): certbot cleanup did not finish") }
        for (i, status) in run.statuses(of: "cleanup").enumerated() where status != 0 {
            failures.add("worker \(index): certbot-cleanup #\(i + 1) exited \(status): \(run.stderr(of: "cleanup", i))")
        }
    }

    // MARK: - Helpers

    /// Runs one hook process; records a failure and returns false unless it exits 0.
    private func hook(_ args: [String], _ label: String, extra: [String: String] = [:]) -> Bool {
        counter.begin()
        defer { counter.end() }
        do {
            let p = try HookProcess(args, environment: env.merging(extra) { $1 }, directory: logs, label: "w\(index)-\(label)")
            let r = p.finish(within: 120)
            guard r.status == 0 else {
                failures.add("worker \(index) \(args.first ?? ""): exit \(r.status): \(r.stderr)")
                return false
            }
            return true
        } catch {
            failures.add("worker \(index): cannot start the hook: \(error)")
            return false
        }
    }

    /// Each value is stored exactly once and served by every nameserver.
    private func expectServed(_ records: [(name: String, value: String)]) {
        for (name, value) in records {
            let copies = sandbox.state().serialized.components(separatedBy: value).count - 1
            if copies != 1 { failures.add("worker \(index): \(copies) stored copies of \(value) at \(name)") }
            let missing = served.missing(value, at: name)
            if !missing.isEmpty { failures.add("worker \(index): \(value) at \(name) not served by \(missing)") }
        }
    }
}
