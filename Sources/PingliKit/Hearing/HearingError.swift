/// Why a hearing command was refused. Nothing is recorded when a command is refused.
public enum HearingError: Error, CustomStringConvertible, Equatable, Sendable {
    case outOfOrder(command: HearingCommand.Kind, stage: HearingStage, allowed: [HearingCommand.Kind])
    case invalid(Message)
    case notFound(Message)
    case corruptEvent(String)

    public var description: String {
        switch self {
        case let .outOfOrder(command, stage, allowed):
            return Message("hearing.not-allowed-now", command.rawValue, stage.rawValue, stage.label, Catalogue.list(allowed.map(\.rawValue))).description
        case let .invalid(m), let .notFound(m): return m.description
        case let .corruptEvent(m): return Message("hearing.corrupt-event", m).description
        }
    }
}
