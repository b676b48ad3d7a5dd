import Foundation
import IonosACME
import Synchronization

/// An in-memory IONOS Hosting DNS API behind the `HTTPTransport` seam, with injectable faults.
///
/// Behaviour follows ionos-api.md §11: 401 bare message for a wrong key, quoted TXT content,
/// 201 + array for POST, an identical re-POST keeps one copy with a new id, 200 + empty body
/// for DELETE, 404 RECORD_NOT_FOUND, 400 INVALID_RECORD for names outside the zone or TTL < 60.
final class FakeIonos: HTTPTransport, @unchecked Sendable {
    static let baseURL = "https://api.ionos.test/dns"

    /// A failure the fake can inject instead of (or after) handling a request.
    enum Fault: Equatable {
        /// 500 `[{"code":"INTERNAL_SERVER_ERROR"}]`, request not applied.
        case error500
        /// 429 with `Retry-After`, request not applied.
        case tooMany(retryAfter: Int)
        /// Applied, then the connection drops without an answer.
        case lostAnswer
        /// Applied, then no answer within the deadline (the clock moves by the deadline).
        case timeout
    }

    struct FakeZone {
        var zone: Zone
        var records: [RecordResponse]
    }

    struct Logged: Equatable {
        var method: String
        var path: String
        var query: [String: String]
        var status: Int?
        var fault: Fault?
        var url = ""
    }

    private struct State {
        var zones: [FakeZone]
        var log: [Logged] = []
        var scripted: [(method: String?, fault: Fault)] = []
        var nextId = 1
        var changeCounter = 0
    }

    let apiKey: String
    private let state: Mutex<State>
    private let clock: ManualClock?
    private let faultRate: Double
    private let faultKinds: [Fault]
    private let random: SeededRandom

    init(
        apiKey: String, zones: [FakeZone], clock: ManualClock? = nil,
        faultRate: Double = 0, faultKinds: [Fault] = [], seed: UInt64 = 1
    ) {
        self.apiKey = apiKey
        self.state = Mutex(State(zones: zones))
        self.clock = clock
        self.faultRate = faultRate
        self.faultKinds = faultKinds
        self.random = SeededRandom(seed: seed)
    }

    /// A fake with empty zones of the given names (ids derived from the names).
    convenience init(apiKey: String, zoneNames: [String], clock: ManualClock? = nil) {
        self.init(
            apiKey: apiKey,
            zones: zoneNames.map { FakeZone(zone: Zone(name: $0, id: "zone-\($0)"), records: []) }, clock: clock)
    }

    /// Makes the next requests (of `method`, or any when nil) fail with these faults, in order.
    func script(_ faults: [Fault], method: String? = nil) {
        state.withLock { $0.scripted += faults.map { (method, $0) } }
    }

    var log: [Logged] { state.withLock { $0.log } }
    func records(zone name: String) -> [RecordResponse] {
        state.withLock { $0.zones.first { $0.zone.name == name }?.records ?? [] }
    }
    func insert(_ record: RecordResponse, zone name: String) {
        state.withLock { s in
            if let i = s.zones.firstIndex(where: { $0.zone.name == name }) { s.zones[i].records.append(record) }
        }
    }

    // MARK: - Transport

    func send(_ request: HTTPRequest, deadline seconds: Double) throws(HTTPError) -> HTTPResponse {
        let (path, query) = Self.split(request.url)
        let fault = state.withLock { s -> Fault? in
            if let next = s.scripted.first {
                guard next.method == nil || next.method == request.method else { return nil }
                return s.scripted.removeFirst().fault
            }
            guard faultRate > 0, !faultKinds.isEmpty, random.nextUnit() < faultRate else { return nil }
            return faultKinds[Int(random.nextUInt64() % UInt64(faultKinds.count))]
        }
        var entry = Logged(method: request.method, path: path, query: query, status: nil, fault: fault, url: request.url)
        defer { state.withLock { $0.log.append(entry) } }
        switch fault {
        case .error500:
            entry.status = 500
            return HTTPResponse(status: 500, body: Array(#"[{"code":"INTERNAL_SERVER_ERROR"}]"#.utf8))
        case .tooMany(let after):
            entry.status = 429
            return HTTPResponse(status: 429, headers: ["Retry-After": "\(after)"])
        case .lostAnswer:
            _ = handle(request, path: path, query: query)
            throw .connectionReset(url: request.url, detail: "Connection reset by peer")
        case .timeout:
            _ = handle(request, path: path, query: query)
            clock?.advance(seconds)
            throw .timeout(url: request.url, seconds: seconds)
        case nil:
            let response = handle(request, path: path, query: query)
            entry.status = response.status
            return response
        }
    }

    // MARK: - API behaviour

    private func handle(_ request: HTTPRequest, path: String, query: [String: String]) -> HTTPResponse {
        guard request.headerValue("x-api-key") == apiKey else {
            return json(401, #"{"message":"Missing or invalid API key."}"#)
        }
        let parts = path.split(separator: "/").map(String.init)
        switch (request.method, parts.count) {
        case ("GET", 2) where parts == ["v1", "zones"]:
            return encode(200, state.withLock { $0.zones.map(\.zone) })
        case ("GET", 3):
            return getZone(parts[2], query: query)
        case ("POST", 4) where parts[3] == "records":
            return post(parts[2], body: request.body)
        case ("GET", 5) where parts[3] == "records":
            guard let record = state.withLock({ s in findZone(parts[2], s)?.records.first { $0.id == parts[4] } })
            else { return notFound() }
            return encode(200, record)
        case ("DELETE", 5) where parts[3] == "records":
            return delete(zoneId: parts[2], recordId: parts[4])
        case ("PUT", 3), ("PATCH", 3):
            return HTTPResponse(status: 200)  // faithful enough: the hook must never get here
        default:
            return json(404, #"[{"code":"NOT_FOUND","message":"No route."}]"#)
        }
    }

    private func getZone(_ id: String, query: [String: String]) -> HTTPResponse {
        guard let zone = state.withLock({ findZone(id, $0) }) else { return notFound() }
        if let suffix = query["suffix"]?.lowercased(),
            !(suffix == zone.zone.name || suffix.hasSuffix("." + zone.zone.name))
        {
            return json(400, #"[{"code":"INVALID_REQUEST","message":"Invalid 'suffix' request parameter."}]"#)
        }
        let types = query["recordType"].map { Set($0.uppercased().split(separator: ",").map(String.init)) }
        let records = zone.records.filter { r in
            (query["recordName"].map { $0.lowercased() == r.name } ?? true)
                && (types.map { $0.contains(r.type) } ?? true)
                && (query["suffix"].map { s in r.name == s.lowercased() || r.name.hasSuffix("." + s.lowercased()) } ?? true)
        }
        return encode(200, CustomerZone(id: zone.zone.id, name: zone.zone.name, type: zone.zone.type, records: records))
    }

    private func post(_ zoneId: String, body: [UInt8]) -> HTTPResponse {
        guard let input = try? JSONDecoder().decode([NewRecord].self, from: Data(body)) else {
            return json(400, #"[{"code":"INVALID_DATA","message":"The request body is invalid."}]"#)
        }
        return state.withLock { s -> HTTPResponse in
            guard let z = s.zones.firstIndex(where: { $0.zone.id == zoneId }) else { return notFound() }
            let zoneName = s.zones[z].zone.name
            var created: [RecordResponse] = []
            for item in input {
                let name = item.name.lowercased()
                guard name == zoneName || name.hasSuffix("." + zoneName), item.ttl >= 60 else {
                    let field = item.ttl < 60 ? "ttl" : "name"
                    return json(
                        400,
                        """
                        [{"code":"INVALID_RECORD","message":"Record is invalid.","parameters":{"invalidFields":["\(field)"],\
                        "errorRecord":{"name":"\(item.name)","rootName":"\(zoneName)","type":"\(item.type)","ttl":\(item.ttl)}}}]
                        """)
                }
                let type = item.type.uppercased()
                var content = item.content
                if type == "TXT", !(content.hasPrefix("\"") && content.hasSuffix("\"") && content.count >= 2) {
                    content = "\"\(content)\""
                }
                s.zones[z].records.removeAll { $0.name == name && $0.type == type && $0.content == content }
                s.nextId += 1
                s.changeCounter += 1
                let record = RecordResponse(
                    name: name, rootName: zoneName, type: type, content: content,
                    changeDate: String(format: "2026-12-04T10:%02d:%02d.000Z", (s.changeCounter / 60) % 60, s.changeCounter % 60),
                    ttl: item.ttl, prio: nil, disabled: item.disabled,
                    id: String(format: "00000000-0000-0000-0000-%012d", s.nextId))
                s.zones[z].records.append(record)
                created.append(record)
            }
            return encode(201, created)
        }
    }

    private func delete(zoneId: String, recordId: String) -> HTTPResponse {
        state.withLock { s -> HTTPResponse in
            guard let z = s.zones.firstIndex(where: { $0.zone.id == zoneId }),
                let r = s.zones[z].records.firstIndex(where: { $0.id == recordId })
            else { return notFound() }
            s.zones[z].records.remove(at: r)
            return HTTPResponse(status: 200)
        }
    }

    // MARK: - Helpers

    private func findZone(_ id: String, _ s: State) -> FakeZone? { s.zones.first { $0.zone.id == id } }

    private func notFound() -> HTTPResponse {
        json(404, #"[{"code":"RECORD_NOT_FOUND","message":"Record does not exist."}]"#)
    }

    private func json(_ status: Int, _ text: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: Array(text.utf8))
    }

    private func encode<T: Encodable>(_ status: Int, _ value: T) -> HTTPResponse {
        let body = (try? JSONEncoder().encode(value)).map(Array.init) ?? []
        return HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: body)
    }

    /// Path below `/dns` and decoded query items of a URL under `baseURL`.
    static func split(_ url: String) -> (String, [String: String]) {
        let rest = url.hasPrefix(baseURL) ? String(url.dropFirst(baseURL.count)) : url
        let pieces = rest.split(separator: "?", maxSplits: 1).map(String.init)
        var query: [String: String] = [:]
        if pieces.count == 2 {
            for item in pieces[1].split(separator: "&") {
                let kv = item.split(separator: "=", maxSplits: 1).map(String.init)
                query[kv[0]] = kv.count > 1 ? (kv[1].removingPercentEncoding ?? kv[1]) : ""
            }
        }
        return (pieces.first ?? "", query)
    }
}
