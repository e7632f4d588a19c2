/// What a draw needs from the pool: everyone with their training and service, the office's
/// eligibility rules and its categories. `Store/PoolStore.swift` is the SQLite adapter.
public protocol PoolReading: Sendable {
    /// Every representative with their training and service records.
    func members() throws -> [PoolMember]
    /// Eligibility rules as the office set them.
    func rules() throws -> EligibilityRules
    /// The categories the office uses.
    func catalog() throws -> CategoryCatalog
}
