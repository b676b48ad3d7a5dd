import Glibc
import IonosSandbox

exit(SandboxCommand.run(arguments: Array(CommandLine.arguments.dropFirst())))
