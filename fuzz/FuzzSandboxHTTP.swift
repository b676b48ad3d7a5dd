// libFuzzer harness for the sandbox's HTTP request handling: built by fuzz/run.sh against
// the IonosSandbox library (compiled with -enable-testing, so its internals are visible) and DNSWire.
@testable import IonosSandbox

/// One store and API handler for the whole run; the handler is reset before every input so runs repeat.
private let fuzzAPI: APIHandler = {
    do {
        return try APIHandler.deterministic()
    } catch {
        fatalError("cannot build the fuzz store: \(error)")
    }
}()

/// Splits the input as the server does (head end, head parse, Content-Length body), then answers the
/// request through the API handler and serializes the response. Any crash or trap is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSandboxHTTP(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = start.map { Array(UnsafeRawBufferPointer(start: $0, count: count)) } ?? []
    guard let end = HTTPParser.headEnd(in: bytes), end <= HTTPParser.maxHeadBytes + 4 else { return 0 }
    let request: HTTPRequest
    let length: Int
    do {
        (request, length) = try HTTPParser.parseHead(bytes[0..<(end - 4)])
    } catch {
        _ = error.response.bytes()
        return 0
    }
    guard length >= 0, length <= HTTPParser.maxBodyBytes else { fatalError("Content-Length \(length) passed the limits") }
    let body = Array(bytes[end..<min(bytes.count, end + length)])
    var full = request
    full.body = body
    fuzzAPI.store.reset()
    let response = fuzzAPI.handle(full)
    guard (100...599).contains(response.status) else { fatalError("status \(response.status) out of range") }
    _ = response.bytes()
    return 0
}
