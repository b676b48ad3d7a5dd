import DNSWire
import Foundation
import XCTest

@testable import IonosSandbox

/// Replays the fuzz seeds and every saved fuzz finding (fuzz/regressions/<target>/) through the same
/// checks as the libFuzzer harnesses in fuzz/, so a crash once found stays fixed.
final class FuzzReplayTests: XCTestCase {
    /// The inputs of one fuzz target: seeds and regressions, by file name.
    private func inputs(_ target: String) -> [(String, [UInt8])] {
        ["fuzz/seeds/", "fuzz/regressions/"].flatMap { folder -> [(String, [UInt8])] in
            let directory = packageRoot.appendingPathComponent(folder + target)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            return names.sorted().compactMap { name in
                guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path) else { return nil }
                return (folder + target + "/" + name, Array(data))
            }
        }
    }

    func testSandboxHTTPInputs() throws {
        let api = try APIHandler.deterministic()
        let cases = inputs("sandbox-http")
        XCTAssertFalse(cases.isEmpty, "the seeds are found")
        var answered = 0
        for (name, bytes) in cases {
            guard let end = HTTPParser.headEnd(in: bytes) else { continue }
            guard var request = try? HTTPParser.parseHead(bytes[0..<(end - 4)]) else { continue }
            request.0.body = Array(bytes[end..<min(bytes.count, end + request.1)])
            api.store.reset()
            let response = api.handle(request.0)
            XCTAssertTrue((100...599).contains(response.status), name)
            XCTAssertFalse(response.bytes().isEmpty, name)
            answered += 1
        }
        XCTAssertGreaterThan(answered, 0)
    }

    func testSandboxDNSInputs() throws {
        let store = try ZoneStore(seed: ZoneSeed.defaultSeed, random: SeededRandom(seed: 1), lag: .fixed(0), serverCount: 4)
        let servers = (0..<4).compactMap { SocketAddress(ip: "127.0.0.\($0 + 2)", port: 53) }
        let responders = [
            DNSResponder(role: .authoritative(index: 0), store: store, nameservers: servers),
            DNSResponder(role: .resolver, store: store, nameservers: servers),
        ]
        let cases = inputs("sandbox-dns")
        XCTAssertFalse(cases.isEmpty, "the seeds are found")
        for (name, bytes) in cases {
            guard let selector = bytes.first else { continue }
            let query = Array(bytes.dropFirst())
            guard let reply = responders[Int(selector & 1)].respond(to: query, udp: selector & 2 == 0) else { continue }
            let header = try XCTUnwrap(try? DNSHeader(peeking: reply), name)
            XCTAssertTrue(header.isResponse, name)
            XCTAssertNotNil(try? DNSMessage(decoding: reply), name)
        }
    }
}
