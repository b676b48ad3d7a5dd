/// Builds the services a command needs from the settings: the one place where parts are wired together.
struct Composition {
    let settings: Settings
    let runtime: HookRuntime
    let logger: Logger

    /// The IONOS record operations over libcurl (or the runtime's transport).
    func recordService() throws -> RecordService {
        let key = try settings.requireAPIKey()
        let transport: any HTTPTransport
        if let injected = runtime.httpTransport {
            transport = injected
        } else {
            transport = try CurlTransport(caFile: settings.caFile)
        }
        let client = try IonosClient(
            baseURL: settings.apiURL, apiKey: key, transport: transport,
            clock: runtime.clock, logger: logger)
        return RecordService(client: client, ttl: settings.ttl, allowlist: settings.zones, logger: logger)
    }

    /// Discovery, CNAME following and the propagation wait.
    func dns() -> DNSServices { DNSServices(settings: settings, runtime: runtime, logger: logger) }

    /// The solver: records, CNAME following and the propagation wait as configured.
    func solver() throws -> ChallengeSolver {
        let records = try recordService()
        let dns = dns()
        return ChallengeSolver(
            records: records,
            cnames: settings.followCNAME ? dns.cnameResolver() : nil,
            waiter: settings.noWait ? nil : dns.propagationWaiter(),
            logger: logger)
    }
}
