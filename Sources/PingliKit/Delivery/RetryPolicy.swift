/// What one delivery attempt came to, as the transport saw it.
public struct AttemptResult: Sendable, Equatable {
    /// The HTTP status, or nil when no response came (timeout, refused, reset).
    public var status: Int?
    public var retryAfter: String?
    /// The transport's error, when no response came.
    public var error: String?
    public var responseBody: String

    public init(status: Int?, retryAfter: String? = nil, error: String? = nil, responseBody: String = "") {
        self.status = status
        self.retryAfter = retryAfter
        self.error = error
        self.responseBody = responseBody
    }
}

/// When to try again (pure: the caller passes the jitter).
public struct RetryPolicy: Sendable, Equatable {
    /// Delays before attempt 1, 2, … in seconds (attempt 1 is immediate by default).
    public var schedule: [Int]
    /// ± this fraction of a delay is added at random, so retries from many hearings spread out.
    public var jitter: Double

    public static let `default` = RetryPolicy(schedule: [0, 5, 300, 1800, 7200, 18000, 36000, 36000], jitter: 0.1)

    public init(schedule: [Int], jitter: Double) {
        self.schedule = schedule
        self.jitter = jitter
    }

    /// Parses `0,5s,5m,30m,2h` (plain numbers are seconds).
    public init(parsing text: String, jitter: Double = 0.1) throws {
        var delays: [Int] = []
        for part in text.split(separator: ",") {
            let p = part.trimmed
            let unit: Int
            var number = Substring(p)
            switch p.last {
            case "s": unit = 1; number = number.dropLast()
            case "m": unit = 60; number = number.dropLast()
            case "h": unit = 3600; number = number.dropLast()
            default: unit = 1
            }
            guard let n = Int(number), n >= 0 else {
                throw DeliveryError.configuration(Message("outbox.bad-delay", text, p))
            }
            delays.append(n * unit)
        }
        guard !delays.isEmpty else { throw DeliveryError.configuration(Message("outbox.no-delays")) }
        self.init(schedule: delays, jitter: jitter)
    }

    public enum Decision: Equatable, Sendable {
        case delivered
        /// Try again after this many seconds.
        case retry(after: Int)
        /// Give up on this outcome (the reason is kept).
        case dead(String)
        /// 410: the endpoint is gone; stop delivering anything until the office re-enables it.
        case disableEndpoint
    }

    /// The decision after attempt number `attempt` (1-based); `unit` in [−1, 1] scales the jitter.
    public func decide(_ r: AttemptResult, attempt: Int, unit: Double) -> Decision {
        if let s = r.status {
            switch s {
            case 200..<300: return .delivered
            case 410: return .disableEndpoint
            case 408, 429, 500..<600: break
            default: return .dead("HTTP \(s): \(r.responseBody.prefix(200))")
            }
        }
        guard attempt < schedule.count else {
            return .dead("gave up after \(attempt) attempts: " + (r.status.map { "HTTP \($0)" } ?? r.error ?? "no response"))
        }
        let base = Double(schedule[attempt])
        var delay = Int((base * (1 + jitter * max(-1, min(1, unit)))).rounded())
        if let after = r.retryAfter.flatMap(Self.retryAfterSeconds) { delay = max(delay, after) }
        return .retry(after: max(0, delay))
    }

    /// `Retry-After` as seconds (a number; HTTP dates are treated as one minute, as they
    /// cannot be compared without trusting the other side's clock).
    static func retryAfterSeconds(_ text: String) -> Int? {
        if let n = Int(text.trimmed), n >= 0 { return min(n, 86_400) }
        return text.isEmpty ? nil : 60
    }
}
