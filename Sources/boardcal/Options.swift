import ArgumentParser
import BoardCalCore
import BoardCalPipeline
import BoardCalProtocols
import BoardCalStore

extension CivilDate: ExpressibleByArgument {
  public init?(argument: String) {
    guard let date = try? Self.argument(argument) else { return nil }
    self = date
  }

  /// Reads a date option: a day that exists, within the years boardcal works with.
  static func argument(_ text: String) throws -> CivilDate {
    guard let date = CivilDate(iso: text) else {
      throw ValidationError(
        "'\(text)' is not a date that exists; write it as YYYY-MM-DD, e.g. 2021-04-01.")
    }
    if let problem = DateBounds.problem(with: date) { throw ValidationError(problem) }
    return date
  }
}

/// `--db PATH`: the records database, shared by every command that reads or writes records.
struct DatabaseOption: ParsableArguments {
  @Option(
    name: .customLong("db"),
    help: ArgumentHelp(
      "The records database (SQLite). Default: $BOARDCAL_DB, else $XDG_DATA_HOME/boardcal/records.sqlite, else ~/.local/share/boardcal/records.sqlite (emit: none unless given).",
      valueName: "path"))
  var path: String?

  /// The database this option names, or the default one.
  var database: RecordsDatabase { RecordsDatabase(path: path) }

  /// The database only when `--db` names one: for `emit`, whose committed feeds follow the
  /// protocols alone unless told otherwise.
  var named: RecordsDatabase? { path.map { RecordsDatabase(path: $0) } }
}

/// `--from`, `--to` and `--as-of`: the days a command derives, by default from the protocol's
/// start to the look-ahead beyond the as-of day (the end of the next financial year).
struct SpanOptions: ParsableArguments {
  @Option(
    help: "First day (YYYY-MM-DD); default: the protocol's start.", transform: CivilDate.argument)
  var from: CivilDate?

  @Option(
    help:
      "Last day (YYYY-MM-DD); default: the end of the financial year after the --as-of day (or the protocol's end).",
    transform: CivilDate.argument)
  var to: CivilDate?

  @OptionGroup var standing: AsOfOption
  var asOf: CivilDate? { standing.day }

  func span(for state: PartnershipState) throws -> DateSpan {
    let span = DateSpan(start: from ?? state.span.start, end: to ?? state.span.end)
    guard span.start <= span.end else {
      throw ValidationError("--to (\(span.end)) is before --from (\(span.start)).")
    }
    if let problem = DateBounds.problem(with: span) { throw ValidationError(problem) }
    return span
  }
}

/// `--as-of`: the day a command stands on. Every view reaches from the protocol's start to the end
/// of the financial year after it; alerts and the chair's view look from it.
struct AsOfOption: ParsableArguments {
  @Option(
    name: .customLong("as-of"),
    help: ArgumentHelp(
      "The day to stand on (YYYY-MM-DD; default: today in the partnership's time zone): views reach from the protocol's start to the end of the financial year after it.",
      valueName: "date"),
    transform: CivilDate.argument)
  var day: CivilDate?
}

/// `--audience`: show what one audience may see, by the rule every channel applies.
struct AudienceOption: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Show only what an audience may see: officer (everything, the default), public (what the public feed and anonymous pages show), person:ID (a person or role of the protocol) or board:ID (a board's members, as its token shows it).",
      valueName: "audience"))
  var audience: String = "officer"

  func disclosure(for p: Partnership) throws -> Disclosure {
    switch audience {
    case "officer": return Disclosure(.officer, of: p)
    case "public": return Disclosure(.public, of: p)
    case let text where text.hasPrefix("board:"):
      let id = String(text.dropFirst("board:".count))
      guard p.board(id) != nil else { throw unknownBoard(id, p) }
      return Disclosure(.board(id), of: p)
    default:
      guard audience.hasPrefix("person:") else {
        throw ValidationError(
          "--audience '\(audience)' is not officer, public, person:ID or board:ID."
            + didYouMean(audience, ["officer", "public"]))
      }
      let id = String(audience.dropFirst("person:".count))
      guard p.person(id) != nil else {
        throw ValidationError(unknownPerson(id, p))
      }
      return Disclosure(.person(id), of: p)
    }
  }
}
