/// What can stop the sandbox from starting, with the exit code `ionos-sandbox` ends with.
public enum SandboxError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The command line was wrong; the message quotes the offending token.
    case usage(String)
    /// The `--zones` file could not be read.
    case zonesFileUnreadable(path: String)
    /// The seed (file or in-process) is not valid.
    case invalidSeed(String)
    /// A listener could not be opened.
    case listen(address: String, reason: String)
    /// A file the sandbox writes (ready file, request log) could not be written.
    case writeFailed(path: String, reason: String)

    /// The one-line message shown to the user.
    public var description: String {
        switch self {
        case .usage(let m): return "usage error: \(m) (see --help)"
        case .zonesFileUnreadable(let p): return "cannot read zones file '\(p)'"
        case .invalidSeed(let m): return "invalid zones seed: \(m)"
        case .listen(let a, let r): return "cannot listen on \(a): \(r)"
        case .writeFailed(let p, let r): return "cannot write '\(p)': \(r)"
        }
    }

    /// The process exit code (sysexits-style, as in design.md).
    public var exitCode: Int32 {
        switch self {
        case .usage: return 64
        case .invalidSeed: return 65
        case .zonesFileUnreadable: return 66
        case .listen, .writeFailed: return 1
        }
    }
}
