import Foundation
import Testing

@testable import BoardCalServer

@Suite("Validators, dates and tokens")
struct ValidatorTests {
  @Test("HTTP dates: IMF-fixdate written; all three forms read")
  func httpDates() {
    #expect(HTTPDate.format(784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
    #expect(HTTPDate.format(0) == "Thu, 01 Jan 1970 00:00:00 GMT")
    for text in [
      "Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT",
      "Sun Nov  6 08:49:37 1994",
    ] {
      #expect(HTTPDate.parse(text) == 784_111_777, "\(text)")
    }
    for bad in ["", "yesterday", "Sun, 31 Feb 1994 08:49:37 GMT", "Sun, 06 Nov 1994 25:00:00 GMT"] {
      #expect(HTTPDate.parse(bad) == nil, "\(bad)")
    }
    // Round trip over a range of instants, against Foundation's formatter.
    for seconds in stride(from: 0, to: 4_000_000_000, by: 86_399 * 97) {
      #expect(HTTPDate.parse(HTTPDate.format(seconds)) == seconds)
      #expect(httpDate(HTTPDate.format(seconds))?.timeIntervalSince1970 == Double(seconds))
    }
  }

  @Test("If-None-Match lists: weak, strong, wildcard, commas inside quotes")
  func entityTagLists() {
    #expect(EntityTagList.parse("\"a\", W/\"b\" ,\"c,d\"") == ["\"a\"", "W/\"b\"", "\"c,d\""])
    #expect(EntityTagList.parse("*") == ["*"])
    #expect(EntityTagList.parse("junk, \"x\"") == ["\"x\""])
    let tag = Validators.entityTag(Array("BEGIN:VCALENDAR".utf8))
    #expect(
      Validators.notModified(
        ifNoneMatch: ["W/\(tag)"], ifModifiedSince: nil, entityTag: tag, lastModified: 0))
    // If-None-Match that does not match wins over a matching If-Modified-Since.
    #expect(
      !Validators.notModified(
        ifNoneMatch: ["\"x\""], ifModifiedSince: "Sun, 06 Nov 1994 08:49:37 GMT",
        entityTag: tag, lastModified: 0))
  }

  @Test("ETags differ for bodies that differ by one byte")
  func entityTags() {
    let a = Validators.entityTag(Array("abc".utf8))
    #expect(a == Validators.entityTag(Array("abc".utf8)))
    #expect(a != Validators.entityTag(Array("abd".utf8)))
    #expect(a != Validators.entityTag(Array("abc\n".utf8)))
  }

  @Test("Last-Modified: kept while a feed's bytes stay, moved forward when they change")
  func lastModified() {
    let history = FeedHistory()
    #expect(history.lastModified(path: "a", entityTag: "1", now: 1000) == 1000)
    // The same bytes in a later state: unchanged.
    #expect(history.lastModified(path: "a", entityTag: "1", now: 1500) == 1000)
    // New bytes: now.
    #expect(history.lastModified(path: "a", entityTag: "2", now: 1600) == 1600)
    // New bytes in the same second (or a clock set back): still later than before.
    #expect(history.lastModified(path: "a", entityTag: "3", now: 1600) == 1601)
    #expect(history.lastModified(path: "a", entityTag: "4", now: 10) == 1602)
    // Another path has its own.
    #expect(history.lastModified(path: "b", entityTag: "1", now: 2000) == 2000)
  }

  @Test("the feed token: only the exact secret, none when unset")
  func tokens() {
    let access = FeedAccess(token: "s3cret")
    #expect(access.permits("s3cret"))
    for wrong in [nil, "", "s3cre", "s3cret ", "S3cret", "s3cret\u{0}"] as [String?] {
      #expect(!access.permits(wrong), "\(String(describing: wrong))")
    }
    #expect(!FeedAccess(token: nil).permits(""))
    #expect(!FeedAccess(token: "").permits(""))
    #expect(!FeedAccess(token: "").isEnabled)
  }

  @Test("the calendar method: read from the VCALENDAR's own lines only")
  func calendarMethods() {
    let publish = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:PUBLISH\r\nEND:VCALENDAR\r\n"
    #expect(
      calendarContentType(Array(publish.utf8)) == "text/calendar; charset=utf-8; method=PUBLISH")
    let nested =
      "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nMETHOD:PUBLISH\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    #expect(calendarContentType(Array(nested.utf8)) == "text/calendar; charset=utf-8")
  }
}

@Suite("what is gzipped")
struct CompressibleTests {
  @Test("pages, JSON, YAML, CSV and plain text, whatever the case and parameters; never a feed")
  func compressible() {
    for type in [
      "text/html; charset=utf-8", "Text/HTML", "application/json; charset=utf-8",
      "application/yaml; charset=utf-8", " text/plain ", "TEXT/PLAIN;charset=utf-8",
      "text/csv; charset=utf-8; header=present",
    ] {
      #expect(CompressionMiddleware.compressible(type), "\(type)")
    }
    for type in [
      "text/calendar; charset=utf-8; method=PUBLISH", "text/htmlx", "text/htm", "image/png",
      "application/json-seq", "", ";",
    ] {
      #expect(!CompressionMiddleware.compressible(type), "\(type)")
    }
  }
}
