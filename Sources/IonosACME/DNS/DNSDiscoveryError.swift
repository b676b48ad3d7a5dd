/// Why finding a name's zone, nameservers or CNAME target through the resolver failed.
///
/// Exit codes: a resolver that cannot be reached or fails is 69 (service unavailable, like the
/// IONOS API after retries); a name that has no zone, a CNAME loop or an overlong chain is 65
/// (bad input); a zone without usable nameservers is 1.
public enum DNSDiscoveryError: ExitCodeError, Equatable {
    /// The name is not a valid DNS name.
    case invalidName(String)
    /// The resolver did not answer `query` (timeouts, unreachable, refused).
    case resolverUnreachable(resolver: String, query: String, reason: String)
    /// The resolver answered `query` with an error rcode (SERVFAIL, REFUSED, ...).
    case resolverFailed(resolver: String, query: String, rcode: String)
    /// No SOA was found at the name or any parent.
    case noZone(name: String)
    /// The CNAME chain from `name` loops.
    case cnameLoop(chain: [String])
    /// The CNAME chain from `name` is longer than the limit.
    case cnameChainTooLong(chain: [String])
    /// The zone has no NS records.
    case noNameservers(zone: String)
    /// None of the zone's nameservers has an address.
    case noNameserverAddresses(zone: String, nameservers: [String])

    public var exitCode: ExitCode {
        switch self {
        case .resolverUnreachable, .resolverFailed: return .unavailable
        case .invalidName, .noZone, .cnameLoop, .cnameChainTooLong: return .dataError
        case .noNameservers, .noNameserverAddresses: return .failure
        }
    }

    public var description: String {
        switch self {
        case .invalidName(let name):
            return "dns: '\(name)' is not a valid DNS name"
        case .resolverUnreachable(let resolver, let query, let reason):
            return
                "dns: resolver \(resolver) did not answer '\(query)' (\(reason)); set IONOS_ACME_RESOLVER to a working resolver"
        case .resolverFailed(let resolver, let query, let rcode):
            return "dns: resolver \(resolver) answered \(rcode) for '\(query)'"
        case .noZone(let name):
            return "dns: no zone (SOA) found for '\(name)' or any parent; is the domain delegated?"
        case .cnameLoop(let chain):
            return "dns: CNAME loop: \(chain.joined(separator: " -> "))"
        case .cnameChainTooLong(let chain):
            return "dns: CNAME chain longer than \(chain.count - 1) steps from '\(chain.first ?? "")'"
        case .noNameservers(let zone):
            return "dns: zone '\(zone)' has no NS records; set IONOS_ACME_NAMESERVERS to poll servers directly"
        case .noNameserverAddresses(let zone, let nameservers):
            return
                "dns: no address found for the nameservers of '\(zone)' (\(nameservers.joined(separator: ", "))); set IONOS_ACME_NAMESERVERS"
        }
    }
}
