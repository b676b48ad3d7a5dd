import Glibc

/// Why a file could not be read.
public enum FileReadError: Error, Equatable, Sendable {
    /// The file does not exist.
    case missing
    /// The file exists but cannot be read (permissions, a directory, an I/O error).
    case unreadable(String)

    /// A short phrase for messages.
    public var reason: String {
        switch self {
        case .missing: return "no such file"
        case .unreadable(let why): return why
        }
    }
}

/// The file operations configuration needs; tests pass an in-memory implementation.
public protocol FileAccess: Sendable {
    /// The whole file as UTF-8 text.
    func readText(_ path: String) throws(FileReadError) -> String
    /// The permission bits of the file, or nil when it does not exist.
    func permissions(_ path: String) -> UInt32?
}

/// The real file system, through Glibc.
public struct SystemFileAccess: FileAccess {
    /// Creates the real file access.
    public init() {}

    public func readText(_ path: String) throws(FileReadError) -> String {
        let bytes = try Self.readBytes(path)
        return String(decoding: bytes, as: UTF8.self)
    }

    public func permissions(_ path: String) -> UInt32? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return UInt32(st.st_mode) & 0o7777
    }

    /// Reads a whole file (at most 4 MiB) as bytes.
    public static func readBytes(_ path: String, limit: Int = 4 << 20) throws(FileReadError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            let err = errno
            if err == ENOENT || err == ENOTDIR { throw .missing }
            throw .unreadable(String(cString: strerror(err)))
        }
        defer { close(fd) }
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .unreadable(String(cString: strerror(errno)))
            }
            if n == 0 { break }
            result.append(contentsOf: buffer[0..<n])
            if result.count > limit { throw .unreadable("file is larger than \(limit) bytes") }
        }
        return result
    }
}
