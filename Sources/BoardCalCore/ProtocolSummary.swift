/// Readable digests of a protocol for officers checking a file.
public enum ProtocolSummary {
  /// Every `assumption` the file makes, each prefixed with where it was written.
  public static func assumptions(of p: Partnership) -> [String] {
    rules(of: p).compactMap { provenance, what in
      provenance.assumption.map { "\(what) (\(provenance.position?.description ?? "?")): \($0)" }
    }
  }

  /// Every rule of the file with what it is ("board hwb meetings"), in file order.
  public static func rules(of p: Partnership) -> [(Provenance, String)] {
    var found: [(Provenance, String)] = [(p.provenance, "partnership")]
    found += p.versions.map { ($0.provenance, "version \($0.id)") }
    for board in p.boards {
      found.append((board.provenance, "board \(board.id)"))
      found += board.patterns.map { ($0.provenance, "board \(board.id) meetings") }
      found += board.patterns.flatMap(\.suspensions).map {
        ($0.provenance, "board \(board.id) suspension")
      }
      found += board.dates.map { ($0.provenance, "board \(board.id) date \($0.date)") }
    }
    found += p.reports.map { ($0.provenance, "report \($0.id)") }
    found += p.duties.map { ($0.provenance, "duty \($0.id)") }
    found += p.themes.map { ($0.provenance, "theme \($0.id)") }
    if let review = p.review { found.append((review.provenance, "review")) }
    return found
  }
}
