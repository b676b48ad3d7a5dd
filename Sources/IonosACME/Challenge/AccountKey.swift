/// The public half of an ACME account key and its RFC 7638 JWK thumbprint.
///
/// Loaded from a PEM file (RSA or EC, PKCS#1, SEC1, PKCS#8 or SubjectPublicKeyInfo, read by OpenSSL)
/// or from a JWK JSON file such as certbot's `private_key.json`. Only the public members are kept.
public struct AccountKey: Sendable, Equatable, CustomStringConvertible {
    /// The elliptic curves ACME servers accept for account keys.
    public enum Curve: String, Sendable, CaseIterable {
        /// NIST P-256 (`prime256v1`), the usual ACME account key curve.
        case p256 = "P-256"
        /// NIST P-384 (`secp384r1`).
        case p384 = "P-384"
        /// NIST P-521 (`secp521r1`).
        case p521 = "P-521"

        /// The size of a coordinate in octets (the JWK `x` and `y` are left-padded to it).
        public var coordinateSize: Int {
            switch self {
            case .p256: return 32
            case .p384: return 48
            case .p521: return 66
            }
        }

        /// Maps an OpenSSL group name (`prime256v1`, `secp384r1`, ...) or a JWK `crv` to a curve.
        init?(name: String) {
            switch name {
            case "P-256", "prime256v1", "secp256r1": self = .p256
            case "P-384", "secp384r1": self = .p384
            case "P-521", "secp521r1": self = .p521
            default: return nil
            }
        }
    }

    /// The public key material, as unsigned big-endian octets.
    public enum PublicKey: Sendable, Equatable {
        /// An RSA key: modulus `n` and public exponent `e`.
        case rsa(modulus: [UInt8], exponent: [UInt8])
        /// An EC key: the curve and the public point's coordinates.
        case ec(curve: Curve, x: [UInt8], y: [UInt8])
    }

    /// The public key, normalized (RSA without leading zero octets, EC coordinates at full size).
    public let publicKey: PublicKey
    /// The RFC 7638 thumbprint: base64url(SHA-256(canonical JWK)).
    public let thumbprint: String

    /// Wraps a public key and computes its thumbprint; rejects empty or oversized values.
    public init(publicKey: PublicKey) throws(ChallengeError) {
        try self.init(publicKey: publicKey, path: "<in-memory key>")
    }

    init(publicKey: PublicKey, path: String) throws(ChallengeError) {
        self.publicKey = try Self.normalized(publicKey, path: path)
        self.thumbprint = Base64URL.encode(try SHA256.digest(Self.canonicalJWK(of: self.publicKey)))
    }

    // MARK: - Loading

    /// Loads the account key stored at `path` (PEM or JWK JSON).
    ///
    /// Throws `.keyFileMissing` / `.keyFileUnreadable` (exit 66) when the file cannot be read and a
    /// data error (exit 65) for empty files, encrypted keys, unsupported key types or curves and garbage.
    public static func load(path: String) throws(ChallengeError) -> AccountKey {
        let bytes = try KeyFileReader.read(path: path)
        return try parse(bytes, path: path)
    }

    /// Parses the contents of a key file; `path` only names the file in error messages.
    public static func parse(_ bytes: [UInt8], path: String) throws(ChallengeError) -> AccountKey {
        var content = bytes[...]
        if content.starts(with: [0xEF, 0xBB, 0xBF]) { content = content.dropFirst(3) }
        guard let first = content.first(where: { !isWhitespace($0) }) else {
            throw .keyFileEmpty(path: path)
        }
        let key: PublicKey
        if first == UInt8(ascii: "{") {
            key = try JWKKeyReader.publicKey(json: Array(content), path: path)
        } else if containsPEMBoundary(content) {
            key = try PEMKeyReader.publicKey(pem: Array(content), path: path)
        } else {
            throw .keyInvalid(path: path, reason: "it is neither a PEM key ('-----BEGIN ...') nor a JWK JSON object")
        }
        return try AccountKey(publicKey: key, path: path)
    }

    // MARK: - RFC 7638 canonical form

    /// The canonical JWK of RFC 7638 §3: required members only, sorted, no whitespace.
    public var canonicalJWK: String { Self.canonicalJWK(of: publicKey) }

    /// A short human description, e.g. `RSA 2048-bit` or `EC P-256`.
    public var description: String {
        switch publicKey {
        case .rsa(let modulus, _):
            return "RSA \(Self.bitLength(modulus))-bit"
        case .ec(let curve, _, _):
            return "EC \(curve.rawValue)"
        }
    }

    static func canonicalJWK(of key: PublicKey) -> String {
        switch key {
        case .rsa(let modulus, let exponent):
            return #"{"e":""# + Base64URL.encode(exponent) + #"","kty":"RSA","n":""# + Base64URL.encode(modulus)
                + #""}"#
        case .ec(let curve, let x, let y):
            return #"{"crv":""# + curve.rawValue + #"","kty":"EC","x":""# + Base64URL.encode(x)
                + #"","y":""# + Base64URL.encode(y) + #""}"#
        }
    }

    // MARK: - Normalization

    static func normalized(_ key: PublicKey, path: String) throws(ChallengeError) -> PublicKey {
        switch key {
        case .rsa(let modulus, let exponent):
            let n = Array(modulus.drop(while: { $0 == 0 }))
            let e = Array(exponent.drop(while: { $0 == 0 }))
            guard !n.isEmpty else { throw .keyInvalid(path: path, reason: "the RSA modulus is zero") }
            guard !e.isEmpty else { throw .keyInvalid(path: path, reason: "the RSA exponent is zero") }
            return .rsa(modulus: n, exponent: e)
        case .ec(let curve, let x, let y):
            return .ec(curve: curve, x: try padded(x, curve, "x", path), y: try padded(y, curve, "y", path))
        }
    }

    private static func padded(_ value: [UInt8], _ curve: Curve, _ name: String, _ path: String)
        throws(ChallengeError) -> [UInt8]
    {
        let significant = Array(value.drop(while: { $0 == 0 }))
        guard significant.count <= curve.coordinateSize else {
            throw .keyInvalid(
                path: path,
                reason: "the \(curve.rawValue) coordinate \(name) is longer than \(curve.coordinateSize) octets")
        }
        return [UInt8](repeating: 0, count: curve.coordinateSize - significant.count) + significant
    }

    private static func bitLength(_ bytes: [UInt8]) -> Int {
        guard let first = bytes.first else { return 0 }
        return (bytes.count - 1) * 8 + (8 - first.leadingZeroBitCount)
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private static func containsPEMBoundary(_ bytes: ArraySlice<UInt8>) -> Bool {
        let marker = Array("-----BEGIN ".utf8)
        guard bytes.count >= marker.count else { return false }
        var index = bytes.startIndex
        while index <= bytes.endIndex - marker.count {
            if bytes[index..<index + marker.count].elementsEqual(marker) { return true }
            index += 1
        }
        return false
    }
}
