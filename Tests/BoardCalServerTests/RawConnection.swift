import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A TCP connection to the loopback interface, spoken to byte by byte, every wait bounded in
/// time: what a slow, silent or careless client does, which an HTTP library would not do.
final class RawConnection {
  let socket: Int32

  /// Connects to 127.0.0.1:`port`.
  init(port: Int) throws {
    socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard socket >= 0 else { throw FixtureError(description: "socket: errno \(errno)") }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard connected == 0 else {
      Glibc.close(socket)
      throw FixtureError(description: "connect to port \(port): errno \(errno)")
    }
  }

  deinit { Glibc.close(socket) }

  /// Sends `text`; false when the server has closed the connection.
  @discardableResult func send(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    var sent = 0
    while sent < bytes.count {
      let n = bytes[sent...].withUnsafeBytes {
        Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
      }
      guard n > 0 else { return false }
      sent += n
    }
    return true
  }

  /// Sends `text` again and again for up to `seconds` without waiting when the connection will
  /// take no more (a client that writes and never reads); gives how many bytes went out.
  func flood(_ text: String, for seconds: Double) -> Int {
    let bytes = Array(text.utf8)
    let deadline = Date().addingTimeInterval(seconds)
    var sent = 0
    while Date() < deadline {
      let at = sent % bytes.count
      let n = bytes[at...].withUnsafeBytes {
        Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
      }
      if n > 0 {
        sent += n
      } else if errno == EAGAIN || errno == EWOULDBLOCK {
        usleep(1000)
      } else {
        break
      }
    }
    return sent
  }

  /// Reads what arrives within `seconds`, without holding a thread while it waits; `closed`
  /// when the server closed the connection (end of file or reset) in that time. With
  /// `untilClosed` false, stops at the end of the first whole answer.
  func read(for seconds: Double, untilClosed: Bool = true) async -> (bytes: [UInt8], closed: Bool) {
    var bytes: [UInt8] = []
    let deadline = Date().addingTimeInterval(seconds)
    var buffer = [UInt8](repeating: 0, count: 65536)
    while Date() < deadline {
      var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
      if poll(&poller, 1, 0) <= 0 {
        try? await Task.sleep(for: .milliseconds(10))
        continue
      }
      let n = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
      if n <= 0 { return (bytes, true) }
      bytes += buffer[0..<n]
      if !untilClosed, Self.wholeAnswer(bytes) { return (bytes, false) }
    }
    return (bytes, false)
  }

  /// One whole answer (its head and a body of its Content-Length), within `seconds`.
  func answer(within seconds: Double = 10) async -> String {
    String(decoding: await read(for: seconds, untilClosed: false).bytes, as: UTF8.self)
  }

  /// Whether `bytes` hold a head and as many body bytes as its Content-Length says.
  static func wholeAnswer(_ bytes: [UInt8]) -> Bool {
    let separator: [UInt8] = [13, 10, 13, 10]
    guard
      let end = (0..<max(0, bytes.count - 3)).first(where: {
        Array(bytes[$0..<$0 + 4]) == separator
      })
    else { return false }
    let head = String(decoding: bytes[..<end], as: UTF8.self).lowercased()
    let length =
      head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
      .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) }
      ?? 0
    return bytes.count - (end + 4) >= length
  }
}

extension String {
  /// The value of a header in an HTTP answer's head, or nil.
  func header(_ name: String) -> String? {
    guard let end = range(of: "\r\n\r\n") else { return nil }
    let wanted = name.lowercased() + ":"
    return self[..<end.lowerBound].split(separator: "\r\n").first {
      $0.lowercased().hasPrefix(wanted)
    }.map { String($0.dropFirst(wanted.count)).trimmingCharacters(in: .whitespaces) }
  }
}
