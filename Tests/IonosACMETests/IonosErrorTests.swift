import XCTest

@testable import IonosACME

/// A transport that answers every request with one canned response.
private struct CannedTransport: HTTPTransport {
    var response: HTTPResponse
    func send(_ request: HTTPRequest, deadline seconds: Double) throws(HTTPError) -> HTTPResponse { response }
}

final class IonosErrorTests: XCTestCase {
    private func client(_ response: HTTPResponse, logs: LogCapture = LogCapture()) throws -> IonosClient {
        try IonosClient(
            baseURL: FakeIonos.baseURL, apiKey: Secret(Harness.key), transport: CannedTransport(response: response),
            clock: ManualClock(), random: SeededRandom(seed: 1), logger: logs.logger())
    }

    private func failure(_ status: Int, _ body: String, headers: [String: String] = [:]) throws -> IonosError {
        let c = try client(HTTPResponse(status: status, headers: headers, body: Array(body.utf8)))
        do {
            _ = try c.createRecords(
                in: Zone(name: "example.com", id: "z"), [.txt(name: "_acme-challenge.cloud", value: "v", ttl: 60)])
        } catch {
            return error
        }
        // A call that should have failed and did not is a test failure, not a skip.
        throw ExpectedAnError(status: status)
    }

    private struct ExpectedAnError: Error, CustomStringConvertible {
        let status: Int
        var description: String { "the client accepted an answer with status \(status) and body it should refuse" }
    }

    func testBareMessageShape401() throws {
        let error = try failure(401, #"{"message":"Missing or invalid API key."}"#)
        XCTAssertEqual(error.exitCode, .noPermission)
        XCTAssertEqual(
            error.description,
            "adding TXT records for _acme-challenge.cloud: IONOS rejected the API key: Missing or invalid API key. "
                + "(check IONOS_API_PREFIX / IONOS_API_SECRET or IONOS_API_KEY)")
    }

    func testArrayShape401() throws {
        let error = try failure(
            401, #"[{"code":"UNAUTHORIZED","message":"The customer is not authorized to do this operation."}]"#)
        XCTAssertEqual(error.exitCode, .noPermission)
        XCTAssertTrue(error.description.contains("UNAUTHORIZED The customer is not authorized"))
    }

    func testArrayShape400WithParameters() throws {
        let body = """
            [{"code":"INVALID_RECORD","message":"Record is invalid.","parameters":{"invalidFields":["name"],\
            "errorRecord":{"name":"_acme-challenge.cloud","rootName":"example.com","type":"TXT","content":"x","ttl":120,\
            "disabled":false}}}]
            """
        let error = try failure(400, body)
        XCTAssertEqual(error.exitCode, .dataError)
        XCTAssertEqual(
            error.description,
            "adding TXT records for _acme-challenge.cloud: IONOS refused the request (HTTP 400): INVALID_RECORD "
                + "Record is invalid. (invalid field: name; record _acme-challenge.cloud TXT ttl 120 in zone example.com); "
                + "check the record name (absolute, inside the zone), the value and IONOS_ACME_TTL (at least 60)")
        XCTAssertFalse(error.description.contains("\n"))
    }

    func testRequiredFieldsAndInvalid() {
        let text = IonosErrorBody.summary(
            Array(#"[{"code":"INVALID_RECORD","parameters":{"requiredFields":["type"],"invalid":["ttl"]}}]"#.utf8))
        XCTAssertEqual(text, "INVALID_RECORD (missing field: type; invalid: ttl)")
        XCTAssertNil(IonosErrorBody.summary(Array("[]".utf8)))
        XCTAssertNil(IonosErrorBody.summary(Array("<html>".utf8)))
    }

    func testServerErrorAfterRetriesIsUnavailableWithLastCause() throws {
        let c = try client(HTTPResponse(status: 500, body: Array(#"{"message":"A generic error has occurred."}"#.utf8)))
        XCTAssertThrowsError(try c.listZones()) { error in
            let e = error as? IonosError
            XCTAssertEqual(e?.exitCode, .unavailable)
            XCTAssertTrue(e?.description.contains("HTTP 500 A generic error has occurred.") == true, "\(String(describing: e))")
        }
        XCTAssertEqual(c.requestCount, 8)
    }

    // MARK: - Malformed answers

    private func decodeFailure(_ body: [UInt8]) throws -> IonosError? {
        let c = try client(HTTPResponse(status: 200, body: body))
        do {
            _ = try c.listZones()
            return nil
        } catch {
            return error
        }
    }

    func testMalformedBodiesGiveClearErrors() throws {
        let cases: [(String, [UInt8], String)] = [
            ("truncated", Array(#"[{"name":"example.com","id":"4c9f"#.utf8), "not valid JSON"),
            ("not JSON", Array("<html><body>Bad gateway</body></html>".utf8), "not valid JSON"),
            ("wrong shape", Array(#"{"zones":[]}"#.utf8), "unexpected shape"),
            ("missing key", Array(#"[{"name":"example.com"}]"#.utf8), "'id' missing at [0]"),
            ("empty", [], "empty answer"),
            ("huge", [UInt8](repeating: UInt8(ascii: " "), count: IonosClient.maxBodyBytes + 1), "too large"),
            ("binary", (0..<255).map { UInt8($0) }, "not valid JSON"),
        ]
        for (label, body, expected) in cases {
            let error = try XCTUnwrap(try decodeFailure(body), label)
            XCTAssertEqual(error.exitCode, .unavailable, label)
            XCTAssertTrue(error.description.contains(expected), "\(label): \(error.description)")
            XCTAssertTrue(error.description.hasPrefix("listing IONOS zones: unreadable answer"), label)
        }
    }

    func testUnexpectedStatusWithHTMLBodyIsOneLine() throws {
        let c = try client(HTTPResponse(status: 418, body: Array("<html>\n<p>teapot</p>\n</html>".utf8)))
        XCTAssertThrowsError(try c.listZones()) { error in
            let e = error as? IonosError
            XCTAssertEqual(e?.exitCode, .failure)
            XCTAssertEqual(e?.description.contains("\n"), false)
            XCTAssertEqual(e?.description.contains("HTTP 418"), true)
        }
    }

    // MARK: - Secrets

    func testSecretAppearsInNoErrorOrLogLine() throws {
        let secretHalf = String(Harness.key.split(separator: ".")[1])
        let echoes = [
            HTTPResponse(status: 401, body: Array(#"{"message":"bad key \#(Harness.key)"}"#.utf8)),
            HTTPResponse(status: 400, body: Array(#"[{"code":"X","message":"\#(secretHalf)"}]"#.utf8)),
            HTTPResponse(status: 503, body: Array("upstream said \(Harness.key)".utf8)),
            HTTPResponse(status: 200, body: Array("not json \(Harness.key)".utf8)),
            HTTPResponse(status: 302, headers: ["Location": "https://elsewhere.test/"]),
        ]
        for response in echoes {
            let logs = LogCapture()
            let c = try client(response, logs: logs)
            var descriptions: [String] = []
            do { _ = try c.listZones() } catch { descriptions += [error.description, "\(error)", String(reflecting: error)] }
            do { _ = try c.deleteRecord(in: Zone(name: "example.com", id: "z"), id: "r") } catch {
                descriptions += [error.description, "\(error)"]
            }
            XCTAssertFalse(descriptions.isEmpty)
            for text in descriptions + logs.captured {
                XCTAssertTrue(Harness.isClean(text), "leak: \(text)")
            }
            XCTAssertTrue(logs.captured.contains { $0.contains("X-API-Key: <redacted>") })
        }
    }
}
