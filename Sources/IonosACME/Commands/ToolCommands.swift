/// `digest` and `thumbprint`: local computations that need no credentials.
enum ToolCommands {
    /// Prints the DNS-01 TXT value for a key authorization (given, or computed from token and key).
    static func digest(_ source: ValueSource, console: Console) throws(ChallengeError) -> ExitCode {
        console.print(try source.txtValue())
        return .success
    }

    /// Prints the RFC 7638 thumbprint of an account key file.
    static func thumbprint(accountKey path: String, console: Console) throws(ChallengeError) -> ExitCode {
        console.print(try AccountKey.load(path: path).thumbprint)
        return .success
    }
}
