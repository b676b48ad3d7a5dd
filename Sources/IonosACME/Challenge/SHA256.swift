import COpenSSL

/// SHA-256 through OpenSSL's EVP interface.
public enum SHA256 {
    /// The 32-byte SHA-256 digest of `bytes`.
    public static func digest(_ bytes: [UInt8]) throws(ChallengeError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = bytes.withUnsafeBytes { input in
            out.withUnsafeMutableBufferPointer { output in
                EVP_Digest(input.baseAddress, input.count, output.baseAddress, &length, EVP_sha256(), nil)
            }
        }
        guard ok == 1, length == 32 else {
            ERR_clear_error()
            throw .cryptoFailure(operation: "compute a SHA-256 digest")
        }
        return Array(out.prefix(Int(length)))
    }

    /// The SHA-256 digest of the UTF-8 bytes of `text`.
    public static func digest(_ text: String) throws(ChallengeError) -> [UInt8] {
        try digest(Array(text.utf8))
    }
}
