import Foundation
import IonosACME
import XCTest

/// Cross-check with certbot's own libraries (Debian `python3-josepy`, `python3-acme`, pulled in by
/// `certbot`): josepy writes the `private_key.json` certbot keeps and computes the thumbprint,
/// python-acme computes the DNS-01 validation. Skipped when those modules are not installed.
final class ChallengeJosepyCrossCheckTests: XCTestCase {
    private static let python = "/usr/bin/python3"

    /// Writes `<pem>.json` the way certbot stores an account key and prints the thumbprint and the
    /// DNS-01 validation for `token`.
    private static let script = """
        import base64, sys, josepy
        from acme import challenges
        from cryptography.hazmat.primitives import serialization
        pem, token = sys.argv[1], sys.argv[2]
        key = serialization.load_pem_private_key(open(pem, 'rb').read(), None)
        jwk = (josepy.JWKRSA if sys.argv[3] == 'RSA' else josepy.JWKEC)(key=key)
        open(pem + '.json', 'w').write(jwk.json_dumps())
        print(base64.urlsafe_b64encode(jwk.thumbprint()).rstrip(b'=').decode())
        print(challenges.DNS01(token=josepy.b64.b64decode(token)).validation(jwk))
        """

    func testRSAAccountKeyAsCertbotStoresIt() throws {
        try crossCheck(generate: ["genrsa", "-out", "rsa.pem", "2048"], file: "rsa.pem", type: "RSA")
    }

    func testECAccountKeyAsJosepyWritesIt() throws {
        try crossCheck(generate: ["ecparam", "-name", "secp384r1", "-genkey", "-out", "ec.pem"], file: "ec.pem", type: "EC")
    }

    private func crossCheck(generate: [String], file: String, type: String) throws {
        try XCTSkipUnless(pythonHasCertbotLibraries(), "python3-josepy / python3-acme not installed")
        let scratch = try ChallengeScratch()
        try scratch.openssl(generate)
        let token = "evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA"
        let output = try run(Self.python, ["-c", Self.script, scratch.path(file), token, type])
        let lines = output.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 2, output)
        guard lines.count == 2 else { return }
        let jsonPath = scratch.path(file + ".json")
        XCTAssertEqual(try AccountKey.load(path: jsonPath).thumbprint, lines[0])
        XCTAssertEqual(try AccountKey.load(path: scratch.path(file)).thumbprint, lines[0])
        let keyAuthorization = try DNS01.keyAuthorization(token: token, accountKeyPath: jsonPath)
        XCTAssertEqual(try DNS01.txtValue(keyAuthorization: keyAuthorization), lines[1])
    }

    private func pythonHasCertbotLibraries() -> Bool {
        guard FileManager.default.isExecutableFile(atPath: Self.python) else { return false }
        return (try? run(Self.python, ["-c", "import josepy, acme, cryptography"])) != nil
    }

    /// Runs a program with stdin from /dev/null; throws when it exits non-zero.
    private func run(_ program: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.executableLoad) }
        return String(decoding: data, as: UTF8.self)
    }
}
