/// An ACME key authorization (RFC 8555 §8.1): `token "." thumbprint`, and its DNS-01 TXT value.
public struct KeyAuthorization: Sendable, Equatable, CustomStringConvertible {
    /// The full key authorization string.
    public let value: String

    /// Joins a challenge token and an account key thumbprint; both must be base64url.
    public init(token: String, thumbprint: String) throws(ChallengeError) {
        try DNS01.validateToken(token)
        guard !thumbprint.isEmpty, Base64URL.isAlphabet(thumbprint) else {
            throw .keyAuthorizationInvalid(value: thumbprint, reason: "the thumbprint is not a base64url string")
        }
        self.value = token + "." + thumbprint
    }

    /// Wraps a key authorization given as a whole (lego RAW mode, uacme's AUTH argument).
    ///
    /// It must be non-empty printable ASCII without spaces; its form is otherwise not checked,
    /// because the CA computes the digest of exactly these bytes.
    public init(_ value: String) throws(ChallengeError) {
        guard !value.isEmpty else {
            throw .keyAuthorizationInvalid(value: value, reason: "it is empty")
        }
        guard value.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw .keyAuthorizationInvalid(value: value, reason: "only printable ASCII without spaces is allowed")
        }
        self.value = value
    }

    /// The DNS-01 TXT value: base64url(SHA-256(key authorization)), 43 characters.
    public func txtValue() throws(ChallengeError) -> String {
        Base64URL.encode(try SHA256.digest(value))
    }

    /// The key authorization itself.
    public var description: String { value }
}

/// The DNS-01 computations the command line needs, in one place.
public enum DNS01 {
    /// The longest TXT value accepted (one TXT character-string).
    public static let maxTXTValueLength = 255

    /// The TXT value for a key authorization given as a string (checked as `KeyAuthorization.init(_:)` does).
    public static func txtValue(keyAuthorization: String) throws(ChallengeError) -> String {
        try KeyAuthorization(keyAuthorization).txtValue()
    }

    /// The key authorization for `token` with the account key stored at `accountKeyPath`.
    public static func keyAuthorization(token: String, accountKeyPath: String) throws(ChallengeError) -> String {
        try validateToken(token)
        let key = try AccountKey.load(path: accountKeyPath)
        return try KeyAuthorization(token: token, thumbprint: key.thumbprint).value
    }

    /// Checks that `token` is a non-empty base64url string (RFC 8555 §8.1).
    public static func validateToken(_ token: String) throws(ChallengeError) {
        guard !token.isEmpty else { throw .tokenInvalid(token: token, reason: "it is empty") }
        guard Base64URL.isAlphabet(token) else {
            throw .tokenInvalid(token: token, reason: "only letters, digits, '-' and '_' are allowed")
        }
    }

    /// Checks a TXT value given by the user: non-empty printable ASCII without spaces, quotes
    /// or backslashes, at most 255 bytes. A DNS-01 digest is 43 base64url characters.
    public static func validateTXTValue(_ value: String) throws(ChallengeError) {
        guard !value.isEmpty else { throw .txtValueInvalid(value: value, reason: "it is empty") }
        guard value.utf8.count <= maxTXTValueLength else {
            throw .txtValueInvalid(
                value: value, reason: "it is \(value.utf8.count) bytes long; at most \(maxTXTValueLength) are allowed")
        }
        if let bad = value.utf8.first(where: { !isAllowedInTXTValue($0) }) {
            let reason =
                "it contains \(describe(bad));"
                + " only printable ASCII without double quotes, backslashes or spaces is allowed"
            throw .txtValueInvalid(value: value, reason: reason)
        }
    }

    /// True when `value` has the shape of a DNS-01 digest: 43 base64url characters.
    public static func isDigestShaped(_ value: String) -> Bool {
        value.utf8.count == 43 && Base64URL.isAlphabet(value)
    }

    // MARK: - Helpers

    private static func isAllowedInTXTValue(_ byte: UInt8) -> Bool {
        (0x21...0x7E).contains(byte) && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\")
    }

    private static func describe(_ byte: UInt8) -> String {
        if byte == 0x20 { return "a space" }
        if (0x21...0x7E).contains(byte) { return "the character '\(Character(Unicode.Scalar(byte)))'" }
        return "a control or non-ASCII character"
    }
}
