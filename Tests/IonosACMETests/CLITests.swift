import Foundation
import XCTest

/// Runs the real `ionos-acme-hook` binary and checks stdout, stderr and exit status.
final class CLITests: XCTestCase {
    func testDigestVectorFromIssue() throws {
        let r = try ProcessRunner.hook([
            "digest", "--key-authorization",
            "evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA.NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs",
        ])
        XCTAssertEqual(r.status, 0)
        XCTAssertEqual(r.stdout, "ZTRx1Ckl1-tM05o5zaizTTA0yUy5AGereMgSNWC6Ll8\n")
        XCTAssertEqual(r.stderr, "")
    }

    func testHelpAndVersion() throws {
        let help = try ProcessRunner.hook(["--help"])
        XCTAssertEqual(help.status, 0)
        for word in [
            "present", "cleanup", "certbot-auth", "deploy_challenge", "begin", "digest", "thumbprint", "zones", "records", "check", "prune", "demo",
        ] {
            XCTAssertTrue(help.stdout.contains("  \(word) "), word)
        }
        let version = try ProcessRunner.hook(["--version"])
        XCTAssertEqual(version.status, 0)
        XCTAssertTrue(version.stdout.hasPrefix("ionos-acme-hook "))
        for command in ["present", "cleanup", "zones", "records", "check", "prune", "digest", "thumbprint", "demo", "certbot-auth"] {
            let r = try ProcessRunner.hook([command, "--help"])
            XCTAssertEqual(r.status, 0, command)
            XCTAssertTrue(r.stdout.hasPrefix("usage: ionos-acme-hook \(command)"), command)
        }
    }

    func testUsageErrorQuotesTokenAndExits64() throws {
        let r = try ProcessRunner.hook(["zones", "--frobnicate"])
        XCTAssertEqual(r.status, 64)
        XCTAssertEqual(r.stdout, "")
        let lines = r.stderr.split(separator: "\n")
        XCTAssertEqual(lines.first, "ionos-acme-hook: error: unknown option '--frobnicate' for 'zones'")
        XCTAssertEqual(lines.last, "usage: ionos-acme-hook zones [--json]")
    }

    func testDehydratedProbeAndUnknownEvents() throws {
        let probe = try ProcessRunner.hook(["this_hookscript_is_broken__dehydrated_is_working_fine__please_ignore_unknown_hooks_in_your_script"])
        XCTAssertEqual(probe.status, 0)
        XCTAssertEqual(probe.stdout, "")
        let future = try ProcessRunner.hook(["some_new_hook", "a"], environment: ["COMMAND": "sign_domains", "BASEDIR": "/tmp"])
        XCTAssertEqual(future.status, 0)
        XCTAssertEqual(future.stdout, "")
        let person = try ProcessRunner.hook(["deploy_chalenge", "a"])
        XCTAssertEqual(person.status, 64)
    }

    func testBadKeysGiveOneLineErrors() throws {
        let dir = NSTemporaryDirectory() + "cli-keys-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: dir + "/garbage.pem"))
        try Data().write(to: URL(fileURLWithPath: dir + "/empty.pem"))
        for (file, code) in [("garbage.pem", Int32(65)), ("empty.pem", 65), ("missing.pem", 66)] {
            let r = try ProcessRunner.hook(["thumbprint", "--account-key", dir + "/" + file])
            XCTAssertEqual(r.status, code, file)
            XCTAssertEqual(r.stdout, "")
            XCTAssertEqual(r.stderr.filter { $0 == "\n" }.count, 1, "one line: \(r.stderr)")
        }
    }

    func testMissingCredentialsExit78WithVariableNames() throws {
        let r = try ProcessRunner.hook(["zones"], environment: ["HOME": "/nonexistent"])
        XCTAssertEqual(r.status, 78, r.stderr)
        XCTAssertTrue(r.stderr.contains("IONOS_API_KEY"))
        XCTAssertTrue(r.stderr.contains("IONOS_API_PREFIX"))
    }

    func testConfigReadableByOthersExit77() throws {
        let path = NSTemporaryDirectory() + "cfg-\(UUID().uuidString)"
        try Data("IONOS_API_KEY=abc.def\n".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        chmod(path, 0o644)
        let r = try ProcessRunner.hook(["zones", "--config", path], environment: ["HOME": "/nonexistent"])
        XCTAssertEqual(r.status, 77)
        XCTAssertFalse(r.stderr.contains("def"), "the secret is not echoed")
    }
}
