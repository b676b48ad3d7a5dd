/// The TXT record name of a DNS-01 challenge, derived from a domain or a record name.
///
/// Rules (design.md): one trailing dot is stripped; a leading `*.` is stripped; the name is
/// lowercased and internationalized labels are converted to Punycode (`xn--`, see `Punycode`);
/// `_acme-challenge.` is prepended unless some label already is `_acme-challenge` (so
/// `_acme-challenge.example.com` and dns-account-01's `_ujmmovf2vn55tgye._acme-challenge.example.com`
/// are used as they are). Labels must be 1 to 63 octets of letters, digits, `-` and `_`, the whole
/// name at most 253 octets (without the trailing dot).
public struct ChallengeName: Sendable, Hashable, CustomStringConvertible {
    /// The label marking a challenge record.
    public static let challengeLabel = "_acme-challenge"
    /// The longest name in octets, without the trailing dot.
    public static let maxNameLength = 253
    /// The longest label in octets.
    public static let maxLabelLength = 63

    /// The TXT record name, lowercase ASCII, without a trailing dot (`_acme-challenge.example.com`).
    public let recordName: String
    /// The domain being validated: the record name without the `_acme-challenge` label and those before it.
    public let domain: String

    /// Normalizes a domain (`example.com`, `*.example.com`, `Bücher.example.`) or a record name
    /// (`_acme-challenge.example.com`); throws `.nameInvalid` (exit 65) naming the input.
    public init(_ input: String) throws(ChallengeError) {
        let labels = try Self.normalizedLabels(input)
        if let marker = labels.firstIndex(of: Self.challengeLabel) {
            guard marker < labels.count - 1 else {
                throw .nameInvalid(name: input, reason: "no domain follows the '\(Self.challengeLabel)' label")
            }
            recordName = labels.joined(separator: ".")
            domain = labels[(marker + 1)...].joined(separator: ".")
        } else {
            domain = labels.joined(separator: ".")
            recordName = Self.challengeLabel + "." + domain
            let length = recordName.utf8.count
            guard length <= Self.maxNameLength else {
                let reason =
                    "with '\(Self.challengeLabel).' prepended it is \(length) octets long;"
                    + " at most \(Self.maxNameLength) are allowed"
                throw .nameInvalid(name: input, reason: reason)
            }
        }
    }

    /// Normalizes a domain or zone name by the same rules, without prepending `_acme-challenge.`
    /// (used for the zone allowlist and zone matching).
    public static func normalizeDomain(_ input: String) throws(ChallengeError) -> String {
        try normalizedLabels(input).joined(separator: ".")
    }

    /// The record name.
    public var description: String { recordName }

    // MARK: - Normalization

    /// Full stops that IDNA treats as label separators, besides `.`.
    private static let alternativeDots: Set<Unicode.Scalar> = ["\u{3002}", "\u{FF0E}", "\u{FF61}"]

    static func normalizedLabels(_ input: String) throws(ChallengeError) -> [String] {
        var name = String(
            String.UnicodeScalarView(input.unicodeScalars.map { alternativeDots.contains($0) ? "." : $0 }))
        if name.hasSuffix(".") { name.removeLast() }
        if name.hasPrefix("*.") { name.removeFirst(2) }
        guard !name.isEmpty else { throw .nameInvalid(name: input, reason: "it is empty") }
        name = nfc(name.lowercased())
        let labels = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        var ascii: [String] = []
        ascii.reserveCapacity(labels.count)
        for label in labels {
            ascii.append(try asciiLabel(label, input: input))
        }
        let joinedLength = ascii.reduce(ascii.count - 1) { $0 + $1.utf8.count }
        guard joinedLength <= maxNameLength else {
            throw .nameInvalid(
                name: input, reason: "it is \(joinedLength) octets long; at most \(maxNameLength) are allowed")
        }
        return ascii
    }

    /// One label checked and, if it has non-ASCII characters, converted to Punycode.
    private static func asciiLabel(_ label: String, input: String) throws(ChallengeError) -> String {
        guard !label.isEmpty else { throw .nameInvalid(name: input, reason: "it has an empty label") }
        var result = label
        if !label.utf8.allSatisfy({ $0 < 0x80 }) {
            switch Punycode.asciiLabel(label) {
            case .success(let encoded): result = encoded
            case .failure(.character(let scalar)):
                throw .nameInvalid(
                    name: input, reason: "the character \(describe(scalar)) is not allowed in a domain name")
            case .failure(.startsWithMark):
                throw .nameInvalid(
                    name: input, reason: "the label \(ChallengeError.quote(label)) starts with a combining mark")
            case .failure(.tooLong):
                throw .nameInvalid(name: input, reason: "a label is longer than \(maxLabelLength) octets")
            }
        }
        guard result.utf8.count <= maxLabelLength else {
            throw .nameInvalid(
                name: input,
                reason: "a label is \(result.utf8.count) octets long; at most \(maxLabelLength) are allowed")
        }
        for byte in result.utf8 where !isAllowedASCII(byte) {
            if byte == UInt8(ascii: "*") {
                throw .nameInvalid(name: input, reason: "'*' is only allowed as a leading '*.'")
            }
            throw .nameInvalid(
                name: input, reason: "the character \(describe(Unicode.Scalar(byte))) is not allowed in a domain name")
        }
        return result
    }

    private static func isAllowedASCII(_ c: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(c) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c)
            || c == UInt8(ascii: "-") || c == UInt8(ascii: "_")
    }

    /// A readable name for a character in an error message: `' '` is "a space", controls are shown as U+XXXX.
    private static func describe(_ scalar: Unicode.Scalar) -> String {
        if scalar == " " { return "' ' (space)" }
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        if scalar.properties.generalCategory == .control || scalar.properties.isWhitespace { return code }
        return "'\(scalar)' (\(code))"
    }

    /// `text` in Unicode Normalization Form C.
    ///
    /// The standard library exposes NFC only as the underscored (but public and ABI-stable)
    /// `_nfcCodeUnits`; FoundationEssentials has no normalization API.
    private static func nfc(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
        return String(decoding: text._nfcCodeUnits, as: UTF8.self)
    }
}
