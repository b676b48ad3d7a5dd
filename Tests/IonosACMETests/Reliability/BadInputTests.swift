import Foundation
import IonosSandbox
import XCTest

/// Issue 7, part 4: bad input through every entry point. Each case must end with exactly one error line
/// on stderr (plus the usage line for exit 64), the documented exit code, no crash, and no change to the zone.
final class BadInputTests: XCTestCase {
    /// Runs every case of `table` against one sandbox; returns how many ran.
    @discardableResult
    private func check(_ table: [BadInputCase], file: StaticString = #filePath, line: UInt = #line) throws -> Int {
        let sb = try SandboxHarness()
        var outputs: [(label: String, text: String)] = []
        for (index, c) in table.enumerated() {
            let directory = sb.directory + "/case\(index)"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for (name, (content, mode)) in c.files {
                let path = directory + "/" + name
                _ = FileManager.default.createFile(atPath: path, contents: Data(content.utf8), attributes: [.posixPermissions: mode])
            }
            var env = sb.environment.merging(["IONOS_ACME_FOLLOW_CNAME": "0", "IONOS_ACME_NO_WAIT": "1"]) { $1 }
            for (key, value) in c.env { env[key] = value?.replacingOccurrences(of: "$DIR", with: directory) }
            let args = c.args.map { $0.replacingOccurrences(of: "$DIR", with: directory) }
            let before = try sb.recordLines(zone: "example.test")
            let r = try ProcessRunner.hook(args, environment: env.compactMapValues { $0 }, timeout: 30)
            outputs.append((c.name, r.stdout + r.stderr))
            for problem in Self.problems(r, expected: c.exit, mentions: c.mentions) {
                XCTFail("\(c.name): \(problem)", file: file, line: line)
            }
            assertSameRecords(try sb.recordLines(zone: "example.test"), before, c.name, file: file, line: line)
        }
        SecretScan.assertClean(key: sb.sandbox.apiKey, texts: outputs, directories: [sb.directory], file: file, line: line)
        return table.count
    }

    /// What is wrong with a result, as readable lines (empty when it is as documented).
    static func problems(_ r: ProcessResult, expected: Int32, mentions: String?) -> [String] {
        var found: [String] = []
        let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast(r.stderr.hasSuffix("\n") ? 1 : 0)
        let errors = lines.filter { $0.hasPrefix("ionos-acme-hook: error: ") }
        let others = lines.filter {
            !$0.hasPrefix("ionos-acme-hook: error: ") && !(expected == 64 && $0.hasPrefix("usage: "))
        }
        if r.status != expected { found.append("exit \(r.status), expected \(expected); stderr: \(r.stderr)") }
        if r.status >= 128 || r.stderr.contains("Fatal error") { found.append("crashed: \(r.stderr)") }
        if errors.count != 1 || !others.isEmpty { found.append("stderr is not one error line: \(r.stderr.debugDescription)") }
        if let mentions, errors.first?.contains(mentions) != true { found.append("error does not mention '\(mentions)': \(r.stderr)") }
        return found
    }

    func testStandaloneAndToolArguments() throws {
        Figures.report("bad input: standalone/tools \(try check(BadInputTable.standalone)) cases")
    }

    func testClientForms() throws {
        Figures.report("bad input: lego/dehydrated/uacme/certbot \(try check(BadInputTable.clients)) cases")
    }

    func testConfiguration() throws {
        Figures.report("bad input: configuration \(try check(BadInputTable.configuration)) cases")
    }

    // MARK: - Unusual but valid names

    /// IDN, uppercase, trailing dot, `*.`, a 63-octet label: accepted, written under the normalized name,
    /// and removed again by cleanup given in another spelling.
    func testUnusualValidNamesAreNormalized() throws {
        let sb = try SandboxHarness()
        let v = BadInputTable.v
        let label63 = String(repeating: "c", count: 63)
        let cases: [(name: String, spelling: String, cleanup: String, record: String)] = [
            ("IDN", "bücher.example.test", "xn--bcher-kva.example.test", "_acme-challenge.xn--bcher-kva.example.test"),
            ("uppercase", "WWW.Example.TEST", "www.example.test", "_acme-challenge.www.example.test"),
            ("trailing dot", "www.example.test.", "www.example.test", "_acme-challenge.www.example.test"),
            ("wildcard", "*.example.test", "example.test", "_acme-challenge.example.test"),
            ("uppercase IDN with trailing dot", "BÜCHER.Example.Test.", "bücher.example.test", "_acme-challenge.xn--bcher-kva.example.test"),
            ("63-octet label", label63 + ".example.test", label63 + ".example.test", "_acme-challenge.\(label63).example.test"),
            ("record name given", "_acme-challenge.www.example.test", "www.example.test", "_acme-challenge.www.example.test"),
        ]
        let env = sb.environment.merging(["IONOS_ACME_FOLLOW_CNAME": "0", "IONOS_ACME_NO_WAIT": "1"]) { $1 }
        let before = try sb.recordLines(zone: "example.test")
        for c in cases {
            let p = try ProcessRunner.hook(["present", c.spelling, "--value", v], environment: env)
            XCTAssertEqual(p.status, 0, "\(c.name): \(p.stderr)")
            XCTAssertEqual(try sb.txtValues(zone: "example.test", name: c.record), [v], c.name)
            let q = try ProcessRunner.hook(["cleanup", c.cleanup, "--value", v], environment: env)
            XCTAssertEqual(q.status, 0, "\(c.name): \(q.stderr)")
            assertSameRecords(try sb.recordLines(zone: "example.test"), before, c.name)
        }
    }
}
