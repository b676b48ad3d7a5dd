import Foundation
import XCTest

@testable import IonosACME

/// Installation, shell completion, example units and config: what a server administrator uses.
final class PackagingTests: XCTestCase {
    private let root = ProcessRunner.packageRoot
    private var tempDir = ""

    override func setUpWithError() throws {
        tempDir = NSTemporaryDirectory() + "packaging-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: tempDir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: tempDir)
    }

    // MARK: - Completion

    func testCommittedCompletionsEqualCompletionCommandOutput() throws {
        for (shell, file) in [("bash", "completions/ionos-acme-hook.bash"), ("zsh", "completions/_ionos-acme-hook")] {
            let r = try ProcessRunner.hook(["completion", shell])
            XCTAssertEqual(r.status, 0, r.stderr)
            let committed = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            XCTAssertEqual(committed, r.stdout, "\(file) is stale: run 'make completions' and commit it")
        }
    }

    func testBashCompletionParsesRegistersAndCompletes() throws {
        let file = root.appendingPathComponent("completions/ionos-acme-hook.bash").path
        let syntax = try ProcessRunner.run("/bin/bash", ["-n", file])
        XCTAssertEqual(syntax.status, 0, syntax.stderr)
        try write(tempDir + "/account-key.pem", "", mode: 0o600)
        let script = """
            source "$1"
            complete -p ionos-acme-hook
            t() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=(); _ionos_acme_hook; echo "${COMPREPLY[*]}"; }
            t ionos-acme-hook pr
            t ionos-acme-hook --config /etc/x.conf pru
            t ionos-acme-hook records --ty
            t ionos-acme-hook records example.com --type TX
            t ionos-acme-hook thumbprint --account-key "$2/account-"
            t ionos-acme-hook present example.com --value ""
            t ionos-acme-hook --vers
            """
        let r = try ProcessRunner.run("/bin/bash", ["-c", script, "bash", file, tempDir])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stderr, "")
        XCTAssertEqual(
            r.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init),
            [
                "complete -F _ionos_acme_hook ionos-acme-hook",
                "present prune",
                "prune",
                "--type",
                "TXT",
                tempDir + "/account-key.pem",
                "",
                "--version",
                "",
            ])
    }

    func testZshCompletionParsesWhenZshIsInstalled() throws {
        guard let zsh = Tools.find("zsh") else { throw XCTSkip("zsh is not installed") }
        let r = try ProcessRunner.run(zsh, ["-n", root.appendingPathComponent("completions/_ionos-acme-hook").path])
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    // MARK: - make install

    func testInstallFilesIntoDestdirAndUninstall() throws {
        guard let make = Tools.find("make") else { throw XCTSkip("make is not installed") }
        let hooks = tempDir + "/hooks", stage = tempDir + "/stage"
        try write(hooks + "/certbot-auth", "#!/bin/sh\nexit 0\n", mode: 0o755)
        try write(hooks + "/acme.sh/dns_example.sh", "dns_example_add() { :; }\n", mode: 0o644)
        let binary = ProcessRunner.productsDirectory.appendingPathComponent("ionos-acme-hook").path
        let vars = ["DESTDIR=\(stage)", "PREFIX=/usr/local", "DIST_BIN=\(binary)", "HOOKS_DIR=\(hooks)"]
        let install = try ProcessRunner.run(make, ["-C", root.path, "--no-print-directory", "install-files"] + vars)
        XCTAssertEqual(install.status, 0, install.stdout + install.stderr)
        let prefix = stage + "/usr/local"
        let expected: [(String, Int)] = [
            ("bin/ionos-acme-hook", 0o755),
            ("share/ionos-acme-hook/hooks/certbot-auth", 0o755),
            ("share/ionos-acme-hook/hooks/acme.sh/dns_example.sh", 0o644),
            ("share/man/man1/ionos-acme-hook.1", 0o644),
            ("share/doc/ionos-acme-hook/ionos-acme-hook.conf.example", 0o600),
            ("share/doc/ionos-acme-hook/examples/certbot-renew-ionos.service", 0o644),
            ("share/doc/ionos-acme-hook/examples/certbot-renew-ionos.timer", 0o644),
            ("share/doc/ionos-acme-hook/examples/dehydrated-ionos", 0o644),
            ("share/bash-completion/completions/ionos-acme-hook", 0o644),
            ("share/zsh/site-functions/_ionos-acme-hook", 0o644),
        ]
        for (path, mode) in expected {
            XCTAssertEqual(try permissions(prefix + "/" + path), mode, path)
        }
        XCTAssertEqual(try regularFiles(under: stage).filter { !$0.hasPrefix("usr/local/") }, [], "files outside PREFIX")
        let installed = try ProcessRunner.run(prefix + "/bin/ionos-acme-hook", ["--version"])
        XCTAssertEqual(installed.status, 0)
        let uninstall = try ProcessRunner.run(make, ["-C", root.path, "--no-print-directory", "uninstall"] + vars)
        XCTAssertEqual(uninstall.status, 0, uninstall.stdout + uninstall.stderr)
        XCTAssertEqual(try regularFiles(under: stage), [], "uninstall left files behind")
    }

    func testRuntimeLibsScriptListsNeededLibraries() throws {
        let binary = ProcessRunner.productsDirectory.appendingPathComponent("ionos-acme-hook").path
        let r = try ProcessRunner.run(root.appendingPathComponent("packaging/runtime-libs.sh").path, [binary])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("runtime libraries (NEEDED):"), r.stdout)
        for lib in ["libcurl.so.4", "libssl.so.3", "libc.so.6"] { XCTAssertTrue(r.stdout.contains("  \(lib)"), lib) }
    }

    // MARK: - Example configuration

    func testExampleConfigLoadsAndMentionsEveryVariable() throws {
        let text = try String(contentsOf: root.appendingPathComponent("packaging/ionos-acme-hook.conf.example"), encoding: .utf8)
        for name in VariableCatalog.names where name != "IONOS_ACME_CONFIG" {
            XCTAssertTrue(text.contains(name + "="), name)
        }
        let path = tempDir + "/ionos-acme-hook.conf"
        try write(path, text, mode: 0o600)
        let settings = try ConfigLoader(environment: ["IONOS_ACME_CONFIG": path], userID: 0).load()
        XCTAssertEqual(settings.configFile, path)
        XCTAssertNotNil(settings.apiKey)
        XCTAssertEqual(settings.ttl, 60)
    }

    // MARK: - systemd and cron

    func testSystemdUnitsVerifyCleanly() throws {
        let dir = root.appendingPathComponent("packaging/systemd")
        let service = try String(contentsOf: dir.appendingPathComponent("certbot-renew-ionos.service"), encoding: .utf8)
        let timer = try String(contentsOf: dir.appendingPathComponent("certbot-renew-ionos.timer"), encoding: .utf8)
        for line in [
            "LoadCredential=ionos-api-key:/etc/ionos-acme-hook/api-key", "Environment=IONOS_API_KEY_FILE=%d/ionos-api-key",
            "ProtectSystem=strict", "ReadWritePaths=/etc/letsencrypt /var/lib/letsencrypt /var/log/letsencrypt",
            "StateDirectory=ionos-acme-hook", "PrivateTmp=yes", "NoNewPrivileges=yes", "ExecStart=/usr/bin/certbot renew",
        ] {
            XCTAssertTrue(service.contains("\n" + line), line)
        }
        for line in ["RandomizedDelaySec=", "Persistent=true", "WantedBy=timers.target"] {
            XCTAssertTrue(timer.contains("\n" + line), line)
        }
        guard let analyze = Tools.find("systemd-analyze") else { throw XCTSkip("systemd-analyze is not installed") }
        // A machine without certbot would fail only on the missing executable: point ExecStart at /bin/true there.
        let hasCertbot = FileManager.default.isExecutableFile(atPath: "/usr/bin/certbot")
        let copy = hasCertbot ? service : service.replacingOccurrences(of: "ExecStart=/usr/bin/certbot", with: "ExecStart=/bin/true")
        try write(tempDir + "/certbot-renew-ionos.service", copy, mode: 0o644)
        try write(tempDir + "/certbot-renew-ionos.timer", timer, mode: 0o644)
        // --man=no: the man pages named in Documentation= are not installed on a build machine.
        let r = try ProcessRunner.run(
            analyze,
            [
                "verify", "--man=no",
                tempDir + "/certbot-renew-ionos.service", tempDir + "/certbot-renew-ionos.timer",
            ])
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertEqual(r.stdout + r.stderr, "", "systemd-analyze verify complained")
    }

    func testCronFileHasValidScheduleLines() throws {
        let text = try String(contentsOf: root.appendingPathComponent("packaging/cron/dehydrated-ionos"), encoding: .utf8)
        var jobs = 0
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            if fields.count == 1, line.contains("=") { continue }
            XCTAssertGreaterThanOrEqual(fields.count, 7, String(line))
            guard fields.count >= 7 else { continue }
            for field in fields[0..<5] {
                XCTAssertTrue(field.allSatisfy { "0123456789*,/-".contains($0) }, "time field '\(field)'")
            }
            XCTAssertEqual(fields[5], "root")
            XCTAssertEqual(fields[6], "dehydrated")
            XCTAssertTrue(fields.contains("--cron"))
            jobs += 1
        }
        XCTAssertEqual(jobs, 1)
        XCTAssertTrue(text.hasSuffix("\n"), "cron ignores a last line without a newline")
    }

    // MARK: - Helpers

    private func write(_ path: String, _ text: String, mode: Int) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }

    private func permissions(_ path: String) throws -> Int? {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue
    }

    /// Paths of the regular files below `dir`, relative to it, sorted.
    private func regularFiles(under dir: String) throws -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: dir) else { return [] }
        var files: [String] = []
        while let path = walker.nextObject() as? String {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: dir + "/" + path, isDirectory: &isDir), !isDir.boolValue { files.append(path) }
        }
        return files.sorted()
    }
}
