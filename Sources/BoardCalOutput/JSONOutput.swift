import Foundation

/// How every JSON document boardcal writes is encoded (the command line, the HTTP API, the
/// webhook, `feeds.json`): keys in snake case from the property names, sorted, indented, slashes
/// left as they are, and a final newline. One encoder, so that the same value gives the same
/// bytes on every channel.
public enum JSONOutput {
  /// The encoder: snake-case keys, sorted, pretty-printed, `/` unescaped.
  public static func encoder() -> JSONEncoder {
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return encoder
  }

  /// The decoder for what the encoder wrote (`feeds.json`): snake-case keys.
  public static func decoder() -> JSONDecoder {
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    return decoder
  }

  /// The document's bytes, ending in a newline.
  public static func data(_ value: some Encodable) throws -> Data {
    var data = try encoder().encode(value)
    data.append(UInt8(ascii: "\n"))
    return data
  }

  /// The document as text, ending in a newline.
  public static func text(_ value: some Encodable) throws -> String {
    String(decoding: try data(value), as: UTF8.self)
  }
}
