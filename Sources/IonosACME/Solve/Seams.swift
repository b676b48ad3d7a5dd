/// Finds where a challenge record really lives: the end of a CNAME chain at its name.
public protocol CNAMEResolving: Sendable {
    /// The final target of a CNAME chain at `name`, or `name` itself when there is none.
    func challengeTarget(of name: String) throws -> String
}

/// Waits until every authoritative nameserver serves the given TXT values.
public protocol PropagationWaiting: Sendable {
    /// Returns once all values are served everywhere; throws on timeout or when the servers cannot be found.
    func waitUntilServed(_ records: [ChallengeTXT]) throws
}
