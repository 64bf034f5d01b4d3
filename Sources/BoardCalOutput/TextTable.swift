/// Plain-text tables for the terminal: columns padded to their widest cell.
public enum TextTable {
  /// The header, a rule of dashes, then the rows; the columns in `rightAligned` (numbers) are
  /// padded on the left.
  public static func render(header: [String], rows: [[String]], rightAligned: Set<Int> = [])
    -> String
  {
    let all = [header] + rows
    let widths = header.indices.map { column in
      all.map { $0[column].count }.max() ?? 0
    }
    func line(_ cells: [String]) -> String {
      zip(cells.indices, zip(cells, widths)).map { column, pair in
        let pad = String(repeating: " ", count: pair.1 - pair.0.count)
        return rightAligned.contains(column) ? pad + pair.0 : pair.0 + pad
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
