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
        else { throw .noResolver }
        return address
    }

    /// Discovery through the resolver.
    func discovery() throws(ConfigError) -> DNSDiscovery {
        DNSDiscovery(resolver: try resolverAddress(), transport: transport, logger: logger)
    }

    /// CNAME following through the resolver (the resolver is looked up on first use).
    func cnameResolver() -> any CNAMEResolving { LazyCNAMEResolver(services: self) }

    /// The propagation wait as configured (servers are discovered on first use).
    func propagationWaiter() -> any PropagationWaiting { ConfiguredWaiter(services: self) }

    /// The wait's settings: discovered servers unless `IONOS_ACME_NAMESERVERS` names them.
    func propagationSettings() throws(ConfigError) -> PropagationSettings {
        // With fixed nameservers no resolver is asked; the first server stands in as a placeholder.
        let resolver: DNSServerAddress
        if let fixed = settings.nameservers?.first {
            resolver = (try? resolverAddress()) ?? fixed
        } else {
            resolver = try resolverAddress()
        }
        return PropagationSettings(
            resolver: resolver, authoritativePort: settings.dnsPort, nameservers: settings.nameservers,
            timeout: settings.propagationTimeout, pollInterval: settings.pollInterval)
    }

    /// Progress as a live line on a terminal, plain lines otherwise, nothing below info.
    func progress() -> PropagationProgress {
        guard logger.level >= .info else { return .none }
        return runtime.console.stderrIsTerminal ? .live(fd: 2) : .lines(logger)
    }
}

/// Waits through `PropagationWaiter`, built when first needed.
private struct ConfiguredWaiter: PropagationWaiting {
    let services: DNSServices

    func waitUntilServed(_ records: [ChallengeTXT]) throws {
        let waiter = PropagationWaiter(
            settings: try services.propagationSettings(), transport: services.transport, clock: services.runtime.clock,
            logger: services.logger, progress: services.progress(), cancellation: services.runtime.cancellation)
        let report = try waiter.wait(for: records.map { ExpectedTXT(fqdn: $0.name, value: $0.value) })
        let seconds = Double(Int(report.elapsed * 10)) / 10
        services.logger.debug(
            "all \(report.servers.count) nameserver address(es) serve \(records.count) value(s) after \(seconds) s (\(report.queriesSent) queries)")
    }
}

/// Follows CNAMEs with discovery created on first use, so commands that never look need no resolver.
private struct LazyCNAMEResolver: CNAMEResolving {
    let services: DNSServices

    func challengeTarget(of name: String) throws -> String {
        try services.discovery().followCNAME(name)
    }
}
