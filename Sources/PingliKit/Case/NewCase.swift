/// A case as it comes in, before the office has decided anything: what a referral, a register
/// row and `pingli case add` each give. ``CaseDecider/receive(_:facts:)`` checks it and fixes
/// its deadlines.
public struct NewCase: Sendable, Equatable {
    public var ref: String
    public var title: String
    public var category: String
    public var source: CaseSource
    public var referringUnit: String?
    public var parties: [CaseParty]
    public var summary: String?
    /// The 台账's own 办结时限, when it set one.
    public var due: Day?

    public init(ref: String, title: String, category: String, source: CaseSource, referringUnit: String?, parties: [CaseParty],
                summary: String?, due: Day?) {
        self.ref = ref; self.title = title; self.category = category; self.source = source
        self.referringUnit = referringUnit; self.parties = parties; self.summary = summary; self.due = due
    }
}
