import IonosACME

/// An in-memory file system for configuration tests.
struct MemoryFiles: FileAccess {
    var files: [String: (text: String, mode: UInt32)] = [:]

    func readText(_ path: String) throws(FileReadError) -> String {
        guard let f = files[path] else { throw .missing }
        return f.text
    }

    func permissions(_ path: String) -> UInt32? { files[path]?.mode }
}
