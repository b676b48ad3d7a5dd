import Glibc
import Synchronization

/// A small deterministic random source (SplitMix64), shared between threads behind a lock.
///
/// Seeded, it makes record ids, lag draws and fault choices repeatable; unseeded, it starts from the clock.
public final class SeededRandom: Sendable {
    private let state: Mutex<UInt64>

    /// Creates a source from `seed`, or from the real-time clock and process id when `seed` is nil.
    public init(seed: UInt64?) {
        if let seed {
            state = Mutex(seed)
        } else {
            var ts = timespec()
            clock_gettime(CLOCK_REALTIME, &ts)
            state = Mutex(
                UInt64(bitPattern: Int64(ts.tv_nsec)) ^ (UInt64(bitPattern: Int64(ts.tv_sec)) << 20)
                    ^ UInt64(getpid()) << 40)
        }
    }

    /// The next 64 random bits.
    public func next() -> UInt64 {
        state.withLock { s in
            s &+= 0x9E37_79B9_7F4A_7C15
            var z = s
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// A uniform value in [0, 1).
    public func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// A uniform index in `0..<count` (`count` > 0).
    public func index(below count: Int) -> Int { Int(next() % UInt64(max(count, 1))) }

    /// A lowercase hex id shaped 8-4-4-4-12, like IONOS record ids.
    public func recordID() -> String {
        let hex = String(next(), radix: 16).leftPadded(to: 16) + String(next(), radix: 16).leftPadded(to: 16)
        let chars = Array(hex)
        let groups = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(chars[$0]) }
        return groups.joined(separator: "-")
    }
}

extension String {
    /// The string padded on the left with `pad` up to `width` characters.
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
