import Testing

@testable import BoardCalCore

/// Calendar names and descriptions as every reader takes them whole (`Feed.headerText`): text
/// already in that form is recognised scalar by scalar and kept; anything else is rewritten.
@Suite("feed header text")
struct HeaderTextTests {
  @Test("names that readers take whole are kept; commas, controls and runs of spaces are not")
  func rewritesWhatReadersCut() {
    #expect(Feed.headerText("Public meetings — Medway") == "Public meetings — Medway")
    #expect(Feed.headerText("Board, Milton Keynes; 2026") == "Board – Milton Keynes – 2026")
    #expect(Feed.headerText("A\\B") == "A/B")
    #expect(Feed.headerText("  two  spaces\tand a tab ") == "two spaces and a tab")
    // NEL, the line separator and a C1 control end a line in some readers.
    #expect(Feed.headerText("one\u{85}two\u{2028}three\u{9F}four") == "one two three four")
    #expect(Feed.headerText("Café des Réunions") == "Café des Réunions")
    #expect(Feed.headerText("") == "")
    // ASCII is rewritten byte by byte: CR LF and DEL are spaces, each comma a dash of its own.
    #expect(Feed.headerText("\r\nA,,B\\ ,C\u{7F}") == "A – –B/ –C")
    #expect(Feed.headerText(",Board;") == "–Board –")
  }

  @Test("the check without grapheme breaking keeps exactly the text the rewrite would keep")
  func quickCheckAgreesWithTheRewrite() {
    let pieces = [
      "a", "Board", " ", "  ", ",", ";", "\\", "\n", "\r\n", "\t", "\u{0B}", "\u{0C}", "\u{7F}",
      "\u{85}", "\u{9F}", "\u{A0}", "\u{2028}", "\u{2029}", "—", "é", "e\u{301}", " \u{301}",
      ",\u{301}", "\u{1F600}", "\u{200B}", "\u{FEFF}",
    ]
    var texts = pieces
    for a in pieces {
      for b in pieces { texts.append(a + b) }
    }
    for a in pieces {
      for b in pieces { texts.append("x" + a + "y" + b + "z") }
    }
    for text in texts {
      #expect(
        Feed.headerText(text) == Feed.rewrittenAsHeader(text), "\(Array(text.unicodeScalars))")
      if Feed.isHeaderText(text) { #expect(Feed.rewrittenAsHeader(text) == text) }
    }
  }
}
