import Crypto
import Foundation

/// Standard Webhooks signatures: `v1,<base64 HMAC-SHA256(key, "id.timestamp.body")>`, with the
/// key the base64 after `whsec_`. Several secrets (during rotation) give several signatures,
/// separated by spaces.
public struct WebhookSecret: Sendable {
    let key: [UInt8]

    /// Parses `whsec_<base64>`; throws a message that never repeats the secret.
    public init(_ text: String) throws {
        let trimmed = text.trimmed
        guard trimmed.hasPrefix("whsec_"), let data = Data(base64Encoded: String(trimmed.dropFirst(6))), data.count >= 16 else {
            throw DeliveryError.configuration(Message("outbox.bad-secret"))
        }
        key = Array(data)
    }

    /// A fresh random secret in `whsec_` form.
    public static func generate() -> String {
        var bytes = [UInt8](repeating: 0, count: 32)
        var rng = SystemRandomNumberGenerator()
        for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255, using: &rng) }
        return "whsec_" + Data(bytes).base64EncodedString()
    }

    public func sign(id: String, timestamp: Int, body: Data) -> String {
        var message = Data("\(id).\(timestamp).".utf8)
        message.append(body)
        return "v1," + Data(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key))).base64EncodedString()
    }
}

public enum WebhookSignature {
    /// The `webhook-signature` header for `secrets`.
    public static func header(id: String, timestamp: Int, body: Data, secrets: [WebhookSecret]) -> String {
        secrets.map { $0.sign(id: id, timestamp: timestamp, body: body) }.joined(separator: " ")
    }

    public enum Rejection: Error, Equatable, CustomStringConvertible, Sendable {
        case missingHeaders, badTimestamp, stale(seconds: Int), badSignature
        public var description: String {
            switch self {
            case .missingHeaders: return "webhook-id, webhook-timestamp and webhook-signature are required"
            case .badTimestamp: return "webhook-timestamp is not a Unix time"
            case let .stale(s): return "webhook-timestamp is \(s) s away from now (tolerance 300 s)"
            case .badSignature: return "no signature matches"
            }
        }
    }

    /// Verifies a delivery as a receiver does: timestamp within `tolerance` of `now`, and some
    /// listed `v1` signature matching some secret (compared in constant time).
    public static func verify(id: String?, timestamp: String?, signature: String?, body: Data, secrets: [WebhookSecret],
                              now: Int, tolerance: Int = 300) throws(Rejection) {
        guard let id, let timestamp, let signature else { throw .missingHeaders }
        guard let ts = Int(timestamp) else { throw .badTimestamp }
        // Compared without subtracting first: a hostile timestamp near Int.min would overflow.
        guard ts >= now - tolerance && ts <= now + tolerance else {
            let (age, overflow) = now.subtractingReportingOverflow(ts)
            throw .stale(seconds: overflow ? (ts > now ? Int.min : Int.max) : age)
        }
        let offered = signature.split(separator: " ").compactMap { part -> [UInt8]? in
            guard part.hasPrefix("v1,") else { return nil }
            return Data(base64Encoded: String(part.dropFirst(3))).map(Array.init)
        }
        for secret in secrets {
            let expected = Array(Data(base64Encoded: String(secret.sign(id: id, timestamp: ts, body: body).dropFirst(3)))!)
            for o in offered where o.count == expected.count {
                if zip(o, expected).reduce(UInt8(0), { $0 | ($1.0 ^ $1.1) }) == 0 { return }
            }
        }
        throw .badSignature
    }
}
