import Glibc
import Synchronization

/// Where the wait shows progress (`3/4 nameservers ready, 12 s`).
///
/// `live` rewrites one line on a terminal with `\r`; `lines` writes plain lines through a logger,
/// only when the count changes and at most every `lineInterval` seconds otherwise.
public struct PropagationProgress: Sendable {
    enum Style: Sendable {
        case live(fd: Int32)
        case lines(Logger)
        case none
    }

    let style: Style
    /// Seconds between repeated plain lines while nothing changes.
    public var lineInterval: Double = 15

    /// A live line on file descriptor `fd` (normally 2, when it is a terminal).
    public static func live(fd: Int32 = 2) -> PropagationProgress { PropagationProgress(style: .live(fd: fd)) }

    /// Plain info lines through `logger`.
    public static func lines(_ logger: Logger) -> PropagationProgress { PropagationProgress(style: .lines(logger)) }

    /// No progress output.
    public static let none = PropagationProgress(style: .none)

    /// A live line when stderr is a terminal and info is enabled, plain lines otherwise.
    public static func automatic(logger: Logger) -> PropagationProgress {
        guard logger.level >= .info else { return .none }
        return isatty(2) == 1 ? .live(fd: 2) : .lines(logger)
    }
}

/// Keeps the state needed to throttle progress output during one wait.
struct ProgressReporter {
    let progress: PropagationProgress
    private var lastReady = -1
    private var lastLineAt = -Double.infinity
    private var wroteLive = false

    init(_ progress: PropagationProgress) { self.progress = progress }

    /// Reports the state after a round.
    mutating func update(ready: Int, total: Int, elapsed: Double) {
        guard ready < total else { return }  // the final line says it
        let text = "\(ready)/\(total) nameservers ready, \(Int(elapsed)) s"
        switch progress.style {
        case .live(let fd):
            writeAll(fd: fd, "\r" + text + "\u{1B}[K")
            wroteLive = true
        case .lines(let logger):
            guard ready != lastReady || elapsed - lastLineAt >= progress.lineInterval else { return }
            logger.info(text)
            lastLineAt = elapsed
        case .none:
            break
        }
        lastReady = ready
    }

    /// Ends the live line and writes the final state.
    mutating func finish(_ text: String) {
        switch progress.style {
        case .live(let fd):
            writeAll(fd: fd, (wroteLive ? "\r" : "") + text + "\u{1B}[K\n")
        case .lines(let logger):
            logger.info(text)
        case .none:
            break
        }
    }
}

/// A flag a signal handler or another thread sets to stop the wait at its next check (within about 0.1 s).
public final class PropagationCancellation: Sendable {
    private let flag = Atomic<Bool>(false)

    /// Creates an unset flag.
    public init() {}

    /// Asks the wait to stop.
    public func cancel() { flag.store(true, ordering: .sequentiallyConsistent) }

    /// True once `cancel()` was called.
    public var isCancelled: Bool { flag.load(ordering: .sequentiallyConsistent) }
}
