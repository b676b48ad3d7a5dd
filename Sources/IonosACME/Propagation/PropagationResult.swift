/// What one server last answered for one name.
public enum ServerObservation: Sendable, Equatable, CustomStringConvertible {
    /// Not asked yet.
    case notAsked
    /// No usable answer (timeout, refused, socket error).
    case noAnswer(String)
    /// The name does not exist on that server.
    case nxdomain
    /// An error rcode (SERVFAIL, REFUSED, ...).
    case rcode(String)
    /// The name exists; these are its TXT values (joined strings), possibly none.
    case values([String])
    /// The server answers a CNAME at the name instead of TXT.
    case cname(String)

    /// `NXDOMAIN`, `no TXT record`, `TXT 'a', 'b'`, `no answer (timeout)`, ...
    public var description: String {
        switch self {
        case .notAsked: return "not asked"
        case .noAnswer(let reason): return "no answer (\(reason))"
        case .nxdomain: return "NXDOMAIN"
        case .rcode(let rcode): return rcode
        case .values(let values) where values.isEmpty: return "no TXT record"
        case .values(let values): return "TXT " + values.map { "'\($0)'" }.joined(separator: ", ")
        case .cname(let target): return "CNAME to \(target)"
        }
    }
}

/// A server that still lacked expected values when the wait gave up.
public struct LaggingServer: Sendable, Equatable, CustomStringConvertible {
    /// The address polled.
    public var address: DNSServerAddress
    /// Its NS name, when it was discovered.
    public var nameserver: String?
    /// The record name.
    public var name: String
    /// The expected values it did not serve.
    public var missing: [String]
    /// What it answered last.
    public var answered: ServerObservation

    /// `127.0.0.5:53 (ns4.example.test) lacks 'v' at _acme-challenge.example.test, answered NXDOMAIN`.
    public var description: String {
        let server = nameserver.map { "\(address) (\($0))" } ?? address.description
        let values = missing.map { "'\($0)'" }.joined(separator: ", ")
        return "\(server) lacks \(values) at \(name), answered \(answered)"
    }
}

/// How the wait went, for logs and benchmarks.
public struct PropagationReport: Sendable, Equatable {
    /// One polled server address.
    public struct Server: Sendable, Equatable {
        /// The address polled.
        public var address: DNSServerAddress
        /// Its NS name, when discovered.
        public var nameserver: String?
        /// Seconds from the start of the wait until it served every expected value.
        public var readyAfter: Double
        /// Queries sent to it.
        public var queries: Int
    }

    /// Seconds from the start of `wait` until it returned.
    public var elapsed: Double
    /// Polling rounds run.
    public var rounds: Int
    /// Queries sent in all.
    public var queriesSent: Int
    /// Every server that became ready.
    public var servers: [Server]
    /// Addresses skipped because this host cannot reach them (address, reason).
    public var skipped: [String]
}

/// Why the propagation wait failed.
public enum PropagationError: ExitCodeError, Equatable {
    /// A record name is not a valid DNS name (exit 65).
    case invalidRecordName(String)
    /// Finding zones or nameservers failed.
    case discovery(DNSDiscoveryError)
    /// No authoritative address could be reached from this host at all (exit 69).
    case noReachableNameservers([String])
    /// Not every server served every value in time (exit 75).
    case timeout(after: Double, lagging: [LaggingServer])
    /// The wait was cancelled (a signal) (exit 1).
    case cancelled

    public var exitCode: ExitCode {
        switch self {
        case .invalidRecordName: return .dataError
        case .discovery(let error): return error.exitCode
        case .noReachableNameservers: return .unavailable
        case .timeout: return .timeout
        case .cancelled: return .failure
        }
    }

    public var description: String {
        switch self {
        case .invalidRecordName(let name):
            return "propagation: '\(name)' is not a valid DNS name"
        case .discovery(let error):
            return error.description
        case .noReachableNameservers(let reasons):
            return "propagation: no nameserver address is reachable from this host: " + reasons.joined(separator: "; ")
        case .timeout(let after, let lagging):
            let servers = Set(lagging.map(\.address)).count
            return "propagation timeout after \(formatDNSSeconds(after)) s: "
                + (servers == 1 ? "1 nameserver still lacks" : "\(servers) nameservers still lack") + " the record: "
                + lagging.map(\.description).joined(separator: "; ")
        case .cancelled:
            return "propagation wait cancelled"
        }
    }
}
