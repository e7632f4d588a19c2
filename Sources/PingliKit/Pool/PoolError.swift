/// Errors from pool rules and pool commands; each message says what, where and how to fix.
public enum PoolError: Error, Equatable, CustomStringConvertible, Sendable {
    case notFound(id: String)
    case duplicateID(id: String)
    case duplicatePhone(phone: String, holder: String)
    case illegalTransition(id: String, from: RepresentativeStatus, to: RepresentativeStatus, allowed: [RepresentativeStatus])
    case reasonRequired(status: RepresentativeStatus)
    case invalidField(field: String, value: String, hint: String)
    case missingField(field: String)

    public var description: String {
        switch self {
        case let .notFound(id):
            return "no representative with id \(id) (list them with `pingli pool list`)"
        case let .duplicateID(id):
            return "id \(id) is already in the pool"
        case let .duplicatePhone(phone, holder):
            return "phone \(Redact.phone(phone)) already belongs to \(holder); each representative needs their own number"
        case let .illegalTransition(id, from, to, allowed):
            let options = allowed.isEmpty ? "none: \(from.rawValue) is final"
                : allowed.map { "\($0.rawValue) (\($0.label))" }.joined(separator: ", ")
            if from == to {
                return "\(id) is already \(from.rawValue) (\(from.label))"
            }
            return "\(id) cannot go from \(from.rawValue) (\(from.label)) to \(to.rawValue) (\(to.label)); allowed from here: \(options)"
        case let .reasonRequired(status):
            return "setting \(status.rawValue) (\(status.label)) needs a reason: add --reason TEXT"
        case let .invalidField(field, value, hint):
            return "\(field) '\(value)' is not valid: \(hint)"
        case let .missingField(field):
            return "\(field) is required"
        }
    }
}
