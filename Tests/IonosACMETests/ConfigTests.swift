import XCTest

@testable import IonosACME

final class ConfigTests: XCTestCase {
    let secret = "S3cr3tValueThatMustNeverLeak_abcdefghijklmnopqrstuvwxyz0123456789"

    private func load(_ env: [String: String], files: MemoryFiles = MemoryFiles(), config: String? = nil, uid: UInt32 = 1000) throws -> Settings {
        var e = env
        if e["HOME"] == nil { e["HOME"] = "/home/u" }
        return try ConfigLoader(environment: e, files: files, userID: uid).load(configPath: config)
    }

    private func configError(_ env: [String: String], files: MemoryFiles = MemoryFiles(), config: String? = nil) -> ConfigError? {
        do { _ = try load(env, files: files, config: config); return nil } catch let e as ConfigError { return e } catch { return nil }
    }

    func testDefaults() throws {
        let s = try load(["IONOS_API_KEY": "pre.\(secret)"])
        XCTAssertEqual(s.apiURL, "https://api.hosting.ionos.com/dns")
        XCTAssertEqual(s.ttl, 60)
        XCTAssertEqual(s.propagationTimeout, 900)
        XCTAssertEqual(s.pollInterval, 2)
        XCTAssertFalse(s.noWait)
        XCTAssertEqual(s.dnsPort, 53)
        XCTAssertTrue(s.followCNAME)
        XCTAssertNil(s.zones)
        XCTAssertEqual(s.logLevel, .info)
        XCTAssertEqual(s.stateDir, "/home/u/.local/state/ionos-acme-hook")
        XCTAssertEqual(try load([:], uid: 0).stateDir, "/var/lib/ionos-acme-hook")
        XCTAssertEqual(try load(["XDG_STATE_HOME": "/x"]).stateDir, "/x/ionos-acme-hook")
    }

    func testCredentialPrecedenceWithinOneSource() throws {
        let all = ["IONOS_API_KEY": "a.b", "IONOS_API_PREFIX": "c", "IONOS_API_SECRET": "d", "IONOS_PREFIX": "e", "IONOS_SECRET": "f"]
        XCTAssertEqual(try load(all).apiKey?.revealed, "a.b")
        var noKey = all; noKey["IONOS_API_KEY"] = nil
        XCTAssertEqual(try load(noKey).apiKey?.revealed, "c.d")
        XCTAssertEqual(try load(["IONOS_PREFIX": "e", "IONOS_SECRET": "f"]).apiKey?.revealed, "e.f")
    }

    func testEnvironmentWinsOverConfigFile() throws {
        var files = MemoryFiles()
        files.files["/etc/ionos-acme-hook.conf"] = ("IONOS_API_KEY=file.key\nIONOS_ACME_TTL=300\nIONOS_ACME_LOG=debug\n", 0o600)
        let s = try load(["IONOS_API_PREFIX": "env", "IONOS_API_SECRET": "sec", "IONOS_ACME_TTL": "120"], files: files)
        XCTAssertEqual(s.apiKey?.revealed, "env.sec")
        XCTAssertEqual(s.apiKeySource, "environment")
        XCTAssertEqual(s.ttl, 120)
        XCTAssertEqual(s.logLevel, .debug, "values only in the file still apply")
        XCTAssertEqual(s.configFile, "/etc/ionos-acme-hook.conf")
    }

    func testUserConfigFileAndExplicitConfig() throws {
        var files = MemoryFiles()
        files.files["/home/u/.config/ionos-acme-hook/config"] = ("IONOS_API_KEY=user.key", 0o600)
        files.files["/srv/c.conf"] = ("export IONOS_API_KEY='explicit.key'", 0o400)
        XCTAssertEqual(try load([:], files: files).apiKey?.revealed, "user.key")
        XCTAssertEqual(try load([:], files: files, config: "/srv/c.conf").apiKey?.revealed, "explicit.key")
        XCTAssertEqual(try load(["IONOS_ACME_CONFIG": "/srv/c.conf"], files: files).apiKey?.revealed, "explicit.key")
        XCTAssertEqual(configError([:], files: files, config: "/nope")?.exitCode, .noInput)
    }

    func testCertbotDnsIonosIniIsAccepted() throws {
        var files = MemoryFiles()
        files.files["/etc/letsencrypt/ionos.ini"] = (
            """
            # certbot-dns-ionos credentials
            dns_ionos_prefix = myprefix
            dns_ionos_secret = \(secret)
            dns_ionos_endpoint = https://api.hosting.ionos.com
            """, 0o600
        )
        let s = try load([:], files: files, config: "/etc/letsencrypt/ionos.ini")
        XCTAssertEqual(s.apiKey?.revealed, "myprefix.\(secret)")
        XCTAssertEqual(s.apiURL, "https://api.hosting.ionos.com/dns")
    }

    func testConfigReadableByOthersIsRefused() {
        for mode: UInt32 in [0o644, 0o640, 0o604] {
            var files = MemoryFiles()
            files.files["/etc/ionos-acme-hook.conf"] = ("IONOS_API_KEY=a.b", mode)
            let e = configError([:], files: files)
            XCTAssertEqual(e?.exitCode, .noPermission, "mode \(String(mode, radix: 8))")
            XCTAssertTrue(e?.description.contains("chmod 600") ?? false)
        }
    }

    func testFileVariables() throws {
        var files = MemoryFiles()
        files.files["/run/secrets/key"] = ("pfx.\(secret)\n", 0o400)
        XCTAssertEqual(try load(["IONOS_API_KEY_FILE": "/run/secrets/key"], files: files).apiKey?.revealed, "pfx.\(secret)")
        XCTAssertEqual(
            configError(["IONOS_API_KEY_FILE": "/run/secrets/key", "IONOS_API_KEY": "a.b"], files: files),
            .bothValueAndFile(name: "IONOS_API_KEY"))
        XCTAssertEqual(configError(["IONOS_API_SECRET_FILE": "/missing", "IONOS_API_PREFIX": "p"])?.exitCode, .noInput)
        files.files["/run/ttl"] = ("600\n", 0o644)
        XCTAssertEqual(try load(["IONOS_ACME_TTL_FILE": "/run/ttl"], files: files).ttl, 600)
    }

    func testMissingAndBrokenCredentials() throws {
        let s = try load([:])
        XCTAssertNil(s.apiKey)
        XCTAssertThrowsError(try s.requireAPIKey()) { e in
            XCTAssertEqual((e as? ConfigError)?.exitCode, .config)
            XCTAssertTrue("\(e)".contains("IONOS_API_KEY"))
            XCTAssertTrue("\(e)".contains("IONOS_API_PREFIX"))
        }
        XCTAssertEqual(configError(["IONOS_API_PREFIX": "p"]), .incompleteCredentials(present: "IONOS_API_PREFIX", missing: "IONOS_API_SECRET"))
        XCTAssertEqual(configError(["IONOS_API_KEY": "nodot"])?.exitCode, .config)
        XCTAssertEqual(configError(["IONOS_API_KEY": ".secretonly"])?.exitCode, .config)
        XCTAssertEqual(configError(["IONOS_API_KEY": "prefix."])?.exitCode, .config)
    }

    func testValueValidation() throws {
        let bad: [(String, String)] = [
            ("IONOS_ACME_TTL", "59"), ("IONOS_ACME_TTL", "abc"), ("IONOS_ACME_PROPAGATION_TIMEOUT", "soon"),
            ("IONOS_ACME_POLL_INTERVAL", "0"), ("IONOS_ACME_NO_WAIT", "maybe"), ("IONOS_ACME_RESOLVER", "dns.example"),
            ("IONOS_ACME_RESOLVER", "1.2.3.4:0"), ("IONOS_ACME_DNS_PORT", "70000"), ("IONOS_ACME_NAMESERVERS", "1.2.3.4,x"),
            ("IONOS_ACME_FOLLOW_CNAME", "2"), ("IONOS_ACME_ZONES", ",,"), ("IONOS_ACME_LOG", "loud"),
            ("IONOS_API_URL", "ftp://x"),
        ]
        for (name, value) in bad {
            let e = configError([name: value])
            XCTAssertEqual(e?.exitCode, .config, "\(name)=\(value)")
            XCTAssertTrue(e?.description.contains(name) ?? false, "message names \(name)")
        }
        let s = try load([
            "IONOS_ACME_PROPAGATION_TIMEOUT": "15m", "IONOS_ACME_POLL_INTERVAL": "0.5", "IONOS_ACME_NO_WAIT": "1",
            "IONOS_ACME_RESOLVER": "[::1]:5353", "IONOS_ACME_DNS_PORT": "5353",
            "IONOS_ACME_NAMESERVERS": "127.0.0.2:5353,127.0.0.3", "IONOS_ACME_FOLLOW_CNAME": "0",
            "IONOS_ACME_ZONES": "Example.COM., other.test", "IONOS_API_URL": "http://127.0.0.1:8080/dns/",
        ])
        XCTAssertEqual(s.propagationTimeout, 900)
        XCTAssertEqual(s.pollInterval, 0.5)
        XCTAssertTrue(s.noWait)
        XCTAssertEqual(s.resolver?.description, "[::1]:5353")
        XCTAssertEqual(s.dnsPort, 5353)
        XCTAssertEqual(s.nameservers?.map(\.description), ["127.0.0.2:5353", "127.0.0.3:5353"])
        XCTAssertFalse(s.followCNAME)
        XCTAssertEqual(s.zones, ["example.com", "other.test"])
        XCTAssertEqual(s.apiURL, "http://127.0.0.1:8080/dns")
    }

    func testConfigFileSyntaxErrorsNameTheLine() {
        var files = MemoryFiles()
        files.files["/c"] = ("IONOS_API_KEY=a.b\nthis is not a setting\n", 0o600)
        XCTAssertEqual(configError([:], files: files, config: "/c"), .badConfigLine(path: "/c", line: 2, reason: "expected KEY=VALUE"))
        files.files["/c"] = ("IONOS_API_KYE=a.b\n", 0o600)
        XCTAssertEqual(configError([:], files: files, config: "/c")?.description, "/c:1: unknown key 'IONOS_API_KYE'")
    }

    /// Formats every configuration error and the settings themselves with a known secret and finds it nowhere.
    func testSecretIsRedactedEverywhere() throws {
        let s = try load(["IONOS_API_KEY": "prefix.\(secret)"])
        let key = try XCTUnwrap(s.apiKey)
        let renderings = [
            "\(key)", String(describing: key), String(reflecting: key), "\(s)", String(reflecting: s),
            "\(Mirror(reflecting: s).children.map { "\($0.value)" })",
        ]
        for r in renderings { XCTAssertFalse(r.contains(secret), r) }
        let errors: [ConfigError] = [
            .missingCredentials(configFile: nil), .incompleteCredentials(present: "IONOS_API_SECRET", missing: "IONOS_API_PREFIX"),
            .malformedKey(variable: "IONOS_API_KEY"), .bothValueAndFile(name: "IONOS_API_KEY"),
        ]
        for e in errors { XCTAssertFalse(e.description.contains(secret)) }
        // A malformed key is reported without echoing it.
        let e = configError(["IONOS_API_KEY": secret])
        XCTAssertEqual(e?.exitCode, .config)
        XCTAssertFalse(e?.description.contains(secret) ?? true)
        let capture = LogCapture()
        capture.logger().debug("settings: \(s)")
        XCTAssertFalse(capture.captured.joined().contains(secret))
    }
}
