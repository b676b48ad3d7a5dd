/// The process exit codes of `ionos-acme-hook`, as fixed in design.md (sysexits-style).
public enum ExitCode: Int32, Sendable, CustomStringConvertible {
    /// Success, and every ignored dehydrated event.
    case success = 0
    /// A uacme decline, or any other failure.
    case failure = 1
    /// The command line was wrong.
    case usage = 64
    /// Bad input: an invalid name, value or key; no zone for the name; a zone outside the allowlist.
    case dataError = 65
    /// An input file is missing or unreadable.
    case noInput = 66
    /// The IONOS API stayed unavailable after retries.
    case unavailable = 69
    /// The propagation wait timed out.
    case timeout = 75
    /// Credentials were rejected, or a config file is readable by others.
    case noPermission = 77
    /// Configuration is missing or invalid.
    case config = 78

    public var description: String { String(rawValue) }
}

/// An error that knows which exit code it ends the process with.
///
/// Every layer's error enum conforms; its `description` is the one-line message shown to the user.
public protocol ExitCodeError: Error, CustomStringConvertible {
    /// The documented exit code for this error.
    var exitCode: ExitCode { get }
}
