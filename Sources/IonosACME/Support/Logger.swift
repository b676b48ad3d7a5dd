import Glibc
import Synchronization

/// How much the hook says on stderr.
public enum LogLevel: Int, Sendable, Comparable, CaseIterable {
    case error = 0, warn, info, debug

    /// Parses `error`, `warn`, `info` or `debug` (case-insensitive).
    public init?(name: String) {
        switch name.lowercased() {
        case "error": self = .error
        case "warn", "warning": self = .warn
        case "info": self = .info
        case "debug": self = .debug
        default: return nil
        }
    }

    public static func < (a: LogLevel, b: LogLevel) -> Bool { a.rawValue < b.rawValue }
}

/// A small logger handed to every layer as a parameter (never global).
///
/// Lines go to a sink: stderr for the real tool, an in-memory buffer in tests.
public struct Logger: Sendable {
    /// The most detailed level that is written.
    public let level: LogLevel
    private let sink: @Sendable (String) -> Void

    /// Creates a logger writing lines of `level` and above to `sink` (each line without newline).
    public init(level: LogLevel, sink: @escaping @Sendable (String) -> Void) {
        self.level = level
        self.sink = sink
    }

    /// A logger that writes to file descriptor 2.
    public static func stderr(level: LogLevel) -> Logger {
        Logger(level: level) { line in writeAll(fd: 2, line + "\n") }
    }

    /// A logger that drops everything.
    public static let silent = Logger(level: .error) { _ in }

    /// Writes `message` when `level` is enabled.
    public func log(_ level: LogLevel, _ message: @autoclosure () -> String) {
        guard level <= self.level else { return }
        sink(message())
    }

    public func error(_ m: @autoclosure () -> String) { log(.error, m()) }
    public func warn(_ m: @autoclosure () -> String) { log(.warn, m()) }
    public func info(_ m: @autoclosure () -> String) { log(.info, m()) }
    public func debug(_ m: @autoclosure () -> String) { log(.debug, m()) }
}

/// Collects log lines in memory (for tests and for capturing output).
public final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])

    /// Creates an empty capture.
    public init() {}

    /// A logger at `level` that appends to this capture.
    public func logger(level: LogLevel = .debug) -> Logger {
        Logger(level: level) { [self] line in lines.withLock { $0.append(line) } }
    }

    /// Everything captured so far.
    public var captured: [String] { lines.withLock { $0 } }
}

/// Writes the whole string to a file descriptor, retrying on short writes and EINTR.
public func writeAll(fd: Int32, _ text: String) {
    let bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
        let n = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        if n < 0 {
            if errno == EINTR { continue }
            return
        }
        offset += n
    }
}
