import FoundationEssentials

/// certbot's manual hooks: `certbot-auth` and `certbot-cleanup`, driven by `CERTBOT_*` variables.
///
/// certbot calls the auth hook once per challenge, counting `CERTBOT_REMAINING_CHALLENGES` down to 0,
/// and validates only after the last call. So every call adds its record at once, the pending records
/// are kept in the state directory, and the call with 0 waits once for all of them. certbot ignores
/// the exit code, so every failure also prints a clear line on stderr (done by the caller).
struct CertbotHook {
    let environment: [String: String]
    let solver: ChallengeSolver
    let store: RunStateStore
    let console: Console
    let logger: Logger
    let wait: Bool
    /// Identifies the certbot process, so concurrent certbot runs for the same names keep apart.
    let runOwner: String

    /// The identifier being validated (`CERTBOT_IDENTIFIER` in newer certbot, else `CERTBOT_DOMAIN`).
    private func identifier(_ command: String) throws -> String {
        guard let d = environment["CERTBOT_IDENTIFIER"] ?? environment["CERTBOT_DOMAIN"], !d.isEmpty else {
            throw SolveError.missingEnvironment(command: command, variable: "CERTBOT_DOMAIN")
        }
        return d
    }

    private func validation(_ command: String) throws -> String {
        guard let v = environment["CERTBOT_VALIDATION"], !v.isEmpty else {
            throw SolveError.missingEnvironment(command: command, variable: "CERTBOT_VALIDATION")
        }
        return v
    }

    /// `certbot-auth`: add now; on the last challenge of the run, wait for every record of the run.
    func auth() throws -> ExitCode {
        let challenge = try solver.challenge(for: identifier("certbot-auth"), value: validation("certbot-auth"))
        let all = environment["CERTBOT_ALL_IDENTIFIERS"] ?? environment["CERTBOT_ALL_DOMAINS"] ?? ""
        let total = all.split(separator: ",").count
        let remaining: Int?
        if let text = environment["CERTBOT_REMAINING_CHALLENGES"] {
            guard let n = Int(text), n >= 0 else {
                throw SolveError.badEnvironment(variable: "CERTBOT_REMAINING_CHALLENGES", value: text, expected: "a count")
            }
            remaining = n
        } else {
            remaining = nil  // certbot before 1.4: every call waits for its own record.
        }
        let added = try solver.present([challenge], wait: false, removeOnFailure: false)
        for record in added { console.print(AuthOutput.line(for: record)) }
        let pending = PendingRecord(name: challenge.name, value: challenge.value, ids: added.map { "\($0.zone.id)/\($0.id)" })
        guard let remaining else {
            if wait { try solver.waitUntilServed([challenge]) }
            return .success
        }
        let startsRun = remaining == max(total - 1, 0)
        let toWaitFor: [PendingRecord] = try store.withState(key: all + "|" + runOwner, now: Date().timeIntervalSince1970) { state in
            var run = (startsRun ? nil : state) ?? RunState(started: Date().timeIntervalSince1970, records: [])
            run.records.removeAll { $0.name == pending.name && $0.value == pending.value }
            run.records.append(pending)
            return remaining == 0 ? (nil, run.records) : (run, [])
        }
        if remaining > 0 {
            logger.info("added \(challenge); \(remaining) more challenge(s) before the wait")
            return .success
        }
        if wait {
            try solver.waitUntilServed(toWaitFor.map { ChallengeTXT(name: $0.name, value: $0.value) })
        }
        return .success
    }

    /// `certbot-cleanup`: remove the value, by the ids auth printed when they still match.
    func cleanup() throws -> ExitCode {
        let challenge = try solver.challenge(for: identifier("certbot-cleanup"), value: validation("certbot-cleanup"))
        let ids = AuthOutput.ids(in: environment["CERTBOT_AUTH_OUTPUT"] ?? "", for: challenge)
        var known: [ChallengeTXT: String] = [:]
        if let id = ids.first { known[challenge] = id }
        try solver.cleanup([challenge], knownIds: known)
        return .success
    }
}

/// What `certbot-auth` prints on stdout (certbot hands it to cleanup as `CERTBOT_AUTH_OUTPUT`).
enum AuthOutput {
    /// `record NAME VALUE ZONE-ID/RECORD-ID`: one line per added record.
    static func line(for record: AddedRecord) -> String {
        "record \(record.challenge.name) \(record.challenge.value) \(record.zone.id)/\(record.id)"
    }

    /// The record ids printed for `challenge` (name and value must match the line).
    static func ids(in output: String, for challenge: ChallengeTXT) -> [String] {
        output.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).compactMap { line in
            let words = line.split(separator: " ")
            guard words.count == 4, words[0] == "record", words[1] == challenge.name, words[2] == challenge.value,
                let slash = words[3].firstIndex(of: "/")
            else { return nil }
            return String(words[3][words[3].index(after: slash)...])
        }
    }
}
