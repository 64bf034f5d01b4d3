import BoardCalCore
import BoardCalProtocols
import Foundation
import Yams

/// The contacts file (`contacts.yaml`): the names and addresses of the people behind the
/// protocols' roles, kept outside `Protocols/` and out of git, since an address is personal
/// data and a protocol a public document. One mapping per partnership, one entry per person or
/// role of its protocol:
///
/// ```yaml
/// milton-keynes:
///   hwb-chair:
///     name: Jane Example
///     email: jane.example@example.org
/// ```
public enum ContactsFile {
  /// The file `notify` and `alerts` read when no `--contacts` is given, if it exists.
  public static let defaultPath = "contacts.yaml"

  /// The keys an entry takes.
  static let entryKeys = ["name", "email"]

  /// The contacts of partnership `p` in the file at `path`, or every problem in the file, each at
  /// its line and column: a person `p` does not name, an address that is not one, an unknown
  /// key. Entries of other partnerships are checked for their form alone.
  public static func read(path: String, for p: Partnership) -> Result<
    [Contact], ProtocolLoadError
  > {
    switch YAMLFile.text(at: path) {
    case .success(let text): return read(text, file: path, for: p)
    case .failure(let problem):
      return .failure(ProtocolLoadError(diagnostics: [problem.diagnostic]))
    }
  }

  /// Reads the text of a contacts file, as if it were the file `file`.
  public static func read(_ text: String, file: String, for p: Partnership) -> Result<
    [Contact], ProtocolLoadError
  > {
    var problems: [ProtocolDiagnostic] = []
    func problem(_ node: Node, _ keyPath: String, _ message: String) {
      problems.append(
        ProtocolDiagnostic(
          position: YAMLFile.position(of: node, in: file), keyPath: keyPath, message: message))
    }
    let root: Node
    switch YAMLFile.root(of: text, file: file) {
    case .success(let node): root = node
    case .failure(let diagnostic): return .failure(ProtocolLoadError(diagnostics: [diagnostic]))
    }
    guard case .mapping(let partnerships) = root else {
      problem(
        root, "",
        "expected a mapping of partnership ids, each to a mapping of person ids (see contacts.example.yaml)."
      )
      return .failure(ProtocolLoadError(diagnostics: problems))
    }
    var found: [Contact] = []
    let people = p.people.map(\.id)
    for (key, value) in partnerships {
      let partnership = key.scalar?.string ?? ""
      let mine = partnership == p.id
      guard case .mapping(let entries) = value else {
        if !YAMLFile.isNull(value) {
          problem(value, partnership, "expected a mapping of person ids to {name, email}.")
        }
        continue
      }
      for (personKey, entry) in entries {
        let person = personKey.scalar?.string ?? ""
        let path = "\(partnership).\(person)"
        if mine, p.person(person) == nil {
          problem(
            personKey, path,
            "\(p.id) names no person or role '\(person)'." + didYouMean(person, people)
              + " People: \(people.joined(separator: ", ")).")
          continue
        }
        guard case .mapping(let fields) = entry else {
          problem(entry, path, "expected a mapping with email (and name).")
          continue
        }
        var name: String?
        var email: String?
        for (fieldKey, fieldValue) in fields {
          let field = fieldKey.scalar?.string ?? ""
          guard entryKeys.contains(field) else {
            problem(
              fieldKey, "\(path).\(field)",
              "unknown key '\(field)'." + didYouMean(field, entryKeys)
                + " An entry takes name and email.")
            continue
          }
          guard case .scalar(let scalar) = fieldValue, !YAMLFile.isNull(fieldValue) else {
            problem(fieldValue, "\(path).\(field)", "expected a single value.")
            continue
          }
          let text = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
          if field == "name" {
            name = text.isEmpty ? nil : text
          } else if let address = MailAddress(bare: text) {
            email = address.email
          } else {
            problem(
              fieldValue, "\(path).email",
              "'\(text)' is not an email address; write it as local@domain, without a name.")
            email = ""
          }
        }
        guard let email else {
          problem(entry, path, "no email: an entry needs one.")
          continue
        }
        if mine, !email.isEmpty { found.append(Contact(person: person, name: name, email: email)) }
      }
    }
    return problems.isEmpty
      ? .success(found) : .failure(ProtocolLoadError(diagnostics: problems.sorted()))
  }
}
