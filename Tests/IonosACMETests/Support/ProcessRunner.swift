import Foundation
import XCTest

/// The outcome of running a built binary.
struct ProcessResult {
    let status: Int32
    let stdout: String
    let stderr: String
}

/// Runs the products of this package as subprocesses, as users and ACME clients do.
enum ProcessRunner {
    /// The directory holding the built executables (next to the test bundle).
    static var productsDirectory: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    }

    /// The package root (for fixtures beside it in ../shared).
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Runs `executable` with `arguments` and exactly `environment` (nothing inherited), bounded by `timeout` seconds.
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:],
        stdin: String? = nil, timeout: Double = 60
    ) throws -> ProcessResult {
        let process = Process()
        let path = executable.hasPrefix("/") ? executable : productsDirectory.appendingPathComponent(executable).path
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        var env = environment
        if env["PATH"] == nil { env["PATH"] = "/usr/local/bin:/usr/bin:/bin" }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try? input.fileHandleForWriting.close()
        // Read both pipes while the process runs, so a chatty child cannot block on a full pipe.
        let group = DispatchGroup()
        let outData = DataBox(), errData = DataBox()
        DispatchQueue.global().async(group: group) { outData.data = out.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { errData.data = err.fileHandleForReading.readDataToEndOfFile() }
        if group.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            process.waitUntilExit()
            XCTFail("\(executable) \(arguments) did not finish within \(timeout) s")
        }
        process.waitUntilExit()
        group.wait()
        return ProcessResult(
            status: process.terminationStatus,
            stdout: String(decoding: outData.data, as: UTF8.self),
            stderr: String(decoding: errData.data, as: UTF8.self))
    }

    /// Runs the hook binary.
    static func hook(_ arguments: [String], environment: [String: String] = [:], timeout: Double = 60) throws -> ProcessResult {
        try run("ionos-acme-hook", arguments, environment: environment, timeout: timeout)
    }
}

/// A buffer filled by one reader thread and read after it finished (DispatchGroup orders the two).
private final class DataBox: @unchecked Sendable {
    var data = Data()
}
