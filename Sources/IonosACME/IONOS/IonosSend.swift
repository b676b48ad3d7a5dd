import FoundationEssentials

/// What one logical send produced: an answer, or (when asked to stop there) a lost answer.
enum SendOutcome {
    case response(HTTPResponse)
    case lostAnswer(cause: String)
}

extension RetryBudget {
    /// True once a request may have been applied without an answer.
    var sawLostAnswer: Bool { lostAnswers > 0 }
}

// MARK: - The shared send path

extension IonosClient {
    /// Sends `request` with retries and checks that the final status is one of `expecting`.
    func send(_ request: HTTPRequest, operation: String, expecting: Set<Int>) throws(IonosError) -> HTTPResponse {
        var budget = RetryBudget(policy: policy, clock: clock)
        guard
            case .response(let response) = try exchange(
                request, operation: operation, budget: &budget, stopOnLostAnswer: false)
        else { throw .unavailable(operation: operation, attempts: budget.attempts, lastCause: budget.lastCause) }
        try check(response, operation: operation, expecting: expecting)
        return response
    }

    /// The retry loop: 429, 5xx and transient network failures are retried within `budget`.
    ///
    /// With `stopOnLostAnswer`, a failure after which the request may have been applied (timeout,
    /// dropped connection, 5xx) returns `.lostAnswer` after the backoff pause instead of resending.
    func exchange(
        _ request: HTTPRequest, operation: String, budget: inout RetryBudget, stopOnLostAnswer: Bool
    ) throws(IonosError) -> SendOutcome {
        while true {
            budget.attempts += 1
            let started = clock.now()
            let result: Result<HTTPResponse, HTTPError>
            do { result = .success(try transport.send(request, deadline: budget.nextDeadline)) } catch {
                result = .failure(error)
            }
            recordRequest()
            let ms = Int(((clock.now() - started) * 1000).rounded())
            switch result {
            case .success(let response):
                logger.debug("HTTP \(request.logDescription) -> \(response.status) in \(ms) ms")
                guard response.status == 429 || (500...599).contains(response.status) else {
                    return .response(response)
                }
                let detail = errorDetail(response.body)
                budget.lastCause = "HTTP \(response.status)" + (detail.isEmpty ? "" : " \(detail)")
                let applied = response.status != 429
                if applied { budget.lostAnswers += 1 }
                let retryAfter = RetryPolicy.parseRetryAfter(response.header("retry-after"))
                try pause(operation: operation, budget: budget, retryAfter: retryAfter)
                if stopOnLostAnswer && applied { return .lostAnswer(cause: budget.lastCause) }
            case .failure(let error):
                logger.debug("HTTP \(request.logDescription) -> \(scrub(error.description)) after \(ms) ms")
                guard error.isTransient else { throw wrap(error, operation: operation) }
                budget.lastCause = scrub(error.description)
                if error.mayHaveBeenApplied { budget.lostAnswers += 1 }
                try pause(operation: operation, budget: budget, retryAfter: nil)
                if stopOnLostAnswer && error.mayHaveBeenApplied { return .lostAnswer(cause: budget.lastCause) }
            }
        }
    }

    /// Sleeps before the next attempt, or throws `.unavailable` when the policy allows no more.
    private func pause(operation: String, budget: RetryBudget, retryAfter: Double?) throws(IonosError) {
        let delay = policy.delay(beforeRetry: budget.attempts, retryAfter: retryAfter, random: random)
        guard budget.allowsRetry(after: delay) else {
            throw .unavailable(operation: operation, attempts: budget.attempts, lastCause: budget.lastCause)
        }
        logger.info(
            "\(operation): \(budget.lastCause); retrying in \(formatSeconds(delay)) "
                + "(attempt \(budget.attempts + 1) of \(policy.maxAttempts))")
        clock.sleep(delay)
    }

    private func wrap(_ error: HTTPError, operation: String) -> IonosError {
        switch error {
        case .tooLarge: return .badResponse(operation: operation, detail: error.description)
        default: return .transport(operation: operation, error: error)
        }
    }

    // MARK: - Status and body checks

    /// Maps a status outside `expecting` to the matching `IonosError`.
    func check(_ response: HTTPResponse, operation: String, expecting: Set<Int>) throws(IonosError) {
        guard !expecting.contains(response.status) else { return }
        let detail = errorDetail(response.body)
        switch response.status {
        case 401, 403: throw .rejectedKey(operation: operation, detail: detail)
        case 400, 409, 422: throw .invalidRequest(operation: operation, status: response.status, detail: detail)
        default: throw .unexpectedStatus(operation: operation, status: response.status, detail: detail)
        }
    }

    /// Decodes a JSON answer; anything else becomes `.badResponse` with a short reason.
    func decode<T: Decodable>(_ type: T.Type, from response: HTTPResponse, operation: String) throws(IonosError)
        -> T
    {
        guard response.body.count <= IonosClient.maxBodyBytes else {
            throw .badResponse(operation: operation, detail: "answer of \(response.body.count) bytes is too large")
        }
        guard !response.body.isEmpty else { throw .badResponse(operation: operation, detail: "empty answer") }
        do {
            return try JSONDecoder().decode(T.self, from: Data(response.body))
        } catch let error as DecodingError {
            throw .badResponse(operation: operation, detail: Self.explain(error))
        } catch {
            throw .badResponse(operation: operation, detail: "not JSON")
        }
    }

    /// The IONOS error text of a body, or a short printable excerpt of a body in neither shape.
    func errorDetail(_ body: [UInt8]) -> String {
        if let summary = IonosErrorBody.summary(body) { return scrub(summary) }
        guard !body.isEmpty else { return "" }
        let excerpt = IonosErrorBody.sanitize(String(decoding: body.prefix(120), as: UTF8.self))
        return scrub("unexpected body '\(excerpt)'")
    }

    /// Removes the key (and its secret half) from text that came from elsewhere.
    func scrub(_ text: String) -> String {
        var text = text
        let key = apiKey.revealed
        if !key.isEmpty { text = text.replacing(key, with: "<redacted>") }
        if let dot = key.lastIndex(of: "."), key.distance(from: dot, to: key.endIndex) > 8 {
            text = text.replacing(key[key.index(after: dot)...], with: "<redacted>")
        }
        return text
    }

    private static func explain(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted: return "not valid JSON (truncated or another format)"
        case .keyNotFound(let key, let ctx): return "unexpected shape: '\(key.stringValue)' missing\(at(ctx))"
        case .typeMismatch(_, let ctx), .valueNotFound(_, let ctx): return "unexpected shape\(at(ctx))"
        @unknown default: return "unexpected shape"
        }
    }

    private static func at(_ context: DecodingError.Context) -> String {
        let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        return path.isEmpty ? "" : " at \(path)"
    }
}
