// MARK: - Zones and records (ionos-api.md §3-§4)

/// A request body that was refused, with the answer that says why.
struct Rejected: Error {
    let response: HTTPResponse
}

extension APIHandler {
    /// `GET /v1/zones`: every zone as `{name, id, type}`.
    func listZones() -> HTTPResponse {
        let items: [JSONValue] = store.zones.map {
            .object([("name", .string($0.name)), ("id", .string($0.id)), ("type", .string("NATIVE"))])
        }
        return .json(200, .array(items))
    }

    /// `GET /v1/zones/{id}` with the AND-ed filters `recordName`, `recordType` (comma list) and `suffix`.
    func getZone(_ zoneID: String, query: [(String, String)]) -> HTTPResponse {
        guard let zone = store.zones.first(where: { $0.id == zoneID.lowercased() }) else { return APIHandler.zoneNotFound }
        var records = zone.records
        for (key, value) in query {
            let v = value.lowercased().trimmingTrailingDot
            switch key {
            case "recordName":
                guard RecordRules.normalizedName(v, zone: zone.name) != nil else { return invalidParameter("recordName") }
                records = records.filter { $0.name == v }
            case "recordType":
                let types = Set(v.uppercased().split(separator: ",").map { String($0).trimming(" ") })
                records = records.filter { types.contains($0.type) }
            case "suffix":
                guard RecordRules.normalizedName(v, zone: zone.name) != nil else { return invalidParameter("suffix") }
                records = records.filter { $0.name == v || $0.name.hasSuffix("." + v) }
            default:
                continue
            }
        }
        return .json(200, zone.json(records: records))
    }

    private func invalidParameter(_ name: String) -> HTTPResponse {
        APIHandler.errors(400, [APIErrorItem(code: "INVALID_REQUEST", message: "Invalid '\(name)' request parameter.")])
    }

    /// Parses a JSON array body of Record items and validates each against `zone`.
    private func drafts(_ body: [UInt8], zone: String) -> Result<[StoredRecord], Rejected> {
        guard let value = try? JSONValue.parse(bytes: body), let items = value.arrayValue else {
            return .failure(Rejected(response: APIHandler.invalidBody))
        }
        let now = WallClock.epochMilliseconds()
        var records: [StoredRecord] = []
        var problems: [APIErrorItem] = []
        for item in items {
            switch RecordDraft(source: item, zone: zone).validated(now: now) {
            case .success(var r):
                r.id = store.newID()
                records.append(r)
            case .failure(let e): problems.append(e)
            }
        }
        return problems.isEmpty ? .success(records) : .failure(Rejected(response: APIHandler.errors(400, problems)))
    }

    /// `POST /v1/zones/{id}/records`: adds every record; an identical one is replaced (one copy, new id). 201 + array.
    func createRecords(_ zoneID: String, body: [UInt8]) -> HTTPResponse {
        let outcome = store.withZone(id: zoneID) { zone -> (HTTPResponse, Bool) in
            switch drafts(body, zone: zone.name) {
            case .failure(let rejected): return (rejected.response, false)
            case .success(let records):
                for record in records {
                    zone.records.removeAll { $0.sameData(as: record) }
                    zone.records.append(record)
                }
                return (.json(201, .array(records.map { $0.json(rootName: zone.name) })), !records.isEmpty)
            }
        }
        return outcome ?? APIHandler.zoneNotFound
    }

    /// `PATCH` replaces the (name, type) record sets present in the body; `PUT` replaces the whole zone,
    /// keeping the apex SOA and NS unless the body brings apex records of those types. 200, empty body.
    func replace(_ zoneID: String, body: [UInt8], wholeZone: Bool) -> HTTPResponse {
        let outcome = store.withZone(id: zoneID) { zone -> (HTTPResponse, Bool) in
            switch drafts(body, zone: zone.name) {
            case .failure(let rejected): return (rejected.response, false)
            case .success(var records):
                var seen: [StoredRecord] = []
                records = records.filter { r in
                    defer { seen.append(r) }
                    return !seen.contains { $0.sameData(as: r) }
                }
                if wholeZone {
                    let apex = zone.name
                    let bodyApexTypes = Set(records.filter { $0.name == apex }.map(\.type))
                    zone.records =
                        zone.records.filter {
                            $0.name == apex && ($0.type == "SOA" || $0.type == "NS") && !bodyApexTypes.contains($0.type)
                        } + records
                } else {
                    let sets = Set(records.map { $0.name + " " + $0.type })
                    zone.records.removeAll { sets.contains($0.name + " " + $0.type) }
                    zone.records += records
                }
                return (.empty(200), wholeZone || !records.isEmpty)
            }
        }
        return outcome ?? APIHandler.zoneNotFound
    }

    /// `GET`, `PUT` (RecordUpdate) and `DELETE` of one record by id.
    func recordByID(zoneID: String, recordID: String, method: String, body: [UInt8]) -> HTTPResponse {
        let rid = recordID.lowercased()
        let outcome = store.withZone(id: zoneID) { zone -> (HTTPResponse, Bool) in
            guard let index = zone.records.firstIndex(where: { $0.id == rid }) else {
                return (APIHandler.recordNotFound, false)
            }
            switch method {
            case "GET":
                return (.json(200, zone.records[index].json(rootName: zone.name)), false)
            case "DELETE":
                zone.records.remove(at: index)
                return (.empty(200), true)
            default:
                guard let value = try? JSONValue.parse(bytes: body) else { return (APIHandler.invalidBody, false) }
                let update = RecordUpdateDraft(source: value, zone: zone.name)
                switch update.applied(to: zone.records[index], now: WallClock.epochMilliseconds()) {
                case .failure(let item): return (APIHandler.errors(400, [item]), false)
                case .success(let updated):
                    zone.records[index] = updated
                    return (.json(200, updated.json(rootName: zone.name)), true)
                }
            }
        }
        return outcome ?? APIHandler.zoneNotFound
    }
}
