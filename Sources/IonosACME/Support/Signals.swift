import Dispatch
import Glibc
import Synchronization

/// SIGINT and SIGTERM as a cooperative stop: the propagation wait ends at its next check (about 0.1 s),
/// the command removes what it added where it promises to (standalone, dehydrated, uacme present), and
/// the process exits with 128 + the signal number (130, 143).
///
/// Both signals are blocked in every thread and taken by `sigwait` on one dispatch thread. A second
/// signal, or a command still running `graceSeconds` after the first, ends the process at once.
public final class SignalCancellation: Sendable {
    /// Set on the first SIGINT/SIGTERM; hand it to the propagation wait.
    public let cancellation = PropagationCancellation()
    private let received = Atomic<Int32>(0)

    private init() {}

    /// Blocks SIGINT/SIGTERM (call first in `main`, before any thread starts) and starts waiting for them.
    public static func install(graceSeconds: Double = 10) -> SignalCancellation {
        let handler = SignalCancellation()
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &set, nil)
        let blocked = set
        DispatchQueue(label: "ionos-acme-hook.signals").async {
            handler.waitForSignals(blocked, graceSeconds: graceSeconds)
        }
        return handler
    }

    /// The signal that arrived, or nil.
    public var signal: Int32? {
        let value = received.load(ordering: .sequentiallyConsistent)
        return value == 0 ? nil : value
    }

    /// The process exit status: 128 + the signal when one arrived, else `status`.
    public func exitStatus(_ status: Int32) -> Int32 {
        signal.map { 128 + $0 } ?? status
    }

    private func waitForSignals(_ set: sigset_t, graceSeconds: Double) {
        var set = set
        var number: Int32 = 0
        while true {
            guard sigwait(&set, &number) == 0 else { continue }
            let (exchanged, _) = received.compareExchange(expected: 0, desired: number, ordering: .sequentiallyConsistent)
            guard exchanged else { _exit(128 + number) }  // a second signal: stop now
            cancellation.cancel()
            let status = 128 + number
            DispatchQueue.global().asyncAfter(deadline: .now() + graceSeconds) { _exit(status) }
        }
    }
}
