import Foundation
import IonosACME
import XCTest

/// Why the hook never PATCHes or PUTs a zone: read-modify-write loses a concurrent challenge value,
/// while POST + DELETE by id keeps both.
final class ReadModifyWriteTests: XCTestCase {
    let challengeName = "_acme-challenge.example.test"

    private func send(_ sb: SandboxHarness, _ method: String, _ path: String, body: String? = nil) throws -> HTTPResponse {
        let transport = try CurlTransport()
        var headers = [HTTPHeader("X-API-Key", sb.sandbox.apiKey), HTTPHeader("Accept", "application/json")]
        if body != nil { headers.append(HTTPHeader("Content-Type", "application/json")) }
        return try transport.send(
            HTTPRequest(
                method: method, url: sb.sandbox.apiURL + path, headers: headers,
                body: Array((body ?? "").utf8)), deadline: 10)
    }

    private func zoneId(_ sb: SandboxHarness) throws -> String {
        let zones = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try send(sb, "GET", "/v1/zones").body)) as? [[String: Any]])
        return try XCTUnwrap(zones.first { $0["name"] as? String == "example.test" }?["id"] as? String)
    }

    func testPatchMergeLosesAConcurrentValue() throws {
        let sb = try SandboxHarness()
        let zone = try zoneId(sb)
        let query = "/v1/zones/\(zone)?recordName=\(challengeName)&recordType=TXT"
        // Two clients (apex and wildcard) read the same, empty, set of TXT records...
        let readA = try send(sb, "GET", query), readB = try send(sb, "GET", query)
        XCTAssertEqual(readA.status, 200)
        XCTAssertEqual(readA.body, readB.body)
        // ...and each PATCHes what it read plus its own value.
        for value in ["value-a", "value-b"] {
            let body = #"[{"name":"\#(challengeName)","type":"TXT","content":"\#(value)","ttl":60}]"#
            XCTAssertEqual(try send(sb, "PATCH", "/v1/zones/\(zone)", body: body).status, 200)
        }
        XCTAssertEqual(try sb.txtValues(zone: "example.test", name: challengeName), ["value-b"], "the first value is lost")
    }

    func testPostAndDeleteKeepConcurrentValues() throws {
        let sb = try SandboxHarness()
        let values = (0..<8).map { String(repeating: Character(String($0)), count: 43) }
        let env = sb.environment.merging(["IONOS_ACME_NO_WAIT": "1", "IONOS_ACME_FOLLOW_CNAME": "0"]) { $1 }
        let failures = Locked(0)
        DispatchQueue.concurrentPerform(iterations: values.count) { i in
            let r = try? ProcessRunner.hook(["present", "example.test", "--value", values[i]], environment: env)
            if r?.status != 0 { failures.withLock { $0 += 1 } }
        }
        XCTAssertEqual(failures.withLock { $0 }, 0)
        XCTAssertEqual(try sb.txtValues(zone: "example.test", name: challengeName), values.sorted())
        // Removing half of them concurrently leaves exactly the other half.
        DispatchQueue.concurrentPerform(iterations: values.count / 2) { i in
            _ = try? ProcessRunner.hook(["cleanup", "example.test", "--value", values[i * 2]], environment: env)
        }
        XCTAssertEqual(
            try sb.txtValues(zone: "example.test", name: challengeName), stride(from: 1, to: values.count, by: 2).map { values[$0] }.sorted())
        XCTAssertFalse(try sb.requests().contains { ["PUT", "PATCH"].contains($0["method"] as? String ?? "") })
    }
}

/// A value behind a lock, for counting across threads in tests.
final class Locked<T>: @unchecked Sendable {
    private var value: T
    private let lock = NSLock()
    init(_ value: T) { self.value = value }
    func withLock<R>(_ body: (inout T) -> R) -> R {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
