#!/usr/bin/env python3
"""Checks every iCalendar feed that `boardcal emit` wrote under a folder.

Usage: python3 Tests/feeds_check.py CALENDARS_DIR [--boardcal PATH]

For every .ics under CALENDARS_DIR (ICALENDAR-NOTES.md, "What checks what"):
  * parsers: `icalendar` (failing on any component's .errors), the strict `ical`
    parser, and `vobject` (every VEVENT has UID and DTSTAMP);
  * lint of the raw bytes: CRLF line ends, physical lines <= 75 octets, every
    TZID= parameter names a VTIMEZONE of the file whose TZID is exactly
    Europe/London, DTEND after DTSTART (all-day: the next day or later), UIDs
    unique, METHOD:PUBLISH only with an ORGANIZER on every VEVENT, NAME,
    X-WR-CALNAME, REFRESH-INTERVAL and X-PUBLISHED-TTL present.
  * PHP's Horde_Icalendar (a consumer outside Python, reading zoned times through
    the file's own VTIMEZONE) reads every name whole and every meeting at its
    start_utc.
Content, for every .ics:
  * NAME and X-WR-CALNAME read back whole, equal to the name feeds.json gives,
    by icalendar, ical and vobject;
  * the VTIMEZONE's changes of the clocks, expanded from its RRULEs and dates
    over the feed's years, are exactly zoneinfo's transitions for Europe/London;
  * no VALARM on a cancelled event; every reminder is an absolute trigger at
    09:00 in London on a working day (no weekend, no bank holiday);
  * descriptions for people: no tab, no source file name.
For every partnership folder P, against `boardcal schedule Protocols/P.yaml --json`:
  * each board feed holds exactly one VEVENT per meeting of that board, at the
    meeting's local date and time in Europe/London and at its start_utc, as
    icalendar, vobject and ical read it (and the feed's own VTIMEZONE);
  * each obligation slotted at a meeting of a board is named in that meeting's
    DESCRIPTION (one block per meeting, no separate event in the board feed),
    and is an event of its owner's duties feed with CATEGORIES = its action
    upper-cased and RELATED-TO = the meeting's UID;
  * cancelled meetings carry STATUS:CANCELLED and "Cancelled" in SUMMARY;
  * public.ics has no CLASS:CONFIDENTIAL event and shows no confidential
    obligation (nor confidential meeting); its meetings have UIDs of their own
    (…-public@boardcal), never one a private feed uses; confidential
    obligations do reach their owner's (private) duties feed. Buckinghamshire's
    restricted SECTU Prevent briefing must be in boards/ssbpb.ics and in no
    public.ics at all.

Each check of each feed counts once; the last line is "N passed, M failed".
Exit status 0 when nothing failed, 1 otherwise, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import subprocess
import sys
import warnings
import zoneinfo
from pathlib import Path

import icalendar
import vobject
from ical.calendar_stream import IcsCalendarStream

ROOT = Path(__file__).resolve().parent.parent
ZONE = "Europe/London"
UTC = dt.timezone.utc
MAX_PROBLEMS = 8  # problems shown per check and feed; the rest are counted


def uid_of(identifier: str) -> str:
    """The UID boardcal derives from an id (FeedPlanning.swift, FeedText.uid)."""
    return identifier.replace("/", "-") + "@boardcal"


def public_uid(meeting: str) -> str:
    """The UID of a meeting's public rendering."""
    return uid_of(f"{meeting}-public")


class Report:
    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0

    def check(self, where: str, name: str, problems: list[str]) -> bool:
        if not problems:
            self.passed += 1
            return True
        self.failed += 1
        print(f"FAIL {where}: {name}: {len(problems)} problem(s)")
        for p in problems[:MAX_PROBLEMS]:
            print(f"    - {p}")
        if len(problems) > MAX_PROBLEMS:
            print(f"    ... and {len(problems) - MAX_PROBLEMS} more")
        return False

    def run(self, where: str, name: str, fn) -> object:
        """Runs fn() -> (problems, value); an exception is a failure of the check."""
        try:
            problems, value = fn()
        except Exception as e:  # a parser rejecting the file is the failure we look for
            self.check(where, name, [f"{type(e).__name__}: {e}"])
            return None
        self.check(where, name, problems)
        return value


# ---------------------------------------------------------------- raw content lines

class ContentLine:
    __slots__ = ("name", "params", "value", "line")

    def __init__(self, name: str, params: dict[str, str], value: str, line: int) -> None:
        self.name = name
        self.params = params
        self.value = value
        self.line = line


def split_content_line(text: str, number: int) -> ContentLine:
    """NAME;PARAM=VALUE;...:VALUE, with quoted parameter values."""
    i, quoted = 0, False
    colon = -1
    while i < len(text):
        c = text[i]
        if c == '"':
            quoted = not quoted
        elif c == ":" and not quoted:
            colon = i
            break
        i += 1
    if colon < 0:
        raise ValueError(f"line {number}: no ':' in content line {text[:60]!r}")
    head, value = text[:colon], text[colon + 1:]
    parts, current, quoted = [], "", False
    for c in head:
        if c == '"':
            quoted = not quoted
        if c == ";" and not quoted:
            parts.append(current)
            current = ""
        else:
            current += c
    parts.append(current)
    params = {}
    for p in parts[1:]:
        key, _, val = p.partition("=")
        params[key.upper()] = val.strip('"')
    return ContentLine(parts[0].upper(), params, value, number)


class Component:
    def __init__(self, name: str, line: int) -> None:
        self.name = name
        self.line = line
        self.props: list[ContentLine] = []
        self.children: list[Component] = []

    def all(self, name: str) -> list[ContentLine]:
        return [p for p in self.props if p.name == name]

    def first(self, name: str) -> ContentLine | None:
        found = self.all(name)
        return found[0] if found else None

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()

    @property
    def text(self) -> str:
        """The component's content: its properties (names, parameters, values) and children."""
        lines = [f"{p.name};{sorted(p.params.items())}:{p.value}" for p in self.props]
        lines += [f"BEGIN:{c.name}\n{c.text}\nEND:{c.name}" for c in self.children]
        return "\n".join(lines)


def parse_raw(text: str) -> Component:
    """Unfolds and parses the file into a tree of components with raw property values."""
    physical = text.split("\r\n")
    logical: list[tuple[int, str]] = []
    for n, line in enumerate(physical, 1):
        if line[:1] in (" ", "\t") and logical:
            number, previous = logical[-1]
            logical[-1] = (number, previous + line[1:])
        elif line:
            logical.append((n, line))
    stack: list[Component] = []
    root: Component | None = None
    for n, line in logical:
        cl = split_content_line(line, n)
        if cl.name == "BEGIN":
            comp = Component(cl.value.upper(), n)
            if stack:
                stack[-1].children.append(comp)
            elif root is None:
                root = comp
            else:
                raise ValueError(f"line {n}: a second top-level component")
            stack.append(comp)
        elif cl.name == "END":
            if not stack or stack[-1].name != cl.value.upper():
                raise ValueError(f"line {n}: END:{cl.value} does not close the open component")
            stack.pop()
        elif stack:
            stack[-1].props.append(cl)
        else:
            raise ValueError(f"line {n}: property outside any component")
    if root is None or stack:
        raise ValueError("no complete VCALENDAR")
    return root


def parse_time(cl: ContentLine) -> dt.date | dt.datetime:
    """A DTSTART/DTEND value: a date, an aware UTC or zoned datetime, or a floating one."""
    v = cl.value
    if cl.params.get("VALUE", "").upper() == "DATE" or re.fullmatch(r"\d{8}", v):
        return dt.datetime.strptime(v, "%Y%m%d").date()
    if v.endswith("Z"):
        return dt.datetime.strptime(v, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    value = dt.datetime.strptime(v, "%Y%m%dT%H%M%S")
    tzid = cl.params.get("TZID")
    if tzid:
        try:
            return value.replace(tzinfo=zoneinfo.ZoneInfo(tzid))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            pass
    return value


# ---------------------------------------------------------------- per-file checks

def check_icalendar(data: bytes):
    cal = icalendar.Calendar.from_ical(data)
    problems = []
    for comp in cal.walk():
        for err in comp.errors:
            problems.append(f"{comp.name}{' ' + str(comp.get('UID')) if comp.get('UID') else ''}: {err}")
    return problems, cal


def check_ical(text: str):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cal = IcsCalendarStream.calendar_from_ics(text)
    return [], cal


def check_vobject(text: str):
    cal = vobject.readOne(text)
    problems = []
    events = cal.contents.get("vevent", [])
    for i, ev in enumerate(events, 1):
        uid = ev.contents.get("uid")
        stamp = ev.contents.get("dtstamp")
        label = uid[0].value if uid else f"VEVENT #{i}"
        if not uid or not str(uid[0].value).strip():
            problems.append(f"{label}: no UID")
        if not stamp:
            problems.append(f"{label}: no DTSTAMP")
    return problems, len(events)


def lint_crlf(data: bytes):
    problems = []
    if not data.endswith(b"\r\n"):
        problems.append("the file does not end with CRLF")
    for n, line in enumerate(data.split(b"\r\n"), 1):
        if b"\n" in line or b"\r" in line:
            problems.append(f"line {n}: a bare LF or CR: {line[:60]!r}")
    return problems, None


def lint_length(data: bytes):
    problems = []
    for n, line in enumerate(data.split(b"\r\n"), 1):
        if len(line) > 75:
            problems.append(f"line {n}: {len(line)} octets: {line[:60]!r}...")
    return problems, None


def lint_tzid(cal: Component):
    problems = []
    zones = [c for c in cal.children if c.name == "VTIMEZONE"]
    ids = set()
    for z in zones:
        tzid = z.first("TZID")
        if tzid is None:
            problems.append(f"line {z.line}: VTIMEZONE without TZID")
            continue
        ids.add(tzid.value)
        if tzid.value != ZONE:
            problems.append(f"line {tzid.line}: VTIMEZONE TZID is {tzid.value!r}, not exactly {ZONE!r}")
    for comp in cal.walk():
        if comp.name in ("VTIMEZONE", "STANDARD", "DAYLIGHT"):
            continue
        for p in comp.props:
            if "TZID" in p.params and p.params["TZID"] not in ids:
                problems.append(
                    f"line {p.line}: {p.name};TZID={p.params['TZID']} has no VTIMEZONE in the file")
    return problems, None


def lint_dtend(cal: Component):
    problems = []
    for ev in (c for c in cal.children if c.name == "VEVENT"):
        uid = ev.first("UID").value if ev.first("UID") else f"VEVENT at line {ev.line}"
        start_cl, end_cl = ev.first("DTSTART"), ev.first("DTEND")
        if start_cl is None:
            problems.append(f"{uid}: no DTSTART")
            continue
        if end_cl is None:
            if ev.first("DURATION") is None:
                problems.append(f"{uid}: neither DTEND nor DURATION")
            continue
        start, end = parse_time(start_cl), parse_time(end_cl)
        start_is_date = not isinstance(start, dt.datetime)
        end_is_date = not isinstance(end, dt.datetime)
        if start_is_date != end_is_date:
            problems.append(f"{uid}: DTSTART {start_cl.value} and DTEND {end_cl.value} differ in type")
        elif start_is_date:
            if end < start + dt.timedelta(days=1):
                problems.append(f"{uid}: all-day DTEND {end} is not the day after DTSTART {start} or later")
        elif (start.tzinfo is None) != (end.tzinfo is None):
            problems.append(f"{uid}: one of DTSTART/DTEND is floating, the other is not")
        elif not end > start:
            problems.append(f"{uid}: DTEND {end_cl.value} is not after DTSTART {start_cl.value}")
    return problems, None


def lint_uids(cal: Component):
    seen: dict[str, int] = {}
    problems = []
    for ev in (c for c in cal.children if c.name == "VEVENT"):
        uid = ev.first("UID")
        if uid is None:
            continue  # reported by the vobject check
        if uid.value in seen:
            problems.append(f"UID {uid.value} at lines {seen[uid.value]} and {uid.line}")
        else:
            seen[uid.value] = uid.line
    return problems, None


def lint_method(cal: Component):
    problems = []
    methods = cal.all("METHOD")
    if len(methods) > 1:
        problems.append("more than one METHOD")
    if methods:
        if methods[0].value.upper() != "PUBLISH":
            problems.append(f"METHOD:{methods[0].value} in a subscribed feed (only PUBLISH, or none)")
        for ev in (c for c in cal.children if c.name == "VEVENT"):
            if ev.first("ORGANIZER") is None:
                uid = ev.first("UID").value if ev.first("UID") else f"line {ev.line}"
                problems.append(f"METHOD:PUBLISH but VEVENT {uid} has no ORGANIZER")
    return problems, None


def lint_head(cal: Component):
    problems = []
    if cal.name != "VCALENDAR":
        problems.append(f"the top-level component is {cal.name}, not VCALENDAR")
    for name in ("PRODID", "VERSION", "NAME", "X-WR-CALNAME", "REFRESH-INTERVAL", "X-PUBLISHED-TTL"):
        if cal.first(name) is None or not cal.first(name).value.strip():
            problems.append(f"no {name} on the VCALENDAR")
    return problems, None


class ParsedFeed:
    def __init__(self, path: Path, rel: str) -> None:
        self.path = path
        self.rel = rel
        self.raw: Component | None = None
        self.cal: icalendar.Calendar | None = None
        self.ical = None  # the strict `ical` parser's calendar
        self.vobj = None  # vobject's

    def events(self) -> list[icalendar.Event]:
        return list(self.cal.walk("VEVENT")) if self.cal is not None else []

    def raw_events(self) -> list[Component]:
        return [c for c in self.raw.children if c.name == "VEVENT"] if self.raw else []


def check_file(report: Report, path: Path, rel: str) -> ParsedFeed:
    feed = ParsedFeed(path, rel)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        report.check(rel, "utf-8", [str(e)])
        return feed
    feed.cal = report.run(rel, "icalendar parse (no .errors)", lambda: check_icalendar(data))
    feed.ical = report.run(rel, "ical strict parse", lambda: check_ical(text))
    report.run(rel, "vobject parse, UID and DTSTAMP on every VEVENT", lambda: check_vobject(text))
    try:
        feed.vobj = vobject.readOne(text)
    except Exception:
        feed.vobj = None
    report.run(rel, "lint: CRLF line ends", lambda: lint_crlf(data))
    report.run(rel, "lint: lines <= 75 octets", lambda: lint_length(data))
    feed.raw = report.run(rel, "lint: content lines", lambda: ([], parse_raw(text)))
    if feed.raw is not None:
        report.run(rel, "lint: TZID has a VTIMEZONE, exactly Europe/London", lambda: lint_tzid(feed.raw))
        report.run(rel, "lint: DTEND after DTSTART", lambda: lint_dtend(feed.raw))
        report.run(rel, "lint: UIDs unique", lambda: lint_uids(feed.raw))
        report.run(rel, "lint: METHOD:PUBLISH only with ORGANIZER", lambda: lint_method(feed.raw))
        report.run(rel, "lint: NAME, X-WR-CALNAME, REFRESH-INTERVAL, X-PUBLISHED-TTL", lambda: lint_head(feed.raw))
    return feed


# ---------------------------------------------------------------- content

def check_names(feed: ParsedFeed, expected: str):
    """NAME and X-WR-CALNAME, as each parser reads them, are the name feeds.json gives."""
    problems = []
    found = {}
    if feed.cal is not None:
        found["icalendar NAME"] = str(feed.cal.get("NAME"))
        found["icalendar X-WR-CALNAME"] = str(feed.cal.get("X-WR-CALNAME"))
    if feed.vobj is not None:
        found["vobject NAME"] = feed.vobj.contents["name"][0].value if "name" in feed.vobj.contents else None
        found["vobject X-WR-CALNAME"] = feed.vobj.x_wr_calname.value if "x-wr-calname" in feed.vobj.contents else None
    if feed.ical is not None:
        names = feed.ical.name
        found["ical NAME"] = names[0] if isinstance(names, list) and names else names
        extras = {e.name.lower(): e.value for e in feed.ical.extras}
        found["ical X-WR-CALNAME"] = extras.get("x-wr-calname")
    for who, value in found.items():
        if value != expected:
            problems.append(f"{who} reads {value!r}, feeds.json says {expected!r}")
    return problems, None


def zone_changes(first: int, last: int) -> set[tuple[dt.datetime, int, int]]:
    """zoneinfo's changes of the clocks in Europe/London, first..last: (UTC instant, offset
    before, offset after) in seconds."""
    zone = zoneinfo.ZoneInfo(ZONE)
    changes = set()
    t = dt.datetime(first, 1, 1, tzinfo=UTC)
    end = dt.datetime(last + 1, 1, 1, tzinfo=UTC)
    step = dt.timedelta(hours=1)
    previous = t.astimezone(zone).utcoffset()
    while t < end:
        t += step
        offset = t.astimezone(zone).utcoffset()
        if offset != previous:
            changes.add((t, int(previous.total_seconds()), int(offset.total_seconds())))
            previous = offset
    return changes


def offset_seconds(text: str) -> int:
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-")
    return sign * (int(digits[0:2]) * 3600 + int(digits[2:4]) * 60 + (int(digits[4:6]) if len(digits) > 4 else 0))


def check_vtimezone(cal: Component):
    """The VTIMEZONE's changes, expanded over the feed's years, are exactly zoneinfo's."""
    from dateutil import rrule

    zones = [c for c in cal.children if c.name == "VTIMEZONE"]
    if len(zones) != 1:
        return [f"{len(zones)} VTIMEZONE components, expected 1"], None
    years = [parse_time(ev.first("DTSTART")).year for ev in cal.children
             if ev.name == "VEVENT" and ev.first("DTSTART") is not None]
    if not years:
        return [], None
    parts = [c for c in zones[0].children if c.name in ("STANDARD", "DAYLIGHT")]
    first = min(dt.datetime.strptime(c.first("DTSTART").value, "%Y%m%dT%H%M%S").year for c in parts)
    last = max(years)
    if first > min(years) - 1:
        return [f"the VTIMEZONE starts in {first}, after the year before the first event ({min(years) - 1})"], None
    by_vtimezone = set()
    for c in parts:
        start = dt.datetime.strptime(c.first("DTSTART").value, "%Y%m%dT%H%M%S")
        before = dt.timedelta(seconds=offset_seconds(c.first("TZOFFSETFROM").value))
        after = offset_seconds(c.first("TZOFFSETTO").value)
        if offset_seconds(c.first("TZOFFSETFROM").value) == after:
            continue  # not a change of the clocks
        rule = c.first("RRULE")
        local = ([start] if rule is None else
                 list(rrule.rrulestr(rule.value, dtstart=start).between(
                     start, dt.datetime(last, 12, 31, 23, 59), inc=True)))
        by_vtimezone |= {((l - before).replace(tzinfo=UTC), int(before.total_seconds()), after)
                         for l in local if l.year <= last}
    expected = zone_changes(first, last)
    problems = [f"the VTIMEZONE changes the clocks at {t:%Y-%m-%dT%H:%MZ} from {a} to {b} s; zoneinfo does not"
                for t, a, b in sorted(by_vtimezone - expected)]
    problems += [f"zoneinfo changes the clocks at {t:%Y-%m-%dT%H:%MZ} from {a} to {b} s; the VTIMEZONE does not"
                 for t, a, b in sorted(expected - by_vtimezone)]
    return problems, None


def check_reminders(cal: Component, holidays: set[dt.date]):
    """No reminder on a cancelled event; every reminder at 09:00 London time on a working day."""
    problems = []
    zone = zoneinfo.ZoneInfo(ZONE)
    for ev in (c for c in cal.children if c.name == "VEVENT"):
        uid = ev.first("UID").value if ev.first("UID") else f"line {ev.line}"
        alarms = [c for c in ev.children if c.name == "VALARM"]
        status = ev.first("STATUS")
        if alarms and status is not None and status.value.upper() == "CANCELLED":
            problems.append(f"{uid}: a cancelled event with a VALARM")
        for alarm in alarms:
            trigger = alarm.first("TRIGGER")
            if trigger is None or trigger.params.get("VALUE", "").upper() != "DATE-TIME" or not trigger.value.endswith("Z"):
                problems.append(f"{uid}: TRIGGER {trigger.value if trigger else None} is not an absolute UTC time")
                continue
            at = dt.datetime.strptime(trigger.value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC).astimezone(zone)
            if (at.hour, at.minute) != (9, 0):
                problems.append(f"{uid}: reminder at {at:%H:%M} London time, not 09:00")
            if at.weekday() >= 5 or at.date() in holidays:
                problems.append(f"{uid}: reminder on {at:%A %Y-%m-%d}, not a working day")
            start = ev.first("DTSTART")
            if start is not None and start.params.get("VALUE", "").upper() == "DATE":
                # An all-day deadline: the reminder is on the last working day strictly before it.
                day = parse_time(start) - dt.timedelta(days=1)
                while day.weekday() >= 5 or day in holidays:
                    day -= dt.timedelta(days=1)
                if at.date() != day:
                    problems.append(f"{uid}: reminder on {at:%Y-%m-%d}, the last working day before "
                                    f"the deadline {parse_time(start)} is {day}")
    return problems, None


def check_descriptions(cal: Component):
    """Descriptions written for people: no tab, no source file name."""
    problems = []
    for ev in (c for c in cal.children if c.name == "VEVENT"):
        d = ev.first("DESCRIPTION")
        if d is None:
            continue
        if "\t" in d.value:
            problems.append(f"{ev.first('UID').value}: a tab in DESCRIPTION")
        if re.search(r"\b\w+\.txt\b", d.value):
            problems.append(f"{ev.first('UID').value}: a source file name in DESCRIPTION")
    return problems, None


def event_contents(feed: ParsedFeed) -> dict[str, str]:
    """Each VEVENT's content lines (its whole text), by UID."""
    out = {}
    for ev in feed.raw_events():
        uid = ev.first("UID")
        if uid is not None:
            out[uid.value] = ev.text
    return out


def check_meeting_times_everywhere(report: Report, where: str, feeds: dict[str, ParsedFeed],
                                   schedule: dict) -> None:
    """Every meeting event in every feed (board, public, person), read through that feed's own
    VTIMEZONE, starts at the meeting's start_utc."""
    meetings = {uid_of(m["id"]): m for m in schedule["meetings"]}
    meetings |= {public_uid(m["id"]): m for m in schedule["meetings"]}
    problems = []
    checked = 0
    for inside, feed in sorted(feeds.items()):
        if feed.cal is None or not feed.cal.walk("VTIMEZONE"):
            continue
        zone = feed.cal.walk("VTIMEZONE")[0].to_tz(lookup_tzid=False)
        for ev in feed.events():
            m = meetings.get(text_of(ev, "UID"))
            if m is None or "MEETING" not in categories(ev):
                continue
            checked += 1
            start = ev.decoded("DTSTART")
            if not isinstance(start, dt.datetime):
                problems.append(f"{inside}: {m['id']} starts {start!r}")
                continue
            at = start.replace(tzinfo=None).replace(tzinfo=zone).astimezone(UTC)
            if f"{at:%Y-%m-%dT%H:%M:%SZ}" != m["start_utc"]:
                problems.append(f"{inside}: {m['id']} at {at:%Y-%m-%dT%H:%M:%SZ}, scheduler says {m['start_utc']}")
    report.check(where, f"meeting starts in every feed through its VTIMEZONE ({checked})", problems)


def check_one_content(report: Report, where: str, feeds: dict[str, ParsedFeed]) -> None:
    """A UID names one event: the same content wherever it appears."""
    seen: dict[str, tuple[str, str]] = {}
    problems = []
    for inside, feed in sorted(feeds.items()):
        for uid, text in event_contents(feed).items():
            if uid in seen and seen[uid][1] != text:
                problems.append(f"{uid}: differs between {seen[uid][0]} and {inside}")
            seen.setdefault(uid, (inside, text))
    report.check(where, f"one UID, one content across the partnership's feeds ({len(seen)} UIDs)", problems)


def check_horde(report: Report, root: Path, files: list[Path], schedules: dict[str, dict],
                names: dict[str, str]) -> None:
    """A consumer outside Python: PHP's Horde_Icalendar (Debian's php-horde-icalendar), which turns
    a zoned time into an instant through the file's own VTIMEZONE, reads every meeting at its
    start_utc and every calendar's name whole."""
    run = subprocess.run(["php", str(ROOT / "Tests" / "horde_read.php")] + [str(f) for f in files],
                         capture_output=True, text=True, timeout=600)
    if run.returncode != 0:
        report.check(str(root), "Horde_Icalendar reads every feed", [run.stderr.strip()[:500] or f"exit {run.returncode}"])
        return
    starts: dict[tuple[str, str], str] = {}
    read_names: dict[str, str] = {}
    for line in run.stdout.splitlines():
        path, uid, when, name = line.split("\t")
        rel = Path(path).relative_to(root).as_posix()
        starts[(rel, uid)] = when
        read_names[rel] = name
    problems = []
    for rel, name in sorted(read_names.items()):
        if names.get(rel) is not None and name != names[rel]:
            problems.append(f"{rel}: X-WR-CALNAME read as {name!r}, feeds.json says {names[rel]!r}")
    report.check(str(root), f"Horde_Icalendar reads every calendar's name whole ({len(read_names)})", problems)
    problems = []
    checked = 0
    for partnership, schedule in schedules.items():
        for m in schedule["meetings"]:
            rel = f"{partnership}/boards/{m['board']}.ics"
            when = starts.get((rel, uid_of(m["id"])))
            checked += 1
            if when != m["start_utc"]:
                problems.append(f"{rel}: {m['id']} read as {when}, scheduler says {m['start_utc']}")
    report.check(str(root), f"Horde_Icalendar reads every meeting at its start_utc ({checked})", problems)


def holidays_of(binary: Path) -> set[dt.date]:
    run = subprocess.run(
        [str(binary), "holidays", "--from", "2010-01-01", "--to", "2040-12-31", "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=120)
    if run.returncode != 0:
        raise RuntimeError(f"boardcal holidays exited {run.returncode}: {run.stderr.strip()[:300]}")
    return {dt.date.fromisoformat(h["date"]) for h in json.loads(run.stdout)}


# ---------------------------------------------------------------- against the scheduler

def schedule_of(binary: Path, partnership: str) -> dict:
    protocol = ROOT / "Protocols" / f"{partnership}.yaml"
    if not protocol.is_file():
        raise RuntimeError(f"no protocol {protocol} for the partnership folder '{partnership}'")
    if not binary.is_file():
        raise RuntimeError(f"no boardcal binary at {binary} (build it, or pass --boardcal)")
    run = subprocess.run(
        [str(binary), "schedule", str(protocol.relative_to(ROOT)), "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    if run.returncode != 0:
        raise RuntimeError(f"boardcal schedule exited {run.returncode}: {run.stderr.strip()[:500]}")
    return json.loads(run.stdout)


def text_of(ev, name: str) -> str:
    value = ev.get(name)
    return "" if value is None else str(value)


def categories(ev) -> list[str]:
    found = []
    value = ev.get("CATEGORIES")
    for v in value if isinstance(value, list) else [value] if value is not None else []:
        found += [str(c) for c in v.cats]
    return found


def raw_prop(feed: ParsedFeed, uid: str, name: str) -> ContentLine | None:
    for ev in feed.raw_events():
        u = ev.first("UID")
        if u is not None and u.value == uid:
            return ev.first(name)
    return None


def check_board_feed(report: Report, feed: ParsedFeed, board: str, schedule: dict) -> None:
    meetings = [m for m in schedule["meetings"] if m["board"] == board]
    meeting_ids = {m["id"] for m in meetings}
    by_uid: dict[str, list] = {}
    for ev in feed.events():
        by_uid.setdefault(text_of(ev, "UID"), []).append(ev)
    zone = None
    if feed.cal is not None and feed.cal.walk("VTIMEZONE"):
        zone = feed.cal.walk("VTIMEZONE")[0].to_tz(lookup_tzid=False)

    problems = []
    expected_uids = {uid_of(m["id"]) for m in meetings}
    for m in meetings:
        uid = uid_of(m["id"])
        found = by_uid.get(uid, [])
        if len(found) != 1:
            problems.append(f"meeting {m['id']} ({m['date']}): {len(found)} VEVENTs with UID {uid}, not 1")
    for ev in feed.events():
        if "MEETING" in categories(ev) and text_of(ev, "UID") not in expected_uids:
            problems.append(f"VEVENT {text_of(ev, 'UID')} is a MEETING the scheduler does not give {board}")
    report.check(feed.rel, f"one VEVENT per meeting of {board} ({len(meetings)})", problems)

    problems = []
    for m in meetings:
        uid = uid_of(m["id"])
        found = by_uid.get(uid, [])
        if len(found) != 1:
            continue
        ev = found[0]
        raw = raw_prop(feed, uid, "DTSTART")
        local = m["date"].replace("-", "") + "T" + m["time"].replace(":", "") + "00"
        if raw is None or raw.params.get("TZID") != ZONE or raw.value != local:
            problems.append(
                f"{m['id']}: DTSTART is {raw.params if raw else None}:{raw.value if raw else None}, "
                f"expected TZID={ZONE}:{local}")
        start = ev.decoded("DTSTART")
        expected = dt.datetime.strptime(m["start_utc"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        if not isinstance(start, dt.datetime) or start.tzinfo is None:
            problems.append(f"{m['id']}: DTSTART {start!r} is not a zoned date-time")
            continue
        if start.astimezone(UTC) != expected:
            problems.append(f"{m['id']}: DTSTART is {start.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ} UTC, "
                            f"scheduler says {m['start_utc']}")
        if zone is not None:  # the feed's own VTIMEZONE definition must agree too
            by_vtimezone = start.replace(tzinfo=None).replace(tzinfo=zone).astimezone(UTC)
            if by_vtimezone != expected:
                problems.append(f"{m['id']}: the feed's VTIMEZONE puts it at "
                                f"{by_vtimezone:%Y-%m-%dT%H:%M:%SZ}, scheduler says {m['start_utc']}")
    report.check(feed.rel, "meeting starts: local date and time in Europe/London, start_utc", problems)

    problems = []
    for m in meetings:
        for ev in by_uid.get(uid_of(m["id"]), []):
            status = text_of(ev, "STATUS").upper()
            summary = text_of(ev, "SUMMARY")
            if m["cancelled"]:
                if status != "CANCELLED":
                    problems.append(f"{m['id']} is cancelled but STATUS is {status or 'absent'}")
                if "Cancelled" not in summary:
                    problems.append(f"{m['id']} is cancelled but SUMMARY is {summary!r}")
            elif status == "CANCELLED":
                problems.append(f"{m['id']} is not cancelled but STATUS:CANCELLED")
    cancelled = sum(1 for m in meetings if m["cancelled"])
    report.check(feed.rel, f"cancelled meetings ({cancelled}) carry STATUS:CANCELLED and 'Cancelled'", problems)

    problems = []
    slotted = [o for o in schedule["obligations"]
               if o["slot"]["kind"] == "meeting" and o["slot"].get("meeting") in meeting_ids]
    for o in slotted:
        meeting = by_uid.get(uid_of(o["slot"]["meeting"]), [])
        description = text_of(meeting[0], "DESCRIPTION") if meeting else ""
        own = uid_of(f"{schedule['partnership']}-{o['id']}")
        if o["slot"]["meeting"].startswith("shared-"):
            # A shared board's meeting is the same event in every partnership's feeds: what this
            # partnership brings to it is a block of its own, related to the meeting.
            if o["report_name"] in description:
                problems.append(f"obligation {o['id']}: named in the shared meeting {uid_of(o['slot']['meeting'])}")
            if own not in by_uid:
                problems.append(f"obligation {o['id']}: no block of its own ({own}) at the shared meeting")
            elif text_of(by_uid[own][0], "RELATED-TO") != uid_of(o["slot"]["meeting"]):
                problems.append(f"obligation {o['id']}: its block is not RELATED-TO {uid_of(o['slot']['meeting'])}")
            continue
        if o["report_name"] not in description:
            problems.append(f"obligation {o['id']}: not named in the DESCRIPTION of {uid_of(o['slot']['meeting'])}")
        if own in by_uid:
            problems.append(f"obligation {o['id']}: a block of its own ({own}) beside its meeting's")
    report.check(feed.rel, f"obligations slotted at {board}'s meetings ({len(slotted)}) named in the meeting (a shared board's: a block of its own), no extra block", problems)

    times_in_other_parsers(report, feed, meetings)


def times_in_other_parsers(report: Report, feed: ParsedFeed, meetings: list[dict]) -> None:
    """vobject (through the feed's VTIMEZONE) and ical read every meeting at its start_utc."""
    for parser in ("vobject", "ical"):
        starts: dict[str, dt.datetime] = {}
        if parser == "vobject" and feed.vobj is not None:
            for ev in feed.vobj.contents.get("vevent", []):
                starts[ev.uid.value] = ev.dtstart.value
        if parser == "ical" and feed.ical is not None:
            for ev in feed.ical.events:
                starts[ev.uid] = ev.dtstart
        problems = []
        for m in meetings:
            start = starts.get(uid_of(m["id"]))
            expected = dt.datetime.strptime(m["start_utc"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
            if not isinstance(start, dt.datetime) or start.tzinfo is None:
                problems.append(f"{m['id']}: {parser} reads DTSTART as {start!r}")
            elif start.astimezone(UTC) != expected:
                problems.append(f"{m['id']}: {parser} reads {start.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}, "
                                f"scheduler says {m['start_utc']}")
        report.check(feed.rel, f"meeting starts as {parser} reads them ({len(meetings)})", problems)


def check_duties_feed(report: Report, feed: ParsedFeed, owner: str, schedule: dict) -> None:
    """What a board owes: one event per obligation slotted at a meeting, with its action and meeting."""
    by_uid = {text_of(ev, "UID"): ev for ev in feed.events()}
    problems = []
    derived = {m["id"] for m in schedule["meetings"]}
    owed = [o for o in schedule["obligations"] if o["owner"] == owner and o["slot"]["kind"] == "meeting"
            and o["slot"].get("meeting") in derived]
    for o in owed:
        ev = by_uid.get(uid_of(f"{schedule['partnership']}-{o['id']}"))
        if ev is None:
            problems.append(f"obligation {o['id']}: no event")
            continue
        cats = categories(ev)
        if cats != [o["action"].upper()]:
            problems.append(f"obligation {o['id']}: CATEGORIES {cats}, expected [{o['action'].upper()}]")
        related = text_of(ev, "RELATED-TO")
        if related != uid_of(o["slot"]["meeting"]):
            problems.append(f"obligation {o['id']}: RELATED-TO {related!r}, expected {uid_of(o['slot']['meeting'])}")
        if o["confidential"] and text_of(ev, "CLASS").upper() != "CONFIDENTIAL":
            problems.append(f"obligation {o['id']} is confidential but CLASS is {text_of(ev, 'CLASS') or 'absent'}")
    report.check(feed.rel, f"what {owner} owes at meetings ({len(owed)}): CATEGORIES, RELATED-TO, CLASS", problems)


def check_public_feed(report: Report, feed: ParsedFeed, schedule: dict) -> None:
    problems = []
    for ev in feed.events():
        if text_of(ev, "CLASS").upper() == "CONFIDENTIAL":
            problems.append(f"{text_of(ev, 'UID')} is CLASS:CONFIDENTIAL")
    report.check(feed.rel, "no CLASS:CONFIDENTIAL event", problems)

    problems = []
    uids = {text_of(ev, "UID"): ev for ev in feed.events()}
    for m in schedule["meetings"]:
        if m.get("confidential") and public_uid(m["id"]) in uids:
            problems.append(f"confidential meeting {m['id']} is in the public feed")
    obligations = schedule["obligations"]
    for o in obligations:
        if not o["confidential"]:
            continue
        uid = uid_of(f"{schedule['partnership']}-{o['id']}")
        if uid in uids:
            problems.append(f"confidential obligation {o['id']} is an event of the public feed")
        if o["slot"]["kind"] != "meeting":
            continue
        # Its meeting's agenda must not list it, unless a public item of the same name is there too.
        meeting = o["slot"]["meeting"]
        shared = any(not x["confidential"] and x["report_name"] == o["report_name"]
                     and x["slot"].get("meeting") == meeting for x in obligations)
        ev = uids.get(public_uid(meeting))
        if ev is not None and not shared:
            text = text_of(ev, "SUMMARY") + "\n" + text_of(ev, "DESCRIPTION")
            if o["report_name"] in text:
                problems.append(f"confidential obligation {o['id']} ('{o['report_name']}') "
                                f"is on the agenda of {uid_of(meeting)}")
    report.check(feed.rel, "no confidential obligation or meeting", problems)


def check_confidential_reach(report: Report, where: str, feeds: dict[str, ParsedFeed], schedule: dict) -> None:
    """Confidential obligations are in their owner's duties feed, marked CONFIDENTIAL."""
    problems = []
    confidential = [o for o in schedule["obligations"] if o["confidential"] and o["slot"]["kind"] != "unschedulable"]
    for o in confidential:
        feed = feeds.get(f"duties/{o['owner']}.ics")
        uid = uid_of(f"{schedule['partnership']}-{o['id']}")
        events = [ev for ev in feed.events() if text_of(ev, "UID") == uid] if feed else []
        if len(events) != 1:
            problems.append(f"confidential obligation {o['id']} is not in duties/{o['owner']}.ics")
        elif text_of(events[0], "CLASS").upper() != "CONFIDENTIAL":
            problems.append(f"{uid} in duties/{o['owner']}.ics is not CLASS:CONFIDENTIAL")
    report.check(where, f"confidential obligations ({len(confidential)}) reach their duties feed, CLASS:CONFIDENTIAL", problems)


SECTU_DUTY = "sectu-prevent-briefing-to-ssbpb"


def check_prevent_briefing(report: Report, root: Path, all_feeds: dict[str, dict[str, ParsedFeed]],
                           schedules: dict[str, dict]) -> None:
    """Buckinghamshire's restricted SECTU briefing: in the SSBPB feed, in no public feed."""
    where = "buckinghamshire"
    schedule = schedules.get("buckinghamshire")
    if schedule is None:
        report.check(where, "restricted SECTU Prevent briefing", ["no schedule for buckinghamshire"])
        return
    briefings = [o for o in schedule["obligations"] if o["duty"] == SECTU_DUTY]
    problems = []
    if not briefings:
        problems.append(f"the scheduler gives no '{SECTU_DUTY}' obligation")
    for o in briefings:
        if not o["confidential"]:
            problems.append(f"{o['id']} is not marked confidential")
        if o["receiver"] != "ssbpb" or o["slot"]["kind"] != "meeting":
            problems.append(f"{o['id']} is not slotted at an SSBPB meeting: {o['slot']}")
    ssbpb = all_feeds.get("buckinghamshire", {}).get("boards/ssbpb.ics")
    uids = {text_of(ev, "UID"): ev for ev in ssbpb.events()} if ssbpb else {}
    if ssbpb is None:
        problems.append("no buckinghamshire/boards/ssbpb.ics")
    names = {o["report_name"] for o in briefings}
    for o in briefings:
        meeting = uids.get(uid_of(o["slot"].get("meeting") or ""))
        if ssbpb is not None and (meeting is None or o["report_name"] not in text_of(meeting, "DESCRIPTION")):
            problems.append(f"{o['id']} is not on its meeting's agenda in boards/ssbpb.ics")
    for partnership, feeds in all_feeds.items():
        public = feeds.get("public.ics")
        if public is None:
            problems.append(f"{partnership} has no public.ics")
            continue
        for ev in public.events():
            text = "\n".join(text_of(ev, k) for k in ("UID", "SUMMARY", "DESCRIPTION"))
            if "sectu-prevent-briefing" in text or any(n in text for n in names):
                problems.append(f"{partnership}/public.ics: {text_of(ev, 'UID')} mentions the restricted briefing")
    report.check(where, f"restricted SECTU Prevent briefing ({len(briefings)}) in boards/ssbpb.ics, in no public.ics", problems)


# ---------------------------------------------------------------- main

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", help="the folder `boardcal emit --out` wrote")
    parser.add_argument("--boardcal", default=str(ROOT / ".build" / "debug" / "boardcal"),
                        help="the boardcal binary (default: .build/debug/boardcal in the repository)")
    args = parser.parse_args()
    root = Path(args.folder)
    binary = Path(args.boardcal)
    if not binary.is_absolute():
        binary = (ROOT / binary) if not binary.exists() else binary.resolve()
    if not root.is_dir():
        print(f"error: {root} is not a folder", file=sys.stderr)
        print("0 passed, 1 failed")
        return 2
    report = Report()
    files = sorted(root.rglob("*.ics"))
    if not files:
        report.check(str(root), "feeds present", ["no .ics file under the folder"])

    try:
        holidays = holidays_of(binary)
    except Exception as e:
        report.check(str(root), "boardcal holidays --json", [str(e)])
        holidays = set()
    all_feeds: dict[str, dict[str, ParsedFeed]] = {}
    names: dict[str, str] = {}
    # Each partnership's list, and each shared file's (shared/ID/feeds.json).
    for index in sorted(root.glob("*/feeds.json")) + sorted(root.glob("shared/*/feeds.json")):
        for entry in json.loads(index.read_text(encoding="utf-8")):
            names[entry["path"]] = entry["name"]
    everything: dict[str, ParsedFeed] = {}
    for path in files:
        rel = path.relative_to(root).as_posix()
        feed = check_file(report, path, rel)
        everything[rel] = feed
        if feed.raw is not None:
            if rel in names:
                report.run(rel, "names read back whole (icalendar, vobject, ical)", lambda: check_names(feed, names[rel]))
            else:
                report.check(rel, "listed in feeds.json", ["not in its partnership's feeds.json"])
            report.run(rel, "VTIMEZONE: exactly zoneinfo's changes over the feed's years", lambda: check_vtimezone(feed.raw))
            report.run(rel, "reminders: none when cancelled, 09:00 on a working day", lambda: check_reminders(feed.raw, holidays))
            report.run(rel, "descriptions: no tab, no source file name", lambda: check_descriptions(feed.raw))
        partnership, _, inside = rel.partition("/")
        # A shared board's feeds (shared/ID/…) belong to no one partnership: they are checked
        # with everything else below.
        if inside and partnership != "shared":
            all_feeds.setdefault(partnership, {})[inside] = feed

    schedules: dict[str, dict] = {}
    for partnership in sorted(all_feeds):
        feeds = all_feeds[partnership]
        try:
            schedule = schedule_of(binary, partnership)
        except Exception as e:
            report.check(partnership, "boardcal schedule --json", [str(e)])
            continue
        report.check(partnership, "boardcal schedule --json", [])
        schedules[partnership] = schedule
        problems = []
        for board in sorted({m["board"] for m in schedule["meetings"]}
                            | {o["receiver"] for o in schedule["obligations"]}):
            if f"boards/{board}.ics" not in feeds:
                problems.append(f"no boards/{board}.ics for a board with meetings or incoming items")
        for inside in sorted(feeds):
            if inside.startswith("boards/"):
                board = inside[len("boards/"):-len(".ics")]
                check_board_feed(report, feeds[inside], board, schedule)
            if inside.startswith("duties/"):
                owner = inside[len("duties/"):-len(".ics")]
                check_duties_feed(report, feeds[inside], owner, schedule)
        check_one_content(report, partnership, feeds)
        check_meeting_times_everywhere(report, partnership, feeds, schedule)
        if "public.ics" in feeds:
            check_public_feed(report, feeds["public.ics"], schedule)
        else:
            problems.append("no public.ics")
        report.check(partnership, "board feeds and public.ics present", problems)
        check_confidential_reach(report, partnership, feeds, schedule)

    # A shared board's meeting is the same event in every partnership's feeds and its own.
    check_one_content(report, "every folder, shared boards' included", everything)

    if "buckinghamshire" in all_feeds:
        check_prevent_briefing(report, root, all_feeds, schedules)
    if files:
        check_horde(report, root, files, schedules, names)

    print(f"checked {len(files)} feeds in {len(all_feeds)} partnership folders under {root}")
    print(f"{report.passed} passed, {report.failed} failed")
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
