import Foundation
import IonosSandbox
import XCTest

/// Issue 7, part 6: the API key never shows, at any log level, in any output, log or state file; config
/// files readable by others and `http://` to other hosts are refused without echoing it.
final class SecretsTests: XCTestCase {
    static let v = BadInputTable.v

    /// A full certbot and standalone run at debug level, with faults (so retries are logged), scanned everywhere.
    func testDebugRunsLeakNothing() throws {
        let sb = try SandboxHarness(faults: FaultSpec(rate: 0.15, kinds: [.serverError, .tooManyRequests, .reset], seed: 77), seed: 77)
        let key = sb.sandbox.apiKey
        let keyFile = sb.directory + "/key"
        _ = FileManager.default.createFile(atPath: keyFile, contents: Data((key + "\n").utf8), attributes: [.posixPermissions: 0o600])
        let halves = key.split(separator: ".", maxSplits: 1).map(String.init)
        let base = sb.environment.merging(["IONOS_ACME_LOG": "debug", "IONOS_ACME_FOLLOW_CNAME": "0", "IONOS_ACME_POLL_INTERVAL": "0.25"]) { $1 }
        let credentialForms: [(String, [String: String?])] = [
            ("IONOS_API_KEY", [:]),
            ("IONOS_API_KEY_FILE", ["IONOS_API_KEY": nil, "IONOS_API_KEY_FILE": keyFile]),
            ("prefix + secret", ["IONOS_API_KEY": nil, "IONOS_API_PREFIX": halves[0], "IONOS_API_SECRET": halves[1]]),
            ("IONOS_PREFIX + IONOS_SECRET", ["IONOS_API_KEY": nil, "IONOS_PREFIX": halves[0], "IONOS_SECRET": halves[1]]),
        ]
        var outputs: [(label: String, text: String)] = []
        for (form, vars) in credentialForms {
            var env = base
            for (k, value) in vars { env[k] = value }
            let e = env.compactMapValues { $0 }
            let certbot = e.merging([
                "CERTBOT_DOMAIN": "s.example.test", "CERTBOT_VALIDATION": Self.v,
                "CERTBOT_ALL_DOMAINS": "s.example.test", "CERTBOT_REMAINING_CHALLENGES": "0",
            ]) { $1 }
            let auth = try ProcessRunner.hook(["certbot-auth"], environment: certbot)
            XCTAssertEqual(auth.status, 0, "\(form): \(auth.stderr)")
            let cleanup = try ProcessRunner.hook(["certbot-cleanup"], environment: certbot.merging(["CERTBOT_AUTH_OUTPUT": auth.stdout]) { $1 })
            XCTAssertEqual(cleanup.status, 0, "\(form): \(cleanup.stderr)")
            let tools = try ProcessRunner.hook(form == "IONOS_API_KEY" ? ["check", "example.test"] : ["zones", "-v"], environment: e)
            let prune = try ProcessRunner.hook(["prune", "-v"], environment: e)
            XCTAssertTrue(auth.stderr.contains("<redacted>"), "debug lines show the header redacted: \(auth.stderr)")
            outputs += [auth, cleanup, tools, prune].enumerated().map { ("\(form) #\($0)", $1.stdout + $1.stderr) }
        }
        SecretScan.assertClean(key: key, texts: outputs, directories: [sb.directory + "/state"])
        // The sandbox's own request log holds no header values either.
        SecretScan.assertClean(key: key, texts: [("request log", HookProcess.read(sb.requestLogPath))])
        Figures.report("secrets: \(outputs.count) debug-level outputs + state and request log scanned, 0 hits")
    }

    /// Config files with the key that group or others can read are refused (77) and the key is not echoed.
    func testReadableConfigIsRefusedWithoutEchoingTheKey() throws {
        let sb = try SandboxHarness()
        for mode in [0o644, 0o640, 0o604] {
            let path = sb.directory + "/conf-\(String(mode, radix: 8))"
            let text = "IONOS_API_KEY=\(sb.sandbox.apiKey)\n"
            _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: mode])
            var env = sb.environment
            env["IONOS_API_KEY"] = nil
            let r = try ProcessRunner.hook(["zones", "--config", path], environment: env)
            XCTAssertEqual(r.status, 77, "mode \(String(mode, radix: 8)): \(r.stderr)")
            SecretScan.assertClean(key: sb.sandbox.apiKey, texts: [("mode \(mode)", r.stdout + r.stderr)])
        }
        let path = sb.directory + "/conf-600"
        _ = FileManager.default.createFile(
            atPath: path, contents: Data("IONOS_API_KEY=\(sb.sandbox.apiKey)\n".utf8),
            attributes: [.posixPermissions: 0o600])
        var env = sb.environment
        env["IONOS_API_KEY"] = nil
        XCTAssertEqual(try ProcessRunner.hook(["zones", "--config", path], environment: env).status, 0, "0600 is accepted")
    }

    /// Wrong or misplaced secrets are never repeated in the error line.
    func testMalformedOrMisplacedSecretsAreNotEchoed() throws {
        let secret = "s3cret-value-that-must-not-appear-42"
        let cases: [(String, [String], [String: String], Int32)] = [
            ("key without a dot", ["zones"], ["IONOS_API_KEY": secret], 78),
            ("key with a space", ["zones"], ["IONOS_API_KEY": "p.\(secret) x"], 78),
            ("secret with a space", ["zones"], ["IONOS_API_PREFIX": "p", "IONOS_API_SECRET": "\(secret) x"], 78),
            ("secret without prefix", ["zones"], ["IONOS_API_SECRET": secret], 78),
            ("key on the command line", ["zones", "--api-key=p.\(secret)"], ["IONOS_API_KEY": "p.q"], 64),
            ("http:// to another host", ["zones"], ["IONOS_API_KEY": "p.\(secret)", "IONOS_API_URL": "http://api.example.invalid/dns"], 78),
        ]
        for (name, args, env, code) in cases {
            let r = try ProcessRunner.hook(args, environment: env.merging(["HOME": "/nonexistent"]) { $1 })
            XCTAssertEqual(r.status, code, "\(name): \(r.stderr)")
            XCTAssertFalse((r.stdout + r.stderr).contains(secret), "\(name): \(r.stderr)")
        }
    }
}
