/// The one code path every client form goes through: name → target → add → wait → remove.
public struct ChallengeSolver: Sendable {
    /// IONOS record operations.
    public let records: RecordService
    /// CNAME following, or nil when disabled (`IONOS_ACME_FOLLOW_CNAME=0`).
    public let cnames: (any CNAMEResolving)?
    /// The propagation wait, or nil when waiting is off (`IONOS_ACME_NO_WAIT=1`).
    public let waiter: (any PropagationWaiting)?
    /// Where progress and notes go.
    public let logger: Logger

    /// Creates a solver from its parts.
    public init(records: RecordService, cnames: (any CNAMEResolving)?, waiter: (any PropagationWaiting)?, logger: Logger) {
        self.records = records
        self.cnames = cnames
        self.waiter = waiter
        self.logger = logger
    }

    /// The record to write for a domain or record name and a value: the name normalized
    /// (`_acme-challenge.` prepended, IDN, case), then moved to the end of a CNAME chain.
    public func challenge(for nameOrDomain: String, value: String) throws -> ChallengeTXT {
        let name = try ChallengeName(nameOrDomain).recordName
        try DNS01.validateTXTValue(value)
        guard let cnames else { return ChallengeTXT(name: name, value: value) }
        let target: String
        do { target = try cnames.challengeTarget(of: name) } catch {
            throw SolveError.cnameLookupFailed(name: name, cause: ErrorReport.render(error).message)
        }
        if target != name {
            logger.info("\(name) is a CNAME to \(target); the record goes there")
            // The target must itself be a valid absolute name (it came from DNS).
            _ = try ChallengeName.normalizeDomain(target)
        }
        return ChallengeTXT(name: target, value: value)
    }

    /// Adds all records (one POST per zone), then waits once for all of them.
    ///
    /// When `removeOnFailure` is set and the add or the wait fails, the records this call added (by id,
    /// never values that were already there) are removed again, for clients that never call cleanup
    /// after a failed add (dehydrated, uacme, a person).
    @discardableResult
    public func present(_ challenges: [ChallengeTXT], wait: Bool = true, removeOnFailure: Bool) throws -> [AddedRecord] {
        var done: [AddedRecord] = []
        let added: [AddedRecord]
        do {
            added = try records.present(challenges) { done += $0 }
        } catch {
            // A batch may have reached some zones before failing: take out exactly what it added there.
            // (A POST whose answer stayed lost after every retry cannot be known here; `prune` finds it.)
            if removeOnFailure { removeAfterFailure(done) }
            throw error
        }
        guard wait, let waiter else { return added }
        do {
            try waiter.waitUntilServed(challenges)
        } catch {
            if removeOnFailure { removeAfterFailure(added) }
            throw error
        }
        return added
    }

    /// Waits for records added earlier (certbot's last auth call).
    public func waitUntilServed(_ challenges: [ChallengeTXT]) throws {
        try waiter?.waitUntilServed(challenges)
    }

    /// Removes exactly these values; `knownIds` (from an earlier add) are tried first.
    @discardableResult
    public func cleanup(_ challenges: [ChallengeTXT], knownIds: [ChallengeTXT: String] = [:]) throws -> CleanupResult {
        try records.cleanup(challenges, knownIds: knownIds)
    }

    private func removeAfterFailure(_ added: [AddedRecord]) {
        let ours = added.filter { !$0.alreadyPresent }
        guard !ours.isEmpty else { return }
        let ids = Dictionary(ours.map { ($0.challenge, $0.id) }, uniquingKeysWith: { a, _ in a })
        do {
            _ = try records.cleanup(ours.map(\.challenge), knownIds: ids)
            logger.info("removed the \(ours.count) record(s) added by this call")
        } catch {
            logger.error("could not remove the records added by this call: \(ErrorReport.render(error).message); run 'ionos-acme-hook prune --apply'")
        }
    }
}

/// Errors of the solving step itself.
public enum SolveError: ExitCodeError, Equatable {
    /// The CNAME check at the challenge name failed.
    case cnameLookupFailed(name: String, cause: String)
    /// A hook was started without the variables its client always sets.
    case missingEnvironment(command: String, variable: String)
    /// A variable set by the client has a value we cannot use.
    case badEnvironment(variable: String, value: String, expected: String)

    public var exitCode: ExitCode {
        switch self {
        case .cnameLookupFailed: return .unavailable
        case .missingEnvironment: return .usage
        case .badEnvironment: return .dataError
        }
    }

    public var description: String {
        switch self {
        case .cnameLookupFailed(let name, let cause):
            return "cannot check for a CNAME at \(name): \(cause) (set IONOS_ACME_RESOLVER, or IONOS_ACME_FOLLOW_CNAME=0 to skip)"
        case .missingEnvironment(let command, let variable):
            return "'\(command)' must be run by certbot as a manual hook: \(variable) is not set"
        case .badEnvironment(let variable, let value, let expected):
            return "invalid \(variable) '\(value)': expected \(expected)"
        }
    }
}
