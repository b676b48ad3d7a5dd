import Foundation
import Glibc

/// One certbot run simulated by a long-lived stand-in process named `fakecertbot` (bash under that name),
/// so the hook's run key (the nearest non-shell ancestor) differs per run, as with real certbot processes.
///
/// The stand-in calls `certbot-auth` once per challenge with `CERTBOT_REMAINING_CHALLENGES` counting down,
/// creates `auth.done`, waits (bounded) for the test to create `go`, then calls `certbot-cleanup` with
/// `CERTBOT_AUTH_OUTPUT` set to each auth call's stdout, and creates `cleanup.done`.
final class CertbotRun: @unchecked Sendable {
    let directory: String
    let count: Int
    private let process: HookProcess

    static let script = #"""
        dir=$1; all=$2; shift 2
        domains=(); values=()
        while [ $# -gt 0 ]; do domains+=("$1"); values+=("$2"); shift 2; done
        total=${#domains[@]}
        for i in "${!domains[@]}"; do
          CERTBOT_DOMAIN=${domains[$i]} CERTBOT_VALIDATION=${values[$i]} CERTBOT_ALL_DOMAINS=$all \
          CERTBOT_REMAINING_CHALLENGES=$((total - i - 1)) "$HOOK" certbot-auth > "$dir/auth$i.out" 2> "$dir/auth$i.err"
          echo $? > "$dir/auth$i.status"
        done
        : > "$dir/auth.done"
        n=0; while [ ! -e "$dir/go" ] && [ $n -lt 3000 ]; do sleep 0.05; n=$((n + 1)); done
        for i in "${!domains[@]}"; do
          CERTBOT_DOMAIN=${domains[$i]} CERTBOT_VALIDATION=${values[$i]} CERTBOT_ALL_DOMAINS=$all \
          CERTBOT_REMAINING_CHALLENGES=$((total - i - 1)) CERTBOT_AUTH_OUTPUT=$(cat "$dir/auth$i.out") \
          "$HOOK" certbot-cleanup > "$dir/cleanup$i.out" 2> "$dir/cleanup$i.err"
          echo $? > "$dir/cleanup$i.status"
        done
        : > "$dir/cleanup.done"
        """#

    /// Starts the stand-in for `domains` (one challenge each) with `values`.
    init(directory: String, domains: [String], values: [String], env: [String: String]) throws {
        self.directory = directory
        count = domains.count
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let standIn = directory + "/fakecertbot"
        try FileManager.default.createSymbolicLink(atPath: standIn, withDestinationPath: "/bin/bash")
        var environment = env
        environment["HOOK"] = ProcessRunner.productsDirectory.appendingPathComponent("ionos-acme-hook").path
        let args =
            ["-c", Self.script, "fakecertbot", directory, domains.joined(separator: ",")]
            + zip(domains, values).flatMap { [$0, $1] }
        process = try HookProcess(
            args, environment: environment, directory: directory, label: "fakecertbot",
            executable: standIn)
    }

    /// Waits (bounded) until every auth call returned.
    func waitForAuth(seconds: Double) -> Bool { poll(for: "auth.done", seconds: seconds) }

    /// Lets the stand-in run cleanup and waits (bounded) for it to exit.
    func cleanupAndFinish(seconds: Double) -> Bool {
        _ = FileManager.default.createFile(atPath: directory + "/go", contents: nil)
        return process.wait(seconds: seconds) && FileManager.default.fileExists(atPath: directory + "/cleanup.done")
    }

    /// Exit statuses of the `auth` or `cleanup` calls, in order (-1 when missing).
    func statuses(of phase: String) -> [Int32] {
        (0..<count).map { Int32(HookProcess.read("\(directory)/\(phase)\($0).status").trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1 }
    }

    /// The stderr of call `index` of `phase`.
    func stderr(of phase: String, _ index: Int) -> String { HookProcess.read("\(directory)/\(phase)\(index).err") }

    private func poll(for file: String, seconds: Double) -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if FileManager.default.fileExists(atPath: directory + "/" + file) { return true }
            usleep(20_000)
        }
        return false
    }

    deinit { if process.process.isRunning { kill(process.pid, SIGKILL) } }
}
