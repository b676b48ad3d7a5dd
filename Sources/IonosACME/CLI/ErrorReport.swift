/// Renders any error to the one line the user sees and the exit code: the only place that does so.
public enum ErrorReport {
    /// The message (without the `ionos-acme-hook: ` prefix) and exit code of `error`.
    public static func render(_ error: any Error) -> (message: String, exitCode: ExitCode) {
        let message: String
        let code: ExitCode
        if let e = error as? any ExitCodeError {
            message = e.description
            code = e.exitCode
        } else {
            message = "unexpected error: \(String(describing: error))"
            code = .failure
        }
        // One line, always: a newline inside a message would break log parsers.
        let oneLine = message.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).joined(separator: " ")
        return (oneLine, code)
    }

    /// Writes the error line (and, for usage errors, the usage line) to stderr; returns the exit code.
    public static func report(_ error: any Error, console: Console) -> ExitCode {
        let (message, code) = render(error)
        console.printError("ionos-acme-hook: error: \(message)")
        if let usage = error as? UsageError, let command = usage.command, let spec = CommandCatalog.spec(command) {
            console.printError("usage: ionos-acme-hook \(spec.usage)")
        }
        return code
    }
}
