// libFuzzer harness for the sandbox's DNS request handling: built by fuzz/run.sh against
// the IonosSandbox library (compiled with -enable-testing) and DNSWire.
import DNSWire
@testable import IonosSandbox

/// The default zones, answered as nameserver 0 and as the resolver.
private let fuzzResponders: [DNSResponder] = {
    do {
        let store = try ZoneStore(seed: ZoneSeed.defaultSeed, random: SeededRandom(seed: 1), lag: .fixed(0), serverCount: 4)
        let servers = (0..<4).compactMap { SocketAddress(ip: "127.0.0.\($0 + 2)", port: 53) }
        return [DNSResponder(role: .authoritative(index: 0), store: store, nameservers: servers),
                DNSResponder(role: .resolver, store: store, nameservers: servers)]
    } catch {
        fatalError("cannot build the fuzz store: \(error)")
    }
}()

/// The first byte picks the responder and UDP/TCP; the rest is the query. A reply must decode, be a
/// response, carry the query's id, and fit 512 bytes (or the EDNS size) over UDP.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSandboxDNS(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = start.map { Array(UnsafeRawBufferPointer(start: $0, count: count)) } ?? []
    guard let selector = bytes.first else { return 0 }
    let query = Array(bytes.dropFirst())
    let udp = selector & 2 == 0
    guard let reply = fuzzResponders[Int(selector & 1)].respond(to: query, udp: udp) else { return 0 }
    if udp && reply.count > 4096 { fatalError("UDP reply of \(reply.count) bytes") }
    guard let header = try? DNSHeader(peeking: reply) else { fatalError("reply has no header") }
    guard header.isResponse else { fatalError("reply is not a response") }
    if query.count >= 2, header.id != UInt16(query[0]) << 8 | UInt16(query[1]) { fatalError("reply id differs") }
    if (try? DNSMessage(decoding: reply)) == nil { fatalError("reply does not decode") }
    return 0
}
