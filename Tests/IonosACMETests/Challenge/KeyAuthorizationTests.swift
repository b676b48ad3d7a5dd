import IonosACME
import XCTest

/// Tokens, key authorizations and user-given TXT values.
final class KeyAuthorizationTests: XCTestCase {
    func testKeyAuthorizationJoinsTokenAndThumbprint() throws {
        let ka = try KeyAuthorization(token: "tok_en-1", thumbprint: "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs")
        XCTAssertEqual(ka.value, "tok_en-1.NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs")
        XCTAssertEqual(ka.description, ka.value)
        XCTAssertEqual(try ka.txtValue().count, 43)
        XCTAssertTrue(DNS01.isDigestShaped(try ka.txtValue()))
    }

    func testBadTokens() {
        for token in ["", "a.b", "a b", "a+b", "a/b", "a=", "tök", "a\nb", "\"x\""] {
            XCTAssertThrowsError(try DNS01.validateToken(token), token.debugDescription) { error in
                let error = error as? ChallengeError
                XCTAssertEqual(error?.exitCode, .dataError)
                XCTAssertTrue(error?.description.hasPrefix("Invalid challenge token") ?? false)
                XCTAssertFalse(error?.description.contains("\n") ?? true)
            }
            XCTAssertThrowsError(try KeyAuthorization(token: token, thumbprint: "abc"))
        }
        XCTAssertThrowsError(try KeyAuthorization(token: "abc", thumbprint: ""))
        XCTAssertThrowsError(try KeyAuthorization(token: "abc", thumbprint: "a.b"))
    }

    func testKeyAuthorizationGivenWhole() throws {
        XCTAssertEqual(try KeyAuthorization("a.b").value, "a.b")
        for bad in ["", "a b", "a.b\n", "ä.b"] {
            XCTAssertThrowsError(try DNS01.txtValue(keyAuthorization: bad), bad.debugDescription) { error in
                XCTAssertEqual((error as? ChallengeError)?.exitCode, .dataError)
            }
        }
    }

    func testKeyAuthorizationWithAMissingKeyFileIsNoInputAndABadTokenWinsFirst() {
        XCTAssertThrowsError(try DNS01.keyAuthorization(token: "abc", accountKeyPath: "/nonexistent/key.pem")) {
            error in
            XCTAssertEqual((error as? ChallengeError)?.exitCode, .noInput)
        }
        XCTAssertThrowsError(try DNS01.keyAuthorization(token: "a b", accountKeyPath: "/nonexistent/key.pem")) {
            error in
            XCTAssertEqual(
                error as? ChallengeError,
                .tokenInvalid(token: "a b", reason: "only letters, digits, '-' and '_' are allowed"))
        }
    }

    func testTXTValues() throws {
        let good = [
            "ZTRx1Ckl1-tM05o5zaizTTA0yUy5AGereMgSNWC6Ll8", "x", "v=spf1-like!#$%&'()*+,-./:;<=>?@[]^_`{|}~",
            String(repeating: "a", count: 255),
        ]
        for value in good {
            XCTAssertNoThrow(try DNS01.validateTXTValue(value), value)
        }
        let bad: [(String, String)] = [
            ("", "empty"),
            (String(repeating: "a", count: 256), "256 bytes"),
            ("a b", "a space"),
            ("\"quoted\"", "'\"'"),
            ("back\\slash", "'\\'"),
            ("tab\there", "control or non-ASCII"),
            ("line\n", "control or non-ASCII"),
            ("grüß", "control or non-ASCII"),
        ]
        for (value, reason) in bad {
            XCTAssertThrowsError(try DNS01.validateTXTValue(value), value.debugDescription) { error in
                guard let error = error as? ChallengeError else { return XCTFail("\(error)") }
                XCTAssertEqual(error.exitCode, .dataError)
                XCTAssertTrue(error.description.contains(reason), error.description)
                XCTAssertFalse(error.description.contains("\n"), error.description)
            }
        }
        XCTAssertTrue(DNS01.isDigestShaped("ZTRx1Ckl1-tM05o5zaizTTA0yUy5AGereMgSNWC6Ll8"))
        XCTAssertFalse(DNS01.isDigestShaped("ZTRx1Ckl1-tM05o5zaizTTA0yUy5AGereMgSNWC6Ll"))
        XCTAssertFalse(DNS01.isDigestShaped("ZTRx1Ckl1+tM05o5zaizTTA0yUy5AGereMgSNWC6Ll8"))
    }
}
