/// Plain-text tables for the terminal: columns padded to their widest cell.
public enum TextTable {
  public static func render(header: [String], rows: [[String]]) -> String {
    let all = [header] + rows
    let widths = header.indices.map { column in
      all.map { $0[column].count }.max() ?? 0
    }
    func line(_ cells: [String]) -> String {
      zip(cells, widths).map { cell, width in
        cell + String(repeating: " ", count: width - cell.count)
      }.joined(separator: "  ").trimmingTrailingSpaces()
    }
    let rule = widths.map { String(repeating: "-", count: $0) }
    return ([line(header), line(rule)] + rows.map(line)).joined(separator: "\n")
  }
}

extension String {
  /// The text cut to `width` characters, with an ellipsis when cut (for table cells).
  public func clipped(_ width: Int) -> String {
    count <= width ? self : String(prefix(width - 1)) + "…"
  }

  public func trimmingTrailingSpaces() -> String {
    var s = self
    while s.last == " " { s.removeLast() }
    return s
  }
}
