/// Why a hearing command was refused. Nothing is recorded when a command is refused.
public enum HearingError: Error, CustomStringConvertible, Equatable, Sendable {
    case outOfOrder(command: HearingCommand.Kind, stage: HearingStage, allowed: [HearingCommand.Kind])
    case invalid(String)
    case notFound(String)
    case corruptEvent(String)

    public var description: String {
        switch self {
        case let .outOfOrder(command, stage, allowed):
            return "`\(command.rawValue)` is not allowed now: the hearing is at stage \(stage.rawValue) (\(stage.label)); allowed here: \(allowed.map(\.rawValue).joined(separator: ", "))"
        case let .invalid(m): return m
        case let .notFound(m): return m
        case let .corruptEvent(m): return "a stored event cannot be read (\(m)); run `pingli verify` on the hearing"
        }
    }
}
