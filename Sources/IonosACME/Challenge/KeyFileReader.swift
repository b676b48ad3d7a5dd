import Glibc

/// Reads an account key file whole, telling "missing or unreadable" (exit 66) from "empty" (exit 65).
enum KeyFileReader {
    /// The largest key file accepted; real account keys are a few kilobytes.
    static let sizeLimit = 1 << 20

    /// The bytes of the file at `path`.
    ///
    /// Regular files are read; a pipe or character device (`/dev/stdin`, `<(...)`) is read until its
    /// end; a directory, socket or other kind of file is unreadable. The file is opened non-blocking,
    /// so a FIFO without a writer cannot hang `open` itself.
    static func read(path: String) throws(ChallengeError) -> [UInt8] {
        guard !path.isEmpty else { throw .keyFileMissing(path: path) }
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard fd >= 0 else { throw openError(path: path, errno: errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw .keyFileUnreadable(path: path, reason: errorText(errno))
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            break
        case S_IFIFO, S_IFCHR:
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        case S_IFDIR:
            throw .keyFileUnreadable(path: path, reason: "it is a directory")
        default:
            throw .keyFileUnreadable(path: path, reason: "it is not a regular file")
        }
        let bytes = try readAll(fd: fd, path: path)
        guard !bytes.isEmpty else { throw .keyFileEmpty(path: path) }
        return bytes
    }

    private static func readAll(fd: Int32, path: String) throws(ChallengeError) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16384)
        while true {
            let n = chunk.withUnsafeMutableBytes { buffer in
                Glibc.read(fd, buffer.baseAddress, buffer.count)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw .keyFileUnreadable(path: path, reason: errorText(errno))
            }
            if n == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<n])
            if bytes.count > sizeLimit { throw .keyFileTooLarge(path: path, limit: sizeLimit) }
        }
    }

    private static func openError(path: String, errno code: Int32) -> ChallengeError {
        switch code {
        case ENOENT, ENOTDIR: return .keyFileMissing(path: path)
        default: return .keyFileUnreadable(path: path, reason: errorText(code))
        }
    }

    private static func errorText(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }
}
