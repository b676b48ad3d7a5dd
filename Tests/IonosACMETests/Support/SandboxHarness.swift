import Foundation
import IonosSandbox
import XCTest

/// An in-process `ionos-sandbox` on loopback for tests that run the hook binary against it.
final class SandboxHarness {
    let sandbox: Sandbox
    let dnsPort: UInt16
    let directory: String
    let requestLogPath: String

    /// Starts a sandbox with the given lag, faults and zones; the DNS port is picked at random (retried if taken).
    init(lag: LagSpec = .fixed(0), faults: FaultSpec? = nil, zones: [ZoneSeed]? = nil, seed: UInt64? = nil) throws {
        directory = NSTemporaryDirectory() + "sandbox-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        requestLogPath = directory + "/requests.jsonl"
        var lastError: (any Error)?
        for _ in 0..<20 {
            var options = SandboxOptions()
            options.lag = lag
            options.faults = faults
            options.seedZones = zones
            options.seed = seed
            options.requestLog = requestLogPath
            options.quiet = true
            options.dnsPort = UInt16.random(in: 20000...60000)
            do {
                let s = try Sandbox(options: options)
                try s.start()
                sandbox = s
                dnsPort = options.dnsPort
                return
            } catch { lastError = error }
        }
        throw lastError ?? NSError(domain: "sandbox", code: 1)
    }

    deinit {
        sandbox.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The environment a hook process needs to talk only to this sandbox (nothing inherited).
    var environment: [String: String] {
        [
            "IONOS_API_URL": sandbox.apiURL, "IONOS_API_KEY": sandbox.apiKey,
            "IONOS_ACME_RESOLVER": sandbox.resolverAddress, "IONOS_ACME_DNS_PORT": String(dnsPort),
            "IONOS_ACME_STATE_DIR": directory + "/state", "HOME": directory, "IONOS_ACME_POLL_INTERVAL": "0.5",
            "IONOS_ACME_PROPAGATION_TIMEOUT": "30",
        ]
    }

    /// The sandbox's state document, parsed.
    func state() throws -> [String: Any] {
        let data = Data(sandbox.state().serialized.utf8)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Every record of `zone`, each re-serialized with sorted keys (so snapshots compare byte for byte).
    func recordLines(zone: String) throws -> [String] {
        let zones = try XCTUnwrap(state()["zones"] as? [[String: Any]])
        let z = try XCTUnwrap(zones.first { ($0["name"] as? String) == zone }, "zone \(zone)")
        let records = try XCTUnwrap(z["records"] as? [[String: Any]])
        return try records.map { String(decoding: try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]), as: UTF8.self) }
    }

    /// TXT values (unquoted) at `name` in `zone`.
    func txtValues(zone: String, name: String) throws -> [String] {
        let zones = try XCTUnwrap(state()["zones"] as? [[String: Any]])
        let z = try XCTUnwrap(zones.first { ($0["name"] as? String) == zone })
        let records = try XCTUnwrap(z["records"] as? [[String: Any]])
        return records.filter { ($0["name"] as? String) == name && ($0["type"] as? String) == "TXT" }
            .compactMap { ($0["content"] as? String)?.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
            .sorted()
    }

    /// The request log: one dictionary per API request.
    func requests() throws -> [[String: Any]] {
        guard let text = try? String(contentsOfFile: requestLogPath, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }
}
