/// A representative with the records eligibility needs.
public struct PoolMember: Sendable {
    public var representative: Representative
    public var training: [TrainingRecord]
    public var service: [ServiceRecord]
    /// The office the representative belongs to in a county store; nil serves county-wide
    /// (and every representative of a single office's database).
    public var homeOffice: String?

    public init(representative: Representative, training: [TrainingRecord], service: [ServiceRecord], homeOffice: String? = nil) {
        self.representative = representative
        self.training = training
        self.service = service
        self.homeOffice = homeOffice
    }
}
