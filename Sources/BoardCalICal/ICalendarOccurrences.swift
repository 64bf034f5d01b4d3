import BoardCalCore
import CLibical

/// One reading of a calendar libical has parsed: its VEVENTs as events in the partnership's
/// zone, recurring ones expanded through libical's recurrence iterator up to `lastDay`.
struct Reading {
  let file: String
  let calendar: OpaquePointer
  /// The partnership's zone (libical's builtin).
  let zone: OpaquePointer
  let lastDay: CivilDate

  /// A VEVENT as libical read it, with where the text has it.
  struct Source {
    let component: OpaquePointer
    let outline: OutlinedComponent
    let uid: String?
    let summary: String
    let cancelled: Bool
    let start: icaltimetype
    /// The occurrence it replaces, when it overrides one of a recurring event.
    let recurrenceID: icaltimetype?

    var named: String { uid.map { "event '\($0)'" } ?? "event" }
  }

  func refuse(_ line: Int, _ column: Int? = nil, _ message: String) -> CalendarReadError {
    CalendarReadError(file: file, line: line, column: column, message: message)
  }

  /// A problem with the value of a VEVENT's property `name`, at that value when the text has it
  /// (else at the VEVENT's BEGIN line).
  func refuse(_ name: String, of outline: OutlinedComponent, _ message: String)
    -> CalendarReadError
  {
    guard let property = outline.first(name) else { return refuse(outline.line, nil, message) }
    let at = property.position(ofOffset: property.valueOffset)
    return refuse(at.line, at.column, message)
  }

  /// The events of the calendar's VEVENTs (each with its outline), sorted by day.
  func events(_ vevents: [(OpaquePointer, OutlinedComponent)]) throws(CalendarReadError)
    -> ImportedCalendar
  {
    var sources: [Source] = []
    for (component, outline) in vevents {
      sources.append(try source(component, outline))
    }
    // Overrides by UID and the occurrence they replace.
    var overrides: [String: [String: Int]] = [:]
    for (index, source) in sources.enumerated() {
      if let uid = source.uid, let id = source.recurrenceID {
        overrides[uid, default: [:]][key(id)] = index
      }
    }
    var used: Set<Int> = []
    var events: [ImportedEvent] = []
    var continuing: [ContinuingSeries] = []
    for source in sources where source.recurrenceID == nil {
      guard recurs(source) else {
        events.append(try event(source, at: source.start))
        continue
      }
      let (occurrences, continues) = try expand(source)
      if continues {
        continuing.append(
          ContinuingSeries(
            uid: source.uid, summary: source.summary, line: source.outline.line,
            readThrough: lastDay))
      }
      let excluded = try exclusions(of: source)
      let replaced = source.uid.flatMap { overrides[$0] } ?? [:]
      for occurrence in occurrences
      where !excluded.contains(key(occurrence)) && !excluded.contains(dayKey(occurrence)) {
        if let index = replaced[key(occurrence)] ?? replaced[dayKey(occurrence)] {
          used.insert(index)
          events.append(try event(sources[index], at: sources[index].start))
        } else {
          events.append(try event(source, at: occurrence))
        }
      }
    }
    // An override of no occurrence read (its series is not in the file, or does not have that
    // occurrence) is an event of its own.
    for (index, source) in sources.enumerated()
    where source.recurrenceID != nil && !used.contains(index) {
      events.append(try event(source, at: source.start))
    }
    return ImportedCalendar(
      events: events.sorted { ($0.date, $0.line) < ($1.date, $1.line) }, continuing: continuing)
  }

  /// A VEVENT's UID, summary, status, start and RECURRENCE-ID, or where it is malformed.
  func source(_ component: OpaquePointer, _ outline: OutlinedComponent) throws(CalendarReadError)
    -> Source
  {
    let uid = icalcomponent_get_uid(component).map { String(cString: $0) }
    let named = uid.map { "event '\($0)'" } ?? "event"
    if let problem = ICalendarReader.firstError(in: component, excluding: nil) {
      // libical names the property it could not read ("… in DTSTART property. …"): point at it.
      let name = outline.properties.map(\.name).first { problem.contains(" in \($0) property") }
      throw refuse(name ?? "BEGIN", of: outline, "\(named) is malformed: \(problem)")
    }
    guard let property = icalcomponent_get_first_property(component, ICAL_DTSTART_PROPERTY)
    else { throw refuse(outline.line, nil, "\(named) has no valid DTSTART.") }
    let start = try zoned(
      icalproperty_get_dtstart(property), of: property, in: outline, default: nil)
    guard icaltime_is_null_time(start) == 0 else {
      throw refuse(outline.line, nil, "\(named) has no valid DTSTART.")
    }
    var recurrenceID: icaltimetype?
    if let property = icalcomponent_get_first_property(component, ICAL_RECURRENCEID_PROPERTY) {
      recurrenceID = try zoned(
        icalproperty_get_recurrenceid(property), of: property, in: outline, default: start.zone)
    }
    return Source(
      component: component, outline: outline, uid: uid,
      summary: icalcomponent_get_summary(component).map { String(cString: $0) } ?? "",
      cancelled: icalcomponent_get_status(component) == ICAL_STATUS_CANCELLED, start: start,
      recurrenceID: recurrenceID)
  }

  /// A value of a property with its TZID's zone (the file's VTIMEZONE, else libical's builtin),
  /// or `fallback` when it has no TZID and is floating.
  func zoned(
    _ value: icaltimetype, of property: OpaquePointer, in outline: OutlinedComponent,
    default fallback: OpaquePointer?
  ) throws(CalendarReadError) -> icaltimetype {
    var time = value
    if let parameter = icalproperty_get_first_parameter(property, ICAL_TZID_PARAMETER),
      let text = icalparameter_get_tzid(parameter)
    {
      let tzid = String(cString: text)
      guard
        let zone = icalcomponent_get_timezone(calendar, tzid)
          ?? icaltimezone_get_builtin_timezone_from_tzid(tzid)
          ?? icaltimezone_get_builtin_timezone(tzid)
      else {
        throw refuse(
          outline.line, nil, "the TZID '\(tzid)' is not defined in the file nor known to libical.")
      }
      return icaltime_set_timezone(&time, zone)
    }
    if time.zone == nil && time.is_date == 0, let fallback {
      return icaltime_set_timezone(&time, fallback)
    }
    return time
  }

  /// Whether a VEVENT has an RRULE or an RDATE.
  func recurs(_ source: Source) -> Bool {
    icalcomponent_get_first_property(source.component, ICAL_RRULE_PROPERTY) != nil
      || icalcomponent_get_first_property(source.component, ICAL_RDATE_PROPERTY) != nil
  }

  /// The starts of a recurring event's occurrences up to `lastDay` (its DTSTART, its RRULEs'
  /// occurrences through libical's iterator and its RDATEs, once each, in that order), and
  /// whether it goes on after. Refused beyond `ICalendarReader.mostOccurrences`.
  func expand(_ source: Source) throws(CalendarReadError) -> ([icaltimetype], continues: Bool) {
    var occurrences = [source.start]
    var seen: Set<String> = [key(source.start)]
    var continues = false
    var count = 1
    func take(_ time: icaltimetype, _ name: String)
      throws(CalendarReadError) -> Bool
    {
      guard try local(time, of: source).date <= lastDay else {
        continues = true
        return false
      }
      count += 1
      guard count <= ICalendarReader.mostOccurrences else {
        throw refuse(
          name, of: source.outline,
          "\(source.named) repeats more than \(ICalendarReader.mostOccurrences) times up to \(lastDay), the last day read; boardcal reads at most \(ICalendarReader.mostOccurrences) occurrences of one event."
        )
      }
      if seen.insert(key(time)).inserted { occurrences.append(time) }
      return true
    }
    var rule = icalcomponent_get_first_property(source.component, ICAL_RRULE_PROPERTY)
    while let property = rule {
      let recurrence = icalproperty_get_rrule(property)
      guard recurrence.freq != ICAL_NO_RECURRENCE,
        let iterator = icalrecur_iterator_new(recurrence, source.start)
      else {
        let text = icalproperty_get_value_as_string(property).map { String(cString: $0) } ?? ""
        throw refuse(
          "RRULE", of: source.outline,
          "\(source.named) has RRULE '\(text)', which libical cannot expand (it may give no day at all)."
        )
      }
      defer { icalrecur_iterator_free(iterator) }
      while true {
        var next = icalrecur_iterator_next(iterator)
        guard icaltime_is_null_time(next) == 0 else { break }
        if next.is_date == 0, let zone = source.start.zone {
          next = icaltime_set_timezone(&next, zone)
        }
        guard try take(next, "RRULE") else { break }
      }
      rule = icalcomponent_get_next_property(source.component, ICAL_RRULE_PROPERTY)
    }
    var rdate = icalcomponent_get_first_property(source.component, ICAL_RDATE_PROPERTY)
    while let property = rdate {
      let value = icalproperty_get_rdate(property)
      let time = icaltime_is_null_time(value.time) == 0 ? value.time : value.period.start
      _ = try take(
        try zoned(time, of: property, in: source.outline, default: source.start.zone),
        "RDATE")
      rdate = icalcomponent_get_next_property(source.component, ICAL_RDATE_PROPERTY)
    }
    return (occurrences, continues)
  }

  /// The keys of a recurring event's EXDATEs.
  func exclusions(of source: Source) throws(CalendarReadError) -> Set<String> {
    var keys: Set<String> = []
    var exdate = icalcomponent_get_first_property(source.component, ICAL_EXDATE_PROPERTY)
    while let property = exdate {
      keys.insert(
        key(
          try zoned(
            icalproperty_get_exdate(property), of: property, in: source.outline,
            default: source.start.zone)))
      exdate = icalcomponent_get_next_property(source.component, ICAL_EXDATE_PROPERTY)
    }
    return keys
  }

  /// What identifies an occurrence: a day for a DATE, the UTC instant for a zoned time, the
  /// wall-clock time for a floating one.
  func key(_ time: icaltimetype) -> String {
    if time.is_date != 0 { return dayKey(time) }
    let instant =
      time.zone == nil ? time : icaltime_convert_to_zone(time, icaltimezone_get_utc_timezone())
    return
      "\(time.zone == nil ? "F" : "U")\(instant.year)-\(instant.month)-\(instant.day)T\(instant.hour):\(instant.minute):\(instant.second)"
  }

  /// The day of an occurrence on its own clock, which an EXDATE or RECURRENCE-ID that is a DATE
  /// names.
  func dayKey(_ time: icaltimetype) -> String { "D\(time.year)-\(time.month)-\(time.day)" }

  /// The event a VEVENT gives at one start (its own, or an occurrence's).
  func event(_ source: Source, at start: icaltimetype) throws(CalendarReadError) -> ImportedEvent {
    let (date, time) = try local(start, of: source)
    return ImportedEvent(
      uid: source.uid, summary: source.summary, date: date, time: time,
      cancelled: source.cancelled, line: source.outline.line)
  }

  /// A start as a day and time in the partnership's zone: a DATE as written, a floating time as
  /// written, a zoned or UTC time converted. Checked again here, whatever libical made of it.
  func local(_ start: icaltimetype, of source: Source) throws(CalendarReadError)
    -> (date: CivilDate, time: TimeOfDay?)
  {
    let local =
      start.is_date != 0 || start.zone == nil ? start : icaltime_convert_to_zone(start, zone)
    let written =
      "\(local.year)-\(local.month)-\(local.day)"
      + (start.is_date != 0 ? "" : " \(local.hour):\(local.minute)")
    guard let date = CivilDate(year: Int(local.year), month: Int(local.month), day: Int(local.day))
    else {
      throw refuse(
        source.outline.line, nil, "\(source.named) starts on \(written), a day that does not exist."
      )
    }
    if let problem = DateBounds.problem(with: date) {
      throw refuse(source.outline.line, nil, "\(source.named) is refused: \(problem)")
    }
    guard start.is_date == 0 else { return (date, nil) }
    guard let time = TimeOfDay(hour: Int(local.hour), minute: Int(local.minute)) else {
      throw refuse(
        source.outline.line, nil,
        "\(source.named) starts at \(written), a time that does not exist.")
    }
    return (date, time)
  }
}
