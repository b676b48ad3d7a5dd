import XCTest

@testable import IonosACME

final class ArgumentParserTests: XCTestCase {
    let digest = "ZTRx1Ckl1-tM05o5zaizTTA0yUy5AGereMgSNWC6Ll8"

    private func parse(_ args: [String], env: [String: String] = [:]) throws -> Invocation {
        try ArgumentParser(environment: env).parse(args).0
    }

    private func usageError(_ args: [String], env: [String: String] = [:]) -> UsageError? {
        do { _ = try parse(args, env: env); return nil } catch let e as UsageError { return e } catch { return nil }
    }

    func testLegoForms() throws {
        XCTAssertEqual(
            try parse(["present", "_acme-challenge.example.com.", digest]),
            .lego(present: true, name: "_acme-challenge.example.com.", value: .value(digest)))
        XCTAssertEqual(
            try parse(["cleanup", "--", "_acme-challenge.example.com.", digest]),
            .lego(present: false, name: "_acme-challenge.example.com.", value: .value(digest)))
        XCTAssertEqual(
            try parse(["present", "--", "example.com", "tok", "tok.thumb"]),
            .lego(present: true, name: "example.com", value: .keyAuthorization("tok.thumb")))
        XCTAssertEqual(
            try parse(["present", "my.example.org.", "--", "tok", "tok.thumb"]),
            .lego(present: true, name: "my.example.org.", value: .keyAuthorization("tok.thumb")))
        // A value may begin with '-' (base64url); lego words are positional.
        let dashValue = "-" + digest.dropFirst()
        XCTAssertEqual(
            try parse(["present", "_acme-challenge.x.", dashValue]),
            .lego(present: true, name: "_acme-challenge.x.", value: .value(dashValue)))
        let dashDashValue = "--" + digest.dropFirst(2)
        XCTAssertEqual(
            try parse(["present", "_acme-challenge.x.", dashDashValue]),
            .lego(present: true, name: "_acme-challenge.x.", value: .value(dashDashValue)))
    }

    func testStandaloneForms() throws {
        XCTAssertEqual(
            try parse(["present", "example.com", "--value", "-abc"]),
            .standalone(present: true, name: "example.com", value: .value("-abc"), noWait: false))
        XCTAssertEqual(
            try parse(["cleanup", "example.com", "--key-authorization=a.b"]),
            .standalone(present: false, name: "example.com", value: .keyAuthorization("a.b"), noWait: false))
        XCTAssertEqual(
            try parse(["present", "--token", "t", "--account-key", "/k.pem", "example.com", "--no-wait"]),
            .standalone(present: true, name: "example.com", value: .tokenAndKey(token: "t", accountKey: "/k.pem"), noWait: true))
        let (_, globals) = try ArgumentParser(environment: [:]).parse(["-v", "--config", "/c", "present", "x", "--value", "v", "-q"])
        XCTAssertEqual(globals.configPath, "/c")
        XCTAssertEqual(globals.logLevel, .error)
    }

    func testUsageErrorsQuoteTheToken() {
        XCTAssertEqual(usageError(["present", "x", "--bogus"])?.message, "unknown option '--bogus' for 'present'")
        XCTAssertEqual(usageError(["frobnicate"])?.message, "unknown command 'frobnicate'; run 'ionos-acme-hook --help' for the list")
        XCTAssertEqual(usageError(["zones", "extra"])?.message, "unexpected argument 'extra' for 'zones'")
        XCTAssertEqual(usageError(["present", "x", "--value"])?.message, "option '--value' needs a value V")
        XCTAssertEqual(usageError(["present", "x", "--value", "a", "--value", "b"])?.message, "option '--value' given twice")
        XCTAssertEqual(usageError(["present", "x", "--value", "a", "--key-authorization", "b"])?.exitCode, .usage)
        XCTAssertEqual(usageError(["present", "x", "--token", "t"])?.message, "'--token' needs '--account-key FILE'")
        XCTAssertNotNil(usageError(["present", "x"]))
        XCTAssertNotNil(usageError(["begin", "dns-01", "example.com"]))
        XCTAssertNotNil(usageError(["deploy_challenge", "a", "b"]))
        XCTAssertNotNil(usageError(["prune", "--older-than", "soon"]))
        XCTAssertNotNil(usageError([]))
        XCTAssertNotNil(usageError(["--bogus"]))
        XCTAssertNotNil(usageError(["thumbprint"]))
        XCTAssertNotNil(usageError(["digest", "--value", "x"]))
    }

    func testDehydrated() throws {
        XCTAssertEqual(
            try parse(["deploy_challenge", "a.com", "t1", "v1", "b.com", "t2", "v2"]),
            .dehydrated(
                deploy: true,
                challenges: [
                    DehydratedChallenge(domain: "a.com", tokenFile: "t1", value: "v1"),
                    DehydratedChallenge(domain: "b.com", tokenFile: "t2", value: "v2"),
                ]))
        for event in [
            "deploy_cert", "exit_hook", "generate_csr", "startup_hook",
            "this_hookscript_is_broken__dehydrated_is_working_fine__please_ignore_unknown_hooks_in_your_script",
        ] {
            XCTAssertEqual(try parse([event, "a", "b"]), .ignoredEvent, event)
        }
        XCTAssertEqual(try parse(["some_future_hook", "x"], env: ["COMMAND": "sign_domains"]), .ignoredEvent)
        XCTAssertEqual(try parse(["some_future_hook"], env: ["BASEDIR": "/var/lib/dehydrated"]), .ignoredEvent)
        XCTAssertEqual(usageError(["some_future_hook"])?.exitCode, .usage)
    }

    func testUacmeAndTools() throws {
        XCTAssertEqual(
            try parse(["begin", "dns-01", "example.com", "tok", digest]),
            .uacme(method: "begin", type: "dns-01", ident: "example.com", token: "tok", auth: digest))
        XCTAssertEqual(
            try parse(["failed", "http-01", "example.com", "tok", "a"]),
            .uacme(method: "failed", type: "http-01", ident: "example.com", token: "tok", auth: "a"))
        XCTAssertEqual(
            try parse(["records", "example.com", "--type", "TXT", "--json"]),
            .records(zone: "example.com", type: "TXT", name: nil, all: false, json: true))
        XCTAssertEqual(try parse(["prune", "--older-than", "30m", "--apply"]), .prune(olderThan: 1800, apply: true))
        XCTAssertEqual(try parse(["prune"]), .prune(olderThan: 3600, apply: false))
        XCTAssertEqual(try parse(["digest", "--key-authorization", "a.b"]), .digest(.keyAuthorization("a.b")))
        XCTAssertEqual(try parse(["thumbprint", "--account-key", "/k"]), .thumbprint(accountKey: "/k"))
        XCTAssertEqual(try parse(["--help"]), .help(topic: nil))
        XCTAssertEqual(try parse(["records", "--help"]), .help(topic: "records"))
        XCTAssertEqual(try parse(["certbot-auth", "--help"]), .help(topic: "certbot-auth"))
        XCTAssertEqual(try parse(["--version"]), .version)
    }

    func testEveryCommandHasHelp() {
        for spec in CommandCatalog.all {
            XCTAssertTrue(spec.helpText.hasPrefix("usage: ionos-acme-hook \(spec.usage)"))
            XCTAssertTrue(spec.helpText.contains("--help"))
        }
    }
}
