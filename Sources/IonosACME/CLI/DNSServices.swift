/// The DNS side of a run: the resolver for discovery, CNAME following and the propagation wait.
struct DNSServices {
    let settings: Settings
    let runtime: HookRuntime
    let logger: Logger
    var transport: any DNSTransport = SocketDNSTransport()

    /// The recursive resolver: `IONOS_ACME_RESOLVER`, else the first nameserver of /etc/resolv.conf.
    func resolverAddress() throws(ConfigError) -> DNSServerAddress {
        if let address = settings.resolver { return address }
        guard let conf = try? runtime.files.readText("/etc/resolv.conf"),
            let address = DNSServerAddress.firstNameserver(inResolvConf: conf)
        else {
            throw .invalidValue(name: "IONOS_ACME_RESOLVER", value: "", expected: "a resolver address, since /etc/resolv.conf names none")
        }
        return address
    }

    /// Discovery through the resolver.
    func discovery() throws(ConfigError) -> DNSDiscovery {
        DNSDiscovery(resolver: try resolverAddress(), transport: transport, logger: logger)
    }

    /// CNAME following through the resolver (the resolver is looked up on first use).
    func cnameResolver() -> any CNAMEResolving { LazyCNAMEResolver(services: self) }

    func propagationWaiter() -> (any PropagationWaiting)? { nil }  // TODO(dns): replace with the real wait.
}

/// Follows CNAMEs with discovery created on first use, so commands that never look need no resolver.
private struct LazyCNAMEResolver: CNAMEResolving {
    let services: DNSServices

    func challengeTarget(of name: String) throws -> String {
        try services.discovery().followCNAME(name)
    }
}
