import DNSWire

/// Waits until every authoritative server serves every expected TXT value.
///
/// All server addresses are polled in parallel without recursion: the first round at once, then
/// rounds that start about a tenth of the time waited so far after the previous one (between
/// `minimumPause` and `pollInterval`), within per-name and per-server rate limits. A server/name
/// pair that served all its values is not asked again. The timeout counts from the first round
/// (after discovery). All time comes from the `Clock`, so tests run without sleeping.
public struct PropagationWaiter: Sendable {
    private let settings: PropagationSettings
    private let transport: any DNSTransport
    private let clock: any Clock
    private let logger: Logger
    private let progress: PropagationProgress
    private let cancellation: PropagationCancellation?

    /// Creates a waiter; `progress` chooses the progress display, `cancellation` lets a signal stop it.
    public init(
        settings: PropagationSettings, transport: any DNSTransport, clock: any Clock, logger: Logger,
        progress: PropagationProgress = .none, cancellation: PropagationCancellation? = nil
    ) {
        self.settings = settings
        self.transport = transport
        self.clock = clock
        self.logger = logger
        self.progress = progress
        self.cancellation = cancellation
    }

    /// Creates the production waiter: real sockets (`SocketDNSTransport`) and the monotonic system clock.
    public init(
        settings: PropagationSettings, logger: Logger, progress: PropagationProgress = .none,
        cancellation: PropagationCancellation? = nil
    ) {
        self.init(
            settings: settings, transport: SocketDNSTransport(), clock: SystemClock(), logger: logger,
            progress: progress, cancellation: cancellation)
    }

    /// Discovers the servers (unless given) and polls them until all serve `expected`, or times out.
    public func wait(for expected: [ExpectedTXT]) throws(PropagationError) -> PropagationReport {
        let start = clock.now()
        guard !expected.isEmpty else {
            return PropagationReport(elapsed: 0, rounds: 0, queriesSent: 0, servers: [], skipped: [])
        }
        let checks = try PropagationPlanner(settings: settings, transport: transport, logger: logger)
            .checks(for: expected)
        guard !checks.isEmpty else { throw .noReachableNameservers(["no nameserver address to poll"]) }
        var run = PropagationRun(settings: settings, checks: checks, start: clock.now(), progress: progress)
        let deadline = run.start + settings.timeout
        while true {
            try checkCancelled()
            run.round(transport: transport, clock: clock, deadline: deadline, logger: logger)
            try run.failIfUnreachable()
            if run.allReady { return run.finish(at: clock.now(), waitStart: start) }
            let now = clock.now()
            if now >= deadline { throw run.timeoutError(at: now) }
            let nextRound = run.lastRoundStart + run.pause(at: run.lastRoundStart)
            try pause(min(nextRound, deadline) - now)
        }
    }

    private func checkCancelled() throws(PropagationError) {
        if cancellation?.isCancelled == true { throw .cancelled }
    }

    /// Sleeps `seconds`, in slices of 0.1 s when the wait can be cancelled.
    private func pause(_ seconds: Double) throws(PropagationError) {
        guard cancellation != nil else { return clock.sleep(seconds) }
        let end = clock.now() + seconds
        while true {
            try checkCancelled()
            let left = end - clock.now()
            if left <= 0 { return }
            clock.sleep(min(left, 0.1))
        }
    }
}

/// The mutable state of one wait: the checks, the rate limiter, counters and progress.
struct PropagationRun {
    let settings: PropagationSettings
    var checks: [PropagationCheck]
    let start: Double
    var limiter: PropagationRateLimiter
    var reporter: ProgressReporter
    var rounds = 0
    var queriesSent = 0
    var lastRoundStart: Double
    var warnedSkips = Set<DNSServerAddress>()

    init(settings: PropagationSettings, checks: [PropagationCheck], start: Double, progress: PropagationProgress) {
        self.settings = settings
        self.checks = checks
        self.start = start
        self.lastRoundStart = start
        self.limiter = PropagationRateLimiter(perName: settings.perNameRate, perServer: settings.perServerRate)
        self.reporter = ProgressReporter(progress)
    }

    /// Asks every pending check the rate limits allow, oldest first, in one parallel exchange.
    mutating func round(transport: any DNSTransport, clock: any Clock, deadline: Double, logger: Logger) {
        let now = clock.now()
        lastRoundStart = now
        let order = checks.indices.filter { checks[$0].isPending }
            .sorted { (checks[$0].lastQueried ?? -.infinity) < (checks[$1].lastQueried ?? -.infinity) }
        var due: [Int] = []
        for index in order where limiter.allows(server: checks[index].address, name: checks[index].name, at: now) {
            limiter.record(server: checks[index].address, name: checks[index].name, at: now)
            due.append(index)
        }
        guard !due.isEmpty else { return }
        let queries = due.map {
            DNSQuery(server: checks[$0].address, name: checks[$0].name, type: .txt, recursionDesired: false)
        }
        let timeout = min(settings.queryTimeout, max(0.1, deadline - now))
        let results = transport.exchange(queries, timeout: timeout)
        let done = clock.now()
        for (index, result) in zip(due, results) {
            checks[index].lastQueried = now
            checks[index].queries += 1
            checks[index].apply(result, at: done)
        }
        rounds += 1
        queriesSent += due.count
        skipSilentAddresses(at: done)
        warnAboutSkips(logger)
        let (ready, total) = readyCounts
        logger.debug("propagation: round \(rounds), \(due.count) queries, \(ready)/\(total) ready")
        reporter.update(ready: ready, total: total, elapsed: done - start)
    }

    /// Skips addresses that never answered within the grace period while another address of the same
    /// nameserver already serves the values for that name.
    private mutating func skipSilentAddresses(at now: Double) {
        guard now - start >= settings.silentAddressGrace else { return }
        for index in checks.indices where checks[index].isPending && !checks[index].everAnswered {
            let check = checks[index]
            guard let nameserver = check.nameserver else { continue }
            let sibling = checks.first {
                $0.nameserver == nameserver && $0.name == check.name && $0.address != check.address
                    && $0.readyAt != nil
            }
            guard let sibling else { continue }
            checks[index].skipped =
                "no answer in \(formatDNSSeconds(now - start)) s while \(sibling.address) serves the record"
        }
    }

    private mutating func warnAboutSkips(_ logger: Logger) {
        for check in checks where check.skipped != nil && !warnedSkips.contains(check.address) {
            warnedSkips.insert(check.address)
            logger.warn("propagation: skipping \(label(check)): \(check.skipped ?? "")")
        }
    }

    /// Ready and total counts of distinct server addresses (skipped ones excluded).
    var readyCounts: (ready: Int, total: Int) {
        var pending = Set<DNSServerAddress>()
        var all = Set<DNSServerAddress>()
        for check in checks where check.skipped == nil {
            all.insert(check.address)
            if check.readyAt == nil { pending.insert(check.address) }
        }
        return (all.count - pending.count, all.count)
    }

    /// True when no check is pending.
    var allReady: Bool { !checks.contains { $0.isPending } }

    /// Fails when every address was skipped as unreachable.
    func failIfUnreachable() throws(PropagationError) {
        guard !checks.isEmpty, checks.allSatisfy({ $0.skipped != nil }) else { return }
        var seen = Set<DNSServerAddress>()
        let reasons = checks.filter { seen.insert($0.address).inserted }.map { "\(label($0)): \($0.skipped ?? "")" }
        throw .noReachableNameservers(reasons)
    }

    /// The time from one round's start to the next: a tenth of the time waited, within the configured bounds.
    ///
    /// Counted from the start of a round, so a round's own duration does not add to the delay.
    func pause(at now: Double) -> Double {
        let floor = min(settings.minimumPause, settings.pollInterval)
        return min(max((now - start) / 10, floor), settings.pollInterval)
    }

    /// The report after success; writes the final progress line.
    mutating func finish(at now: Double, waitStart: Double) -> PropagationReport {
        var servers: [DNSServerAddress: PropagationReport.Server] = [:]
        var order: [DNSServerAddress] = []
        for check in checks where check.skipped == nil {
            let ready = (check.readyAt ?? now) - start
            if var server = servers[check.address] {
                server.readyAfter = max(server.readyAfter, ready)
                server.queries += check.queries
                servers[check.address] = server
            } else {
                order.append(check.address)
                servers[check.address] = .init(
                    address: check.address, nameserver: check.nameserver, readyAfter: ready, queries: check.queries)
            }
        }
        var seen = Set<DNSServerAddress>()
        let skipped = checks.filter { $0.skipped != nil && seen.insert($0.address).inserted }
            .map { "\(label($0)): \($0.skipped ?? "")" }
        let (_, total) = readyCounts
        reporter.finish("\(total)/\(total) nameservers ready after \(formatDNSSeconds(now - start)) s")
        return PropagationReport(
            elapsed: now - waitStart, rounds: rounds, queriesSent: queriesSent,
            servers: order.compactMap { servers[$0] }, skipped: skipped)
    }

    /// The timeout error naming every lagging server, what it lacks and what it answered.
    mutating func timeoutError(at now: Double) -> PropagationError {
        let (ready, total) = readyCounts
        reporter.finish("\(ready)/\(total) nameservers ready, gave up after \(formatDNSSeconds(now - start)) s")
        let lagging = checks.filter(\.isPending).map {
            LaggingServer(
                address: $0.address, nameserver: $0.nameserver, name: $0.name.description, missing: $0.missing,
                answered: $0.observation)
        }
        return .timeout(after: now - start, lagging: lagging)
    }

    private func label(_ check: PropagationCheck) -> String {
        check.nameserver.map { "\(check.address) (\($0))" } ?? check.address.description
    }
}
