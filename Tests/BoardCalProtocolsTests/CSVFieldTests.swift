import Testing

@testable import BoardCalOutput

@Suite("CSV fields")
struct CSVFieldTests {
  @Test("RFC 4180 quoting: commas, quotes and line breaks")
  func quoting() {
    #expect(CSVField.quoted("Health and Wellbeing Board") == "Health and Wellbeing Board")
    #expect(CSVField.quoted("Adults, Children") == "\"Adults, Children\"")
    #expect(CSVField.quoted("the \"annual\" report") == "\"the \"\"annual\"\" report\"")
    #expect(CSVField.quoted("two\r\nlines") == "\"two\r\nlines\"")
    #expect(CSVField.quoted("2027-02-02") == "2027-02-02")
  }

  @Test("a field a spreadsheet would run as a formula is written as text")
  func formulas() {
    #expect(
      CSVField.quoted("=HYPERLINK(\"http://x.example\")")
        == "\"'=HYPERLINK(\"\"http://x.example\"\")\"")
    #expect(CSVField.quoted("+1") == "'+1")
    #expect(CSVField.quoted("-2") == "'-2")
    #expect(CSVField.quoted("@SUM(A1)") == "'@SUM(A1)")
  }
}
