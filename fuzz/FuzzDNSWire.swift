// libFuzzer harness for the DNSWire codec: built by fuzz/run.sh against the DNSWire library.
import DNSWire

/// Decodes arbitrary bytes; a message that decodes must encode, decode again to an equal message,
/// and re-encode to the same bytes. Also feeds the bytes to the text parsers of names and addresses.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDNSWire(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = start.map { Array(UnsafeRawBufferPointer(start: $0, count: count)) } ?? []
    checkMessage(bytes)
    checkText(String(decoding: bytes, as: UTF8.self))
    return 0
}

private func checkMessage(_ bytes: [UInt8]) {
    guard let message = try? DNSMessage(decoding: bytes) else {
        _ = try? DNSHeader(peeking: bytes)
        return
    }
    guard let encoded = try? message.encode() else { fatalError("decoded message failed to encode") }
    guard let again = try? DNSMessage(decoding: encoded) else { fatalError("re-encoded message failed to decode") }
    guard again == message else { fatalError("round trip changed the message") }
    guard (try? again.encode()) == encoded else { fatalError("second encoding differs") }
    _ = try? message.encode(maxSize: 512)
    _ = try? message.encode(compress: false)
}

private func checkText(_ text: String) {
    if let name = try? DNSName(text) {
        guard let reparsed = try? DNSName(name.description), reparsed.labels == name.labels || name.isRoot else {
            fatalError("name text round trip failed")
        }
    }
    if let v6 = IPv6Address(text), IPv6Address(v6.description) != v6 { fatalError("IPv6 text round trip failed") }
    if let v4 = IPv4Address(text), IPv4Address(v4.description) != v4 { fatalError("IPv4 text round trip failed") }
}
