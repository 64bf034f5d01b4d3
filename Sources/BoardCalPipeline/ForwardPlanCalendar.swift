import BoardCalCore
import BoardCalICal
import BoardCalOutput

extension PartnershipState {
  /// The forward plan of cycle `cycle` (default: the one containing the state's day) as
  /// `disclosure`'s audience may see it, statuses as of the state's day.
  public func forwardPlan(cycle: Int? = nil, disclosure: Disclosure) -> ForwardPlan {
    let p = partnership
    let year = cycle ?? p.cycle(containing: asOf)
    return ForwardPlan(
      p, cycle: year, schedule: schedule(span: p.cycleSpan(year)), records: records, asOf: asOf,
      disclosure: disclosure)
  }

  /// The forward plan as an iCalendar file through libical (`RenderedFeeds`), each event at the
  /// version (SEQUENCE, DTSTAMP) it has in the partnership's feeds.
  public func forwardPlanCalendar(_ plan: ForwardPlan, options: FeedOptions = FeedOptions())
    throws(PipelineError) -> [UInt8]
  {
    var feed = FeedPlanner.forwardPlanFeed(plan, options: options)
    let versions = eventVersions(options: options)
    feed.events = feed.events.map { $0.at(versions[$0.uid]) }
    do {
      return try RenderedFeeds(head: calendarHead()).render(feed)
    } catch {
      throw .render(file: feed.path, error)
    }
  }
}
