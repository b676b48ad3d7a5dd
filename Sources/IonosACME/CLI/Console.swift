/// Where a command writes: stdout for results, stderr for messages. Tests capture both.
public struct Console: Sendable {
    private let out: @Sendable (String) -> Void
    private let err: @Sendable (String) -> Void
    /// True when stderr is a terminal (progress may redraw one line).
    public let stderrIsTerminal: Bool

    /// Creates a console from two sinks.
    public init(stderrIsTerminal: Bool = false, out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void) {
        self.out = out
        self.err = err
        self.stderrIsTerminal = stderrIsTerminal
    }

    /// The process's file descriptors 1 and 2.
    public static func standard(stderrIsTerminal: Bool) -> Console {
        Console(stderrIsTerminal: stderrIsTerminal, out: { writeAll(fd: 1, $0) }, err: { writeAll(fd: 2, $0) })
    }

    /// Writes a line to stdout.
    public func print(_ line: String) { out(line + "\n") }
    /// Writes a line to stderr.
    public func printError(_ line: String) { err(line + "\n") }
    /// Writes raw text to stderr (for a live progress line).
    public func writeError(_ text: String) { err(text) }
}
