import CCurl
import Synchronization

/// The real HTTP transport: libcurl with one easy handle reused for the whole run.
///
/// Redirects are never followed, only http/https are spoken, every request has a total deadline,
/// answers are capped in size, and `http://` is refused before connecting unless the host is loopback.
public final class CurlTransport: HTTPTransport {
    /// Largest answer accepted by default: 8 MiB.
    public static let defaultResponseLimit = 8 * 1024 * 1024

    private static let globalInit: CURLcode = curl_global_init(Int(CURL_GLOBAL_DEFAULT))

    private let handle: Mutex<EasyHandle>
    private let caFile: String?
    private let responseLimit: Int

    /// Creates the transport; `caFile` is a PEM bundle to trust instead of the system store.
    public init(caFile: String? = nil, responseLimit: Int = CurlTransport.defaultResponseLimit) throws(HTTPError) {
        guard Self.globalInit == CURLE_OK, let raw = curl_easy_init() else {
            throw .other(url: "", detail: "libcurl could not be initialised")
        }
        self.handle = Mutex(EasyHandle(raw))
        self.caFile = caFile
        self.responseLimit = responseLimit
    }

    public func send(_ request: HTTPRequest, deadline seconds: Double) throws(HTTPError) -> HTTPResponse {
        try URLPolicy.check(request.url)
        let sink = ResponseSink(limit: responseLimit)
        let result: Result<Int, HTTPError> = handle.withLock { easy in
            perform(request, on: easy.raw, sink: sink, deadline: seconds)
        }
        let status = try result.get()
        return HTTPResponse(status: status, headers: sink.headers, body: sink.body)
    }

    // MARK: - One transfer

    private func perform(
        _ request: HTTPRequest, on curl: UnsafeMutableRawPointer, sink: ResponseSink, deadline: Double
    ) -> Result<Int, HTTPError> {
        curl_easy_reset(curl)
        var list: UnsafeMutablePointer<curl_slist>? = nil
        for header in request.headers {
            list = curl_slist_append(list, "\(header.name): \(header.wireValue)")
        }
        list = curl_slist_append(list, "Expect:")
        defer { curl_slist_free_all(list) }

        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        let code: CURLcode = errorBuffer.withUnsafeMutableBufferPointer { errbuf in
            withExtendedLifetime(sink) {
                let opaque = Unmanaged.passUnretained(sink).toOpaque()
                configure(curl, request: request, headers: list, deadline: deadline)
                _ = ccurl_setopt_pointer(curl, CURLOPT_ERRORBUFFER, errbuf.baseAddress)
                _ = ccurl_setopt_write_function(curl, CURLOPT_WRITEFUNCTION, curlWriteBody)
                _ = ccurl_setopt_pointer(curl, CURLOPT_WRITEDATA, opaque)
                _ = ccurl_setopt_write_function(curl, CURLOPT_HEADERFUNCTION, curlWriteHeader)
                _ = ccurl_setopt_pointer(curl, CURLOPT_HEADERDATA, opaque)
                let code = curl_easy_perform(curl)
                // The handle outlives this call: drop every pointer into this frame.
                _ = ccurl_setopt_pointer(curl, CURLOPT_ERRORBUFFER, nil)
                _ = ccurl_setopt_pointer(curl, CURLOPT_WRITEDATA, nil)
                _ = ccurl_setopt_pointer(curl, CURLOPT_HEADERDATA, nil)
                _ = ccurl_setopt_slist(curl, CURLOPT_HTTPHEADER, nil)
                return code
            }
        }
        guard code == CURLE_OK else {
            let detail = String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            return .failure(classify(code, detail: detail, url: request.url, deadline: deadline, sink: sink))
        }
        var status = 0
        _ = ccurl_getinfo_long(curl, CURLINFO_RESPONSE_CODE, &status)
        return .success(status)
    }

    private func configure(
        _ curl: UnsafeMutableRawPointer, request: HTTPRequest, headers: UnsafeMutablePointer<curl_slist>?,
        deadline: Double
    ) {
        _ = ccurl_setopt_string(curl, CURLOPT_URL, request.url)
        _ = ccurl_setopt_long(curl, CURLOPT_NOSIGNAL, 1)
        _ = ccurl_setopt_long(curl, CURLOPT_FOLLOWLOCATION, 0)
        _ = ccurl_setopt_string(curl, CURLOPT_PROTOCOLS_STR, "http,https")
        _ = ccurl_setopt_long(curl, CURLOPT_TIMEOUT_MS, max(1, Int((deadline * 1000).rounded(.up))))
        _ = ccurl_setopt_slist(curl, CURLOPT_HTTPHEADER, headers)
        if let caFile { _ = ccurl_setopt_string(curl, CURLOPT_CAINFO, caFile) }
        switch request.method {
        case "GET":
            _ = ccurl_setopt_long(curl, CURLOPT_HTTPGET, 1)
        case "POST":
            _ = ccurl_setopt_long(curl, CURLOPT_POST, 1)
        default:
            _ = ccurl_setopt_string(curl, CURLOPT_CUSTOMREQUEST, request.method)
        }
        if request.method == "POST" || !request.body.isEmpty {
            // The size must be set before COPYPOSTFIELDS, which copies exactly that many bytes.
            _ = ccurl_setopt_off(curl, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count))
            request.body.withUnsafeBytes { bytes in
                let base = bytes.baseAddress ?? UnsafeRawPointer(("" as StaticString).utf8Start)
                _ = ccurl_setopt_pointer(curl, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: base))
            }
        }
    }

    private func classify(
        _ code: CURLcode, detail: String, url: String, deadline: Double, sink: ResponseSink
    ) -> HTTPError {
        let text = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        switch code {
        case CURLE_WRITE_ERROR where sink.exceeded:
            return .tooLarge(url: url, limit: responseLimit)
        case CURLE_OPERATION_TIMEDOUT:
            return .timeout(url: url, seconds: deadline)
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .couldNotConnect(url: url, detail: text)
        case CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE:
            return .connectionReset(url: url, detail: text)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE,
            CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ISSUER_ERROR,
            CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_SHUTDOWN_FAILED:
            return .tls(url: url, detail: text)
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT:
            return .refusedURL(url: url, reason: text)
        default:
            return .other(url: url, detail: text)
        }
    }
}

// MARK: - Handle and callbacks

/// Owns the easy handle; only touched under the transport's mutex.
private final class EasyHandle {
    let raw: UnsafeMutableRawPointer
    init(_ raw: UnsafeMutableRawPointer) { self.raw = raw }
    deinit { curl_easy_cleanup(raw) }
}

/// Collects one answer; libcurl calls into it on the sending thread while the mutex is held.
private final class ResponseSink: @unchecked Sendable {
    let limit: Int
    var body: [UInt8] = []
    var headers: [String: String] = [:]
    var exceeded = false

    init(limit: Int) { self.limit = limit }

    func appendBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard body.count + bytes.count <= limit else {
            exceeded = true
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }

    func appendHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        let line = String(decoding: bytes, as: UTF8.self)
        if line.hasPrefix("HTTP/") {
            headers = [:]  // a new status line (after 100 Continue): start over
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = line[..<colon].lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: " \t\r\n")
        headers[name] = value
    }
}

private let curlWriteBody: ccurl_write_callback = { ptr, size, count, userdata in
    guard let ptr, let userdata else { return 0 }
    let sink = Unmanaged<ResponseSink>.fromOpaque(userdata).takeUnretainedValue()
    let length = size * count
    return sink.appendBody(UnsafeRawBufferPointer(start: ptr, count: length)) ? length : 0
}

private let curlWriteHeader: ccurl_write_callback = { ptr, size, count, userdata in
    guard let ptr, let userdata else { return 0 }
    let sink = Unmanaged<ResponseSink>.fromOpaque(userdata).takeUnretainedValue()
    let length = size * count
    sink.appendHeaderLine(UnsafeRawBufferPointer(start: ptr, count: length))
    return length
}

extension StringProtocol {
    /// The string without leading and trailing characters from `set`.
    func trimmingCharacters(in set: String) -> String {
        let chars = Set(set)
        var slice = Substring(self)
        while let first = slice.first, chars.contains(first) { slice.removeFirst() }
        while let last = slice.last, chars.contains(last) { slice.removeLast() }
        return String(slice)
    }
}
