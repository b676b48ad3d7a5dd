import Foundation
import IonosSandbox
import Synchronization
import XCTest

/// Write semantics of the API: upsert, quoting, validation, PATCH/PUT of a zone, record PUT, errors.
final class APISemanticsTests: XCTestCase {
    var sandbox: Sandbox!
    var client: RawHTTP!
    var zone = ""

    override func setUpWithError() throws {
        sandbox = try startSandbox()
        client = try sandbox.client()
        zone = try sandbox.zoneID("example.test")
    }

    override func tearDown() { sandbox.stop() }

    private func post(_ body: String) throws -> RawResponse {
        try client.request("POST", "/dns/v1/zones/\(zone)/records", key: sandbox.apiKey, body: body)
    }

    func testIdenticalRePostKeepsOneCopyWithANewIDAndQuotesTXTOnce() throws {
        let first = try post(#"[{"name":"_acme-challenge.example.test","type":"txt","content":"tok","ttl":60}]"#)
        XCTAssertEqual(first.status, 201)
        let second = try post(#"[{"name":"_ACME-challenge.example.test","type":"TXT","content":"\"tok\"","ttl":60}]"#)
        XCTAssertEqual(second.status, 201)
        let id1 = first.json?.arrayValue?.first?["id"]?.stringValue, id2 = second.json?.arrayValue?.first?["id"]?.stringValue
        XCTAssertNotNil(id1)
        XCTAssertNotEqual(id1, id2)
        let listed = try sandbox.records(zone, query: "recordName=_acme-challenge.example.test&recordType=TXT")
        XCTAssertEqual(listed.count, 1)
        XCTAssertEqual(listed.first?["id"]?.stringValue, id2)
        XCTAssertEqual(listed.first?["content"]?.stringValue, "\"tok\"")
        XCTAssertEqual(listed.first?["name"]?.stringValue, "_acme-challenge.example.test")
        let other = try post(#"[{"name":"_acme-challenge.example.test","type":"TXT","content":"tok2"}]"#)
        XCTAssertEqual(other.json?.arrayValue?.first?["ttl"]?.intValue, 3600)
        XCTAssertEqual(try sandbox.records(zone, query: "recordName=_acme-challenge.example.test").count, 2)
    }

    func testValidationErrors() throws {
        let relative = try post(#"[{"name":"_acme-challenge.cloud","type":"TXT","content":"x","ttl":120}]"#)
        XCTAssertEqual(relative.status, 400)
        XCTAssertEqual(
            relative.text,
            #"[{"code":"INVALID_RECORD","message":"Record is invalid.","parameters":{"invalidFields":["name"],"errorRecord":{"name":"_acme-challenge.cloud","rootName":"example.test","type":"TXT","content":"x","ttl":120,"disabled":false}}}]"#
        )
        let outside = try post(#"[{"name":"www.other.test","type":"TXT","content":"x"}]"#)
        XCTAssertEqual(outside.json?.arrayValue?.first?["parameters"]?["invalidFields"], .array([.string("name")]))
        let lowTTL = try post(#"[{"name":"a.example.test","type":"TXT","content":"x","ttl":59}]"#)
        XCTAssertEqual(lowTTL.status, 400)
        XCTAssertEqual(lowTTL.json?.arrayValue?.first?["parameters"]?["invalidFields"], .array([.string("ttl")]))
        let noType = try post(#"[{"name":"a.example.test","content":"x"}]"#)
        XCTAssertEqual(noType.json?.arrayValue?.first?["parameters"]?["requiredFields"], .array([.string("type")]))
        XCTAssertEqual(try post("not json").status, 400)
        XCTAssertEqual(try post(#"{"name":"a.example.test"}"#).status, 400)
        let ok60 = try post(#"[{"name":"a.example.test","type":"TXT","content":"x","ttl":60}]"#)
        XCTAssertEqual(ok60.status, 201)
        // A rejected batch applies nothing.
        let mixed = try post(#"[{"name":"b.example.test","type":"TXT","content":"x"},{"name":"b","type":"TXT","content":"y"}]"#)
        XCTAssertEqual(mixed.status, 400)
        XCTAssertEqual(try sandbox.records(zone, query: "recordName=b.example.test").count, 0)
    }

    func testNormalisationAAAAExpandedTypeUppercasedPrioOnlyForMX() throws {
        let r = try post(
            #"[{"name":"V6.Example.Test","type":"aaaa","content":"2001:8d8:100f:f000::2aa","prio":7},{"name":"m.example.test","type":"mx","content":"mx.example.test","prio":5}]"#
        )
        XCTAssertEqual(r.status, 201)
        let items = try XCTUnwrap(r.json?.arrayValue)
        XCTAssertEqual(items[0]["content"]?.stringValue, "2001:8d8:100f:f000:0:0:0:2aa")
        XCTAssertEqual(items[0]["name"]?.stringValue, "v6.example.test")
        XCTAssertEqual(items[0]["type"]?.stringValue, "AAAA")
        XCTAssertNil(items[0]["prio"])
        XCTAssertEqual(items[1]["prio"]?.intValue, 5)
        XCTAssertEqual(items[1].objectValue?.map(\.0), ["name", "rootName", "type", "content", "changeDate", "ttl", "prio", "disabled", "id"])
    }

    func testAuthAndErrorShapes() throws {
        let missing = try client.request("GET", "/dns/v1/zones", key: nil)
        XCTAssertEqual(missing.status, 401)
        XCTAssertEqual(missing.text, #"{"message":"Missing or invalid API key."}"#)
        XCTAssertEqual(try client.request("GET", "/dns/v1/zones", key: "wrong.key").status, 401)
        XCTAssertEqual(try client.request("GET", "/dns/v1/zones", key: sandbox.apiKey, keyHeader: "x-api-key").status, 200)
        XCTAssertEqual(try client.request("GET", "/dns/v1/zones", key: sandbox.apiKey, keyHeader: "X-Api-Key").status, 200)
        let suffix = try client.request("GET", "/dns/v1/zones/\(zone)?suffix=other.test", key: sandbox.apiKey)
        XCTAssertEqual(suffix.status, 400)
        XCTAssertEqual(suffix.text, #"[{"code":"INVALID_REQUEST","message":"Invalid 'suffix' request parameter."}]"#)
        let unknownRecord = try client.request("GET", "/dns/v1/zones/\(zone)/records/00000000-0000-0000-0000-000000000000", key: sandbox.apiKey)
        XCTAssertEqual(unknownRecord.status, 404)
        XCTAssertEqual(unknownRecord.text, #"[{"code":"RECORD_NOT_FOUND","message":"Record does not exist."}]"#)
        let unknownZone = try client.request("GET", "/dns/v1/zones/00000000-0000-0000-0000-000000000000", key: sandbox.apiKey)
        XCTAssertEqual(unknownZone.status, 404)
        XCTAssertEqual(unknownZone.json?.arrayValue?.first?["code"]?.stringValue, "ZONE_NOT_FOUND")
    }

    func testFiltersAreAndedAndSuffixMatchesOnLabels() throws {
        _ = try post(
            #"[{"name":"a.sub.example.test","type":"TXT","content":"1"},{"name":"a.sub.example.test","type":"A","content":"192.0.2.1"},{"name":"xsub.example.test","type":"TXT","content":"2"}]"#
        )
        XCTAssertEqual(try sandbox.records(zone, query: "suffix=sub.example.test").count, 2)
        XCTAssertEqual(try sandbox.records(zone, query: "suffix=sub.example.test&recordType=txt").count, 1)
        XCTAssertEqual(try sandbox.records(zone, query: "suffix=sub.example.test&recordType=TXT,A").count, 2)
        XCTAssertEqual(try sandbox.records(zone, query: "recordName=a.sub.example.test&recordType=AAAA").count, 0)
        XCTAssertEqual(try sandbox.records(zone, query: "recordType=NS").count, 4)
    }

    func testDeleteAndRecordPutAndEmptyBodies() throws {
        let created = try post(#"[{"name":"d.example.test","type":"TXT","content":"v","ttl":60}]"#)
        let id = try XCTUnwrap(created.json?.arrayValue?.first?["id"]?.stringValue)
        let put = try client.request("PUT", "/dns/v1/zones/\(zone)/records/\(id)", key: sandbox.apiKey, body: #"{"content":"w","ttl":120}"#)
        XCTAssertEqual(put.status, 200)
        XCTAssertEqual(put.json?["content"]?.stringValue, "\"w\"")
        XCTAssertEqual(put.json?["ttl"]?.intValue, 120)
        XCTAssertEqual(put.json?["id"]?.stringValue, id)
        let delete = try client.request("DELETE", "/dns/v1/zones/\(zone)/records/\(id)", key: sandbox.apiKey)
        XCTAssertEqual(delete.status, 200)
        XCTAssertTrue(delete.body.isEmpty)
        XCTAssertEqual(delete.header("Content-Length"), "0")
        XCTAssertNil(delete.header("Content-Type"))
        XCTAssertEqual(try client.request("DELETE", "/dns/v1/zones/\(zone)/records/\(id)", key: sandbox.apiKey).status, 404)
    }

    func testPatchReplacesOnlyTheRecordSetsInTheBody() throws {
        _ = try post(
            #"[{"name":"_acme-challenge.example.test","type":"TXT","content":"apex"},{"name":"_acme-challenge.example.test","type":"TXT","content":"wild"}]"#
        )
        let before = try sandbox.records(zone).count
        let patch = try client.request(
            "PATCH", "/dns/v1/zones/\(zone)", key: sandbox.apiKey,
            body: #"[{"name":"_acme-challenge.example.test","type":"TXT","content":"new","ttl":60}]"#)
        XCTAssertEqual(patch.status, 200)
        XCTAssertTrue(patch.body.isEmpty)
        XCTAssertNil(patch.header("Content-Type"))
        let txt = try sandbox.records(zone, query: "recordName=_acme-challenge.example.test")
        XCTAssertEqual(txt.map { $0["content"]?.stringValue }, ["\"new\""], "PATCH drops the sibling TXT values")
        XCTAssertEqual(try sandbox.records(zone).count, before - 1)
        // Quoted input (as returned) is accepted and not double-quoted.
        _ = try client.request(
            "PATCH", "/dns/v1/zones/\(zone)", key: sandbox.apiKey,
            body:
                #"[{"name":"_acme-challenge.example.test","type":"TXT","content":"\"new\""},{"name":"_acme-challenge.example.test","type":"TXT","content":"two"}]"#
        )
        XCTAssertEqual(
            Set(try sandbox.records(zone, query: "recordName=_acme-challenge.example.test").compactMap { $0["content"]?.stringValue }),
            ["\"new\"", "\"two\""])
    }

    func testPutReplacesTheWholeZoneButKeepsApexSOAAndNS() throws {
        let put = try client.request(
            "PUT", "/dns/v1/zones/\(zone)", key: sandbox.apiKey,
            body: #"[{"name":"only.example.test","type":"A","content":"192.0.2.9"}]"#)
        XCTAssertEqual(put.status, 200)
        XCTAssertTrue(put.body.isEmpty)
        let types = try sandbox.records(zone).compactMap { $0["type"]?.stringValue }
        XCTAssertEqual(types.sorted(), ["A", "NS", "NS", "NS", "NS", "SOA"])
        XCTAssertEqual(try sandbox.records(zone, query: "recordType=A").first?["name"]?.stringValue, "only.example.test")
    }

    func testResetRestoresTheSeedAndStateShowsNameservers() throws {
        let seeded = try sandbox.records(zone)
        _ = try post(#"[{"name":"r.example.test","type":"TXT","content":"x"}]"#)
        let reset = try client.request("POST", "/_sandbox/reset", key: nil)
        XCTAssertEqual(reset.status, 200)
        XCTAssertEqual(try sandbox.records(zone), seeded)
        let state = try XCTUnwrap(client.request("GET", "/_sandbox/state", key: nil).json)
        XCTAssertEqual(state.objectValue?.map(\.0), ["zones", "nameservers"])
        let servers = try XCTUnwrap(state["nameservers"]?.arrayValue)
        XCTAssertEqual(servers.count, 4)
        XCTAssertEqual(servers.first?.objectValue?.map(\.0), ["address", "lag", "serial"])
        XCTAssertEqual(state["zones"]?.arrayValue?.first?["records"]?.arrayValue, seeded)
    }

    func testSixtyFourConcurrentClientsLoseNoUpdate() throws {
        let clients = 64, perClient = 5
        let port = sandbox.apiPort, key = sandbox.apiKey, zone = self.zone
        let failed = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: clients) { c in
            do {
                let http = try RawHTTP(port: port)
                for i in 0..<perClient {
                    let r = try http.request(
                        "POST", "/dns/v1/zones/\(zone)/records", key: key,
                        body: #"[{"name":"c\#(c).example.test","type":"TXT","content":"v\#(i)","ttl":60}]"#)
                    if r.status != 201 { throw TestFailure.message("status \(r.status)") }
                }
                // Remove the first value again, by id.
                let first = try http.request("GET", "/dns/v1/zones/\(zone)?recordName=c\(c).example.test", key: key)
                let id = first.json?["records"]?.arrayValue?.first { $0["content"]?.stringValue == "\"v0\"" }?["id"]?.stringValue ?? ""
                let d = try http.request("DELETE", "/dns/v1/zones/\(zone)/records/\(id)", key: key)
                if d.status != 200 { throw TestFailure.message("delete \(d.status)") }
            } catch {
                failed.withLock { $0.append("\(c): \(error)") }
            }
        }
        XCTAssertEqual(failed.withLock { $0 }, [])
        let records = try sandbox.records(zone, query: "recordType=TXT")
        for c in 0..<clients {
            let values = Set(records.filter { $0["name"]?.stringValue == "c\(c).example.test" }.compactMap { $0["content"]?.stringValue })
            XCTAssertEqual(values, Set((1..<perClient).map { "\"v\($0)\"" }), "client \(c)")
        }
        let state = try XCTUnwrap(client.request("GET", "/_sandbox/state", key: nil).json)
        XCTAssertEqual(state["nameservers"]?.arrayValue?.first?["serial"]?.intValue, clients * (perClient + 1))
    }
}
