extension ValueSource {
    /// The TXT value to publish: the value itself (checked), or the digest of a key authorization.
    public func txtValue() throws(ChallengeError) -> String {
        switch self {
        case .value(let v):
            try DNS01.validateTXTValue(v)
            return v
        case .keyAuthorization(let ka):
            return try DNS01.txtValue(keyAuthorization: ka)
        case .tokenAndKey(let token, let path):
            return try DNS01.txtValue(keyAuthorization: DNS01.keyAuthorization(token: token, accountKeyPath: path))
        }
    }
}
