/// A representative with the records eligibility needs.
public struct PoolMember: Sendable {
    public var representative: Representative
    public var training: [TrainingRecord]
    public var service: [ServiceRecord]

    public init(representative: Representative, training: [TrainingRecord], service: [ServiceRecord]) {
        self.representative = representative
        self.training = training
        self.service = service
    }
}
