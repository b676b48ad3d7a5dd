import DNSWire
import IonosACME
import XCTest

/// How soon after the last server becomes ready the wait returns, simulated with the manual clock.
///
/// A benchmark-like check on the algorithm (no real time): for every lag the delay must stay within
/// max(0.5 s, lag / 10) plus the simulated round trip; the figures are printed for the report.
final class PropagationLatencyTests: XCTestCase {
    private let roundTrip = 0.005

    private func delayAfterReady(lags: [Double]) throws -> (delay: Double, queries: Int) {
        let clock = PropagationTestClock()
        var world = ScriptedDNSTransport.World()
        world.txt["_acme-challenge.example.test"] = ["v"]
        let servers = (0..<lags.count).map { ScriptedDNSTransport.address("127.0.0.\($0 + 2)", port: 5353) }
        for (server, lag) in zip(servers, lags) { world.lag[server] = lag }
        let transport = ScriptedDNSTransport(clock: clock, world: world, latency: roundTrip)
        let settings = PropagationSettings(
            resolver: transport.resolver, nameservers: servers, timeout: 60, pollInterval: 2)
        let report = try PropagationWaiter(settings: settings, transport: transport, clock: clock, logger: .silent)
            .wait(for: [ExpectedTXT(fqdn: "_acme-challenge.example.test", value: "v")])
        return (clock.now() - (lags.max() ?? 0), report.queriesSent)
    }

    func testDelayAfterTheLastServerIsReady() throws {
        var lines: [String] = []
        // Lags just after a round (+0.001 s) are the worst case: the value is missed by a hair.
        for step in 0...20 {
            let lag = Double(step) * 0.25 + 0.001
            let (delay, queries) = try delayAfterReady(lags: [0, lag / 2, lag])
            lines.append("lag \(lag) s: returned \(String(format: "%.3f", delay)) s after ready, \(queries) queries")
            XCTAssertGreaterThanOrEqual(delay, 0)
            XCTAssertLessThanOrEqual(delay, max(0.5, lag / 10) + 2 * roundTrip, "lag \(lag)")
        }
        print(lines.joined(separator: "\n"))
    }

    func testMedianDelayOverRandomLags() throws {
        var generator = SeededGenerator(seed: 7)
        var delays: [Double] = []
        for _ in 0..<20 {
            let lags = (0..<4).map { _ in Double.random(in: 0...5, using: &generator) }
            delays.append(try delayAfterReady(lags: lags).delay)
        }
        delays.sort()
        let median = (delays[9] + delays[10]) / 2
        print(
            "20 runs, random lags 0-5 s: median \(String(format: "%.3f", median)) s, max \(String(format: "%.3f", delays[19])) s"
        )
        XCTAssertLessThanOrEqual(median, 0.5)
    }
}
