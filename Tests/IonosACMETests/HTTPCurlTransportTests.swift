import Foundation
import Synchronization
import XCTest

@testable import IonosACME

final class HTTPCurlTransportTests: XCTestCase {
    private let key = Secret("prefix.curl-test-secret-value")

    private func request(_ url: String, method: String = "GET", body: [UInt8] = []) -> HTTPRequest {
        HTTPRequest(
            method: method, url: url,
            headers: [HTTPHeader("X-API-Key", secret: key), HTTPHeader("Accept", "application/json")], body: body)
    }

    private func expectError(_ block: () throws(HTTPError) -> HTTPResponse) -> HTTPError? {
        do {
            let response = try block()
            XCTFail("expected an error, got HTTP \(response.status)")
            return nil
        } catch {
            return error
        }
    }

    func testGetReturnsStatusLowercasedHeadersAndBody() throws {
        let server = try LoopbackResponder { _ in
            .respond(LoopbackResponder.answer(200, "OK", headers: ["X-Custom": "abc", "Retry-After": "3"], body: "[]"))
        }
        defer { server.stop() }
        let transport = try CurlTransport()
        for _ in 0..<3 {  // one handle, reused
            let response = try transport.send(request("http://127.0.0.1:\(server.port)/dns/v1/zones"), deadline: 5)
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(response.headers["x-custom"], "abc")
            XCTAssertEqual(response.header("Retry-After"), "3")
            XCTAssertEqual(response.body, Array("[]".utf8))
        }
        let head = try XCTUnwrap(server.requests.first)
        XCTAssertTrue(head.hasPrefix("GET /dns/v1/zones HTTP/1.1\r\n"), head)
        XCTAssertTrue(head.contains("X-API-Key: prefix.curl-test-secret-value\r\n"))
        XCTAssertTrue(head.contains("Accept: application/json\r\n"))
        XCTAssertEqual(server.requests.count, 3)
    }

    func testPostBodyAndCustomMethods() throws {
        let server = try LoopbackResponder { _ in .respond(LoopbackResponder.answer(201, "Created", body: "{}")) }
        defer { server.stop() }
        let transport = try CurlTransport()
        let body = Array(String(repeating: "a", count: 3000).utf8)
        let url = "http://127.0.0.1:\(server.port)/x"
        XCTAssertEqual(try transport.send(request(url, method: "POST", body: body), deadline: 5).status, 201)
        XCTAssertEqual(try transport.send(request(url, method: "DELETE"), deadline: 5).status, 201)
        XCTAssertEqual(try transport.send(request(url, method: "POST"), deadline: 5).status, 201)
        let seen = server.requests
        XCTAssertEqual(seen.count, 3)
        XCTAssertTrue(seen[0].hasPrefix("POST /x HTTP/1.1"))
        XCTAssertTrue(seen[0].contains("Content-Length: 3000"))
        XCTAssertTrue(seen[0].hasSuffix(String(repeating: "a", count: 3000)))
        XCTAssertFalse(seen[0].lowercased().contains("expect:"), "no 100-continue round trip")
        XCTAssertTrue(seen[1].hasPrefix("DELETE /x HTTP/1.1"), seen[1])
        XCTAssertTrue(seen[2].hasPrefix("POST /x HTTP/1.1") && seen[2].contains("Content-Length: 0"), seen[2])
    }

    func testDeadlineEndsASlowAnswer() throws {
        let server = try LoopbackResponder { _ in .delay(20, LoopbackResponder.answer(200, "OK")) }
        defer { server.stop() }
        let transport = try CurlTransport()
        let started = Date()
        let error = expectError { () throws(HTTPError) in
            try transport.send(request("http://127.0.0.1:\(server.port)/"), deadline: 0.3)
        }
        XCTAssertEqual(error, .timeout(url: "http://127.0.0.1:\(server.port)/", seconds: 0.3))
        XCTAssertLessThan(Date().timeIntervalSince(started), 10, "the deadline, not the server, ended the wait")
        XCTAssertEqual(error?.isTransient, true)
        XCTAssertEqual(error?.mayHaveBeenApplied, true)
    }

    func testRedirectIsReturnedNotFollowedAndKeyNeverReachesTheOtherHost() throws {
        let other = try LoopbackResponder { _ in .respond(LoopbackResponder.answer(200, "OK")) }
        defer { other.stop() }
        let server = try LoopbackResponder { _ in
            .respond(LoopbackResponder.answer(302, "Found", headers: ["Location": "http://127.0.0.1:\(other.port)/steal"]))
        }
        defer { server.stop() }
        let transport = try CurlTransport()
        let response = try transport.send(request("http://127.0.0.1:\(server.port)/dns/v1/zones"), deadline: 5)
        XCTAssertEqual(response.status, 302)
        XCTAssertEqual(response.header("location"), "http://127.0.0.1:\(other.port)/steal")
        XCTAssertEqual(server.requests.count, 1)
        XCTAssertEqual(other.requests, [], "the redirect target was never contacted")
    }

    func testResponseSizeCapAbortsTheTransfer() throws {
        let server = try LoopbackResponder { _ in .huge(4 * 1024 * 1024) }
        defer { server.stop() }
        let transport = try CurlTransport(responseLimit: 1024 * 1024)
        let url = "http://127.0.0.1:\(server.port)/"
        let error = expectError { () throws(HTTPError) in try transport.send(request(url), deadline: 10) }
        XCTAssertEqual(error, .tooLarge(url: url, limit: 1024 * 1024))
        XCTAssertEqual(error?.isTransient, false)
    }

    func testConnectionResetIsClassified() throws {
        let server = try LoopbackResponder { _ in .reset }
        defer { server.stop() }
        let transport = try CurlTransport()
        let error = expectError { () throws(HTTPError) in
            try transport.send(request("http://127.0.0.1:\(server.port)/"), deadline: 5)
        }
        guard case .connectionReset = error else { return XCTFail("got \(String(describing: error))") }
        XCTAssertEqual(error?.isTransient, true)
    }

    func testClosedPortIsCouldNotConnect() throws {
        let server = try LoopbackResponder { _ in .reset }
        let port = server.port
        server.stop()
        let error = expectError { () throws(HTTPError) in
            try CurlTransport().send(request("http://127.0.0.1:\(port)/"), deadline: 5)
        }
        guard case .couldNotConnect = error else { return XCTFail("got \(String(describing: error))") }
        XCTAssertEqual(error?.mayHaveBeenApplied, false)
    }

    func testTLSFailureIsClassified() throws {
        let server = try LoopbackResponder { _ in .respond(LoopbackResponder.answer(200, "OK")) }
        defer { server.stop() }
        let error = expectError { () throws(HTTPError) in
            try CurlTransport().send(request("https://127.0.0.1:\(server.port)/"), deadline: 5)
        }
        guard case .tls = error else { return XCTFail("got \(String(describing: error))") }
        XCTAssertTrue(error?.description.contains("IONOS_ACME_CA_FILE") == true)
    }

    func testPlainHTTPToARealHostIsRefusedBeforeConnecting() throws {
        let transport = try CurlTransport()
        for url in [
            "http://example.invalid/", "http://EXAMPLE.invalid:80/dns", "ftp://127.0.0.1/", "file:///etc/passwd",
            "http://127.0.0.1.example.invalid/", "http://user@example.invalid/", "gopher://localhost/",
        ] {
            let error = expectError { () throws(HTTPError) in try transport.send(request(url), deadline: 1) }
            guard case .refusedURL = error else { XCTFail("\(url): got \(String(describing: error))"); continue }
            XCTAssertEqual(error?.exitCode, .config, url)
        }
    }

    func testConcurrentCallersShareTheHandleSafely() throws {
        let server = try LoopbackResponder { _ in .respond(LoopbackResponder.answer(200, "OK", body: "ok")) }
        defer { server.stop() }
        let transport = try CurlTransport()
        let url = "http://127.0.0.1:\(server.port)/"
        let results = Mutex<[Int]>([])
        let shared = request(url)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            let status = (try? transport.send(shared, deadline: 10).status) ?? -1
            results.withLock { $0.append(status) }
        }
        XCTAssertEqual(results.withLock { $0 }, Array(repeating: 200, count: 8))
    }
}

final class HTTPURLPolicyTests: XCTestCase {
    func testLoopbackHosts() {
        for host in ["localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "::1", "0:0:0:0:0:0:0:1"] {
            XCTAssertTrue(URLPolicy.isLoopback(host), host)
        }
        for host in ["example.invalid", "128.0.0.1", "::2", "10.0.0.1", "127.0.0.1.nip.io", "localhost.example", ""] {
            XCTAssertFalse(URLPolicy.isLoopback(host), host)
        }
    }

    func testPolicy() {
        XCTAssertNoThrow(try URLPolicy.check("https://api.hosting.ionos.com/dns"))
        XCTAssertNoThrow(try URLPolicy.check("http://127.0.0.1:8080/dns"))
        XCTAssertNoThrow(try URLPolicy.check("http://[::1]:8080/dns"))
        XCTAssertNoThrow(try URLPolicy.check("HTTP://localhost/dns"))
        XCTAssertEqual(URLPolicy.parse("http://u:p@[::1]:80/x")?.host, "::1")
        XCTAssertEqual(URLPolicy.parse("https://Api.Example.com:443?q")?.host, "api.example.com")
        for url in [
            "http://example.invalid/", "http://127.0.0.1@example.invalid/", "api.hosting.ionos.com", "http://",
            "http://exa mple.invalid/", "ftp://localhost/", "http://[::1/",
        ] {
            XCTAssertThrowsError(try URLPolicy.check(url), url) { error in
                XCTAssertEqual((error as? HTTPError)?.exitCode, .config)
            }
        }
    }
}
