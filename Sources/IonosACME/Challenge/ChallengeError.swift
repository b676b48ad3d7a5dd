/// Errors of the challenge layer: account keys, tokens, key authorizations, TXT values and names.
///
/// Every case carries the offending input (a path, a token, a name) so its one-line `description`
/// says what was wrong with what. Missing or unreadable files end with exit 66, everything else
/// the user gave us that we cannot use ends with exit 65.
public enum ChallengeError: ExitCodeError, Equatable, Sendable {
    /// The key file does not exist.
    case keyFileMissing(path: String)
    /// The key file exists but cannot be read (permissions, a directory, an I/O error).
    case keyFileUnreadable(path: String, reason: String)
    /// The key file is empty.
    case keyFileEmpty(path: String)
    /// The key file is larger than any account key could be.
    case keyFileTooLarge(path: String, limit: Int)
    /// The key file holds a passphrase-protected key.
    case keyEncrypted(path: String)
    /// The key file holds a key of a type ACME accounts do not use (Ed25519, DSA, ...).
    case keyTypeUnsupported(path: String, type: String)
    /// The key file holds an EC key on a curve other than P-256, P-384 or P-521.
    case keyCurveUnsupported(path: String, curve: String)
    /// The key file is neither a usable PEM key nor a JWK.
    case keyInvalid(path: String, reason: String)
    /// The key file is JSON but not a usable JWK.
    case jwkInvalid(path: String, reason: String)
    /// A challenge token is not a base64url string.
    case tokenInvalid(token: String, reason: String)
    /// A key authorization cannot be used.
    case keyAuthorizationInvalid(value: String, reason: String)
    /// A TXT value given by the user cannot be published.
    case txtValueInvalid(value: String, reason: String)
    /// A domain or record name is not a valid DNS name.
    case nameInvalid(name: String, reason: String)
    /// OpenSSL failed where it should not (no input of ours can cause this).
    case cryptoFailure(operation: String)

    /// The documented exit code: 66 for missing or unreadable files, 1 for internal crypto failures, 65 otherwise.
    public var exitCode: ExitCode {
        switch self {
        case .keyFileMissing, .keyFileUnreadable: return .noInput
        case .cryptoFailure: return .failure
        default: return .dataError
        }
    }

    /// The one-line message shown to the user.
    public var description: String {
        switch self {
        case .keyFileMissing(let path):
            return "Account key file \(Self.quote(path)) does not exist."
        case .keyFileUnreadable(let path, let reason):
            return "Cannot read account key file \(Self.quote(path)): \(reason)."
        case .keyFileEmpty(let path):
            return "Account key file \(Self.quote(path)) is empty."
        case .keyFileTooLarge(let path, let limit):
            return "Account key file \(Self.quote(path)) is larger than \(limit) bytes; it is not an account key."
        case .keyEncrypted(let path):
            return "Account key file \(Self.quote(path)) is encrypted with a passphrase;"
                + " give an unencrypted copy (openssl pkey -in KEY -out PLAIN.pem)."
        case .keyTypeUnsupported(let path, let type):
            return "Account key file \(Self.quote(path)) holds a key of type \(Self.quote(type));"
                + " only RSA and EC (P-256, P-384, P-521) account keys are supported."
        case .keyCurveUnsupported(let path, let curve):
            return "Account key file \(Self.quote(path)) uses the curve \(Self.quote(curve));"
                + " only P-256, P-384 and P-521 are supported."
        case .keyInvalid(let path, let reason):
            return "Account key file \(Self.quote(path)) is not usable: \(reason)."
        case .jwkInvalid(let path, let reason):
            return "Account key file \(Self.quote(path)) is not a usable JWK: \(reason)."
        case .tokenInvalid(let token, let reason):
            return "Invalid challenge token \(Self.quote(token)): \(reason)."
        case .keyAuthorizationInvalid(let value, let reason):
            return "Invalid key authorization \(Self.quote(value)): \(reason)."
        case .txtValueInvalid(let value, let reason):
            return "Invalid TXT value \(Self.quote(value)): \(reason)."
        case .nameInvalid(let name, let reason):
            return "Invalid name \(Self.quote(name)): \(reason)."
        case .cryptoFailure(let operation):
            return "OpenSSL failed to \(operation)."
        }
    }

    // MARK: - Rendering user input safely

    /// The longest piece of user input repeated in a message.
    static let quoteLimit = 256

    /// `text` in single quotes, control characters escaped, cut to `quoteLimit` characters.
    static func quote(_ text: String) -> String {
        "'" + sanitize(text) + "'"
    }

    /// `text` with control and non-ASCII-whitespace characters escaped, cut to `quoteLimit` characters,
    /// so a message always stays on one line.
    static func sanitize(_ text: String) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count >= quoteLimit {
                out += "..."
                break
            }
            count += 1
            let v = scalar.value
            if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) || v == 0x2028 || v == 0x2029
                || (count == 1 && isMark(scalar))
            {
                out += "\\u{" + String(v, radix: 16) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// True for combining marks, which would merge with the opening quote if they came first.
    private static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }
}
