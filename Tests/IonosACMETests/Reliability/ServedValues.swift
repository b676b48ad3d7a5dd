import DNSWire
import Foundation
import IonosACME

/// Asks each authoritative listener of a sandbox directly what it serves (no recursion).
struct ServedValues {
    let nameservers: [DNSServerAddress]
    let transport = SocketDNSTransport()

    init(addresses: [String]) {
        nameservers = addresses.compactMap { DNSServerAddress(parsing: $0) }
    }

    /// The TXT values at `name`, one list per nameserver (nil where no answer came).
    func txt(_ name: String) -> [[String]?] {
        guard let dnsName = try? DNSName(name) else { return nameservers.map { _ in nil } }
        let queries = nameservers.map { DNSQuery(server: $0, name: dnsName, type: .txt, recursionDesired: false) }
        return transport.exchange(queries, timeout: 2).map { result in
            result.message.map { message in
                message.answers.flatMap { record -> [String] in
                    guard case .txt(let strings) = record.data else { return [] }
                    return [strings.map { String(decoding: $0, as: UTF8.self) }.joined()]
                }
            }
        }
    }

    /// The servers (by address) that do not serve `value` at `name`; empty when all do.
    func missing(_ value: String, at name: String) -> [String] {
        zip(nameservers, txt(name)).compactMap { server, values in
            values?.contains(value) == true ? nil : "\(server) (has \(values.map { "\($0)" } ?? "no answer"))"
        }
    }
}
