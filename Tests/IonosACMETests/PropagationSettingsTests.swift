import IonosACME
import XCTest

/// `PropagationSettings.fromEnvironment`: defaults, each variable, and malformed values (exit 78).
final class PropagationSettingsTests: XCTestCase {
    private let resolvConf = "search example.com\nnameserver 10.255.255.53\n"

    func testDefaults() throws {
        let settings = try PropagationSettings.fromEnvironment([:], resolvConf: resolvConf)
        XCTAssertEqual(settings.resolver.description, "10.255.255.53:53")
        XCTAssertEqual(settings.authoritativePort, 53)
        XCTAssertNil(settings.nameservers)
        XCTAssertEqual(settings.timeout, 900)
        XCTAssertEqual(settings.pollInterval, 2)
    }

    func testVariables() throws {
        let settings = try PropagationSettings.fromEnvironment(
            [
                "IONOS_ACME_RESOLVER": "127.0.0.1:5353", "IONOS_ACME_DNS_PORT": "5300",
                "IONOS_ACME_NAMESERVERS": "127.0.0.2:5353,127.0.0.3", "IONOS_ACME_PROPAGATION_TIMEOUT": "30",
                "IONOS_ACME_POLL_INTERVAL": "0.5",
            ], resolvConf: nil)
        XCTAssertEqual(settings.resolver.description, "127.0.0.1:5353")
        XCTAssertEqual(settings.authoritativePort, 5300)
        XCTAssertEqual(settings.nameservers?.map(\.description), ["127.0.0.2:5353", "127.0.0.3:5300"])
        XCTAssertEqual(settings.timeout, 30)
        XCTAssertEqual(settings.pollInterval, 0.5)
    }

    func testNameserversWithoutResolverNeedNoResolvConf() throws {
        let settings = try PropagationSettings.fromEnvironment(
            ["IONOS_ACME_NAMESERVERS": "[::1]:5353"], resolvConf: nil)
        XCTAssertEqual(settings.nameservers?.map(\.description), ["[::1]:5353"])
    }

    func testMissingResolver() {
        XCTAssertThrowsError(try PropagationSettings.fromEnvironment([:], resolvConf: "# empty\n")) {
            XCTAssertEqual($0 as? PropagationError, .noResolver)
            XCTAssertEqual(($0 as? PropagationError)?.exitCode, .config)
        }
    }

    func testMalformedValuesAreConfigErrors() {
        let cases: [(String, String)] = [
            ("IONOS_ACME_RESOLVER", "dns.example.com"), ("IONOS_ACME_DNS_PORT", "0"), ("IONOS_ACME_DNS_PORT", "x"),
            ("IONOS_ACME_NAMESERVERS", "127.0.0.2,ns1"), ("IONOS_ACME_PROPAGATION_TIMEOUT", "-1"),
            ("IONOS_ACME_POLL_INTERVAL", "0"), ("IONOS_ACME_POLL_INTERVAL", "nan"),
        ]
        for (name, value) in cases {
            XCTAssertThrowsError(try PropagationSettings.fromEnvironment([name: value], resolvConf: resolvConf), name) {
                error in
                XCTAssertEqual((error as? PropagationError)?.exitCode, .config, "\(name)=\(value)")
                XCTAssertTrue(String(describing: error).contains(name), "\(error)")
            }
        }
    }
}
