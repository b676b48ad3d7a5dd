import FoundationEssentials

/// One challenge TXT record: absolute lower-case name without trailing dot, raw (unquoted) value.
public struct ChallengeTXT: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The record name, e.g. `_acme-challenge.example.com`.
    public var name: String
    /// The TXT value as the ACME server expects it (no quotes).
    public var value: String

    /// Creates a challenge record.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    public var description: String { "TXT \(name) \"\(value)\"" }
}

/// A challenge record that exists at IONOS after `present`.
public struct AddedRecord: Sendable, Hashable, Codable {
    /// The challenge record.
    public var challenge: ChallengeTXT
    /// The zone that holds it.
    public var zone: Zone
    /// The IONOS record id.
    public var id: String
    /// True when the value was already there and nothing was posted.
    public var alreadyPresent: Bool

    /// Creates a value.
    public init(challenge: ChallengeTXT, zone: Zone, id: String, alreadyPresent: Bool) {
        self.challenge = challenge
        self.zone = zone
        self.id = id
        self.alreadyPresent = alreadyPresent
    }
}

/// A challenge record that `cleanup` deleted.
public struct DeletedRecord: Sendable, Hashable {
    /// The challenge record.
    public var challenge: ChallengeTXT
    /// The zone that held it.
    public var zone: Zone
    /// The IONOS record id that was deleted.
    public var id: String

    /// Creates a value.
    public init(challenge: ChallengeTXT, zone: Zone, id: String) {
        self.challenge = challenge
        self.zone = zone
        self.id = id
    }
}

/// What `cleanup` did.
public struct CleanupResult: Sendable, Equatable {
    /// Records deleted (a value present in several copies yields several entries).
    public var deleted: [DeletedRecord]
    /// Challenges for which no matching record existed (nothing to delete; not an error).
    public var notFound: [ChallengeTXT]

    /// Creates a value.
    public init(deleted: [DeletedRecord] = [], notFound: [ChallengeTXT] = []) {
        self.deleted = deleted
        self.notFound = notFound
    }
}

/// An `_acme-challenge` TXT record older than a limit (for `prune`).
public struct StaleRecord: Sendable, Equatable {
    /// The zone holding it.
    public var zone: Zone
    /// The record as IONOS lists it.
    public var record: RecordResponse
    /// Its age in seconds at the time of the listing.
    public var age: Double

    /// Creates a value.
    public init(zone: Zone, record: RecordResponse, age: Double) {
        self.zone = zone
        self.record = record
        self.age = age
    }
}

/// Errors of the record layer (zone choice, and API failures with their context).
public enum RecordError: ExitCodeError, Equatable {
    /// No visible zone holds the name (exit 65).
    case noZone(name: String, visible: [String])
    /// The zone that holds the name is outside `IONOS_ACME_ZONES` (exit 65).
    case zoneNotAllowed(name: String, zone: String, allowlist: [String])
    /// A zone named on the command line does not exist (exit 65).
    case unknownZone(zone: String, visible: [String])
    /// IONOS accepted a POST but did not return every record sent (exit 69).
    case incompleteAnswer(operation: String, missing: [ChallengeTXT])
    /// An API call failed.
    case api(IonosError)

    public var exitCode: ExitCode {
        switch self {
        case .noZone, .zoneNotAllowed, .unknownZone: return .dataError
        case .incompleteAnswer: return .unavailable
        case .api(let error): return error.exitCode
        }
    }

    public var description: String {
        switch self {
        case .noZone(let name, let visible):
            return "no IONOS zone for \(name); the key can see: \(Self.list(visible)) "
                + "(add the domain's zone to this IONOS account, use a key of the account that holds it, "
                + "or delegate _acme-challenge with a CNAME into a zone listed here)"
        case .zoneNotAllowed(let name, let zone, let allowlist):
            return "\(name) belongs to zone \(zone), which is not in IONOS_ACME_ZONES (\(allowlist.joined(separator: ", "))); "
                + "add \(zone) to IONOS_ACME_ZONES to allow it"
        case .unknownZone(let zone, let visible):
            return "no IONOS zone named \(zone); the key can see: \(Self.list(visible))"
        case .incompleteAnswer(let operation, let missing):
            return "\(operation): IONOS did not confirm \(missing.map(\.description).joined(separator: ", ")); "
                + "run the command again"
        case .api(let error):
            return error.description
        }
    }

    private static func list(_ names: [String]) -> String {
        names.isEmpty ? "no zones" : names.joined(separator: ", ")
    }
}

/// Parses IONOS `changeDate` (`2024-11-28T13:45:48.186Z`, fraction optional) into a Date.
public func parseChangeDate(_ text: String) -> Date? {
    let bytes = Array(text.utf8)
    guard bytes.count >= 20, bytes.last == UInt8(ascii: "Z") else { return nil }
    func number(_ from: Int, _ length: Int) -> Int? {
        guard from + length <= bytes.count else { return nil }
        var value = 0
        for b in bytes[from..<from + length] {
            guard b >= 48, b <= 57 else { return nil }
            value = value * 10 + Int(b - 48)
        }
        return value
    }
    guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
        let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
        (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
    else { return nil }
    var fraction = 0.0
    if bytes.count > 21, bytes[19] == UInt8(ascii: ".") {
        let digits = bytes.count - 21
        guard let value = number(20, digits) else { return nil }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        fraction = Double(value) / scale
    }
    // Days from civil (Howard Hinnant's algorithm).
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    let days = era * 146097 + doe - 719468
    let seconds = Double(days * 86400 + hour * 3600 + minute * 60 + second) + fraction
    return Date(timeIntervalSince1970: seconds)
}
