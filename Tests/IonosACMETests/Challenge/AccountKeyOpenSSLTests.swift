import Foundation
import IonosACME
import XCTest

/// Keys generated with the `openssl` CLI; the expected thumbprint is computed without our code:
/// the public numbers come from `openssl pkey -text`, the digest from `openssl dgst -sha256`.
final class AccountKeyOpenSSLTests: XCTestCase {
    private var scratch: ChallengeScratch!

    override func setUpWithError() throws {
        scratch = try ChallengeScratch()
    }

    override func tearDown() {
        scratch = nil
    }

    // MARK: - RSA

    func testRSAPKCS1Key() throws {
        try scratch.openssl(["genrsa", "-traditional", "-out", "rsa1.pem", "2048"])
        XCTAssertTrue(
            try String(contentsOfFile: scratch.path("rsa1.pem"), encoding: .utf8)
                .hasPrefix("-----BEGIN RSA PRIVATE KEY-----"))
        try assertThumbprintMatchesOpenSSL("rsa1.pem", expectedDescription: "RSA 2048-bit")
    }

    func testRSAPKCS8KeyAndItsPublicKey() throws {
        try scratch.openssl(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:3072", "-out", "rsa8.pem"])
        XCTAssertTrue(
            try String(contentsOfFile: scratch.path("rsa8.pem"), encoding: .utf8)
                .hasPrefix("-----BEGIN PRIVATE KEY-----"))
        let expected = try assertThumbprintMatchesOpenSSL("rsa8.pem", expectedDescription: "RSA 3072-bit")
        try scratch.openssl(["pkey", "-in", "rsa8.pem", "-pubout", "-out", "rsa8.pub.pem"])
        XCTAssertEqual(try AccountKey.load(path: scratch.path("rsa8.pub.pem")).thumbprint, expected)
    }

    func testRSAKeyWithSmallExponent() throws {
        try scratch.openssl(["genrsa", "-traditional", "-3", "-out", "rsa3.pem", "1024"])
        try assertThumbprintMatchesOpenSSL("rsa3.pem", expectedDescription: "RSA 1024-bit")
    }

    // MARK: - EC

    func testECP256SEC1KeyWithParametersBlock() throws {
        try scratch.openssl(["ecparam", "-name", "prime256v1", "-genkey", "-out", "p256.pem"])
        let text = try String(contentsOfFile: scratch.path("p256.pem"), encoding: .utf8)
        XCTAssertTrue(text.contains("-----BEGIN EC PARAMETERS-----"))
        XCTAssertTrue(text.contains("-----BEGIN EC PRIVATE KEY-----"))
        try assertThumbprintMatchesOpenSSL("p256.pem", expectedDescription: "EC P-256")
    }

    func testECP256PKCS8Key() throws {
        try scratch.openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "p256.pk8"])
        try assertThumbprintMatchesOpenSSL("p256.pk8", expectedDescription: "EC P-256")
    }

    func testECP384InSEC1AndPKCS8AndPublicForms() throws {
        try scratch.openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out", "p384.pk8"])
        try scratch.openssl(["ec", "-in", "p384.pk8", "-out", "p384.sec1"])
        try scratch.openssl(["pkey", "-in", "p384.pk8", "-pubout", "-out", "p384.pub"])
        XCTAssertTrue(
            try String(contentsOfFile: scratch.path("p384.sec1"), encoding: .utf8)
                .hasPrefix("-----BEGIN EC PRIVATE KEY-----"))
        let expected = try assertThumbprintMatchesOpenSSL("p384.pk8", expectedDescription: "EC P-384")
        XCTAssertEqual(try AccountKey.load(path: scratch.path("p384.sec1")).thumbprint, expected)
        XCTAssertEqual(try AccountKey.load(path: scratch.path("p384.pub")).thumbprint, expected)
    }

    func testECP521Key() throws {
        try scratch.openssl(["ecparam", "-name", "secp521r1", "-genkey", "-noout", "-out", "p521.pem"])
        try assertThumbprintMatchesOpenSSL("p521.pem", expectedDescription: "EC P-521")
    }

    func testCRLFLineEndingsAndByteOrderMark() throws {
        try scratch.openssl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "unix.pem"])
        let expected = try AccountKey.load(path: scratch.path("unix.pem")).thumbprint
        let text = try String(contentsOfFile: scratch.path("unix.pem"), encoding: .utf8)
        let windows = try scratch.write("windows.pem", "\u{FEFF}" + text.replacingOccurrences(of: "\n", with: "\r\n"))
        XCTAssertEqual(try AccountKey.load(path: windows).thumbprint, expected)
    }

    func testPEMAndJWKOfTheSameKeyAgree() throws {
        try scratch.openssl(["genrsa", "-traditional", "-out", "same.pem", "2048"])
        let (modulus, exponent) = try rsaNumbers("same.pem")
        let jwk =
            #"{"d": "AA", "dp": "AA", "dq": "AA", "e": "\#(referenceBase64URL(Data(exponent)))", "kty": "RSA", "#
            + #""n": "\#(referenceBase64URL(Data(modulus)))", "p": "AA", "q": "AA", "qi": "AA"}"#
        let jwkPath = try scratch.write("private_key.json", jwk)
        XCTAssertEqual(try AccountKey.load(path: jwkPath), try AccountKey.load(path: scratch.path("same.pem")))
    }

    // MARK: - Reference computation

    /// Loads `name` with our code and compares with the thumbprint computed by the openssl CLI.
    @discardableResult
    private func assertThumbprintMatchesOpenSSL(
        _ name: String, expectedDescription: String,
        file: StaticString = #filePath, line: UInt = #line
    ) throws -> String {
        let expected = try referenceThumbprint(name)
        let key = try AccountKey.load(path: scratch.path(name))
        XCTAssertEqual(key.thumbprint, expected, file: file, line: line)
        XCTAssertEqual(key.description, expectedDescription, file: file, line: line)
        XCTAssertEqual(key.thumbprint.count, 43, file: file, line: line)
        return expected
    }

    private func referenceThumbprint(_ name: String) throws -> String {
        let text = String(decoding: try scratch.openssl(["pkey", "-in", name, "-text", "-noout"]), as: UTF8.self)
        let json: String
        if text.contains("modulus:") {
            let (modulus, exponent) = try rsaNumbers(name)
            json =
                #"{"e":"\#(referenceBase64URL(Data(exponent)))","kty":"RSA","n":"\#(referenceBase64URL(Data(modulus)))"}"#
        } else {
            let point = try XCTUnwrap(hexBlock(after: "pub:", in: text))
            let curve = try XCTUnwrap(text.components(separatedBy: "\n").first { $0.hasPrefix("NIST CURVE: ") })
                .replacingOccurrences(of: "NIST CURVE: ", with: "")
            XCTAssertEqual(point.first, 0x04, "uncompressed point")
            let size = (point.count - 1) / 2
            let x = Data(point[1...size]), y = Data(point[(size + 1)...])
            json = #"{"crv":"\#(curve)","kty":"EC","x":"\#(referenceBase64URL(x))","y":"\#(referenceBase64URL(y))"}"#
        }
        try scratch.write(name + ".jwk", json)
        return referenceBase64URL(try scratch.openssl(["dgst", "-sha256", "-binary", name + ".jwk"]))
    }

    /// The RSA modulus and exponent of `name`, read from `openssl pkey -text`, without leading zero octets.
    private func rsaNumbers(_ name: String) throws -> ([UInt8], [UInt8]) {
        let text = String(decoding: try scratch.openssl(["pkey", "-in", name, "-text", "-noout"]), as: UTF8.self)
        let modulus = try XCTUnwrap(hexBlock(after: "modulus:", in: text)).drop { $0 == 0 }
        let exponentLine = try XCTUnwrap(text.components(separatedBy: "\n").first { $0.hasPrefix("publicExponent: ") })
        let hex = try XCTUnwrap(exponentLine.split(separator: "0x").last?.dropLast())
        var value = try XCTUnwrap(UInt64(hex, radix: 16))
        var exponent: [UInt8] = []
        while value > 0 {
            exponent.insert(UInt8(value & 0xFF), at: 0)
            value >>= 8
        }
        return (Array(modulus), exponent)
    }
}
