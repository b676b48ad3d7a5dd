/// One way an injected fault makes an API request fail.
public enum FaultKind: String, Sendable, CaseIterable {
    /// 500 `[{"code":"INTERNAL_SERVER_ERROR"}]`, request not applied.
    case serverError = "500"
    /// 429 with `Retry-After: 1`, request not applied.
    case tooManyRequests = "429"
    /// Request applied, then the connection is dropped without an answer.
    case reset
    /// Request applied, answer sent after a long delay (35 s by default).
    case slow
}

/// Which share of `/dns/v1/...` requests fail, and how (`--faults rate=0.2,kinds=500+429+reset+slow,seed=7`).
public struct FaultSpec: Sendable, Equatable {
    /// Share of requests that fail, 0...1.
    public var rate: Double
    /// The kinds to choose from (uniformly) for a failing request.
    public var kinds: [FaultKind]
    /// Seed of the fault draws; nil draws from the clock.
    public var seed: UInt64?
    /// How long a `slow` answer is held back, in seconds.
    public var slowDelay: Double

    /// Creates a fault specification.
    public init(rate: Double, kinds: [FaultKind] = FaultKind.allCases, seed: UInt64? = nil, slowDelay: Double = 35) {
        self.rate = rate
        self.kinds = kinds
        self.seed = seed
        self.slowDelay = slowDelay
    }

    /// Parses `rate=R,kinds=K+K,seed=N[,delay=D]`; the error names the offending part.
    public static func parse(_ text: String) -> Result<FaultSpec, SandboxError> {
        var spec = FaultSpec(rate: 0)
        for part in text.split(separator: ",").map(String.init) {
            let kv = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard kv.count == 2, let value = Optional(kv[1]) else { return .failure(bad(part)) }
            switch kv[0] {
            case "rate":
                guard let r = Double(value), r >= 0, r <= 1 else { return .failure(bad(part)) }
                spec.rate = r
            case "kinds":
                let kinds = value.split(separator: "+").map { FaultKind(rawValue: String($0)) }
                guard !kinds.isEmpty, kinds.allSatisfy({ $0 != nil }) else { return .failure(bad(part)) }
                spec.kinds = kinds.compactMap { $0 }
            case "seed":
                guard let s = UInt64(value) else { return .failure(bad(part)) }
                spec.seed = s
            case "delay":
                guard let d = Duration.seconds(from: value) else { return .failure(bad(part)) }
                spec.slowDelay = d
            default:
                return .failure(bad(part))
            }
        }
        return .success(spec)
    }

    private static func bad(_ part: String) -> SandboxError {
        .usage("invalid --faults part '\(part)' (expected rate=0..1, kinds=500+429+reset+slow, seed=N, delay=DURATION)")
    }
}
