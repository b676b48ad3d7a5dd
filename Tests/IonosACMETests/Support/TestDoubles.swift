import Foundation
import IonosACME
import Synchronization

/// A clock whose time only moves when something sleeps or the test advances it.
final class ManualClock: IonosACME.Clock, @unchecked Sendable {
    private let state = Mutex<(now: Double, sleeps: [Double])>((1000, []))

    func now() -> Double { state.withLock { $0.now } }

    func sleep(_ seconds: Double) {
        state.withLock {
            $0.sleeps.append(seconds)
            if seconds > 0 { $0.now += seconds }
        }
    }

    /// Moves time forward without recording a sleep.
    func advance(_ seconds: Double) { state.withLock { $0.now += seconds } }

    /// Every pause requested so far.
    var sleeps: [Double] { state.withLock { $0.sleeps } }
}

/// A small deterministic generator (SplitMix64), so randomized tests repeat exactly.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A repeatable random source for the IONOS client, shareable across threads.
final class SeededRandom: RandomSource, @unchecked Sendable {
    private let generator: Mutex<SeededGenerator>

    init(seed: UInt64) { generator = Mutex(SeededGenerator(seed: seed)) }

    func nextUInt64() -> UInt64 { generator.withLock { $0.next() } }

    func nextUnit() -> Double { Double(nextUInt64() >> 11) / Double(1 << 53) }
}

/// Where the package root and the shared fixtures are, derived from this file's path.
enum Fixtures {
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath)  // .../Tests/IonosACMETests/Support/TestDoubles.swift
            .deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    static var recordedDirectory: URL {
        packageRoot.deletingLastPathComponent().appendingPathComponent("shared/fixtures/ionos-recorded")
    }

    /// One recorded request/response pair.
    struct Exchange {
        var method: String
        var path: String
        var query: String
        var requestBody: Any?
        var status: Int
        var responseBody: Any?
    }

    /// The exchanges of one recorded fixture file.
    static func load(_ name: String) throws -> [Exchange] {
        let data = try Data(contentsOf: recordedDirectory.appendingPathComponent(name))
        guard let list = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
            throw CocoaError(.fileReadCorruptFile)
        }
        return list.map { item in
            let request = item["request"] as? [String: Any] ?? [:]
            let response = item["response"] as? [String: Any] ?? [:]
            return Exchange(
                method: request["method"] as? String ?? "",
                path: request["path"] as? String ?? "",
                query: request["query"] as? String ?? "",
                requestBody: request["body"].flatMap { $0 is NSNull ? nil : $0 },
                status: response["status"] as? Int ?? 0,
                responseBody: response["body"].flatMap { $0 is NSNull ? nil : $0 })
        }
    }

    /// The body of a recorded response as bytes (JSON-serialised), empty for none.
    static func bytes(_ body: Any?) throws -> [UInt8] {
        guard let body else { return [] }
        return Array(try JSONSerialization.data(withJSONObject: body))
    }

    /// The full zone listing recorded in `list_records_with_no_arguments_should_list_all.json`.
    static func recordedFullZone() throws -> CustomerZone {
        let exchanges = try load("list_records_with_no_arguments_should_list_all.json")
        guard let full = exchanges.first(where: { $0.method == "GET" && $0.path.hasPrefix("/dns/v1/zones/") })
        else { throw CocoaError(.fileReadCorruptFile) }
        return try JSONDecoder().decode(CustomerZone.self, from: Data(try bytes(full.responseBody)))
    }
}
