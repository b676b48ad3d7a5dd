import FoundationEssentials

/// Reads the public members of a JWK JSON object (RFC 7517/7518), e.g. certbot's `private_key.json`.
enum JWKKeyReader {
    /// The members we look at; private members (`d`, `p`, `q`, ...) are ignored and never kept.
    private struct Members: Decodable {
        let kty: String?
        let n: String?
        let e: String?
        let crv: String?
        let x: String?
        let y: String?
    }

    /// The public key of the JWK in `json`; `path` names the file in errors.
    static func publicKey(json: [UInt8], path: String) throws(ChallengeError) -> AccountKey.PublicKey {
        let members: Members
        do {
            members = try JSONDecoder().decode(Members.self, from: Data(json))
        } catch {
            throw .jwkInvalid(path: path, reason: "it is not a JSON object with string members kty, n, e or crv, x, y")
        }
        guard let kty = members.kty else { throw .jwkInvalid(path: path, reason: "the member 'kty' is missing") }
        switch kty {
        case "RSA":
            let n = try member(members.n, "n", path)
            let e = try member(members.e, "e", path)
            return .rsa(modulus: n, exponent: e)
        case "EC":
            guard let crv = members.crv else { throw .jwkInvalid(path: path, reason: "the member 'crv' is missing") }
            guard let curve = AccountKey.Curve(name: crv), curve.rawValue == crv else {
                throw .keyCurveUnsupported(path: path, curve: crv)
            }
            let x = try member(members.x, "x", path)
            let y = try member(members.y, "y", path)
            guard x.count == curve.coordinateSize, y.count == curve.coordinateSize else {
                throw .jwkInvalid(path: path, reason: "'x' and 'y' must be \(curve.coordinateSize) octets for \(crv)")
            }
            return .ec(curve: curve, x: x, y: y)
        default:
            throw .keyTypeUnsupported(path: path, type: kty)
        }
    }

    private static func member(_ value: String?, _ name: String, _ path: String) throws(ChallengeError) -> [UInt8] {
        guard let value else { throw .jwkInvalid(path: path, reason: "the member '\(name)' is missing") }
        guard let bytes = Base64URL.decode(value), !bytes.isEmpty else {
            throw .jwkInvalid(path: path, reason: "the member '\(name)' is not a non-empty base64url value")
        }
        return bytes
    }
}
