import FoundationEssentials
import Synchronization

/// The IONOS Hosting DNS API v1 client: one small method per endpoint sharing one `send` path.
///
/// Every call carries `X-API-Key`, retries 429/5xx/network failures within `RetryPolicy`, and turns
/// failures into `IonosError`. There is deliberately no method that PUTs or PATCHes a zone:
/// both replace existing records.
public final class IonosClient: Sendable {
    /// The public IONOS API base; `/v1/...` is appended.
    public static let defaultBaseURL = "https://api.hosting.ionos.com/dns"

    /// Largest answer body the client decodes.
    public static let maxBodyBytes = 8 * 1024 * 1024

    /// The API base URL without trailing slash.
    public let baseURL: String
    let apiKey: Secret
    let transport: any HTTPTransport
    let policy: RetryPolicy
    let clock: any Clock
    let random: any RandomSource
    let logger: Logger
    private let requests = Atomic<Int>(0)

    /// Creates a client; throws `.transport(.refusedURL)` (exit 78) for a URL the policy refuses.
    public init(
        baseURL: String = IonosClient.defaultBaseURL, apiKey: Secret, transport: any HTTPTransport,
        policy: RetryPolicy = .standard, clock: any Clock = SystemClock(),
        random: any RandomSource = SystemRandomSource(), logger: Logger
    ) throws(IonosError) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        do { try URLPolicy.check(base) } catch { throw .transport(operation: "checking IONOS_API_URL", error: error) }
        self.baseURL = base
        self.apiKey = apiKey
        self.transport = transport
        self.policy = policy
        self.clock = clock
        self.random = random
        self.logger = logger
    }

    /// A client over libcurl (`CurlTransport`), with the system clock and random source.
    ///
    /// `caFile` is `IONOS_ACME_CA_FILE`; a refused URL or a libcurl set-up failure throws `.transport`.
    public static func live(
        baseURL: String = IonosClient.defaultBaseURL, apiKey: Secret, caFile: String? = nil,
        policy: RetryPolicy = .standard, logger: Logger
    ) throws(IonosError) -> IonosClient {
        let transport: CurlTransport
        do { transport = try CurlTransport(caFile: caFile) } catch {
            throw .transport(operation: "starting the HTTP client", error: error)
        }
        return try IonosClient(baseURL: baseURL, apiKey: apiKey, transport: transport, policy: policy, logger: logger)
    }

    /// How many HTTP requests this client has sent (retries included).
    public var requestCount: Int { requests.load(ordering: .relaxed) }

    /// Counts one request sent.
    func recordRequest() { requests.add(1, ordering: .relaxed) }

    // MARK: - Endpoints

    /// `GET /v1/zones`: every zone the key can see.
    public func listZones() throws(IonosError) -> [Zone] {
        let operation = "listing IONOS zones"
        let response = try send(request("GET", "/v1/zones"), operation: operation, expecting: [200])
        return try decode([Zone].self, from: response, operation: operation)
    }

    /// `GET /v1/zones/{id}` with optional filters (`recordType` is a comma list).
    public func getZone(
        _ zone: Zone, recordName: String? = nil, recordType: String? = nil, suffix: String? = nil
    ) throws(IonosError) -> CustomerZone {
        let query = [("recordName", recordName), ("recordType", recordType), ("suffix", suffix)]
            .compactMap { key, value in value.map { "\(key)=\(percentEncode($0))" } }
            .joined(separator: "&")
        let path = "/v1/zones/\(percentEncode(zone.id))" + (query.isEmpty ? "" : "?\(query)")
        let what = [recordType, recordName.map { "records named \($0)" } ?? "records"]
            .compactMap { $0 }.joined(separator: " ")
        let operation = "reading \(what) of zone \(zone.name)"
        let response = try send(request("GET", path), operation: operation, expecting: [200])
        return try decode(CustomerZone.self, from: response, operation: operation)
    }

    /// `POST /v1/zones/{id}/records`: adds records (201 + the created records).
    ///
    /// When an answer is lost (timeout, dropped connection, 5xx), the records are looked up with a
    /// filtered GET before anything is sent again; those found count as created, so no copy is doubled.
    public func createRecords(in zone: Zone, _ records: [NewRecord]) throws(IonosError) -> [RecordResponse] {
        let names = Set(records.map(\.name)).sorted().joined(separator: ", ")
        let operation = "adding \(Set(records.map(\.type)).sorted().joined(separator: "/")) records for \(names)"
        var budget = RetryBudget(policy: policy, clock: clock)
        var missing = records
        var created: [RecordResponse] = []
        while true {
            let body = try encode(missing, operation: operation)
            let post = request("POST", "/v1/zones/\(percentEncode(zone.id))/records", body: body)
            switch try exchange(post, operation: operation, budget: &budget, stopOnLostAnswer: true) {
            case .response(let response):
                try check(response, operation: operation, expecting: [200, 201])
                return created + (try decode([RecordResponse].self, from: response, operation: operation))
            case .lostAnswer(let cause):
                logger.info("\(operation): outcome unknown (\(cause)); checking what exists before sending again")
                let (found, stillMissing) = try lookUp(missing, in: zone)
                created += found
                missing = stillMissing
                if missing.isEmpty { return created }
            }
        }
    }

    /// `GET /v1/zones/{id}/records/{rid}`: one record, or nil when IONOS says 404.
    public func getRecord(in zone: Zone, id: String) throws(IonosError) -> RecordResponse? {
        let operation = "reading record \(id) of zone \(zone.name)"
        let path = "/v1/zones/\(percentEncode(zone.id))/records/\(percentEncode(id))"
        let response = try send(request("GET", path), operation: operation, expecting: [200, 404])
        if response.status == 404 { return nil }
        return try decode(RecordResponse.self, from: response, operation: operation)
    }

    /// `DELETE /v1/zones/{id}/records/{rid}` (200, empty body); a 404 means the record is gone.
    public func deleteRecord(in zone: Zone, id: String, name: String? = nil) throws(IonosError) -> DeleteOutcome {
        let operation = "deleting record \(id)\(name.map { " (\($0))" } ?? "") in zone \(zone.name)"
        let path = "/v1/zones/\(percentEncode(zone.id))/records/\(percentEncode(id))"
        var budget = RetryBudget(policy: policy, clock: clock)
        guard
            case .response(let response) = try exchange(
                request("DELETE", path), operation: operation, budget: &budget, stopOnLostAnswer: false)
        else { throw .unavailable(operation: operation, attempts: budget.attempts, lastCause: budget.lastCause) }
        try check(response, operation: operation, expecting: [200, 204, 404])
        if response.status == 404 { return budget.sawLostAnswer ? .deleted : .notFound }
        return .deleted
    }

    // MARK: - Helpers for endpoints

    /// Finds which of `records` exist (same name, type and unquoted content) with one GET per name.
    private func lookUp(_ records: [NewRecord], in zone: Zone) throws(IonosError)
        -> (found: [RecordResponse], missing: [NewRecord])
    {
        var found: [RecordResponse] = []
        var missing: [NewRecord] = []
        var byName: [String: [RecordResponse]] = [:]
        for record in records {
            let key = record.name.lowercased()
            if byName[key] == nil {
                byName[key] = try getZone(zone, recordName: record.name, recordType: record.type).records
            }
            let match = byName[key]?.first { existing in
                existing.name.lowercased() == key && existing.type.uppercased() == record.type.uppercased()
                    && TXTContent.unquote(existing.content) == record.content
            }
            if let match { found.append(match) } else { missing.append(record) }
        }
        return (found, missing)
    }

    private func request(_ method: String, _ path: String, body: [UInt8] = []) -> HTTPRequest {
        var headers = [HTTPHeader("X-API-Key", secret: apiKey), HTTPHeader("Accept", "application/json")]
        if !body.isEmpty { headers.append(HTTPHeader("Content-Type", "application/json")) }
        return HTTPRequest(method: method, url: baseURL + path, headers: headers, body: body)
    }

    private func encode(_ records: [NewRecord], operation: String) throws(IonosError) -> [UInt8] {
        do { return Array(try JSONEncoder().encode(records)) } catch {
            throw .badResponse(operation: operation, detail: "could not encode the request body")
        }
    }
}

/// What a DELETE achieved.
public enum DeleteOutcome: Sendable, Equatable {
    /// The record was deleted (or a lost answer's retry found it gone).
    case deleted
    /// IONOS answered 404: there was no such record.
    case notFound
}

/// Percent-encodes everything except RFC 3986 unreserved characters.
func percentEncode(_ text: String) -> String {
    var out = ""
    for byte in text.utf8 {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            out.append(Character(Unicode.Scalar(byte)))
        default:
            let hex = Array("0123456789ABCDEF")
            out += "%\(hex[Int(byte >> 4)])\(hex[Int(byte & 0xF)])"
        }
    }
    return out
}
