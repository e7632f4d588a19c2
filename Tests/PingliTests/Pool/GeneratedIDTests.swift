import Testing
@testable import PingliKit

@Suite("Generated ids")
struct GeneratedIDTests {
    @Test("the generated form is R- and 1 to 18 ASCII digits; anything else is some other id")
    func number() {
        #expect(GeneratedID.number("R-000123") == 123)
        #expect(GeneratedID.number("R-7") == 7)
        #expect(GeneratedID.number("R-999999999999999999") == 999_999_999_999_999_999)
        for other in ["R-", "R-1234567890123456789", "R-+5", "R--3", "R-12a", "r-000001", "X-000001", "R-１２", "~12", ""] {
            #expect(GeneratedID.number(other) == nil, "\(other)")
        }
    }

    @Test("numbers are padded to six digits and read back")
    func format() {
        #expect(GeneratedID.format(1) == "R-000001")
        #expect(GeneratedID.format(1_234_567) == "R-1234567")
        for n in [1, 42, 999_999, 1_000_000, 123_456_789] { #expect(GeneratedID.number(GeneratedID.format(n)) == n) }
    }

    @Test("an import's ids start after the store's and the file's highest")
    func firstForImport() {
        #expect(GeneratedID.firstForImport(storeHighest: 0, fileHighest: 0) == 1)
        #expect(GeneratedID.firstForImport(storeHighest: 5, fileHighest: 40) == 41)
        #expect(GeneratedID.firstForImport(storeHighest: 90, fileHighest: 40) == 91)
    }
}
