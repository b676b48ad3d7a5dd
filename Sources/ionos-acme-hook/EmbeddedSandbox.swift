import IonosACME
import IonosSandbox

/// Starts the sandbox in-process for `ionos-acme-hook demo`: lag 0s,1s,2s,3s, DNS on a free port.
func startEmbeddedSandbox() throws -> DemoSandbox {
    var lastError: (any Error)?
    for _ in 0..<12 {
        var options = SandboxOptions()
        options.lag = .perServer([0, 1, 2, 3])
        options.dnsPort = UInt16.random(in: 20000...60000)
        options.quiet = true
        do {
            let sandbox = try Sandbox(options: options)
            try sandbox.start()
            return DemoSandbox(
                apiURL: sandbox.apiURL, apiKey: sandbox.apiKey, resolver: sandbox.resolverAddress,
                dnsPort: options.dnsPort, nameservers: sandbox.nameserverAddresses,
                lagDescription: "0s,1s,2s,3s", stop: { sandbox.stop() })
        } catch {
            lastError = error  // most likely the port was taken: try another
        }
    }
    throw lastError ?? SandboxStartFailure()
}

struct SandboxStartFailure: Error, CustomStringConvertible {
    var description: String { "could not start the embedded sandbox" }
}
