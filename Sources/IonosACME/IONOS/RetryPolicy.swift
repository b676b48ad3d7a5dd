/// A source of uniform random numbers in `0..<1` (injected so tests are repeatable).
public protocol RandomSource: Sendable {
    /// The next number in `0..<1`.
    func nextUnit() -> Double
}

/// The system random number generator.
public struct SystemRandomSource: RandomSource {
    /// Creates the source.
    public init() {}
    public func nextUnit() -> Double { Double.random(in: 0..<1) }
}

/// Limits on retrying one API operation (design.md "Defaults of the API client").
public struct RetryPolicy: Sendable, Equatable {
    /// Most attempts of one request, the first included.
    public var maxAttempts: Int
    /// Time budget in seconds for one operation, retries and waits included.
    public var budget: Double
    /// Total deadline of a single request in seconds.
    public var requestDeadline: Double
    /// First backoff pause in seconds (doubles per retry, with jitter).
    public var baseDelay: Double
    /// Longest single backoff pause in seconds.
    public var maxDelay: Double

    /// The defaults: 8 attempts within 60 s, 30 s per request, backoff 0.5 s doubling up to 8 s.
    public static let standard = RetryPolicy(
        maxAttempts: 8, budget: 60, requestDeadline: 30, baseDelay: 0.5, maxDelay: 8)

    /// Creates a policy.
    public init(maxAttempts: Int, budget: Double, requestDeadline: Double, baseDelay: Double, maxDelay: Double) {
        self.maxAttempts = max(1, maxAttempts)
        self.budget = budget
        self.requestDeadline = requestDeadline
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// The pause before retry number `retry` (1 = first retry): exponential with "equal jitter"
    /// (half fixed, half random), or the server's `Retry-After` when it gave one.
    public func delay(beforeRetry retry: Int, retryAfter: Double?, random: any RandomSource) -> Double {
        if let retryAfter { return max(0, retryAfter) }
        let exponent = Double(max(0, min(retry - 1, 30)))
        let ceiling = min(maxDelay, baseDelay * pow2(exponent))
        return ceiling / 2 + ceiling / 2 * random.nextUnit()
    }

    private func pow2(_ n: Double) -> Double {
        var value = 1.0
        for _ in 0..<Int(n) { value *= 2 }
        return value
    }

    /// Parses `Retry-After` given in seconds; an HTTP date or garbage gives nil (plain backoff).
    public static func parseRetryAfter(_ header: String?) -> Double? {
        guard let text = header?.trimmingCharacters(in: " \t"), let seconds = Int(text), seconds >= 0 else {
            return nil
        }
        return Double(min(seconds, 3600))
    }
}

/// Counts attempts and time for one operation against a `RetryPolicy`.
struct RetryBudget {
    let policy: RetryPolicy
    let clock: any Clock
    let started: Double
    var attempts = 0
    var lastCause = ""
    var lostAnswers = 0

    init(policy: RetryPolicy, clock: any Clock) {
        self.policy = policy
        self.clock = clock
        self.started = clock.now()
    }

    /// Seconds left of the budget.
    var remaining: Double { policy.budget - (clock.now() - started) }

    /// The deadline for the next request: the per-request deadline, cut to what is left (at least 1 s).
    var nextDeadline: Double { max(1, min(policy.requestDeadline, remaining)) }

    /// True when another attempt may start after pausing `delay` seconds.
    func allowsRetry(after delay: Double) -> Bool {
        attempts < policy.maxAttempts && delay < remaining
    }
}
