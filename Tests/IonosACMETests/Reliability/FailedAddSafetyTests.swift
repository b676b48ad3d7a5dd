import Foundation
import XCTest

/// A finding of issue 7 (fixed on main in 9e43e7f): when an add failed, `present` (standalone, dehydrated,
/// uacme) removed the challenge values again by searching for them, including a value that was already
/// there before the call (added by another ACME run still waiting for validation). Only what this call
/// added may go.
final class FailedAddSafetyTests: XCTestCase {
    static let x = "ZTRx1Ckl1-tM05o5zaizTTA0yUy5AGereMgSNWC6Ll8"
    static let y = "8DERMexQ5VcdJ_prpPiA0mVdp7imgbCgjsG4SqqNMIo"

    /// IONOS holds X (another run's); this call adds X and Y, the POST of Y is refused: X must stay.
    func testFailedAddKeepsAValueThatWasThereBefore() throws {
        let zoneList = #"[{"name":"example.test","id":"z1","type":"NATIVE"}]"#
        let zone =
            #"{"name":"example.test","id":"z1","type":"NATIVE","records":[{"name":"_acme-challenge.example.test","#
            + #""rootName":"example.test","type":"TXT","content":"\"\#(Self.x)\"","changeDate":"2026-12-04T10:00:00.000Z","#
            + #""ttl":60,"disabled":false,"id":"other-run-record"}]}"#
        let fake = try LoopbackResponder { request in
            let line = request.prefix { $0 != "\r" && $0 != "\n" }
            if line.hasPrefix("POST ") {
                return .respond(LoopbackResponder.answer(400, "Bad Request", body: #"[{"code":"INVALID_RECORD"}]"#))
            }
            if line.hasPrefix("DELETE ") { return .respond(LoopbackResponder.answer(200, "OK")) }
            if line.hasPrefix("GET /dns/v1/zones/") { return .respond(LoopbackResponder.answer(200, "OK", body: zone)) }
            return .respond(LoopbackResponder.answer(200, "OK", body: zoneList))
        }
        defer { fake.stop() }
        let env = [
            "IONOS_API_URL": "http://127.0.0.1:\(fake.port)/dns", "IONOS_API_KEY": "p.q", "IONOS_ACME_NO_WAIT": "1",
            "IONOS_ACME_FOLLOW_CNAME": "0", "HOME": NSTemporaryDirectory() + "none", "BASEDIR": "/tmp",
        ]
        let r = try ProcessRunner.hook(
            ["deploy_challenge", "example.test", "t", Self.x, "www.example.test", "t", Self.y], environment: env)
        XCTAssertEqual(r.status, 65, r.stderr)
        let deletes = fake.requests.filter { $0.hasPrefix("DELETE") }
        XCTAssertEqual(deletes, [], "this call added nothing, so it deletes nothing (never another run's record)")
    }
}
