/// dehydrated, lego, uacme and the standalone `present`/`cleanup`: each maps its arguments onto the solver.
struct ClientHooks {
    let solver: ChallengeSolver
    let logger: Logger
    let wait: Bool

    /// dehydrated `deploy_challenge` (one or many triples): add all, wait once; on failure remove them,
    /// since dehydrated calls no `clean_challenge` after a failed deploy.
    func dehydratedDeploy(_ triples: [DehydratedChallenge]) throws -> ExitCode {
        let challenges = try triples.map { try solver.challenge(for: $0.domain, value: $0.value) }
        try solver.present(challenges, wait: wait, removeOnFailure: true)
        return .success
    }

    /// dehydrated `clean_challenge`: remove every value given.
    func dehydratedClean(_ triples: [DehydratedChallenge]) throws -> ExitCode {
        let challenges = try triples.map { try solver.challenge(for: $0.domain, value: $0.value) }
        try solver.cleanup(challenges)
        return .success
    }

    /// lego exec (`present|cleanup FQDN. VALUE`, RAW: `-- DOMAIN TOKEN KEYAUTH`). lego calls cleanup
    /// even after a failed present, so present leaves removal to it.
    func lego(present: Bool, name: String, value: ValueSource) throws -> ExitCode {
        let challenge = try solver.challenge(for: name, value: value.txtValue())
        if present {
            try solver.present([challenge], wait: wait, removeOnFailure: false)
        } else {
            try solver.cleanup([challenge])
        }
        return .success
    }

    /// uacme dns-01: `begin` adds and waits (removing the record again on failure, as uacme then calls
    /// neither done nor failed); `done`/`failed` remove. Other types are declined before we get here.
    func uacme(method: String, ident: String, auth: String) throws -> ExitCode {
        let challenge = try solver.challenge(for: ident, value: auth)
        if method == "begin" {
            try solver.present([challenge], wait: wait, removeOnFailure: true)
        } else {
            try solver.cleanup([challenge])
        }
        return .success
    }

    /// Standalone `present`/`cleanup` for a person or a script (and the acme.sh shim).
    func standalone(present: Bool, name: String, value: ValueSource, noWait: Bool) throws -> ExitCode {
        let challenge = try solver.challenge(for: name, value: value.txtValue())
        if present {
            try solver.present([challenge], wait: wait && !noWait, removeOnFailure: true)
        } else {
            try solver.cleanup([challenge])
        }
        return .success
    }
}
