/// Everything a draw used and produced, so anyone can recompute it (`pingli verify-draw`).
///
/// Published as JSON. It holds no personal data: representatives appear by id with the
/// attributes the quotas count, households as `G1`, `G2` tokens.
public struct DrawRecord: Sendable, Codable, Equatable {
    public static let format = "pingli-draw-record"
    public static let algorithmName = "leximin-slots/hmac-drbg-sha256"
    /// Bumped whenever any step that changes the outcome for the same inputs changes.
    public static let algorithmVersion = 1

    public struct Algorithm: Sendable, Codable, Equatable {
        public var name: String
        public var version: Int
        public var solver: String
    }

    /// The eligible people and everyone left out (with reason codes), as hashed.
    public struct Pool: Sendable, Codable, Equatable {
        public var day: String
        public var eligible: [Candidate]
        public var excluded: [ExcludedPerson]
    }

    public struct Seed: Sendable, Codable, Equatable {
        public var mode: SeedMode
        public var contributions: [SeedContribution]
        /// Lower-case hex of the seed (see ``DrawSeed/compute(hearingID:poolHash:specHash:mode:contributions:)``).
        public var value: String
    }

    /// One composition of the lottery: how many people from each slot, and its integer weight.
    public struct Composition: Sendable, Codable, Equatable {
        public var weight: Int64
        /// Pairs `[slot, count]` for slots that give at least one person.
        public var take: [[Int]]
    }

    public struct Lottery: Sendable, Codable, Equatable {
        /// Each slot's members by id (slot order is the sampling order).
        public var slots: [[String]]
        /// For household classes: each class's slots and its households (member ids).
        public var householdClasses: [HouseholdClassRecord]
        public var compositions: [Composition]
        public var weightTotal: Int64
        /// The smallest and largest selection probability of anyone eligible.
        public var minimumProbability: Double
        public var maximumProbability: Double
        public var rounds: Int
        /// `dependent-rounding` when slots are whole types and households are kept apart at
        /// sampling time (``DependentRounding``); absent when households are slots of their own.
        public var rounding: String?
        /// With dependent rounding: every household with two or more eligible members.
        public var households: [[String]]?
    }

    public struct HouseholdClassRecord: Sendable, Codable, Equatable {
        public var slots: [Int]
        public var households: [[String]]
    }

    public var format: String = DrawRecord.format
    public var algorithm: Algorithm
    public var hearingID: String
    public var spec: PanelSpec
    public var pool: Pool
    public var poolHash: String
    public var seed: Seed
    public var lottery: Lottery
    /// Each eligible person's selection probability (from the integer weights).
    public var probabilities: [String: Double]
    /// Panel members in seat order (seat 1 first).
    public var panel: [String]
    /// Alternates in the order they are called.
    public var alternates: [String]
}
