import Glibc

/// The `ionos-sandbox` program: parse flags, start, wait for SIGINT/SIGTERM, stop.
public enum SandboxCommand {
    /// Runs the program with the arguments after its name; returns the exit code.
    public static func run(arguments: [String]) -> Int32 {
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        signal(SIGPIPE, SIG_IGN)
        let options: SandboxOptions
        do {
            switch try SandboxOptions.parse(arguments: arguments) {
            case .help:
                writeLine(1, SandboxOptions.usage)
                return 0
            case .run(let parsed): options = parsed
            }
            let sandbox = try Sandbox(options: options)
            try sandbox.start()
            if !options.quiet { announce(sandbox) }
            var received: Int32 = 0
            sigwait(&signals, &received)
            sandbox.stop()
            if !options.quiet { writeLine(2, "ionos-sandbox: stopped (signal \(received))") }
            return 0
        } catch {
            writeLine(2, "ionos-sandbox: \(error.description)")
            return error.exitCode
        }
    }

    private static func announce(_ sandbox: Sandbox) {
        writeLine(
            2,
            """
            ionos-sandbox: API      \(sandbox.apiURL)
            ionos-sandbox: API key  \(sandbox.apiKey)
            ionos-sandbox: resolver \(sandbox.resolverAddress)
            ionos-sandbox: nameservers \(sandbox.nameserverAddresses.joined(separator: " "))
            """)
    }

    private static func writeLine(_ fd: Int32, _ text: String) {
        let bytes = Array((text + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n <= 0 { return }
            offset += n
        }
    }
}
