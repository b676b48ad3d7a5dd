import DNSWire

/// At most `limit` events per key within any `window` seconds (a sliding window over recorded times).
///
/// An event is admitted only if fewer than `limit` events fall in `(now - window, now]`, which keeps
/// every half-open window `[t, t + window)` at or under the limit.
public struct SlidingWindowLimiter<Key: Hashable & Sendable>: Sendable {
    /// The most events per window.
    public let limit: Int
    /// The window length in seconds.
    public let window: Double
    private var events: [Key: [Double]] = [:]

    /// Creates a limiter of `limit` events per `window` seconds.
    public init(limit: Int, window: Double = 1) {
        self.limit = limit
        self.window = window
    }

    /// True when one more event for `key` at `now` stays within the limit.
    public func allows(_ key: Key, at now: Double) -> Bool {
        (events[key] ?? []).lazy.filter { $0 > now - self.window }.count < limit
    }

    /// Records an event for `key` at `now` (and forgets events that left the window).
    public mutating func record(_ key: Key, at now: Double) {
        var times = (events[key] ?? []).filter { $0 > now - window }
        times.append(now)
        events[key] = times
    }
}

/// The two limits of the propagation wait: per server address and name, and per server address.
public struct PropagationRateLimiter: Sendable {
    private struct NameKey: Hashable, Sendable {
        let server: DNSServerAddress
        let name: DNSName
    }

    private var perName: SlidingWindowLimiter<NameKey>
    private var perServer: SlidingWindowLimiter<DNSServerAddress>

    /// Creates the limiter: `perName` queries a second for one name to one address, `perServer` in all.
    public init(perName: Int, perServer: Int) {
        self.perName = SlidingWindowLimiter(limit: perName)
        self.perServer = SlidingWindowLimiter(limit: perServer)
    }

    /// True when a query for `name` to `server` at `now` keeps both limits.
    public func allows(server: DNSServerAddress, name: DNSName, at now: Double) -> Bool {
        perName.allows(NameKey(server: server, name: name), at: now) && perServer.allows(server, at: now)
    }

    /// Records a query sent for `name` to `server` at `now`.
    public mutating func record(server: DNSServerAddress, name: DNSName, at now: Double) {
        perName.record(NameKey(server: server, name: name), at: now)
        perServer.record(server, at: now)
    }
}
