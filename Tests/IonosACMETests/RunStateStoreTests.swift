import Foundation
import XCTest

@testable import IonosACME

final class RunStateStoreTests: XCTestCase {
    private func tempDir() -> String {
        let dir = NSTemporaryDirectory() + "state-\(UUID().uuidString)/nested/state"
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        return dir
    }

    func testDirectoryIsPrivateAndStateRoundTrips() throws {
        let dir = tempDir()
        let store = RunStateStore(directory: dir)
        try store.withState(key: "example.com,example.com", now: 1000) { state in
            XCTAssertNil(state)
            return (RunState(started: 1000, records: [PendingRecord(name: "_acme-challenge.example.com", value: "v", ids: ["z/r"])]), ())
        }
        let attrs = try FileManager.default.attributesOfItem(atPath: dir)
        XCTAssertEqual((attrs[.posixPermissions] as? NSNumber)?.intValue, 0o700)
        let loaded = try store.withState(key: "example.com,example.com", now: 1010) { ($0, $0) }
        XCTAssertEqual(loaded?.records.first?.ids, ["z/r"])
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".json") }
        XCTAssertEqual(files.count, 1)
        let mode = try FileManager.default.attributesOfItem(atPath: dir + "/" + files[0])[.posixPermissions] as? NSNumber
        XCTAssertEqual(mode?.intValue, 0o600)
        // Removing the state deletes the file.
        try store.withState(key: "example.com,example.com", now: 1020) { _ in (nil, ()) }
        XCTAssertTrue(try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".json") }.isEmpty)
    }

    func testStaleStateIsIgnored() throws {
        let store = RunStateStore(directory: tempDir())
        try store.withState(key: "k", now: 0) { _ in (RunState(started: 0, records: []), ()) }
        let seen = try store.withState(key: "k", now: 86401) { ($0, $0) }
        XCTAssertNil(seen)
    }

    func testConcurrentUpdatesAreSerialized() throws {
        let store = RunStateStore(directory: tempDir())
        let count = 24
        DispatchQueue.concurrentPerform(iterations: count) { i in
            try? store.withState(key: "shared", now: 5) { state in
                var s = state ?? RunState(started: 5, records: [])
                s.records.append(PendingRecord(name: "n\(i)", value: "v\(i)", ids: []))
                return (s, ())
            }
        }
        let final = try store.withState(key: "shared", now: 6) { ($0, $0) }
        XCTAssertEqual(Set(final?.records.map(\.name) ?? []), Set((0..<count).map { "n\($0)" }))
    }
}
