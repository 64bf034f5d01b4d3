import BoardCalCore

extension Partnership {
  /// The span the tests derive, whatever day they run on: a closed protocol's whole horizon; for
  /// the seeds in force, the years their documents speak of (Milton Keynes and Medway 2021-22 and
  /// 2022-23; Buckinghamshire the four financial years from 2017-18).
  public var referenceSpan: DateSpan { span(asOf: referenceDay) }

  /// The day `referenceSpan` is seen from.
  public var referenceDay: CivilDate {
    if let end = horizon.end { return end }
    return id == "buckinghamshire"
      ? CivilDate(year: 2020, month: 3, day: 31)! : CivilDate(year: 2022, month: 3, day: 31)!
  }
}
