/// Configuration and delivery errors; messages never contain the secret.
public enum DeliveryError: Error, CustomStringConvertible, Sendable {
    case configuration(String)
    case notFound(String)

    public var description: String {
        switch self {
        case let .configuration(m): return m
        case let .notFound(m): return m
        }
    }
}
