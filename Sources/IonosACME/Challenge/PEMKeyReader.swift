import COpenSSL

/// Reads the public half of a PEM key with OpenSSL: RSA or EC, as PKCS#1 (`RSA PRIVATE KEY`),
/// SEC1 (`EC PRIVATE KEY`), PKCS#8 (`PRIVATE KEY`) or SubjectPublicKeyInfo (`PUBLIC KEY`).
///
/// The PEM text is copied into a memory BIO (`BIO_write`), so no Swift buffer pointer outlives its
/// closure. OpenSSL is given a passphrase callback that refuses, so it never prompts, and its error
/// queue is cleared after every failure.
enum PEMKeyReader {
    /// The public key in `pem`; `path` names the file in errors.
    static func publicKey(pem: [UInt8], path: String) throws(ChallengeError) -> AccountKey.PublicKey {
        ERR_clear_error()
        defer { ERR_clear_error() }
        let pkey = try readKey(pem, path: path)
        defer { EVP_PKEY_free(pkey) }
        if EVP_PKEY_is_a(pkey, "RSA") == 1 {
            return .rsa(
                modulus: try bigNumber(pkey, "n", pad: 0, path: path),
                exponent: try bigNumber(pkey, "e", pad: 0, path: path))
        }
        if EVP_PKEY_is_a(pkey, "EC") == 1 {
            return try ecKey(pkey, path: path)
        }
        throw .keyTypeUnsupported(path: path, type: typeName(pkey))
    }

    // MARK: - Decoding

    private static func readKey(_ pem: [UInt8], path: String) throws(ChallengeError) -> OpaquePointer {
        if let key = withBIO(pem, copenssl_read_private_key) { return key }
        if isEncrypted(pem) { throw .keyEncrypted(path: path) }
        var reason = openSSLReason()
        ERR_clear_error()
        let hasPrivateBlock = contains(pem, "PRIVATE KEY-----")
        if contains(pem, "-----BEGIN PUBLIC KEY-----") {
            if let key = withBIO(pem, copenssl_read_public_key) { return key }
            if !hasPrivateBlock { reason = openSSLReason() }
            ERR_clear_error()
        }
        guard hasPrivateBlock || contains(pem, "PUBLIC KEY-----") else {
            throw .keyInvalid(path: path, reason: "the PEM text holds no private or public key block")
        }
        throw .keyInvalid(path: path, reason: "the key block is damaged or in an unknown format (OpenSSL: \(reason))")
    }

    /// Runs `read` on a fresh memory BIO holding a copy of `bytes`.
    private static func withBIO(_ bytes: [UInt8], _ read: (OpaquePointer?) -> OpaquePointer?) -> OpaquePointer? {
        guard let bio = BIO_new(BIO_s_mem()) else { return nil }
        defer { BIO_free(bio) }
        let written = bytes.withUnsafeBytes { buffer in
            BIO_write(bio, buffer.baseAddress, Int32(buffer.count))
        }
        guard written == Int32(bytes.count) else { return nil }
        return read(bio)
    }

    // MARK: - Parameters

    private static func ecKey(_ pkey: OpaquePointer, path: String) throws(ChallengeError) -> AccountKey.PublicKey {
        guard let group = utf8Parameter(pkey, "group") else {
            throw .keyCurveUnsupported(path: path, curve: "explicit curve parameters")
        }
        guard let curve = AccountKey.Curve(name: group) else {
            throw .keyCurveUnsupported(path: path, curve: group)
        }
        let size = curve.coordinateSize
        if let x = try? bigNumber(pkey, "qx", pad: size, path: path),
            let y = try? bigNumber(pkey, "qy", pad: size, path: path)
        {
            return .ec(curve: curve, x: x, y: y)
        }
        ERR_clear_error()
        let point = octetParameter(pkey, "encoded-pub-key", capacity: 1 + 2 * size)
        guard let point, point.count == 1 + 2 * size, point[0] == 0x04 else {
            throw .keyInvalid(path: path, reason: "OpenSSL cannot give the EC public point")
        }
        return .ec(curve: curve, x: Array(point[1...size]), y: Array(point[(size + 1)...]))
    }

    /// The big-number parameter `name` as big-endian octets, left-padded to `pad` octets when `pad` > 0.
    private static func bigNumber(_ pkey: OpaquePointer, _ name: String, pad: Int, path: String)
        throws(ChallengeError) -> [UInt8]
    {
        var bn: OpaquePointer? = nil
        guard EVP_PKEY_get_bn_param(pkey, name, &bn) == 1, let bn else {
            throw .keyInvalid(path: path, reason: "OpenSSL cannot give the key parameter '\(name)'")
        }
        defer { BN_free(bn) }
        let count = Int(copenssl_BN_num_bytes(bn))
        let size = max(count, pad)
        var out = [UInt8](repeating: 0, count: size)
        let written = out.withUnsafeMutableBufferPointer { buffer in
            BN_bn2binpad(bn, buffer.baseAddress, Int32(size))
        }
        guard written == Int32(size) else {
            throw .keyInvalid(path: path, reason: "OpenSSL cannot encode the key parameter '\(name)'")
        }
        return out
    }

    private static func utf8Parameter(_ pkey: OpaquePointer, _ name: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 80)
        var length = 0
        let ok = buffer.withUnsafeMutableBufferPointer { b in
            EVP_PKEY_get_utf8_string_param(pkey, name, b.baseAddress, b.count, &length)
        }
        guard ok == 1, length < buffer.count else { return nil }
        return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func octetParameter(_ pkey: OpaquePointer, _ name: String, capacity: Int) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: capacity)
        var length = 0
        let ok = buffer.withUnsafeMutableBufferPointer { b in
            EVP_PKEY_get_octet_string_param(pkey, name, b.baseAddress, b.count, &length)
        }
        guard ok == 1, length <= capacity else { return nil }
        return Array(buffer.prefix(length))
    }

    private static func typeName(_ pkey: OpaquePointer) -> String {
        guard let name = EVP_PKEY_get0_type_name(pkey) else { return "unknown" }
        return String(cString: name)
    }

    // MARK: - Helpers

    /// The reason text of the oldest queued OpenSSL error, or a generic phrase.
    private static func openSSLReason() -> String {
        let code = ERR_peek_error()
        guard code != 0, let text = ERR_reason_error_string(code) else { return "no key found" }
        return String(cString: text)
    }

    private static func isEncrypted(_ pem: [UInt8]) -> Bool {
        contains(pem, "-----BEGIN ENCRYPTED PRIVATE KEY-----") || contains(pem, "Proc-Type: 4,ENCRYPTED")
    }

    private static func contains(_ bytes: [UInt8], _ text: String) -> Bool {
        let needle = Array(text.utf8)
        guard !needle.isEmpty, bytes.count >= needle.count else { return false }
        for start in 0...(bytes.count - needle.count) where bytes[start] == needle[0] {
            if bytes[start..<start + needle.count].elementsEqual(needle) { return true }
        }
        return false
    }
}
