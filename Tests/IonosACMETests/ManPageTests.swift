import Foundation
import XCTest

@testable import IonosACME

/// The man page: generated from the catalogs, committed, rendered by man(1) without warnings.
final class ManPageTests: XCTestCase {
    private var committedPage: URL { ProcessRunner.packageRoot.appendingPathComponent("man/ionos-acme-hook.1") }

    func testCommittedManPageEqualsManpageCommandOutput() throws {
        let r = try ProcessRunner.hook(["manpage"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stderr, "")
        let committed = try String(contentsOf: committedPage, encoding: .utf8)
        XCTAssertTrue(r.stdout.hasPrefix(".TH IONOS\\-ACME\\-HOOK 1 "), String(r.stdout.prefix(80)))
        XCTAssertEqual(committed, r.stdout, "man/ionos-acme-hook.1 is stale: run 'make man' and commit it")
    }

    func testManRendersWithoutWarningsWithinEightyColumns() throws {
        guard let man = Tools.find("man") else { throw XCTSkip("man is not installed (Debian package man-db)") }
        let r = try ProcessRunner.run(
            man, ["-l", "--warnings", committedPage.path],
            environment: ["MANWIDTH": "80", "LANG": "C.UTF-8", "MANPAGER": "cat", "PAGER": "cat"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stderr, "", "man/groff warnings")
        for section in ["NAME", "SYNOPSIS", "COMMANDS", "OPTIONS", "ENVIRONMENT", "CONFIGURATION FILE", "FILES", "EXIT STATUS", "EXAMPLES"] {
            XCTAssertTrue(r.stdout.contains("\n\(section)\n"), "section \(section) missing")
        }
        let long = r.stdout.split(separator: "\n").filter { $0.count > 80 }
        XCTAssertEqual(long, [], "lines wider than MANWIDTH=80")
    }

    func testPageNamesEveryVariableCommandOptionAndExitCode() throws {
        let text = try renderedText()
        for variable in VariableCatalog.all {
            XCTAssertTrue(text.contains(variable.name), variable.name)
        }
        for spec in CommandCatalog.all {
            XCTAssertTrue(text.contains("ionos-acme-hook \(spec.name)"), spec.name)
            for option in spec.options { XCTAssertTrue(text.contains(option.name), "\(spec.name) \(option.name)") }
        }
        for option in CommandSpec.globalOptions { XCTAssertTrue(text.contains(option.name), option.name) }
        for code in ExitCode.documented {
            XCTAssertTrue(text.contains(code.summary.prefix(30)), "exit \(code.rawValue)")
        }
        for client in ["certbot certonly --manual", "HOOK_CHAIN=yes", "EXEC_PATH=", "uacme -h", "acme.sh --issue --dns dns_ionos_hook"] {
            XCTAssertTrue(text.contains(client), client)
        }
    }

    func testKnownNamesComeFromVariableCatalogAndCoverDesignTable() throws {
        XCTAssertEqual(Settings.knownNames, Set(VariableCatalog.names))
        XCTAssertEqual(VariableCatalog.names.count, Set(VariableCatalog.names).count, "duplicate variable")
        let design = ProcessRunner.packageRoot.appendingPathComponent("../shared/docs/design.md")
        guard let text = try? String(contentsOf: design, encoding: .utf8) else { throw XCTSkip("design.md not beside the package") }
        guard let start = text.range(of: "## Environment and configuration"),
            let end = text.range(of: "\n## ", range: start.upperBound..<text.endIndex)
        else { return XCTFail("no configuration section in design.md") }
        let names = Self.variableNames(in: String(text[start.upperBound..<end.lowerBound]))
        XCTAssertGreaterThan(names.count, 15)
        for name in names { XCTAssertTrue(Settings.knownNames.contains(name), "\(name) of design.md is not in VariableCatalog") }
    }

    func testREADMENamesEveryVariable() throws {
        let readme = try String(contentsOf: ProcessRunner.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        for name in VariableCatalog.names { XCTAssertTrue(readme.contains("`\(name)`"), name) }
    }

    func testHiddenCommandsStayOutOfHelpAndRejectBadArguments() throws {
        let help = try ProcessRunner.hook(["--help"])
        XCTAssertFalse(help.stdout.contains("manpage"))
        XCTAssertFalse(help.stdout.contains("completion"))
        let extra = try ProcessRunner.hook(["manpage", "extra"])
        XCTAssertEqual(extra.status, 64)
        XCTAssertEqual(extra.stdout, "")
        let fish = try ProcessRunner.hook(["completion", "fish"])
        XCTAssertEqual(fish.status, 64)
        XCTAssertTrue(fish.stderr.contains("bash|zsh"), fish.stderr)
    }

    // MARK: - Helpers

    /// The page as text: man's rendering when man exists, else the roff source with escapes removed.
    private func renderedText() throws -> String {
        if let man = Tools.find("man") {
            let r = try ProcessRunner.run(man, ["-l", committedPage.path], environment: ["MANWIDTH": "200", "LANG": "C.UTF-8"])
            if r.status == 0 { return r.stdout }
        }
        return try String(contentsOf: committedPage, encoding: .utf8)
            .replacingOccurrences(of: "\\-", with: "-").replacingOccurrences(of: "\\fB", with: "")
            .replacingOccurrences(of: "\\fI", with: "").replacingOccurrences(of: "\\fR", with: "")
    }

    /// Every backticked `IONOS_...` name in `markdown`, with a `_FILE` suffix of the pattern removed.
    static func variableNames(in markdown: String) -> Set<String> {
        var names = Set<String>()
        for piece in markdown.components(separatedBy: "`").enumerated() where piece.offset % 2 == 1 {
            let word = piece.element
            guard word.hasPrefix("IONOS_"), word.allSatisfy({ $0.isUppercase || $0 == "_" }) else { continue }
            names.insert(word)
        }
        return names
    }
}

/// Locates optional system tools; tests that need one skip when it is absent.
enum Tools {
    /// The absolute path of `name` in the usual system directories, or nil.
    static func find(_ name: String) -> String? {
        for dir in ["/usr/local/bin", "/usr/bin", "/bin", "/usr/sbin", "/sbin"] {
            let path = dir + "/" + name
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }
}
