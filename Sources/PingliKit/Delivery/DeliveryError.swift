/// Configuration and delivery errors; messages never contain the secret.
public enum DeliveryError: Error, CustomStringConvertible, Sendable {
    case configuration(Message)
    case notFound(Message)

    public var description: String {
        switch self {
        case let .configuration(m), let .notFound(m): return m.description
        }
    }
}
