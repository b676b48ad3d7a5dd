import Foundation
import Glibc
import XCTest

/// A hook process started in the background, with stdout/stderr going to files, for tests that signal or
/// kill it, or run many at once. Every wait is bounded.
final class HookProcess: @unchecked Sendable {
    let process = Process()
    let stdoutPath: String
    let stderrPath: String
    private let finished = DispatchSemaphore(value: 0)

    /// Starts `ionos-acme-hook arguments` with exactly `environment`; output goes to `directory/label.{out,err}`.
    init(
        _ arguments: [String], environment: [String: String], directory: String, label: String,
        executable: String? = nil
    ) throws {
        stdoutPath = "\(directory)/\(label).out"
        stderrPath = "\(directory)/\(label).err"
        _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.executableURL =
            executable.map { URL(fileURLWithPath: $0) }
            ?? ProcessRunner.productsDirectory.appendingPathComponent("ionos-acme-hook")
        process.arguments = arguments
        var env = environment
        if env["PATH"] == nil { env["PATH"] = "/usr/local/bin:/usr/bin:/bin" }
        process.environment = env
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        process.standardInput = FileHandle.nullDevice
        let done = finished
        process.terminationHandler = { _ in done.signal() }
        try process.run()
    }

    /// The process id.
    var pid: pid_t { process.processIdentifier }

    /// Waits at most `seconds` for the exit; false when it is still running.
    func wait(seconds: Double) -> Bool {
        guard finished.wait(timeout: .now() + seconds) == .success else { return false }
        finished.signal()  // later waits return at once
        process.waitUntilExit()
        return true
    }

    /// Waits (bounded); on overrun kills the process and fails the test.
    func finish(within seconds: Double, file: StaticString = #filePath, line: UInt = #line) -> ProcessResult {
        if !wait(seconds: seconds) {
            kill(pid, SIGKILL)
            _ = wait(seconds: 10)
            XCTFail("hook \(process.arguments ?? []) did not finish within \(seconds) s", file: file, line: line)
        }
        return result
    }

    /// Status (128 + signal for a signal exit, as a shell shows it) and the two outputs so far.
    var result: ProcessResult {
        let status =
            process.isRunning
            ? -1
            : process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return ProcessResult(status: status, stdout: Self.read(stdoutPath), stderr: Self.read(stderrPath))
    }

    /// True when the exit was caused by a signal.
    var diedFromSignal: Bool { !process.isRunning && process.terminationReason == .uncaughtSignal }

    /// Polls stderr until it contains `text` (bounded); true when it appeared.
    func waitForStderr(containing text: String, seconds: Double) -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if Self.read(stderrPath).contains(text) { return true }
            if !process.isRunning { return Self.read(stderrPath).contains(text) }
            usleep(20_000)
        }
        return false
    }

    static func read(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
}

/// Runs `count` jobs on their own threads at once and waits (bounded) for all of them.
func runConcurrently(_ count: Int, timeout: Double, _ job: @escaping @Sendable (Int) -> Void) -> Bool {
    let group = DispatchGroup()
    for index in 0..<count {
        group.enter()
        let thread = Thread {
            job(index)
            group.leave()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }
    return group.wait(timeout: .now() + timeout) == .success
}

/// A thread-safe list of failure messages collected by concurrent jobs.
final class FailureLog: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []

    func add(_ message: String) { lock.lock(); items.append(message); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return items }
}

/// The leak check of issue 7: the API key (and its secret half) must appear in no output, log or state file.
enum SecretScan {
    /// The places where `key` (or the part after its dot) appears: `(label, line)` pairs.
    static func hits(of key: String, in texts: [(label: String, text: String)]) -> [String] {
        let secret = key.split(separator: ".", maxSplits: 1).last.map(String.init) ?? key
        return texts.compactMap { label, text in
            guard text.contains(key) || text.contains(secret) else { return nil }
            return label
        }
    }

    /// Every regular file below `directory` (recursively), as label + text.
    static func files(under directory: String) -> [(label: String, text: String)] {
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return [] }
        var out: [(String, String)] = []
        while let relative = walker.nextObject() as? String {
            let path = directory + "/" + relative
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                let data = FileManager.default.contents(atPath: path)
            else { continue }
            out.append((path, String(decoding: data, as: UTF8.self)))
        }
        return out
    }

    /// Fails the test when the key appears in `texts` or in any file below `directories`.
    static func assertClean(
        key: String, texts: [(label: String, text: String)] = [], directories: [String] = [],
        file: StaticString = #filePath, line: UInt = #line
    ) {
        let all = texts + directories.flatMap { files(under: $0) }
        let found = hits(of: key, in: all)
        XCTAssertEqual(found, [], "the API key appears in \(found.count) of \(all.count) outputs/files", file: file, line: line)
    }
}

/// Reliability figures, printed as one greppable line per measurement (collected into docs/reliability.md).
enum Figures {
    static func report(_ text: String) { print("RELIABILITY: \(text)") }
}

/// Compares two zone snapshots (sorted-key JSON lines) and reports only the lines that differ.
func assertSameRecords(
    _ after: [String], _ before: [String], _ message: String = "",
    file: StaticString = #filePath, line: UInt = #line
) {
    guard after != before else { return }
    let added = after.filter { !before.contains($0) }
    let removed = before.filter { !after.contains($0) }
    XCTFail("\(message): zone changed; added \(added), removed \(removed)", file: file, line: line)
}
