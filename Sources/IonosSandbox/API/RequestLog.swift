import Glibc
import Synchronization

/// Appends one JSON line per API request (method, path, query, status, milliseconds) to a file.
final class RequestLog: Sendable {
    private let fd: Mutex<Int32>

    /// Opens (creating) `path` for appending.
    init(path: String) throws(SandboxError) {
        let opened = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard opened >= 0 else { throw .writeFailed(path: path, reason: Socket.errorText()) }
        fd = Mutex(opened)
    }

    /// Writes one line in a single write(2), so lines never interleave.
    func append(_ request: HTTPRequest, status: Int, milliseconds: Double, fault: FaultKind?) {
        var pairs: [(String, JSONValue)] = [
            ("method", .string(request.method)), ("path", .string(request.path)), ("query", .string(request.query)),
            ("status", .number(Double(status))), ("milliseconds", .number((milliseconds * 10).rounded() / 10)),
        ]
        if let fault { pairs.append(("fault", .string(fault.rawValue))) }
        let line = JSONValue.object(pairs).serialized + "\n"
        fd.withLock { fd in
            var bytes = Array(line.utf8)
            _ = bytes.withUnsafeMutableBytes { write(fd, $0.baseAddress, $0.count) }
        }
    }

    /// Closes the file.
    func close() {
        fd.withLock { fd in
            if fd >= 0 { Glibc.close(fd) }
            fd = -1
        }
    }
}
