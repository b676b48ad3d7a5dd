import DNSWire
import IonosACME
import XCTest

/// The propagation wait against a scripted DNS world and a manual clock (no sockets, no sleeping).
final class PropagationWaitTests: XCTestCase {
    private let record = "_acme-challenge.example.test"
    private let value = "gfj9Xq-value"

    private func servers(_ count: Int) -> [DNSServerAddress] {
        (0..<count).map { ScriptedDNSTransport.address("127.0.0.\($0 + 2)", port: 5353) }
    }

    private func world(lags: [Double]) -> ScriptedDNSTransport.World {
        var world = ScriptedDNSTransport.World()
        world.txt[record] = [value, "other-value"]
        for (server, lag) in zip(servers(lags.count), lags) { world.lag[server] = lag }
        return world
    }

    private func waiter(
        _ transport: ScriptedDNSTransport, nameservers: [DNSServerAddress]?, timeout: Double = 60,
        logger: Logger = .silent, progress: PropagationProgress = .none, cancellation: PropagationCancellation? = nil
    ) -> PropagationWaiter {
        let settings = PropagationSettings(
            resolver: transport.resolver, authoritativePort: 5353, nameservers: nameservers, timeout: timeout,
            pollInterval: 2)
        return PropagationWaiter(
            settings: settings, transport: transport, clock: transport.clock, logger: logger, progress: progress,
            cancellation: cancellation)
    }

    // MARK: - Success

    func testReturnsOnlyAfterTheSlowestServerHasTheValue() throws {
        let clock = PropagationTestClock()
        let transport = ScriptedDNSTransport(clock: clock, world: world(lags: [0, 1, 2, 4]))
        let report = try waiter(transport, nameservers: servers(4)).wait(for: [ExpectedTXT(fqdn: record, value: value)])
        XCTAssertGreaterThanOrEqual(clock.now(), 4)
        XCTAssertLessThanOrEqual(clock.now(), 4 + 0.5)
        XCTAssertEqual(report.servers.count, 4)
        for (server, lag) in zip(report.servers, [0.0, 1, 2, 4]) {
            XCTAssertGreaterThanOrEqual(server.readyAfter, lag, "\(server.address)")
            XCTAssertLessThanOrEqual(server.readyAfter, lag + 0.5, "\(server.address)")
        }
        XCTAssertEqual(report.queriesSent, transport.log.count)
    }

    func testReadyServersAreNotAskedAgain() throws {
        let clock = PropagationTestClock()
        let transport = ScriptedDNSTransport(clock: clock, world: world(lags: [0, 3]))
        _ = try waiter(transport, nameservers: servers(2)).wait(for: [ExpectedTXT(fqdn: record, value: value)])
        let first = transport.log.filter { $0.query.server == servers(2)[0] }
        XCTAssertEqual(first.count, 1)
        XCTAssertGreaterThan(transport.log.count, 5)
        XCTAssertTrue(transport.log.allSatisfy { !$0.query.recursionDesired && $0.query.type == .txt })
    }

    func testSeveralValuesAtOneNameMustAllBeServed() throws {
        let clock = PropagationTestClock()
        var world = world(lags: [0])
        world.staleTXT[servers(1)[0]] = [value]  // only one of the two values before the lag
        world.lag[servers(1)[0]] = 2
        let transport = ScriptedDNSTransport(clock: clock, world: world)
        let expected = [ExpectedTXT(fqdn: record, value: value), ExpectedTXT(fqdn: record + ".", value: "other-value")]
        _ = try waiter(transport, nameservers: servers(1)).wait(for: expected)
        XCTAssertGreaterThanOrEqual(clock.now(), 2)
        XCTAssertEqual(Set(transport.log.map(\.query.name)), [try DNSName(record)], "one name, asked once per round")
    }

    func testPausesGrowFromAQuarterSecondToThePollInterval() throws {
        let clock = PropagationTestClock()
        let transport = ScriptedDNSTransport(clock: clock, world: world(lags: [60]))
        _ = try waiter(transport, nameservers: servers(1), timeout: 120).wait(for: [
            ExpectedTXT(fqdn: record, value: value)
        ])
        let times = transport.log.map(\.time)
        let gaps = zip(times.dropFirst(), times).map { $0 - $1 }
        XCTAssertEqual(times.first, 0, "the first round at once")
        XCTAssertEqual(try XCTUnwrap(gaps.first), 0.25, accuracy: 0.001)
        XCTAssertTrue(gaps.allSatisfy { $0 >= 0.25 - 1e-9 && $0 <= 2 + 1e-9 }, "\(gaps)")
        XCTAssertEqual(try XCTUnwrap(gaps.last), 2, accuracy: 0.001)
        XCTAssertLessThan(times.count, 60, "slows down: \(times.count) queries in 60 s")
    }

    // MARK: - Timeout

    func testTimeoutNamesTheLaggingServersAndWhatTheyAnswered() throws {
        let clock = PropagationTestClock()
        var world = world(lags: [0, 0, 100, 100])
        let addresses = servers(4)
        world.staleTXT[addresses[2]] = ["old-value"]
        world.behaviour[addresses[3]] = .silent
        let transport = ScriptedDNSTransport(clock: clock, world: world)
        XCTAssertThrowsError(
            try waiter(transport, nameservers: addresses, timeout: 5).wait(for: [
                ExpectedTXT(fqdn: record, value: value)
            ])
        ) { error in
            guard let error = error as? PropagationError, case .timeout(let after, let lagging) = error else {
                return XCTFail("expected a timeout, got \(error)")
            }
            XCTAssertEqual(error.exitCode, .timeout)
            XCTAssertEqual(error.exitCode.rawValue, 75)
            XCTAssertGreaterThanOrEqual(after, 5)
            XCTAssertEqual(lagging.map(\.address), [addresses[2], addresses[3]])
            XCTAssertEqual(lagging.map(\.answered), [.values(["old-value"]), .noAnswer("timeout")])
            XCTAssertEqual(lagging[0].missing, [value])
            XCTAssertTrue(error.description.contains("127.0.0.4:5353 lacks 'gfj9Xq-value'"), error.description)
            XCTAssertTrue(error.description.contains("answered TXT 'old-value'"), error.description)
            XCTAssertTrue(error.description.contains("127.0.0.5:5353 lacks"), error.description)
            XCTAssertTrue(error.description.contains("no answer (timeout)"), error.description)
        }
        XCTAssertLessThan(clock.now(), 5 + 1.6, "gives up right after the deadline")
    }

    func testTimeoutWithNXDOMAINNamesTheNameserver() throws {
        let clock = PropagationTestClock()
        var world = world(lags: [0, 100])
        world.zones = [
            .init(
                apex: "example.test",
                nameservers: [("ns1.example.test", "127.0.0.2"), ("ns2.example.test", "127.0.0.3")])
        ]
        let transport = ScriptedDNSTransport(clock: clock, world: world)
        XCTAssertThrowsError(
            try waiter(transport, nameservers: nil, timeout: 3).wait(for: [ExpectedTXT(fqdn: record, value: value)])
        ) {
            error in
            let description = String(describing: error)
            XCTAssertTrue(description.contains("127.0.0.3:5353 (ns2.example.test) lacks"), description)
            XCTAssertTrue(description.contains("answered NXDOMAIN"), description)
            XCTAssertFalse(description.contains("127.0.0.2:"), description)
        }
    }

    // MARK: - Rate limits

    func testRateLimitsAreNeverExceeded() throws {
        let clock = PropagationTestClock()
        var world = ScriptedDNSTransport.World()
        let names = (0..<30).map { "_acme-challenge.host\($0).example.test" }
        for name in names { world.txt[name] = ["v"] }
        let addresses = servers(2)
        world.lag[addresses[0]] = 8
        world.lag[addresses[1]] = 3
        let transport = ScriptedDNSTransport(clock: clock, world: world, latency: 0.001)
        var settings = PropagationSettings(
            resolver: transport.resolver, nameservers: addresses, timeout: 60, pollInterval: 0.25)
        settings.minimumPause = 0.01  // try to go faster than allowed: the limiter must hold
        let waiter = PropagationWaiter(settings: settings, transport: transport, clock: clock, logger: .silent)
        _ = try waiter.wait(for: names.map { ExpectedTXT(fqdn: $0, value: "v") })
        let log = transport.log
        for server in addresses {
            let times = log.filter { $0.query.server == server }.map(\.time)
            XCTAssertLessThanOrEqual(Self.maxInAnyWindow(times), 20, "per server \(server)")
            for name in names {
                let perName = log.filter { $0.query.server == server && $0.query.name.description == name }.map(\.time)
                XCTAssertLessThanOrEqual(Self.maxInAnyWindow(perName), 4, "\(name) at \(server)")
            }
        }
        XCTAssertGreaterThan(log.count, 60)
    }

    /// The most events within any half-open window `[t, t + 1)`.
    private static func maxInAnyWindow(_ times: [Double]) -> Int {
        let sorted = times.sorted()
        var best = 0
        for (index, start) in sorted.enumerated() {
            best = max(best, sorted[index...].prefix { $0 < start + 1 }.count)
        }
        return best
    }

    func testRateLimiterUnit() throws {
        var limiter = PropagationRateLimiter(perName: 4, perServer: 5)
        let server = ScriptedDNSTransport.address("127.0.0.2")
        let a = try DNSName("a.test")
        let b = try DNSName("b.test")
        for time in [0, 0.1, 0.2, 0.3] {
            XCTAssertTrue(limiter.allows(server: server, name: a, at: time))
            limiter.record(server: server, name: a, at: time)
        }
        XCTAssertFalse(limiter.allows(server: server, name: a, at: 0.9), "fifth query for one name within 1 s")
        XCTAssertTrue(limiter.allows(server: server, name: b, at: 0.9))
        limiter.record(server: server, name: b, at: 0.9)
        XCTAssertFalse(limiter.allows(server: server, name: b, at: 0.95), "sixth query to one server within 1 s")
        XCTAssertTrue(limiter.allows(server: server, name: a, at: 1.0), "the query at 0 left the window")
        XCTAssertTrue(limiter.allows(server: ScriptedDNSTransport.address("127.0.0.3"), name: a, at: 0.5))
    }

    // MARK: - Discovery and batches

    func testBatchAcrossTwoZonesPollsEachZonesNameservers() throws {
        let clock = PropagationTestClock()
        var world = ScriptedDNSTransport.World()
        world.zones = [
            .init(
                apex: "example.test",
                nameservers: [("ns1.example.test", "127.0.0.2"), ("ns2.example.test", "127.0.0.3")]),
            .init(apex: "delegated.test", nameservers: [("ns1.other.test", "127.0.0.4")]),
        ]
        world.txt = [
            record: ["a", "b"], "_acme-challenge.www.example.test": ["c"], "_acme-challenge.delegated.test": ["d"],
        ]
        world.lag = [
            ScriptedDNSTransport.address("127.0.0.2", port: 5353): 1,
            ScriptedDNSTransport.address("127.0.0.3", port: 5353): 2,
            ScriptedDNSTransport.address("127.0.0.4", port: 5353): 3,
        ]
        let transport = ScriptedDNSTransport(clock: clock, world: world)
        let expected = [
            ExpectedTXT(fqdn: record, value: "a"), ExpectedTXT(fqdn: record, value: "b"),
            ExpectedTXT(fqdn: "_acme-challenge.www.example.test", value: "c"),
            ExpectedTXT(fqdn: "_acme-challenge.Delegated.test.", value: "d"),
        ]
        let report = try waiter(transport, nameservers: nil).wait(for: expected)
        XCTAssertEqual(
            Set(report.servers.map(\.nameserver)), ["ns1.example.test", "ns2.example.test", "ns1.other.test"])
        XCTAssertGreaterThanOrEqual(clock.now(), 3)
        let authoritative = transport.log.filter { $0.query.server != transport.resolver }
        for entry in authoritative {
            let inDelegated = entry.query.name.description.hasSuffix("delegated.test")
            XCTAssertEqual(entry.query.server.port, 5353)
            XCTAssertEqual(entry.query.server.host.description == "127.0.0.4", inDelegated, "\(entry.query)")
        }
        XCTAssertTrue(
            transport.log.filter { $0.query.server == transport.resolver }.allSatisfy(\.query.recursionDesired))
    }

    func testDiscoveryFailureIsAClearError() {
        let clock = PropagationTestClock()
        let transport = ScriptedDNSTransport(clock: clock, world: ScriptedDNSTransport.World())
        XCTAssertThrowsError(
            try waiter(transport, nameservers: nil).wait(for: [ExpectedTXT(fqdn: record, value: value)])
        ) {
            error in
            XCTAssertEqual(error as? PropagationError, .discovery(.noZone(name: "_acme-challenge.example.test")))
            XCTAssertEqual((error as? PropagationError)?.exitCode, .dataError)
        }
    }

    func testInvalidRecordNameIsRejected() {
        let transport = ScriptedDNSTransport(clock: PropagationTestClock(), world: world(lags: [0]))
        XCTAssertThrowsError(
            try waiter(transport, nameservers: servers(1)).wait(for: [ExpectedTXT(fqdn: "a..b", value: "v")])
        ) {
            XCTAssertEqual(($0 as? PropagationError)?.exitCode, .dataError)
        }
    }

    // MARK: - Unreachable, cancellation, progress

    func testUnreachableAddressesAreSkipped() throws {
        let clock = PropagationTestClock()
        var world = world(lags: [1, 0])
        world.behaviour[servers(2)[1]] = .unreachable
        let capture = LogCapture()
        let transport = ScriptedDNSTransport(clock: clock, world: world)
        let report = try waiter(transport, nameservers: servers(2), logger: capture.logger()).wait(for: [
            ExpectedTXT(fqdn: record, value: value)
        ])
        XCTAssertEqual(report.servers.map(\.address), [servers(2)[0]])
        XCTAssertEqual(report.skipped.count, 1)
        XCTAssertEqual(transport.log.filter { $0.query.server == servers(2)[1] }.count, 1, "not asked again")
        XCTAssertTrue(capture.captured.contains { $0.contains("skipping 127.0.0.3:5353") })

        world.behaviour[servers(2)[0]] = .unreachable
        let all = ScriptedDNSTransport(clock: clock, world: world)
        XCTAssertThrowsError(
            try waiter(all, nameservers: servers(2)).wait(for: [ExpectedTXT(fqdn: record, value: value)])
        ) {
            XCTAssertEqual(($0 as? PropagationError)?.exitCode, .unavailable)
        }
    }

    func testCancellationStopsTheWait() {
        let clock = PropagationTestClock()
        let cancellation = PropagationCancellation()
        let transport = ScriptedDNSTransport(clock: clock, world: world(lags: [100])) { count in
            if count == 3 { cancellation.cancel() }
        }
        XCTAssertThrowsError(
            try waiter(transport, nameservers: servers(1), cancellation: cancellation).wait(for: [
                ExpectedTXT(fqdn: record, value: value)
            ])
        ) { XCTAssertEqual($0 as? PropagationError, .cancelled) }
        XCTAssertEqual(transport.log.count, 3)
    }

    func testProgressLinesAreShortAndFew() throws {
        let clock = PropagationTestClock()
        let capture = LogCapture()
        let transport = ScriptedDNSTransport(clock: clock, world: world(lags: [0, 1, 2, 40]))
        _ = try waiter(
            transport, nameservers: servers(4), logger: capture.logger(level: .info),
            progress: .lines(capture.logger(level: .info))
        )
        .wait(for: [ExpectedTXT(fqdn: record, value: value)])
        let lines = capture.captured
        XCTAssertTrue(lines.contains("1/4 nameservers ready, 0 s"), "\(lines)")
        XCTAssertTrue(lines.contains { $0.hasPrefix("3/4 nameservers ready, 2 s") }, "\(lines)")
        XCTAssertTrue(lines.last?.hasPrefix("4/4 nameservers ready after 40") == true, "\(lines)")
        XCTAssertLessThanOrEqual(lines.count, 3 + 40 / 15 + 2, "\(lines)")
    }

    func testEmptyBatchReturnsAtOnce() throws {
        let transport = ScriptedDNSTransport(clock: PropagationTestClock(), world: world(lags: [0]))
        XCTAssertEqual(try waiter(transport, nameservers: nil).wait(for: []).queriesSent, 0)
        XCTAssertTrue(transport.log.isEmpty)
    }
}

/// The live progress line on a terminal-like file descriptor.
final class PropagationLiveProgressTests: XCTestCase {
    func testLiveLineRewritesAndEndsWithNewline() throws {
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&fds), 0)
        defer { close(fds[0]) }
        let clock = PropagationTestClock()
        var world = ScriptedDNSTransport.World()
        world.txt["_acme-challenge.example.test"] = ["v"]
        let servers = [ScriptedDNSTransport.address("127.0.0.2"), ScriptedDNSTransport.address("127.0.0.3")]
        world.lag[servers[1]] = 1
        let transport = ScriptedDNSTransport(clock: clock, world: world)
        let settings = PropagationSettings(resolver: transport.resolver, nameservers: servers, timeout: 10)
        _ = try PropagationWaiter(
            settings: settings, transport: transport, clock: clock, logger: .silent, progress: .live(fd: fds[1])
        ).wait(for: [ExpectedTXT(fqdn: "_acme-challenge.example.test", value: "v")])
        close(fds[1])
        var bytes = [UInt8](repeating: 0, count: 4096)
        let count = read(fds[0], &bytes, bytes.count)
        let text = String(decoding: bytes[0..<max(0, count)], as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("\r1/2 nameservers ready, 0 s\u{1B}[K"), text.debugDescription)
        XCTAssertTrue(text.hasSuffix("\r2/2 nameservers ready after 1 s\u{1B}[K\n"), text.debugDescription)
        XCTAssertEqual(text.filter { $0 == "\n" }.count, 1)
    }
}

/// A nameserver whose IPv6 address never answers while its IPv4 address serves the record.
final class PropagationSilentAddressTests: XCTestCase {
    func testSilentSiblingAddressIsSkippedAfterTheGrace() throws {
        let clock = PropagationTestClock()
        var world = ScriptedDNSTransport.World()
        world.zones = [.init(apex: "example.test", nameservers: [("ns1.example.test", "127.0.0.2")])]
        world.aaaa = ["ns1.example.test": "::1"]
        world.txt["_acme-challenge.example.test"] = ["v"]
        let v4 = ScriptedDNSTransport.address("127.0.0.2")
        world.behaviour[ScriptedDNSTransport.address("::1")] = .silent
        let transport = ScriptedDNSTransport(clock: clock, world: world)
        var settings = PropagationSettings(resolver: transport.resolver, timeout: 120, pollInterval: 2)
        settings.silentAddressGrace = 20
        let capture = LogCapture()
        let report = try PropagationWaiter(
            settings: settings, transport: transport, clock: clock, logger: capture.logger()
        )
        .wait(for: [ExpectedTXT(fqdn: "_acme-challenge.example.test", value: "v")])
        XCTAssertEqual(report.servers.map(\.address), [v4])
        XCTAssertEqual(report.skipped.count, 1)
        XCTAssertTrue(report.skipped[0].hasPrefix("[::1]:53 (ns1.example.test): no answer in"), report.skipped[0])
        XCTAssertGreaterThanOrEqual(clock.now(), 20)
        XCTAssertLessThan(clock.now(), 25)
        XCTAssertTrue(capture.captured.contains { $0.contains("skipping [::1]:53") })
    }

    func testSilentAddressWithoutAReadySiblingIsNotSkipped() throws {
        let clock = PropagationTestClock()
        var world = ScriptedDNSTransport.World()
        world.zones = [.init(apex: "example.test", nameservers: [("ns1.example.test", "127.0.0.2")])]
        world.aaaa = ["ns1.example.test": "::1"]
        world.txt["_acme-challenge.example.test"] = ["v"]
        world.lag[ScriptedDNSTransport.address("127.0.0.2")] = 1000
        world.behaviour[ScriptedDNSTransport.address("::1")] = .silent
        let transport = ScriptedDNSTransport(clock: clock, world: world)
        var settings = PropagationSettings(resolver: transport.resolver, timeout: 40, pollInterval: 2)
        settings.silentAddressGrace = 20
        XCTAssertThrowsError(
            try PropagationWaiter(settings: settings, transport: transport, clock: clock, logger: .silent)
                .wait(for: [ExpectedTXT(fqdn: "_acme-challenge.example.test", value: "v")])
        ) { error in
            guard case .timeout(_, let lagging) = error as? PropagationError else { return XCTFail("\(error)") }
            XCTAssertEqual(lagging.map(\.answered), [.nxdomain, .noAnswer("timeout")])
        }
    }
}

/// An explicit but empty server list cannot count as success.
final class PropagationEmptyServerListTests: XCTestCase {
    func testEmptyNameserverListIsAnError() {
        let transport = ScriptedDNSTransport(clock: PropagationTestClock(), world: ScriptedDNSTransport.World())
        let settings = PropagationSettings(resolver: transport.resolver, nameservers: [])
        XCTAssertThrowsError(
            try PropagationWaiter(settings: settings, transport: transport, clock: transport.clock, logger: .silent)
                .wait(for: [ExpectedTXT(fqdn: "_acme-challenge.example.test", value: "v")])
        ) { XCTAssertEqual(($0 as? PropagationError)?.exitCode, .unavailable) }
    }
}
