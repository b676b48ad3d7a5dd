import FoundationEssentials
import Glibc
import IonosACME

let signals = SignalCancellation.install()
var runtime = HookRuntime(
    environment: ProcessInfo.processInfo.environment,
    console: .standard(stderrIsTerminal: isatty(2) == 1),
    userID: UInt32(geteuid()))
runtime.demoSandbox = startEmbeddedSandbox
runtime.cancellation = signals.cancellation
exit(signals.exitStatus(HookCLI.run(arguments: Array(CommandLine.arguments.dropFirst()), runtime: runtime)))
