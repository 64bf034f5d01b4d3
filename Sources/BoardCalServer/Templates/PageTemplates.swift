import Mustache

/// The pages' Mustache templates (swift-mustache: `{{name}}` is HTML-escaped, so no text from a
/// protocol or a record reaches a page unescaped), kept as Swift string literals so that the
/// binary runs from anywhere, and parsed once, the first time the server starts.
enum PageTemplates {
  /// Every template by name; pages render through it (`render(_:as:)`).
  static let library: MustacheLibrary = {
    let sources: [String: String] = [
      "layout": layout, "feeds": feeds, "status": status, "meeting": meeting,
      "localNav": localNav, "alertTable": alertTable, "index": index,
      "partnership": partnership, "board": board, "overdue": overdue, "conflicts": conflicts,
      "forwardPlan": forwardPlan,
    ]
    var library = MustacheLibrary()
    for (name, text) in sources {
      do {
        try library.register(text, named: name)
      } catch {
        // The templates are constants of this file: one that does not parse is a programming
        // error, which every page test would show.
        fatalError("the page template '\(name)' does not parse: \(error)")
      }
    }
    return library
  }()

  /// `model` through the template `name`.
  static func render(_ model: Any, as name: String) -> String {
    guard let text = library.render(model, withTemplate: name) else {
      fatalError("no page template '\(name)'")
    }
    return text
  }
}
