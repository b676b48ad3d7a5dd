/// Everything a run of the hook depends on from the outside world, passed in by `main.swift` or a test.
public struct HookRuntime: Sendable {
    /// The process environment.
    public var environment: [String: String]
    /// stdout/stderr.
    public var console: Console
    /// File reading.
    public var files: any FileAccess
    /// Time.
    public var clock: any Clock
    /// Effective user id.
    public var userID: UInt32
    /// Set by SIGINT/SIGTERM (see `SignalCancellation`); stops the propagation wait. Nil: not cancellable.
    public var cancellation: PropagationCancellation?
    /// An HTTP transport to use instead of libcurl (tests); nil for the real one.
    public var httpTransport: (any HTTPTransport)?
    /// Starts the embedded sandbox for `demo` (provided by the executable, which links IonosSandbox).
    public var demoSandbox: (@Sendable () throws -> DemoSandbox)?

    /// Creates a runtime from its parts.
    public init(
        environment: [String: String], console: Console, files: any FileAccess = SystemFileAccess(),
        clock: any Clock = SystemClock(), userID: UInt32
    ) {
        self.environment = environment
        self.console = console
        self.files = files
        self.clock = clock
        self.userID = userID
    }
}
