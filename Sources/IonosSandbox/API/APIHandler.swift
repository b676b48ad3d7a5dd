/// The IONOS API (`/dns/v1/...`) and the sandbox's own `/_sandbox/...` endpoints, on top of the zone store.
final class APIHandler: Sendable {
    /// One nameserver as `/_sandbox/state` shows it.
    struct NameserverInfo: Sendable {
        let address: String
        let lag: Double
    }

    let store: ZoneStore
    private let apiKey: String
    private let faults: FaultInjector?
    private let log: RequestLog?
    private let nameservers: [NameserverInfo]

    init(store: ZoneStore, apiKey: String, faults: FaultInjector?, log: RequestLog?, nameservers: [NameserverInfo]) {
        self.store = store
        self.apiKey = apiKey
        self.faults = faults
        self.log = log
        self.nameservers = nameservers
    }

    /// Answers one HTTP request (injecting faults and logging for API paths).
    func handle(_ request: HTTPRequest) -> HTTPResponse {
        if request.path == "/_sandbox" || request.path.hasPrefix("/_sandbox/") { return sandbox(request) }
        let started = WallClock.monotonic()
        let fault = request.path.hasPrefix("/dns/v1/") ? faults?.next() : nil
        var response: HTTPResponse
        switch fault {
        case .serverError?:
            response = .json(500, .array([.object([("code", .string("INTERNAL_SERVER_ERROR"))])]))
        case .tooManyRequests?:
            // The answer of the Kong gateway's rate limiter, which fronts the real API.
            response = .json(429, .object([("message", .string("API rate limit exceeded"))]), headers: [("Retry-After", "1")])
        default:
            response = route(request)
        }
        if fault == .reset { response.disposition = .reset }
        if fault == .slow, let faults { response.disposition = .delay(faults.slowDelay) }
        let delay: Double = if case .delay(let d) = response.disposition { d } else { 0 }
        log?.append(
            request, status: response.status, milliseconds: (WallClock.monotonic() - started + delay) * 1000, fault: fault)
        return response
    }

    // MARK: - Routing

    static let routeNotFound = HTTPResponse.json(404, .object([("message", .string("no Route matched with those values"))]))

    private func route(_ request: HTTPRequest) -> HTTPResponse {
        guard request.path == "/dns" || request.path.hasPrefix("/dns/") else { return APIHandler.routeNotFound }
        guard let key = request.header("x-api-key"), key == apiKey else {
            return .json(401, .object([("message", .string("Missing or invalid API key."))]))
        }
        let segments = request.path.split(separator: "/").map(String.init)
        guard segments.count >= 3, segments[0] == "dns", segments[1] == "v1", segments[2] == "zones" else {
            return APIHandler.routeNotFound
        }
        let rest = Array(segments.dropFirst(3))
        let m = request.method
        switch rest.count {
        case 0 where m == "GET": return listZones()
        case 1 where m == "GET": return getZone(rest[0], query: request.queryItems)
        case 1 where m == "PATCH" || m == "PUT": return replace(rest[0], body: request.body, wholeZone: m == "PUT")
        case 2 where rest[1] == "records" && m == "POST": return createRecords(rest[0], body: request.body)
        case 3 where rest[1] == "records" && ["GET", "PUT", "DELETE"].contains(m):
            return recordByID(zoneID: rest[0], recordID: rest[2], method: m, body: request.body)
        default:
            let known = rest.count < 2 || (rest.count <= 3 && rest[1] == "records")
            return known
                ? APIHandler.errors(405, [APIErrorItem(code: "METHOD_NOT_ALLOWED", message: "Method not allowed.")])
                : APIHandler.routeNotFound
        }
    }

    static func errors(_ status: Int, _ items: [APIErrorItem]) -> HTTPResponse {
        .json(status, .array(items.map(\.json)))
    }

    /// The answer for an unknown zone id (the spec is silent; the sandbox chooses 404 with an array body).
    static let zoneNotFound = errors(404, [APIErrorItem(code: "ZONE_NOT_FOUND", message: "Zone does not exist.")])
    static let recordNotFound = errors(404, [APIErrorItem(code: "RECORD_NOT_FOUND", message: "Record does not exist.")])
    static let invalidBody = errors(
        400,
        [
            APIErrorItem(
                code: "INVALID_DATA", message: "The request body is invalid or not supported by the endpoint.")
        ])

    // MARK: - Sandbox endpoints

    private func sandbox(_ request: HTTPRequest) -> HTTPResponse {
        switch (request.method, request.path) {
        case ("GET", "/_sandbox/state"): return .json(200, stateJSON())
        case ("POST", "/_sandbox/reset"):
            store.reset()
            return .json(200, stateJSON())
        default: return APIHandler.routeNotFound
        }
    }

    /// `{"zones": [{id, name, records}], "nameservers": [{address, lag, serial}]}`.
    func stateJSON() -> JSONValue {
        let (zones, serials) = store.stateView()
        let zoneItems: [JSONValue] = zones.map { zone in
            .object([
                ("id", .string(zone.id)), ("name", .string(zone.name)),
                ("records", .array(zone.records.map { $0.json(rootName: zone.name) })),
            ])
        }
        let servers: [JSONValue] = zip(nameservers, serials).map { info, serial in
            .object([("address", .string(info.address)), ("lag", .number(info.lag)), ("serial", .number(Double(serial)))])
        }
        return .object([("zones", .array(zoneItems)), ("nameservers", .array(servers))])
    }
}
