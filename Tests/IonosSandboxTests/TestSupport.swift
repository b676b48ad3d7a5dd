import Foundation
import Glibc
import IonosSandbox
import XCTest

/// The package root, derived from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// The recorded IONOS fixtures beside the project.
let fixturesDirectory = packageRoot.appendingPathComponent("../shared/fixtures/ionos-recorded").standardized

enum TestFailure: Error { case message(String) }

/// A free UDP+TCP port on 127.0.0.1 (the sandbox retries when it turns out to be taken elsewhere).
func freePort() -> UInt16 {
    let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
    defer { close(fd) }
    var sa = sockaddr_in()
    sa.sin_family = sa_family_t(AF_INET)
    sa.sin_addr.s_addr = inet_addr("127.0.0.1")
    _ = withUnsafePointer(to: &sa) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    var len = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &sa) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
    return UInt16(bigEndian: sa.sin_port)
}

/// Starts a sandbox in-process on a free API port and a free DNS port (retrying on a port clash).
func startSandbox(_ configure: (inout SandboxOptions) -> Void = { _ in }) throws -> Sandbox {
    var lastError: Error?
    for _ in 0..<8 {
        var options = SandboxOptions()
        options.apiPort = 0
        options.dnsPort = freePort()
        options.seed = 42
        options.quiet = true
        configure(&options)
        let sandbox = try Sandbox(options: options)
        do {
            try sandbox.start()
            return sandbox
        } catch {
            guard case .listen = error else { throw error }
            lastError = error
        }
    }
    throw lastError ?? TestFailure.message("could not start sandbox")
}

/// Polls `condition` until it holds or `seconds` pass; returns whether it held.
func eventually(within seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    repeat {
        if try condition() { return true }
        usleep(50_000)
    } while Date() < deadline
    return try condition()
}

// MARK: - A raw HTTP/1.1 client (full control over bytes, headers and connections)

/// One HTTP response as received.
struct RawResponse {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]

    func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
    var text: String { String(decoding: body, as: UTF8.self) }
    var json: JSONValue? { try? JSONValue.parse(bytes: body) }
}

/// A keep-alive connection to the sandbox's API.
final class RawHTTP {
    let fd: Int32

    init(port: UInt16, host: String = "127.0.0.1") throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var sa = sockaddr_in()
        sa.sin_family = sa_family_t(AF_INET)
        sa.sin_port = port.bigEndian
        sa.sin_addr.s_addr = inet_addr(host)
        let rc = withUnsafePointer(to: &sa) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else { close(fd); throw TestFailure.message("connect failed") }
        var tv = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    func send(raw: [UInt8]) -> Bool {
        var offset = 0
        while offset < raw.count {
            let n = raw.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }

    func request(
        _ method: String, _ path: String, key: String?, body: String? = nil, keyHeader: String = "X-API-Key",
        extraHeaders: [String] = []
    ) throws -> RawResponse {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: sandbox\r\nAccept: application/json\r\n"
        if let key { head += "\(keyHeader): \(key)\r\n" }
        let bodyBytes = Array((body ?? "").utf8)
        if body != nil { head += "Content-Type: application/json\r\nContent-Length: \(bodyBytes.count)\r\n" }
        for h in extraHeaders { head += h + "\r\n" }
        head += "\r\n"
        guard send(raw: Array(head.utf8) + bodyBytes) else { throw TestFailure.message("send failed") }
        guard let response = readResponse() else { throw TestFailure.message("no response to \(method) \(path)") }
        return response
    }

    /// Reads one response; nil when the connection closed or reset first.
    func readResponse() -> RawResponse? {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        func fill() -> Bool {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return false }
            buffer += chunk[0..<n]
            return true
        }
        var headEnd: Int?
        while headEnd == nil {
            guard fill() else { return nil }
            if buffer.count >= 4 {
                headEnd = (0...(buffer.count - 4)).first { buffer[$0] == 13 && buffer[$0 + 1] == 10 && buffer[$0 + 2] == 13 && buffer[$0 + 3] == 10 }
            }
        }
        let head = String(decoding: buffer[0..<headEnd!], as: UTF8.self).components(separatedBy: "\r\n")
        let status = Int(head[0].split(separator: " ")[1]) ?? 0
        let headers = head.dropFirst().compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        let length = Int(headers.first { $0.0.lowercased() == "content-length" }?.1 ?? "0") ?? 0
        while buffer.count < headEnd! + 4 + length { guard fill() else { return nil } }
        return RawResponse(status: status, headers: headers, body: Array(buffer[(headEnd! + 4)..<(headEnd! + 4 + length)]))
    }
}

extension Sandbox {
    /// The API port, from the API URL.
    var apiPort: UInt16 { UInt16(apiURL.split(separator: ":").last!.split(separator: "/").first!)! }

    /// A new connection to the API.
    func client() throws -> RawHTTP { try RawHTTP(port: apiPort) }

    /// The id of the zone called `name`.
    func zoneID(_ name: String) throws -> String {
        let zones = try client().request("GET", "/dns/v1/zones", key: apiKey).json?.arrayValue ?? []
        guard let id = zones.first(where: { $0["name"]?.stringValue == name })?["id"]?.stringValue else {
            throw TestFailure.message("no zone \(name)")
        }
        return id
    }

    /// The records of a zone listing.
    func records(_ zoneID: String, query: String = "") throws -> [JSONValue] {
        let r = try client().request("GET", "/dns/v1/zones/\(zoneID)\(query.isEmpty ? "" : "?" + query)", key: apiKey)
        return r.json?["records"]?.arrayValue ?? []
    }
}

// MARK: - dig

/// Runs `dig` with `arguments` and returns its output.
func dig(_ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/dig")
    process.arguments = ["+time=2", "+tries=1"] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
}

/// `dig` against `address` (`ip:port`).
func dig(_ address: String, _ name: String, _ type: String, _ options: [String] = []) throws -> String {
    let colon = address.lastIndex(of: ":")!
    let ip = String(address[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
    let port = String(address[address.index(after: colon)...])
    return try dig(["@\(ip)", "-p", port, name, type] + options)
}

/// The flags line of dig output, e.g. `qr aa rd`.
func digFlags(_ output: String) -> Set<String> {
    guard let line = output.components(separatedBy: "\n").first(where: { $0.contains(";; flags:") }),
        let flags = line.components(separatedBy: "flags:").last?.components(separatedBy: ";").first
    else { return [] }
    return Set(flags.split(separator: " ").map(String.init))
}

/// The status of dig output (`NOERROR`, `NXDOMAIN`, ...).
func digStatus(_ output: String) -> String {
    guard let range = output.range(of: "status: ") else { return "" }
    return String(output[range.upperBound...].prefix { $0 != "," })
}

/// The lines of one dig section (`ANSWER`, `AUTHORITY`).
func digSection(_ output: String, _ name: String) -> [String] {
    let lines = output.components(separatedBy: "\n")
    guard let start = lines.firstIndex(of: ";; \(name) SECTION:") else { return [] }
    return Array(lines[(start + 1)...].prefix { !$0.isEmpty })
}
