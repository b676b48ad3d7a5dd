import COpenSSL
import Foundation
import IonosACME
import XCTest

/// Unusable key files: each fails with the documented exit code and a one-line message naming the
/// file; none crashes, none prompts for a passphrase, none leaves errors in OpenSSL's queue.
final class AccountKeyErrorTests: XCTestCase {
    private var scratch: ChallengeScratch!

    override func setUpWithError() throws {
        scratch = try ChallengeScratch()
    }

    override func tearDown() {
        scratch = nil
    }

    func testMissingFileIsNoInput() throws {
        let error = loadError(scratch.path("nope.pem"), expecting: .noInput)
        XCTAssertEqual(error, .keyFileMissing(path: scratch.path("nope.pem")))
        loadError(scratch.path("nope/inside.pem"), expecting: .noInput)
        loadError("", expecting: .noInput)
    }

    func testDirectoryIsNoInput() throws {
        let error = loadError(scratch.directory.path, expecting: .noInput)
        XCTAssertTrue(error?.description.contains("directory") ?? false)
    }

    func testUnreadableFileIsNoInput() throws {
        try XCTSkipIf(geteuid() == 0, "root reads files whatever their mode")
        let path = try scratch.write("secret.pem", "x")
        XCTAssertEqual(chmod(path, 0), 0)
        loadError(path, expecting: .noInput)
    }

    func testSymlinkLoopIsNoInput() throws {
        XCTAssertEqual(symlink(scratch.path("b.pem"), scratch.path("a.pem")), 0)
        XCTAssertEqual(symlink(scratch.path("a.pem"), scratch.path("b.pem")), 0)
        let error = loadError(scratch.path("a.pem"), expecting: .noInput)
        XCTAssertEqual(error, .keyFileUnreadable(path: scratch.path("a.pem"), reason: String(cString: strerror(ELOOP))))
    }

    func testDevNullIsAnEmptyFile() {
        XCTAssertEqual(loadError("/dev/null", expecting: .dataError), .keyFileEmpty(path: "/dev/null"))
    }

    func testEmptyAndBlankFilesAreDataErrors() throws {
        XCTAssertEqual(
            loadError(try scratch.write("empty.pem", ""), expecting: .dataError),
            .keyFileEmpty(path: scratch.path("empty.pem")))
        loadError(try scratch.write("blank.pem", " \n\t\n"), expecting: .dataError)
    }

    func testGarbageIsDataError() throws {
        loadError(try scratch.write("garbage.pem", "hello world\n"), expecting: .dataError)
        var random = SystemRandomNumberGenerator()
        let bytes = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &random) }
        let path = scratch.path("random.bin")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        loadError(path, expecting: .dataError)
    }

    func testBrokenPEMBodiesAreDataErrors() throws {
        for (name, label) in [
            ("pk8", "PRIVATE KEY"), ("rsa", "RSA PRIVATE KEY"), ("ec", "EC PRIVATE KEY"), ("pub", "PUBLIC KEY"),
        ] {
            let text = "-----BEGIN \(label)-----\nMIIBAAAAAAAAAAAA\n-----END \(label)-----\n"
            let error = loadError(try scratch.write("broken-\(name).pem", text), expecting: .dataError)
            XCTAssertTrue(
                error?.description.contains("damaged or in an unknown format") ?? false, "\(String(describing: error))")
        }
        let certificate = "-----BEGIN CERTIFICATE-----\nMIIBAAAA\n-----END CERTIFICATE-----\n"
        let error = loadError(try scratch.write("cert.pem", certificate), expecting: .dataError)
        XCTAssertTrue(error?.description.contains("no private or public key") ?? false)
    }

    func testEncryptedPEMIsRefusedWithoutPrompting() throws {
        try scratch.openssl(["genrsa", "-aes256", "-passout", "pass:x", "-out", "enc8.pem", "1024"])
        try scratch.openssl(["genrsa", "-traditional", "-aes256", "-passout", "pass:x", "-out", "enc1.pem", "1024"])
        try scratch.openssl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ec.pem"])
        try scratch.openssl(["ec", "-in", "ec.pem", "-aes128", "-passout", "pass:x", "-out", "enc-ec.pem"])
        for name in ["enc8.pem", "enc1.pem", "enc-ec.pem"] {
            XCTAssertEqual(
                loadError(scratch.path(name), expecting: .dataError), .keyEncrypted(path: scratch.path(name)))
        }
    }

    func testEd25519AndOtherTypesAreUnsupported() throws {
        try scratch.openssl(["genpkey", "-algorithm", "ed25519", "-out", "ed.pem"])
        let error = loadError(scratch.path("ed.pem"), expecting: .dataError)
        XCTAssertEqual(error, .keyTypeUnsupported(path: scratch.path("ed.pem"), type: "ED25519"))
        try scratch.openssl(["genpkey", "-algorithm", "x448", "-out", "x448.pem"])
        loadError(scratch.path("x448.pem"), expecting: .dataError)
    }

    func testUnsupportedCurve() throws {
        try scratch.openssl(["ecparam", "-name", "secp256k1", "-genkey", "-noout", "-out", "k1.pem"])
        XCTAssertEqual(
            loadError(scratch.path("k1.pem"), expecting: .dataError),
            .keyCurveUnsupported(path: scratch.path("k1.pem"), curve: "secp256k1"))
    }

    func testBadJWKs() throws {
        let x = String(repeating: "A", count: 43)
        let cases: [(String, String)] = [
            ("truncated", #"{"kty":"RSA","#),
            ("no-kty", #"{"n":"AQAB","e":"AQAB"}"#),
            ("no-n", #"{"kty":"RSA","e":"AQAB"}"#),
            ("bad-n", #"{"kty":"RSA","e":"AQAB","n":"a+b/"}"#),
            ("empty-e", #"{"kty":"RSA","e":"","n":"AQAB"}"#),
            ("number-n", #"{"kty":"RSA","e":"AQAB","n":12}"#),
            ("okp", #"{"kty":"OKP","crv":"Ed25519","x":"\#(x)"}"#),
            ("oct", #"{"kty":"oct","k":"AQAB"}"#),
            ("p192", #"{"kty":"EC","crv":"P-192","x":"\#(x)","y":"\#(x)"}"#),
            ("short-x", #"{"kty":"EC","crv":"P-256","x":"AQAB","y":"\#(x)"}"#),
            ("no-crv", #"{"kty":"EC","x":"\#(x)","y":"\#(x)"}"#),
        ]
        for (name, json) in cases {
            loadError(try scratch.write("\(name).json", json), expecting: .dataError)
        }
    }

    func testMessageStaysOnOneLineForHostilePaths() throws {
        let path = scratch.path("line\nbreak\r.pem")
        let error = loadError(path, expecting: .noInput)
        XCTAssertTrue(error?.description.contains("line\\u{a}break\\u{d}.pem") ?? false)
        let long = String(repeating: "x", count: 1000)
        let message = ChallengeError.keyFileMissing(path: long).description
        XCTAssertLessThan(message.count, 320)
    }

    func testInMemoryKeysAreNormalized() throws {
        let shortX = [UInt8](repeating: 7, count: 31)
        let y = [UInt8](repeating: 9, count: 32)
        let key = try AccountKey(publicKey: .ec(curve: .p256, x: shortX, y: y))
        XCTAssertEqual(key.publicKey, .ec(curve: .p256, x: [0] + shortX, y: y))
        let rsa = try AccountKey(publicKey: .rsa(modulus: [0, 0, 0xC5, 1], exponent: [0, 1, 0, 1]))
        XCTAssertEqual(rsa.canonicalJWK, #"{"e":"AQAB","kty":"RSA","n":"xQE"}"#)
        XCTAssertThrowsError(try AccountKey(publicKey: .ec(curve: .p256, x: [1] + y, y: y)))
        XCTAssertThrowsError(try AccountKey(publicKey: .rsa(modulus: [0], exponent: [1])))
    }

    // MARK: - Helper

    /// Loads `path`, expecting a `ChallengeError` with `exitCode`, a one-line message naming the file,
    /// and an empty OpenSSL error queue afterwards.
    @discardableResult
    private func loadError(
        _ path: String, expecting exitCode: ExitCode,
        file: StaticString = #filePath, line: UInt = #line
    ) -> ChallengeError? {
        ERR_clear_error()
        do {
            let key = try AccountKey.load(path: path)
            XCTFail("\(path) loaded as \(key)", file: file, line: line)
            return nil
        } catch {
            XCTAssertEqual(error.exitCode, exitCode, error.description, file: file, line: line)
            XCTAssertFalse(error.description.contains("\n"), error.description, file: file, line: line)
            XCTAssertFalse(error.description.contains("\r"), error.description, file: file, line: line)
            if !path.contains("\n") {
                XCTAssertTrue(error.description.contains("'\(path)'"), error.description, file: file, line: line)
            }
            XCTAssertEqual(ERR_peek_error(), 0, "OpenSSL error queue left non-empty", file: file, line: line)
            return error
        }
    }
}
