import Foundation

/// Where and how outcomes are delivered, kept in the office database (`pingli outbox configure`).
public struct DeliverySettings: Sendable {
    public enum Key: String, CaseIterable, Sendable {
        case url = "delivery.url"
        case secrets = "delivery.secrets"
        case bearerToken = "delivery.bearer_token"
        case caFile = "delivery.ca_file"
        case connectTimeout = "delivery.connect_timeout"
        case timeout = "delivery.timeout"
        case schedule = "delivery.schedule"
        case source = "delivery.source"
        case includeNames = "delivery.include_names"
        case disabled = "delivery.disabled"
        case connections = "delivery.connections"
    }

    /// Connections used at once by default; see ``connections``.
    public static let defaultConnections = 4

    public var url: String?
    /// `whsec_…` secrets, newest first; several during a key rotation.
    public var secrets: [String]
    public var bearerToken: String?
    public var transport: TransportOptions
    public var policy: RetryPolicy
    /// Why the endpoint is disabled (it answered 410 Gone), if it is.
    public var disabled: String?
    /// How many outcomes of different cases are in flight at once, each on its own kept-alive
    /// connection (1–16). Outcomes of one case still go one at a time, in order.
    public var connections: Int = DeliverySettings.defaultConnections

    /// Reads the settings; `$PINGLI_WEBHOOK_SECRET` (space-separated for rotation) overrides
    /// the stored secrets.
    public static func load(_ settings: some SettingsAccess, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> DeliverySettings {
        let values = try settings.values(prefix: "delivery.")
        func v(_ k: Key) -> String? { values[k.rawValue].flatMap { $0.isEmpty ? nil : $0 } }
        var secrets = v(.secrets)?.split(separator: " ").map(String.init) ?? []
        if let env = environment["PINGLI_WEBHOOK_SECRET"], !env.isEmpty { secrets = env.split(separator: " ").map(String.init) }
        return DeliverySettings(
            url: v(.url), secrets: secrets, bearerToken: v(.bearerToken),
            transport: TransportOptions(connectTimeout: v(.connectTimeout).flatMap(Double.init) ?? 10,
                                        totalTimeout: v(.timeout).flatMap(Double.init) ?? 30, caFile: v(.caFile)),
            policy: try v(.schedule).map { try RetryPolicy(parsing: $0) } ?? .default,
            disabled: v(.disabled),
            connections: try v(.connections).map(Self.parseConnections) ?? Self.defaultConnections)
    }

    /// Reads a connection count, 1 to 16.
    public static func parseConnections(_ text: String) throws -> Int {
        guard let n = Int(text), (1...16).contains(n) else {
            throw DeliveryError.configuration(Message("outbox.bad-connections", text))
        }
        return n
    }

    /// Sets (or, with nil, removes) one delivery setting.
    public static func set(_ settings: some SettingsAccess, _ key: Key, _ value: String?) throws {
        try settings.set(key.rawValue, value)
    }

    /// The parsed secrets; throws when none is configured or one is malformed.
    public func parsedSecrets() throws -> [WebhookSecret] {
        guard !secrets.isEmpty else {
            throw DeliveryError.configuration(Message("outbox.no-secret"))
        }
        return try secrets.map(WebhookSecret.init)
    }
}
