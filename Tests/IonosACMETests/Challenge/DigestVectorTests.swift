import IonosACME
import XCTest

/// The published vectors of acme-clients.md §6.3, plus base64url and SHA-256 basics.
final class DigestVectorTests: XCTestCase {
    static let rfc7638N =
        "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"

    func testRFC7638RSAThumbprintFromJWKFile() throws {
        let scratch = try ChallengeScratch()
        let path = try scratch.write(
            "rsa.json", #"{"kty":"RSA","e":"AQAB","n":"\#(Self.rfc7638N)","alg":"RS256","kid":"2011-04-29"}"#)
        let key = try AccountKey.load(path: path)
        XCTAssertEqual(key.thumbprint, "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs")
        XCTAssertEqual(key.canonicalJWK, #"{"e":"AQAB","kty":"RSA","n":"\#(Self.rfc7638N)"}"#)
        XCTAssertEqual(key.description, "RSA 2048-bit")
    }

    func testRFC8555TokenGivesTXTValue() throws {
        let scratch = try ChallengeScratch()
        let path = try scratch.write("private_key.json", #"{"e": "AQAB", "n": "\#(Self.rfc7638N)", "kty": "RSA"}"#)
        let token = "evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA"
        let keyAuthorization = try DNS01.keyAuthorization(token: token, accountKeyPath: path)
        XCTAssertEqual(keyAuthorization, token + ".NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs")
        XCTAssertEqual(
            try DNS01.txtValue(keyAuthorization: keyAuthorization), "ZTRx1Ckl1-tM05o5zaizTTA0yUy5AGereMgSNWC6Ll8")
    }

    func testECP256VectorFromGoCrypto() throws {
        let scratch = try ChallengeScratch()
        let path = try scratch.write(
            "ec.json",
            #"""
            {"kty":"EC","crv":"P-256","x":"5lhEug5xK4xBDZ2nAbaxLtaLiv85bxJ7ePd1dkO23HQ","y":"4aiK72sBeUAGkv0TaLsmwokYUYyNxGsS5EMIKwsNIKk"}
            """#)
        let key = try AccountKey.load(path: path)
        XCTAssertEqual(key.thumbprint, "zedj-Bd1Zshp8KLePv2MB-lJ_Hagp7wAwdkA0NUTniU")
        XCTAssertEqual(key.description, "EC P-256")
        let keyAuthorization = try KeyAuthorization(token: "xxx", thumbprint: key.thumbprint)
        XCTAssertEqual(try keyAuthorization.txtValue(), "8DERMexQ5VcdJ_prpPiA0mVdp7imgbCgjsG4SqqNMIo")
    }

    func testLegoDigestOnlyVector() throws {
        XCTAssertEqual(try DNS01.txtValue(keyAuthorization: "keyAuth"), "pW9ZKG0xz_PCriK-nCMOjADy9eJcgGWIzkkj2fN4uZM")
    }

    func testSHA256KnownAnswers() throws {
        XCTAssertEqual(
            hex(try SHA256.digest([UInt8]())),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(
            hex(try SHA256.digest("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let million = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        XCTAssertEqual(
            hex(try SHA256.digest(million)),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    func testBase64URLEncodeMatchesRFC4648VectorsWithoutPadding() {
        let cases = [
            "": "", "f": "Zg", "fo": "Zm8", "foo": "Zm9v", "foob": "Zm9vYg", "fooba": "Zm9vYmE", "foobar": "Zm9vYmFy",
        ]
        for (plain, encoded) in cases {
            XCTAssertEqual(Base64URL.encode(Array(plain.utf8)), encoded)
            XCTAssertEqual(Base64URL.decode(encoded), Array(plain.utf8))
        }
        XCTAssertEqual(Base64URL.encode([0xFB, 0xFF, 0xBF]), "-_-_")
        XCTAssertEqual(Base64URL.decode("-_-_"), [0xFB, 0xFF, 0xBF])
    }

    func testBase64URLDecodeAcceptsPaddingAndRejectsBadInput() {
        XCTAssertEqual(Base64URL.decode("Zg=="), [0x66])
        XCTAssertEqual(Base64URL.decode("Zm8="), [0x66, 0x6F])
        for bad in ["Zg=", "Z", "Zm9v+", "Zm9v/w", "Zm 9v", "Zg==Zg==", "=Zg", "Zm9vY===", "ä"] {
            XCTAssertNil(Base64URL.decode(bad), bad)
        }
    }

    func testBase64URLRoundTripsEveryLengthAndByte() {
        var bytes: [UInt8] = []
        for i in 0..<300 {
            XCTAssertEqual(Base64URL.decode(Base64URL.encode(bytes)), bytes)
            XCTAssertEqual(Base64URL.encode(bytes), referenceBase64URL(Data(bytes)))
            bytes.append(UInt8(truncatingIfNeeded: i * 7 + 3))
        }
    }

    private func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }
}
