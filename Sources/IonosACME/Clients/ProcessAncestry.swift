import Glibc

/// Finds the ACME client process that started this hook, to keep concurrent runs apart.
enum ProcessAncestry {
    /// Shells that may stand between the client and the hook (certbot runs hooks through `sh -c`).
    static let shells: Set<String> = ["sh", "dash", "bash", "zsh", "busybox", "env", "timeout"]

    /// `pid:starttime` of the nearest ancestor that is not a shell or wrapper; "unknown" without /proc.
    static func clientKey(readFile: (String) -> String? = { try? SystemFileAccess().readText($0) }) -> String {
        var pid = Int(getppid())
        for _ in 0..<8 {
            guard let stat = readFile("/proc/\(pid)/stat"), let info = parse(stat) else { return "ppid:\(getppid())" }
            if !shells.contains(info.comm) && !info.comm.hasPrefix("ionos-acme-hook") && !info.comm.hasPrefix("certbot-")
                || info.ppid <= 1
            {
                return "\(pid):\(info.start)"
            }
            pid = info.ppid
        }
        return "ppid:\(getppid())"
    }

    /// Parses `/proc/PID/stat`: the command name (in parentheses, may contain spaces), ppid (field 4)
    /// and start time (field 22).
    static func parse(_ stat: String) -> (comm: String, ppid: Int, start: String)? {
        guard let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")") else { return nil }
        let comm = String(stat[stat.index(after: open)..<close])
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // fields[0] is the state (field 3), so field N is fields[N - 3].
        guard fields.count > 19, let ppid = Int(fields[1]) else { return nil }
        return (comm, ppid, String(fields[19]))
    }
}
