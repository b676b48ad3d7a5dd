/// How long each nameserver waits before serving a change (`--lag`).
public enum LagSpec: Sendable, Equatable {
    /// The same delay for every nameserver and change (`3s`).
    case fixed(Double)
    /// One delay per nameserver, in nameserver order (`0s,1s,2s,8s`).
    case perServer([Double])
    /// A delay drawn uniformly per change and per nameserver (`1s..5s`).
    case range(Double, Double)

    /// Parses `3s`, `0s,1s,2s,8s` or `1s..5s` (units `ms`, `s`, `m`; a bare number means seconds).
    public static func parse(_ text: String) -> LagSpec? {
        let ends = text.splitOnce("..")
        if ends.count == 2 {
            guard let lo = Duration.seconds(from: ends[0]), let hi = Duration.seconds(from: ends[1]), lo <= hi
            else { return nil }
            return .range(lo, hi)
        }
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let values = parts.compactMap { Duration.seconds(from: $0) }
        guard values.count == parts.count, !values.isEmpty else { return nil }
        return values.count == 1 ? .fixed(values[0]) : .perServer(values)
    }

    /// The delay for nameserver `index` of one change; `random` is used only by `.range`.
    func draw(server index: Int, random: SeededRandom) -> Double {
        switch self {
        case .fixed(let s): return s
        case .perServer(let list): return list[min(index, list.count - 1)]
        case .range(let lo, let hi): return lo + (hi - lo) * random.unit()
        }
    }

    /// The largest delay nameserver `index` can have (reported in `/_sandbox/state`).
    func nominal(server index: Int) -> Double {
        switch self {
        case .fixed(let s): return s
        case .perServer(let list): return list[min(index, list.count - 1)]
        case .range(_, let hi): return hi
        }
    }
}

/// Parsing of durations such as `35s`, `250ms`, `2m`, `1.5`.
enum Duration {
    /// Seconds for a duration text, or nil when it is not one (negative values are refused).
    static func seconds(from raw: String) -> Double? {
        let text = raw.trimming(" ")
        let (number, scale): (Substring, Double)
        if text.hasSuffix("ms") {
            (number, scale) = (text.dropLast(2), 0.001)
        } else if text.hasSuffix("s") {
            (number, scale) = (text.dropLast(), 1)
        } else if text.hasSuffix("m") {
            (number, scale) = (text.dropLast(), 60)
        } else {
            (number, scale) = (Substring(text), 1)
        }
        guard !number.isEmpty, number.allSatisfy({ $0.isNumber || $0 == "." }), let value = Double(number),
            value.isFinite, value >= 0
        else { return nil }
        return value * scale
    }
}

extension String {
    /// The parts before and after the first occurrence of `separator` (one part when absent).
    func splitOnce(_ separator: String) -> [String] {
        let chars = Array(self), sep = Array(separator)
        guard chars.count >= sep.count else { return [self] }
        for i in 0...(chars.count - sep.count) where Array(chars[i..<i + sep.count]) == sep {
            return [String(chars[..<i]), String(chars[(i + sep.count)...])]
        }
        return [self]
    }

    /// The string without leading and trailing `character`s.
    func trimming(_ character: Character) -> String {
        var s = Substring(self)
        while s.first == character { s = s.dropFirst() }
        while s.last == character { s = s.dropLast() }
        return String(s)
    }
}
