/// The Punycode encoder of RFC 3492 and the IDNA label conversion built on it.
///
/// Choices (documented for users): labels are converted to Unicode NFC and lowercased before
/// encoding; `ß` and final sigma are kept as they are (IDNA2008 / non-transitional UTS #46, as
/// browsers and libidn2 do), so `faß.de` becomes `xn--fa-hia.de`, not `fass.de`. Only letters,
/// digits, combining marks and `-` are accepted in a Unicode label; the full IDNA2008 tables
/// (contextual rules, bidi) are not applied.
enum Punycode {
    private static let base = 36
    private static let tMin = 1
    private static let tMax = 26
    private static let skew = 38
    private static let damp = 700
    private static let initialBias = 72
    private static let initialN = 128

    /// The Punycode form of `scalars` (without the `xn--` prefix).
    ///
    /// Callers bound the input length (a label has at most 63 octets, and the output is never shorter
    /// than the input), so the arithmetic cannot overflow.
    static func encode(_ scalars: [Unicode.Scalar]) -> String {
        let codePoints = scalars.map { Int($0.value) }
        var output: [UInt8] = codePoints.filter { $0 < 0x80 }.map { UInt8($0) }
        let basicCount = output.count
        if basicCount > 0 { output.append(UInt8(ascii: "-")) }
        var n = initialN
        var delta = 0
        var bias = initialBias
        var handled = basicCount
        while handled < codePoints.count {
            let m = codePoints.filter { $0 >= n }.min() ?? n
            delta += (m - n) * (handled + 1)
            n = m
            for c in codePoints {
                if c < n { delta += 1 }
                guard c == n else { continue }
                appendVariableLength(delta, bias: bias, to: &output)
                bias = adapt(delta, count: handled + 1, first: handled == basicCount)
                delta = 0
                handled += 1
            }
            delta += 1
            n += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends `q` as a generalized variable-length integer (RFC 3492 §3.3).
    private static func appendVariableLength(_ value: Int, bias: Int, to output: inout [UInt8]) {
        var q = value
        var k = base
        while true {
            let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
            if q < t { break }
            output.append(digit(t + (q - t) % (base - t)))
            q = (q - t) / (base - t)
            k += base
        }
        output.append(digit(q))
    }

    /// The bias adaptation function of RFC 3492 §6.1.
    private static func adapt(_ delta: Int, count: Int, first: Bool) -> Int {
        var delta = first ? delta / damp : delta / 2
        delta += delta / count
        var k = 0
        while delta > ((base - tMin) * tMax) / 2 {
            delta /= base - tMin
            k += base
        }
        return k + (base - tMin + 1) * delta / (delta + skew)
    }

    private static func digit(_ d: Int) -> UInt8 {
        d < 26 ? UInt8(ascii: "a") + UInt8(d) : UInt8(ascii: "0") + UInt8(d - 26)
    }

    // MARK: - IDNA labels

    /// Converts one lowercased NFC label with non-ASCII characters to its `xn--` form.
    ///
    /// Fails with the reason when a character cannot appear in an internationalized label.
    static func asciiLabel(_ label: String) -> Result<String, LabelProblem> {
        let scalars = Array(label.unicodeScalars)
        guard scalars.count <= 63 else { return .failure(.tooLong) }
        for scalar in scalars where !isAllowed(scalar) {
            return .failure(.character(scalar))
        }
        if let first = scalars.first, isMark(first) { return .failure(.startsWithMark) }
        return .success("xn--" + encode(scalars))
    }

    /// Why a Unicode label cannot be converted.
    enum LabelProblem: Error {
        case tooLong
        case character(Unicode.Scalar)
        case startsWithMark
    }

    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let c = UInt8(scalar.value)
            return (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(c)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c)
                || c == UInt8(ascii: "-")
        }
        let properties = scalar.properties
        return properties.isAlphabetic || properties.generalCategory == .decimalNumber || isMark(scalar)
    }

    private static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }
}
