import Foundation
import XCTest

/// Issue 7, part 4 (API side): answers from the API that are truncated, not JSON, huge or of the wrong shape,
/// served by a tiny loopback HTTP server in place of IONOS. Each ends in one error line and the documented code.
final class BadAPIAnswerTests: XCTestCase {
    static let zoneList = #"[{"name":"example.test","id":"z1","type":"NATIVE"}]"#
    static let emptyZone = #"{"name":"example.test","id":"z1","type":"NATIVE","records":[]}"#
    static let secret = "fake-api-secret-must-not-leak-0123456789"

    /// One bad answer: what the fake answers to the zone list, the zone read and the POST.
    struct Case {
        let name: String
        var zones: LoopbackResponder.Action = .respond(LoopbackResponder.answer(200, "OK", body: BadAPIAnswerTests.zoneList))
        var zone: LoopbackResponder.Action = .respond(LoopbackResponder.answer(200, "OK", body: BadAPIAnswerTests.emptyZone))
        var post: LoopbackResponder.Action = .respond(LoopbackResponder.answer(201, "Created", body: "[]"))
        let exit: Int32
        var mentions: String? = nil
        /// True when the hook may send a POST (the bad answer comes only after it).
        var mayPost = false
    }

    static func ok(_ body: String, status: Int = 200) -> LoopbackResponder.Action {
        .respond(LoopbackResponder.answer(status, status == 200 ? "OK" : "Status", body: body))
    }

    static let cases: [Case] = [
        Case(name: "zone list truncated", zones: ok(#"[{"name":"example.test","id":"z"#), exit: 69, mentions: "truncated"),
        Case(name: "zone list is HTML", zones: ok("<html><body>Bad Gateway</body></html>"), exit: 69),
        Case(name: "zone list is an object", zones: ok(#"{"zones":[]}"#), exit: 69, mentions: "shape"),
        Case(name: "zone list of numbers", zones: ok("[1,2,3]"), exit: 69, mentions: "shape"),
        Case(name: "zone list is null", zones: ok("null"), exit: 69),
        Case(name: "zone list empty body", zones: ok(""), exit: 69, mentions: "empty"),
        Case(name: "zone list huge (20 MB)", zones: .huge(20_000_000), exit: 69),
        Case(name: "zone list nested 100000 deep", zones: ok(String(repeating: "[", count: 100_000)), exit: 69),
        Case(name: "zone list with a name of the wrong type", zones: ok(#"[{"name":5,"id":"z1","type":"NATIVE"}]"#), exit: 69),
        Case(name: "zone list empty", zones: ok("[]"), exit: 65, mentions: "no IONOS zone"),
        Case(name: "zone list 401 with HTML", zones: ok("<h1>denied</h1>", status: 401), exit: 77),
        Case(
            name: "zone list redirect", zones: .respond(LoopbackResponder.answer(302, "Found", headers: ["Location": "http://127.0.0.1:1/"])),
            exit: 1, mentions: "302"),
        Case(name: "zone read truncated", zone: ok(#"{"name":"example.test","id":"z1","records":[{"na"#), exit: 69),
        Case(name: "zone read records is a string", zone: ok(#"{"name":"example.test","id":"z1","records":"none"}"#), exit: 69),
        Case(name: "zone read not JSON", zone: ok("\u{00}\u{01}binary"), exit: 69),
        Case(name: "POST answer empty array", post: ok("[]", status: 201), exit: 69, mayPost: true),
        Case(name: "POST answer not JSON", post: ok("created!", status: 201), exit: 69, mayPost: true),
        Case(name: "POST answer 400 in neither error shape", post: ok(#"{"weird":true}"#, status: 400), exit: 65, mayPost: true),
    ]

    func testBadAnswersGiveOneLineAndTheDocumentedCode() throws {
        var outputs: [(label: String, text: String)] = []
        for c in Self.cases {
            let fake = try LoopbackResponder { request in
                let line = request.prefix { $0 != "\r" && $0 != "\n" }
                if line.hasPrefix("POST ") { return c.post }
                if line.hasPrefix("GET /dns/v1/zones/") { return c.zone }
                return c.zones
            }
            defer { fake.stop() }
            let env = [
                "IONOS_API_URL": "http://127.0.0.1:\(fake.port)/dns", "IONOS_API_KEY": "fakeprefix.\(Self.secret)",
                "IONOS_ACME_NO_WAIT": "1", "IONOS_ACME_FOLLOW_CNAME": "0", "HOME": NSTemporaryDirectory() + "none",
            ]
            let r = try ProcessRunner.hook(["present", "example.test", "--value", BadInputTable.v], environment: env, timeout: 60)
            outputs.append((c.name, r.stdout + r.stderr))
            for problem in BadInputTests.problems(r, expected: c.exit, mentions: c.mentions) {
                XCTFail("\(c.name): \(problem)")
            }
            let requests = fake.requests
            if !c.mayPost { XCTAssertFalse(requests.contains { $0.hasPrefix("POST") }, "\(c.name): no POST after a bad read") }
            XCTAssertFalse(requests.contains { $0.hasPrefix("PUT") || $0.hasPrefix("PATCH") }, c.name)
        }
        SecretScan.assertClean(key: "fakeprefix.\(Self.secret)", texts: outputs)
        Figures.report("bad input: \(Self.cases.count) bad API answers (truncated, not JSON, huge, wrong shape, odd status)")
    }
}
