import IonosACME
import XCTest

/// design.md's naming rules: prefixing, wildcard and trailing-dot stripping, case, IDN, limits.
final class ChallengeNameTests: XCTestCase {
    func testValidNamesTable() throws {
        let label63 = String(repeating: "a", count: 63)
        // A 253-octet record name: "_acme-challenge." (16) + 237 octets of domain.
        let domain237 = [label63, label63, label63, String(repeating: "b", count: 45)].joined(separator: ".")
        let cases: [(input: String, record: String, domain: String)] = [
            ("example.com", "_acme-challenge.example.com", "example.com"),
            ("*.example.com", "_acme-challenge.example.com", "example.com"),
            ("example.com.", "_acme-challenge.example.com", "example.com"),
            ("*.example.com.", "_acme-challenge.example.com", "example.com"),
            ("WWW.Example.COM", "_acme-challenge.www.example.com", "www.example.com"),
            ("_acme-challenge.example.com", "_acme-challenge.example.com", "example.com"),
            ("_acme-challenge.example.com.", "_acme-challenge.example.com", "example.com"),
            ("_ACME-Challenge.Sub.Example.com", "_acme-challenge.sub.example.com", "sub.example.com"),
            (
                "_ujmmovf2vn55tgye._acme-challenge.example.com", "_ujmmovf2vn55tgye._acme-challenge.example.com",
                "example.com"
            ),
            ("Bücher.example", "_acme-challenge.xn--bcher-kva.example", "xn--bcher-kva.example"),
            ("BÜCHER.example", "_acme-challenge.xn--bcher-kva.example", "xn--bcher-kva.example"),
            ("bu\u{0308}cher.example", "_acme-challenge.xn--bcher-kva.example", "xn--bcher-kva.example"),
            ("münchen.de", "_acme-challenge.xn--mnchen-3ya.de", "xn--mnchen-3ya.de"),
            ("faß.de", "_acme-challenge.xn--fa-hia.de", "xn--fa-hia.de"),
            ("例え。テスト", "_acme-challenge.xn--r8jz45g.xn--zckzah", "xn--r8jz45g.xn--zckzah"),
            ("xn--bcher-kva.example", "_acme-challenge.xn--bcher-kva.example", "xn--bcher-kva.example"),
            ("localhost", "_acme-challenge.localhost", "localhost"),
            ("a-b_c.1.example", "_acme-challenge.a-b_c.1.example", "a-b_c.1.example"),
            (label63 + ".example", "_acme-challenge." + label63 + ".example", label63 + ".example"),
            (domain237, "_acme-challenge." + domain237, domain237),
        ]
        for (input, record, domain) in cases {
            let name = try ChallengeName(input)
            XCTAssertEqual(name.recordName, record, input)
            XCTAssertEqual(name.domain, domain, input)
            XCTAssertEqual(name.description, record, input)
        }
        XCTAssertEqual(try ChallengeName(domain237).recordName.utf8.count, 253)
    }

    func testInvalidNamesTable() {
        let label64 = String(repeating: "a", count: 64)
        let label63 = String(repeating: "a", count: 63)
        let name254 = [label63, label63, label63, String(repeating: "b", count: 62)].joined(separator: ".")
        // 25 scalars whose ASCII form is 72 octets ("xn--" + 68).
        let cjk25 = String(String.UnicodeScalarView((0..<25).compactMap { Unicode.Scalar(0x4E00 + $0 * 97) }))
        let domain238 = [label63, label63, label63, String(repeating: "b", count: 46)].joined(separator: ".")
        let cases: [(input: String, reason: String)] = [
            ("", "empty"),
            (".", "empty"),
            ("*.", "'*'"),
            ("..", "empty label"),
            ("a..example.com", "empty label"),
            (".example.com", "empty label"),
            ("example.com..", "empty label"),
            (label64 + ".example.com", "64 octets"),
            (name254, "254 octets"),
            (domain238, "with '_acme-challenge.' prepended it is 254 octets"),
            ("exa mple.com", "space"),
            (" example.com", "space"),
            ("example.com\n", "U+000A"),
            ("\"example.com\"", "'\"'"),
            ("'example.com'", "'''"),
            ("example.com/x", "'/'"),
            ("a.*.example.com", "'*' is only allowed as a leading"),
            ("**.example.com", "'*' is only allowed as a leading"),
            ("*", "'*'"),
            ("_acme-challenge", "no domain follows"),
            ("x._acme-challenge.", "no domain follows"),
            ("♥.example", "'♥'"),
            ("exa\u{3000}mple.com", "U+3000"),
            ("\u{0301}a.example", "combining mark"),
            (String(repeating: "ü", count: 64) + ".example", "longer than 63"),
            (cjk25 + ".example", "72 octets long"),
        ]
        for (input, reason) in cases {
            XCTAssertThrowsError(try ChallengeName(input), input.debugDescription) { error in
                guard let error = error as? ChallengeError else { return XCTFail("\(error)") }
                XCTAssertEqual(error.exitCode, .dataError, input.debugDescription)
                XCTAssertTrue(error.description.contains(reason), "\(input.debugDescription): \(error.description)")
                XCTAssertTrue(error.description.hasPrefix("Invalid name '"), error.description)
                XCTAssertFalse(error.description.contains("\n"), error.description)
            }
        }
    }

    func testNormalizeDomainDoesNotPrepend() throws {
        XCTAssertEqual(try ChallengeName.normalizeDomain("Example.COM."), "example.com")
        XCTAssertEqual(try ChallengeName.normalizeDomain("*.example.com"), "example.com")
        XCTAssertEqual(try ChallengeName.normalizeDomain("Bücher.example"), "xn--bcher-kva.example")
        XCTAssertEqual(try ChallengeName.normalizeDomain("_acme-challenge.example.com"), "_acme-challenge.example.com")
        let label63 = String(repeating: "a", count: 63)
        let name253 = [label63, label63, label63, String(repeating: "b", count: 61)].joined(separator: ".")
        XCTAssertEqual(try ChallengeName.normalizeDomain(name253), name253)
        XCTAssertThrowsError(try ChallengeName.normalizeDomain(name253 + "b"))
        XCTAssertThrowsError(try ChallengeName.normalizeDomain("bad..zone"))
    }

    func testNamesCompareCaseInsensitivelyAfterNormalization() throws {
        XCTAssertEqual(try ChallengeName("*.EXAMPLE.com."), try ChallengeName("_acme-challenge.example.com"))
    }

    /// RFC 3492 §7.1 sample strings (lowercased where they had mixed-case annotations) and common IDNs.
    func testPunycodeSamples() throws {
        let samples: [(String, String)] = [
            ("他们为什么不说中文", "xn--ihqwcrb4cv8a8dqg056pqjye"),
            ("他們爲什麽不說中文", "xn--ihqwctvzc91f659drss3x8bo0yb"),
            ("pročprostěnemluvíčesky", "xn--proprostnemluvesky-uyb24dma41a"),
            ("なぜみんな日本語を話してくれないのか", "xn--n8jok5ay5dzabd5bym9f0cm5685rrjetr6pdxa"),
            ("3年b組金八先生", "xn--3b-ww4c5e180e575a65lsy2b"),
            ("安室奈美恵-with-super-monkeys", "xn---with-super-monkeys-pc58ag80a8qai00g7n9n"),
            ("ひとつ屋根の下2", "xn--2-u9tlzr9756bt3uc0v"),
            ("ü", "xn--tda"),
            ("ß", "xn--zca"),
        ]
        for (unicode, ascii) in samples {
            XCTAssertEqual(try ChallengeName.normalizeDomain(unicode), ascii, unicode)
        }
    }
}
