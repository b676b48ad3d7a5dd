import Glibc

/// Reading of real and monotonic time, and IONOS's `changeDate` format.
public enum WallClock {
    /// Milliseconds since the Unix epoch (real-time clock).
    public static func epochMilliseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }

    /// Seconds on the monotonic clock (never goes backwards).
    public static func monotonic() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// `yyyy-MM-ddTHH:mm:ss.SSSZ` for an epoch time in milliseconds (UTC).
    public static func isoMilliseconds(_ ms: Int64) -> String {
        let days = ms >= 0 ? ms / 86_400_000 : (ms - 86_399_999) / 86_400_000
        let inDay = ms - days * 86_400_000
        let (y, m, d) = civil(fromDays: days)
        let h = inDay / 3_600_000, mi = (inDay / 60_000) % 60, s = (inDay / 1000) % 60, frac = inDay % 1000
        func two(_ v: Int64) -> String { String(v).leftPadded(to: 2) }
        return "\(String(y).leftPadded(to: 4))-\(two(m))-\(two(d))T\(two(h)):\(two(mi)):\(two(s)).\(String(frac).leftPadded(to: 3))Z"
    }

    /// Year, month, day of a day count since 1970-01-01 (Howard Hinnant's civil-from-days).
    static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
