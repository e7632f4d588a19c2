import GRDB

extension Representative {
    /// Reads a `representative` row.
    init(row: Row) throws {
        func day(_ column: String) -> Day? { (row[column] as String?).flatMap(Day.init) }
        let categories: String = row["categories"]
        let relations: String = row["relations"]
        self.init(
            id: row["id"], name: row["name"],
            gender: Gender(rawValue: row["gender"]) ?? .male,
            birthYear: row["birth_year"], community: row["community"], street: row["street"],
            categories: categories.split(separator: ";").map(String.init),
            intake: Intake(rawValue: row["intake"]) ?? .selfNominated,
            recommendedBy: row["recommended_by"], phone: row["phone"], household: row["household"],
            workUnit: row["work_unit"], relations: DeclaredRelation.parseList(relations),
            termStart: day("term_start"), termEnd: day("term_end"),
            status: RepresentativeStatus(rawValue: row["status"]) ?? .candidate,
            statusReason: row["status_reason"], suspendedUntil: day("suspended_until"))
    }

    /// The values for the columns in ``Representative/columnList``, in that order.
    var databaseValues: [DatabaseValueConvertible?] {
        [id, name, gender.rawValue, birthYear, community, street, categories.joined(separator: ";"),
         intake.rawValue, recommendedBy, phone, household, workUnit, DeclaredRelation.format(relations),
         termStart?.description, termEnd?.description, status.rawValue, statusReason,
         suspendedUntil?.description]
    }

    static let columnList = "id, name, gender, birth_year, community, street, categories, intake, recommended_by, phone, household, work_unit, relations, term_start, term_end, status, status_reason, suspended_until"
}

