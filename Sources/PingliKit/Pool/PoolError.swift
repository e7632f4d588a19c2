/// Errors from pool rules and pool commands; each message says what, where and how to fix.
public enum PoolError: Error, Equatable, CustomStringConvertible, Sendable {
    case notFound(id: String)
    case duplicateID(id: String)
    case duplicatePhone(phone: String, holder: String)
    /// An import row without an id (so a new person) whose phone someone in the pool holds:
    /// most often a list re-imported without its 编号 column.
    case duplicatePhoneWithoutID(phone: String, holder: String)
    case illegalTransition(id: String, from: RepresentativeStatus, to: RepresentativeStatus, allowed: [RepresentativeStatus])
    case reasonRequired(status: RepresentativeStatus)
    case invalidField(field: String, value: String, hint: Message)
    case missingField(field: String)

    public var description: String {
        switch self {
        case let .notFound(id):
            return Message("pool.not-found", id).description
        case let .duplicateID(id):
            return Message("pool.duplicate-id", id).description
        case let .duplicatePhone(phone, holder):
            return Message("pool.duplicate-phone", Redact.phone(phone), holder).description
        case let .duplicatePhoneWithoutID(phone, holder):
            return Message("pool.duplicate-phone-no-id", Redact.phone(phone), holder).description
        case let .illegalTransition(id, from, to, allowed):
            let options = allowed.isEmpty ? Message("pool.status-final", from.rawValue).description
                : Catalogue.list(allowed.map { "\($0.rawValue) (\($0.label))" })
            if from == to {
                return Message("pool.already-status", id, from.rawValue, from.label).description
            }
            return Message("pool.illegal-transition", id, from.rawValue, from.label, to.rawValue, to.label, options).description
        case let .reasonRequired(status):
            return Message("pool.reason-required", status.rawValue, status.label).description
        case let .invalidField(field, value, hint):
            return Message("pool.invalid-field", field, value, hint).description
        case let .missingField(field):
            return Message("pool.missing-field", field).description
        }
    }
}
