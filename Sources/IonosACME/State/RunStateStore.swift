import FoundationEssentials
import Glibc

/// One challenge record added during a multi-call run (certbot), kept until the run's last call.
public struct PendingRecord: Codable, Sendable, Equatable {
    /// Absolute record name, lowercase, without trailing dot.
    public var name: String
    /// The TXT value (unquoted).
    public var value: String
    /// IONOS record ids created for it (`zoneId/recordId`), when known.
    public var ids: [String]

    /// Creates a pending record.
    public init(name: String, value: String, ids: [String]) {
        self.name = name
        self.value = value
        self.ids = ids
    }
}

/// The records of one run so far.
public struct RunState: Codable, Sendable, Equatable {
    /// Wall-clock seconds since 1970 when the run started.
    public var started: Double
    /// Records added so far.
    public var records: [PendingRecord]
}

/// Errors of the state directory.
public enum StateError: ExitCodeError {
    case cannotCreate(path: String, reason: String)
    case cannotLock(path: String, reason: String)
    case cannotWrite(path: String, reason: String)

    public var exitCode: ExitCode { .failure }

    public var description: String {
        switch self {
        case .cannotCreate(let p, let r): return "cannot create state directory '\(p)': \(r) (set IONOS_ACME_STATE_DIR)"
        case .cannotLock(let p, let r): return "cannot lock state file '\(p)': \(r)"
        case .cannotWrite(let p, let r): return "cannot write state file '\(p)': \(r)"
        }
    }
}

/// Keeps the pending records of a run in `DIR/run-KEY.json`, under an exclusive `flock` on `DIR/run-KEY.lock`.
///
/// The directory is created with mode 0700; state older than `maxAge` (a day) is ignored. Files hold
/// names, values and record ids only, never credentials.
public struct RunStateStore: Sendable {
    /// The state directory.
    public let directory: String
    /// State older than this many seconds is ignored.
    public let maxAge: Double

    /// Creates a store in `directory`.
    public init(directory: String, maxAge: Double = 86400) {
        self.directory = directory
        self.maxAge = maxAge
    }

    /// Runs `body` with the state of run `key` locked; what `body` returns is saved (nil removes the file).
    public func withState<T>(key: String, now: Double, _ body: (RunState?) throws -> (RunState?, T)) throws -> T {
        try ensureDirectory()
        let base = directory + "/run-" + Self.fileKey(key)
        let lockFD = open(base + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lockFD >= 0 else { throw StateError.cannotLock(path: base + ".lock", reason: Self.errnoText()) }
        defer { close(lockFD) }
        while flock(lockFD, LOCK_EX) != 0 {
            if errno != EINTR { throw StateError.cannotLock(path: base + ".lock", reason: Self.errnoText()) }
        }
        defer { _ = flock(lockFD, LOCK_UN) }
        var current = load(base + ".json")
        if let state = current, now - state.started > maxAge || state.started > now + 60 { current = nil }
        let (next, result) = try body(current)
        if let next {
            try save(next, to: base + ".json")
        } else {
            unlink(base + ".json")
        }
        return result
    }

    private func ensureDirectory() throws {
        var st = stat()
        if stat(directory, &st) == 0 { return }
        // Create missing parents (0755) and the state directory itself (0700).
        var path = directory.hasPrefix("/") ? "" : "."
        let parts = directory.split(separator: "/", omittingEmptySubsequences: true)
        for (i, part) in parts.enumerated() {
            path += "/" + part
            if stat(path, &st) == 0 { continue }
            if mkdir(path, i == parts.count - 1 ? 0o700 : 0o755) != 0 && errno != EEXIST {
                throw StateError.cannotCreate(path: directory, reason: Self.errnoText())
            }
        }
    }

    private func load(_ path: String) -> RunState? {
        guard let bytes = try? SystemFileAccess.readBytes(path) else { return nil }
        return try? JSONDecoder().decode(RunState.self, from: Data(bytes))
    }

    private func save(_ state: RunState, to path: String) throws {
        let data: Data
        do { data = try JSONEncoder().encode(state) } catch {
            throw StateError.cannotWrite(path: path, reason: "\(error)")
        }
        let tmp = path + ".tmp"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StateError.cannotWrite(path: path, reason: Self.errnoText()) }
        let bytes = [UInt8](data)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd)
        close(fd)
        guard written == bytes.count, synced == 0, rename(tmp, path) == 0 else {
            unlink(tmp)
            throw StateError.cannotWrite(path: path, reason: Self.errnoText())
        }
    }

    /// A file-name-safe key: FNV-1a 64 of the run key, in hex.
    static func fileKey(_ key: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}
