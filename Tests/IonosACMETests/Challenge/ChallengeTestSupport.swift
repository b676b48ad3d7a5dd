import Foundation
import XCTest

/// A scratch directory and an `openssl` runner for the challenge tests.
final class ChallengeScratch {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("ionos-acme-challenge-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// The path of `name` inside the scratch directory.
    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Writes `text` to `name` and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let p = path(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: p))
        return p
    }

    /// Runs `openssl` with `arguments` (stdin from /dev/null), failing the test on a non-zero exit.
    @discardableResult
    func openssl(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        process.currentDirectoryURL = directory
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(
            process.terminationStatus, 0,
            "openssl \(arguments.joined(separator: " ")): \(String(decoding: errors, as: UTF8.self))",
            file: file, line: line)
        return data
    }
}

/// Base64url written independently of the code under test (Foundation's base64, then the URL alphabet).
func referenceBase64URL(_ data: Data) -> String {
    data.base64EncodedString()
        .replacingOccurrences(of: "+", with: "-")
        .replacingOccurrences(of: "/", with: "_")
        .replacingOccurrences(of: "=", with: "")
}

/// The octets of an `openssl -text` hex block (`00:c5:1f:...` over several lines) that follows `header`.
func hexBlock(after header: String, in text: String) -> [UInt8]? {
    let lines = text.components(separatedBy: "\n")
    guard let start = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == header }) else { return nil }
    var bytes: [UInt8] = []
    for line in lines[(start + 1)...] {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard line.hasPrefix(" "), !trimmed.isEmpty,
            trimmed.allSatisfy({ $0.isHexDigit || $0 == ":" })
        else { break }
        for part in trimmed.split(separator: ":") {
            guard let byte = UInt8(part, radix: 16) else { return nil }
            bytes.append(byte)
        }
    }
    return bytes.isEmpty ? nil : bytes
}
