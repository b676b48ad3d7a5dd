import DNSWire
import Foundation
import Glibc
import IonosACME
import XCTest

/// A Knot DNS server (`knotd`) started for one test on 127.0.0.1 and ::1 with a free port and given zones.
final class KnotServer {
    let port: UInt16
    let directory: URL
    private let process: Process

    /// The knotd binary, if installed.
    static var binary: String? {
        ["/usr/sbin/knotd", "/usr/bin/knotd", "/usr/local/sbin/knotd"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    /// Starts knotd with `zones` (apex -> zone file text); retries other ports a few times.
    static func start(zones: [String: String]) throws -> KnotServer {
        guard let binary else { throw XCTSkip("knotd is not installed (Debian package 'knot')") }
        var lastError: Error?
        for _ in 0..<4 {
            do {
                return try KnotServer(binary: binary, zones: zones, port: try freePort())
            } catch {
                lastError = error
            }
        }
        throw lastError ?? XCTSkip("knotd did not start")
    }

    private init(binary: String, zones: [String: String], port: UInt16) throws {
        self.port = port
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("knot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("db"), withIntermediateDirectories: true)
        for (apex, text) in zones {
            try text.write(to: directory.appendingPathComponent("\(apex).zone"), atomically: true, encoding: .utf8)
        }
        let config = directory.appendingPathComponent("knot.conf")
        try KnotServer.config(directory: directory.path, port: port, zones: Array(zones.keys))
            .write(to: config, atomically: true, encoding: .utf8)
        process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["-c", config.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        do {
            try waitUntilAnswering(apex: zones.keys.sorted()[0])
        } catch {
            stop()
            throw error
        }
    }

    deinit { stop() }

    /// Stops knotd and removes its directory.
    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// The IPv4 address of the server.
    var address: DNSServerAddress { DNSServerAddress(host: .v4(IPv4Address(127, 0, 0, 1)), port: port) }

    /// The IPv6 (::1) address of the server.
    var addressV6: DNSServerAddress? { IPv6Address("::1").map { DNSServerAddress(host: .v6($0), port: port) } }

    private func waitUntilAnswering(apex: String) throws {
        let transport = SocketDNSTransport()
        let query = DNSQuery(server: address, name: try DNSName(apex), type: .soa, recursionDesired: false)
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            guard process.isRunning else { throw KnotError.exited }
            if case .response = transport.exchange(query, timeout: 0.2) { return }
            usleep(50_000)
        }
        throw KnotError.notAnswering
    }

    private enum KnotError: Error { case exited, notAnswering }

    private static func config(directory: String, port: UInt16, zones: [String]) -> String {
        """
        server:
            rundir: "\(directory)"
            listen: [ "127.0.0.1@\(port)", "::1@\(port)" ]
            user: root:root
        database:
            storage: "\(directory)/db"
        log:
          - target: stderr
            any: error
        template:
          - id: default
            storage: "\(directory)"
            file: "%s.zone"
            journal-content: none
            zonefile-sync: -1
        zone:
        \(zones.map { "  - domain: \($0)" }.joined(separator: "\n"))

        """
    }

    /// A random high port that was free for UDP and TCP on 127.0.0.1 a moment ago.
    private static func freePort() throws -> UInt16 {
        for _ in 0..<20 {
            let port = UInt16.random(in: 20_000...60_000)
            if canBind(port: port, type: SOCK_DGRAM) && canBind(port: port, type: SOCK_STREAM) { return port }
        }
        throw XCTSkip("no free port found")
    }

    private static func canBind(port: UInt16, type: __socket_type) -> Bool {
        let fd = socket(AF_INET, Int32(type.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
