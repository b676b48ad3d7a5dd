import Foundation
import IonosSandbox
import XCTest

/// Replays every recorded IONOS exchange against the sandbox: same status codes and same response shapes
/// (field names, key order, quoting, empty bodies), allowing only for ids, dates and pre-existing records.
final class FixtureReplayTests: XCTestCase {
    func testEveryFixtureReplaysWithTheSameStatusesAndShapes() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: fixturesDirectory.path).filter { $0.hasSuffix(".json") }.sorted()
        XCTAssertGreaterThanOrEqual(files.count, 8)
        for file in files {
            try replay(fixturesDirectory.appendingPathComponent(file))
        }
    }

    private func replay(_ url: URL) throws {
        let name = url.lastPathComponent
        let exchanges = try XCTUnwrap(JSONValue.parse(String(contentsOf: url, encoding: .utf8)).arrayValue)
        let zoneList = try XCTUnwrap(exchanges.first?["response"]?["body"]?.arrayValue?.first)
        let zoneName = try XCTUnwrap(zoneList["name"]?.stringValue)
        let zoneID = try XCTUnwrap(zoneList["id"]?.stringValue)
        let sandbox = try startSandbox { $0.seedZones = [ZoneSeed(name: zoneName, id: zoneID, records: self.preexisting(exchanges))] }
        defer { sandbox.stop() }
        let client = try sandbox.client()
        var ids: [String: String] = [:]  // recorded id -> sandbox id
        for (step, exchange) in exchanges.enumerated() {
            let request = try XCTUnwrap(exchange["request"]), expected = try XCTUnwrap(exchange["response"])
            var path = try XCTUnwrap(request["path"]?.stringValue)
            for (recorded, actual) in ids { path = path.replacingOccurrences(of: recorded, with: actual) }
            let query = request["query"]?.stringValue ?? ""
            let body = request["body"].flatMap { $0 == .null ? nil : $0.serialized }
            let method = try XCTUnwrap(request["method"]?.stringValue)
            let got = try client.request(method, path + (query.isEmpty ? "" : "?" + query), key: sandbox.apiKey, body: body)
            let context = "\(name) step \(step): \(method) \(path)"
            XCTAssertEqual(got.status, expected["status"]?.intValue, context)
            let expectedBody = expected["body"] ?? .null
            if expectedBody == .null {
                XCTAssertTrue(got.body.isEmpty, context)
                XCTAssertNil(got.header("Content-Type"), context)
                XCTAssertEqual(got.header("Content-Length"), "0", context)
                continue
            }
            XCTAssertEqual(got.header("Content-Type"), expected["content_type"]?.stringValue, context)
            let actual = try XCTUnwrap(got.json, context)
            learnIDs(expected: expectedBody, actual: actual, into: &ids)
            XCTAssertEqual(normalized(actual), normalized(expectedBody), context)
        }
    }

    /// Records of a full listing that comes before any write: the zone's pre-existing contents.
    private func preexisting(_ exchanges: [JSONValue]) -> [ZoneSeed.Record] {
        for exchange in exchanges {
            let method = exchange["request"]?["method"]?.stringValue ?? ""
            if method != "GET" { return [] }
            guard exchange["request"]?["query"]?.stringValue == "",
                let records = exchange["response"]?["body"]?["records"]?.arrayValue
            else { continue }
            return records.compactMap { r in
                guard let name = r["name"]?.stringValue, let type = r["type"]?.stringValue,
                    let content = r["content"]?.stringValue
                else { return nil }
                return ZoneSeed.Record(
                    name: name, type: type, content: content, ttl: r["ttl"]?.intValue ?? 3600, prio: r["prio"]?.intValue ?? 0,
                    disabled: r["disabled"]?.boolValue ?? false, id: r["id"]?.stringValue)
            }
        }
        return []
    }

    /// Maps record ids of the recording to the sandbox's, position by position.
    private func learnIDs(expected: JSONValue, actual: JSONValue, into ids: inout [String: String]) {
        switch (expected, actual) {
        case let (.array(a), .array(b)):
            for (x, y) in zip(a, b) { learnIDs(expected: x, actual: y, into: &ids) }
        case (.object, .object):
            if let e = expected["id"]?.stringValue, let g = actual["id"]?.stringValue, expected["rootName"] != nil { ids[e] = g }
            if let e = expected["records"], let g = actual["records"] { learnIDs(expected: e, actual: g, into: &ids) }
        default: break
        }
    }

    /// Replaces record ids and change dates (checked for their shape) by placeholders; keeps order and quoting.
    private func normalized(_ value: JSONValue) -> JSONValue {
        switch value {
        case .array(let items): return .array(items.map(normalized))
        case .object(let pairs):
            let isRecord = pairs.contains { $0.0 == "rootName" }
            return .object(
                pairs.map { key, v in
                    if isRecord && key == "id" {
                        return (key, .string(shape(v, pattern: #"^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$"#, as: "<id>")))
                    }
                    if key == "changeDate" { return (key, .string(shape(v, pattern: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"#, as: "<date>"))) }
                    return (key, normalized(v))
                })
        default: return value
        }
    }

    private func shape(_ value: JSONValue, pattern: String, as placeholder: String) -> String {
        guard let s = value.stringValue, s.range(of: pattern, options: .regularExpression) != nil else { return "<bad \(value)>" }
        return placeholder
    }
}
