import Foundation
import IonosSandbox
import XCTest

/// Fault injection (deterministic under a seed, each kind as specified) and flag parsing.
final class FaultAndOptionsTests: XCTestCase {
    private func statuses(seed: UInt64, count: Int) throws -> [Int] {
        let sandbox = try startSandbox { $0.faults = FaultSpec(rate: 0.5, kinds: [.serverError, .tooManyRequests], seed: seed) }
        defer { sandbox.stop() }
        let c = try sandbox.client()
        return try (0..<count).map { _ in try c.request("GET", "/dns/v1/zones", key: sandbox.apiKey).status }
    }

    func testFaultsAreDeterministicForASeed() throws {
        let a = try statuses(seed: 7, count: 40), b = try statuses(seed: 7, count: 40), c = try statuses(seed: 8, count: 40)
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, c)
        XCTAssertTrue(a.contains(200) && a.contains(500) && a.contains(429), "\(a)")
    }

    func testServerErrorAndTooManyRequestsDoNotApply() throws {
        for kind in [FaultKind.serverError, .tooManyRequests] {
            let sandbox = try startSandbox { $0.faults = FaultSpec(rate: 1, kinds: [kind], seed: 1) }
            defer { sandbox.stop() }
            let zone = try XCTUnwrap(sandbox.state()["zones"]?.arrayValue?.first?["id"]?.stringValue)
            let before = sandbox.state()
            let r = try sandbox.client().request(
                "POST", "/dns/v1/zones/\(zone)/records", key: sandbox.apiKey,
                body: #"[{"name":"f.example.test","type":"TXT","content":"x"}]"#)
            if kind == .serverError {
                XCTAssertEqual(r.status, 500)
                XCTAssertEqual(r.text, #"[{"code":"INTERNAL_SERVER_ERROR"}]"#)
            } else {
                XCTAssertEqual(r.status, 429)
                XCTAssertEqual(r.header("Retry-After"), "1")
            }
            XCTAssertEqual(sandbox.state(), before, "\(kind) must not apply the request")
            // The sandbox's own endpoints never fail.
            XCTAssertEqual(try sandbox.client().request("GET", "/_sandbox/state", key: nil).status, 200)
        }
    }

    func testResetAppliesThenDropsTheConnection() throws {
        let sandbox = try startSandbox { $0.faults = FaultSpec(rate: 1, kinds: [.reset], seed: 1) }
        defer { sandbox.stop() }
        let zone = try XCTUnwrap(sandbox.state()["zones"]?.arrayValue?.first?["id"]?.stringValue)
        let c = try sandbox.client()
        XCTAssertThrowsError(
            try c.request(
                "POST", "/dns/v1/zones/\(zone)/records", key: sandbox.apiKey,
                body: #"[{"name":"f.example.test","type":"TXT","content":"x"}]"#))
        let names = sandbox.state()["zones"]?.arrayValue?.first?["records"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
        XCTAssertTrue(names.contains("f.example.test"))
    }

    func testSlowAppliesAndAnswersLate() throws {
        let sandbox = try startSandbox { $0.faults = FaultSpec(rate: 1, kinds: [.slow], seed: 1, slowDelay: 0.4) }
        defer { sandbox.stop() }
        let zone = try XCTUnwrap(sandbox.state()["zones"]?.arrayValue?.first?["id"]?.stringValue)
        let started = Date()
        let r = try sandbox.client().request(
            "POST", "/dns/v1/zones/\(zone)/records", key: sandbox.apiKey,
            body: #"[{"name":"f.example.test","type":"TXT","content":"x"}]"#)
        XCTAssertEqual(r.status, 201)
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 0.4)
    }

    func testRequestLogHasOneLinePerAPIRequest() throws {
        let path = NSTemporaryDirectory() + "sandbox-log-\(getpid()).jsonl"
        try? FileManager.default.removeItem(atPath: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let sandbox = try startSandbox { $0.requestLog = path }
        let c = try sandbox.client()
        _ = try c.request("GET", "/dns/v1/zones", key: sandbox.apiKey)
        _ = try c.request("GET", "/dns/v1/zones?x=1", key: nil)
        _ = try c.request("GET", "/_sandbox/state", key: nil)
        sandbox.stop()
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { try JSONValue.parse(String($0)) }
        XCTAssertEqual(lines.count, 2)
        XCTAssertEqual(lines[0].objectValue?.map(\.0), ["method", "path", "query", "status", "milliseconds"])
        XCTAssertEqual(lines[1]["status"]?.intValue, 401)
        XCTAssertEqual(lines[1]["query"]?.stringValue, "x=1")
    }

    func testFlagParsing() throws {
        guard
            case .run(let o) = try SandboxOptions.parse(arguments: [
                "--api", "127.0.0.1:0", "--dns-port=5454", "--lag", "0s,1s,2s,8s", "--faults", "rate=0.2,kinds=500+429+reset+slow,seed=7",
                "--api-key", "abc.def", "--ready-file", "r.json", "--nameserver-ips", "127.0.0.2,127.0.0.3,127.0.0.4,127.0.0.5",
            ])
        else { return XCTFail("expected run") }
        XCTAssertEqual(o.dnsPort, 5454)
        XCTAssertEqual(o.lag, .perServer([0, 1, 2, 8]))
        XCTAssertEqual(o.faults, FaultSpec(rate: 0.2, kinds: [.serverError, .tooManyRequests, .reset, .slow], seed: 7, slowDelay: 35))
        XCTAssertEqual(o.apiKey, "abc.def")
        XCTAssertEqual(LagSpec.parse("1s..5s"), .range(1, 5))
        XCTAssertEqual(LagSpec.parse("250ms"), .fixed(0.25))
        for (args, token) in [
            (["--bogus"], "'--bogus'"), (["--lag", "soon"], "'soon'"), (["--dns-port", "0"], "'0'"),
            (["--faults", "rate=2"], "'rate=2'"), (["--api-key", "nodot"], "'nodot'"), (["--api"], "'--api'"),
            (["--lag", "1s,2s"], "2 delays"),
        ] {
            XCTAssertThrowsError(try SandboxOptions.parse(arguments: args)) { error in
                guard let e = error as? SandboxError else { return XCTFail("\(error)") }
                XCTAssertEqual(e.exitCode, 64)
                XCTAssertTrue(e.description.contains(token), e.description)
            }
        }
    }

    func testBinaryWritesReadyFileAndExitsZeroOnSIGTERM() throws {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ionos-sandbox")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else { throw XCTSkip("ionos-sandbox not built beside the tests") }
        let ready = NSTemporaryDirectory() + "sandbox-ready-\(getpid()).json"
        try? FileManager.default.removeItem(atPath: ready)
        defer { try? FileManager.default.removeItem(atPath: ready) }
        let process = Process()
        process.executableURL = binary
        process.arguments = ["--ready-file", ready, "--dns-port", String(freePort()), "--lag", "0s,0s,0s,2s", "--quiet"]
        try process.run()
        XCTAssertTrue(eventually(within: 10) { FileManager.default.fileExists(atPath: ready) })
        let info = try JSONValue.parse(String(contentsOfFile: ready, encoding: .utf8))
        XCTAssertEqual(info.objectValue?.map(\.0), ["api", "apiKey", "resolver", "nameservers"])
        XCTAssertEqual(info["nameservers"]?.arrayValue?.count, 4)
        process.terminate()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        let bad = Process()
        bad.executableURL = binary
        bad.arguments = ["--nonsense"]
        bad.standardError = Pipe()
        try bad.run()
        bad.waitUntilExit()
        XCTAssertEqual(bad.terminationStatus, 64)
    }
}
