import BoardCalCore

extension Partnership {
  /// The partnership without the file positions the loader notes on every rule: what it says,
  /// to compare with a partnership built in memory (which was never in a file).
  public var withoutPositions: Partnership {
    var p = self
    p.provenance.position = nil
    for i in p.versions.indices { p.versions[i].provenance.position = nil }
    for i in p.people.indices { p.people[i].provenance.position = nil }
    for b in p.boards.indices {
      p.boards[b].provenance.position = nil
      for i in p.boards[b].patterns.indices {
        p.boards[b].patterns[i].provenance.position = nil
        for s in p.boards[b].patterns[i].suspensions.indices {
          p.boards[b].patterns[i].suspensions[s].provenance.position = nil
        }
      }
      for i in p.boards[b].dates.indices { p.boards[b].dates[i].provenance.position = nil }
      for i in p.boards[b].cancellations.indices {
        p.boards[b].cancellations[i].provenance.position = nil
      }
      for i in p.boards[b].patterns.indices {
        for k in p.boards[b].patterns[i].moved.indices {
          p.boards[b].patterns[i].moved[k].provenance.position = nil
        }
      }
      p.boards[b].life.established?.provenance.position = nil
      p.boards[b].life.replacedBy?.provenance.position = nil
      p.boards[b].life.dissolved?.provenance.position = nil
      for i in p.boards[b].life.renamed.indices {
        p.boards[b].life.renamed[i].provenance.position = nil
      }
    }
    for i in p.reports.indices { p.reports[i].provenance.position = nil }
    for i in p.duties.indices { p.duties[i].provenance.position = nil }
    for i in p.themes.indices { p.themes[i].provenance.position = nil }
    p.review?.provenance.position = nil
    return p
  }
}
