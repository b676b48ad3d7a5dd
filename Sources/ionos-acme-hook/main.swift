import FoundationEssentials
import Glibc
import IonosACME

var runtime = HookRuntime(
    environment: ProcessInfo.processInfo.environment,
    console: .standard(stderrIsTerminal: isatty(2) == 1),
    userID: UInt32(geteuid()))
runtime.demoSandbox = startEmbeddedSandbox
exit(HookCLI.run(arguments: Array(CommandLine.arguments.dropFirst()), runtime: runtime))
