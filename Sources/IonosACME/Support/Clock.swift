import Glibc

/// Time as the library sees it: a monotonic reading and a way to pause.
///
/// Tests pass a manual clock so waiting logic runs without real sleeps.
public protocol Clock: Sendable {
    /// Seconds since an arbitrary fixed point; never goes backwards.
    func now() -> Double
    /// Pauses the calling thread for `seconds` (no-op for zero or less).
    func sleep(_ seconds: Double)
}

/// The real monotonic clock (`CLOCK_MONOTONIC`) and `nanosleep`.
public struct SystemClock: Clock {
    /// Creates the system clock.
    public init() {}

    public func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    public func sleep(_ seconds: Double) {
        guard seconds > 0 else { return }
        var req = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - Double(Int(seconds))) * 1e9))
        var rem = timespec()
        while nanosleep(&req, &rem) != 0 && errno == EINTR { req = rem }
    }
}
