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
For every partnership folder P, against `boardcal schedule Protocols/P.yaml --json`:
  * each board feed holds exactly one VEVENT per meeting of that board, at the
    meeting's local date and time in Europe/London and at its start_utc;
  * each obligation slotted at a meeting of a board is in that board's feed with
    CATEGORIES = its action upper-cased and RELATED-TO = the meeting's UID;
  * cancelled meetings carry STATUS:CANCELLED and "Cancelled" in SUMMARY;
  * public.ics has no CLASS:CONFIDENTIAL event and shows no confidential
    obligation (nor confidential meeting); confidential obligations do reach
    their board's (private) feed. Buckinghamshire's restricted SECTU Prevent
    briefing must be in boards/ssbpb.ics and in no public.ics at all.

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
    """The UID boardcal derives from an id (Feeds.swift, FeedText.uid)."""
    return identifier.replace("/", "-") + "@boardcal"


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
    return [], len(cal.events)


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
    report.run(rel, "ical strict parse", lambda: check_ical(text))
    report.run(rel, "vobject parse, UID and DTSTAMP on every VEVENT", lambda: check_vobject(text))
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
        uid = uid_of(f"{schedule['partnership']}-{o['id']}")
        found = by_uid.get(uid, [])
        if len(found) != 1:
            problems.append(f"obligation {o['id']}: {len(found)} VEVENTs with UID {uid}, not 1")
            continue
        ev = found[0]
        cats = categories(ev)
        if cats != [o["action"].upper()]:
            problems.append(f"obligation {o['id']}: CATEGORIES {cats}, expected [{o['action'].upper()}]")
        related = text_of(ev, "RELATED-TO")
        if related != uid_of(o["slot"]["meeting"]):
            problems.append(f"obligation {o['id']}: RELATED-TO {related!r}, expected {uid_of(o['slot']['meeting'])}")
        if o["confidential"] and text_of(ev, "CLASS").upper() != "CONFIDENTIAL":
            problems.append(f"obligation {o['id']} is confidential but CLASS is {text_of(ev, 'CLASS') or 'absent'}")
    report.check(feed.rel, f"obligations slotted at {board}'s meetings ({len(slotted)}) with CATEGORIES and RELATED-TO", problems)


def check_public_feed(report: Report, feed: ParsedFeed, schedule: dict) -> None:
    problems = []
    for ev in feed.events():
        if text_of(ev, "CLASS").upper() == "CONFIDENTIAL":
            problems.append(f"{text_of(ev, 'UID')} is CLASS:CONFIDENTIAL")
    report.check(feed.rel, "no CLASS:CONFIDENTIAL event", problems)

    problems = []
    uids = {text_of(ev, "UID"): ev for ev in feed.events()}
    for m in schedule["meetings"]:
        if m.get("confidential") and uid_of(m["id"]) in uids:
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
        ev = uids.get(uid_of(meeting))
        if ev is not None and not shared:
            text = text_of(ev, "SUMMARY") + "\n" + text_of(ev, "DESCRIPTION")
            if o["report_name"] in text:
                problems.append(f"confidential obligation {o['id']} ('{o['report_name']}') "
                                f"is on the agenda of {uid_of(meeting)}")
    report.check(feed.rel, "no confidential obligation or meeting", problems)


def check_confidential_reach(report: Report, where: str, feeds: dict[str, ParsedFeed], schedule: dict) -> None:
    """Confidential obligations are in their receiver's board feed, marked CONFIDENTIAL."""
    problems = []
    confidential = [o for o in schedule["obligations"] if o["confidential"] and o["slot"]["kind"] != "unschedulable"]
    for o in confidential:
        feed = feeds.get(f"boards/{o['receiver']}.ics")
        uid = uid_of(f"{schedule['partnership']}-{o['id']}")
        events = [ev for ev in feed.events() if text_of(ev, "UID") == uid] if feed else []
        if len(events) != 1:
            problems.append(f"confidential obligation {o['id']} is not in boards/{o['receiver']}.ics")
        elif text_of(events[0], "CLASS").upper() != "CONFIDENTIAL":
            problems.append(f"{uid} in boards/{o['receiver']}.ics is not CLASS:CONFIDENTIAL")
    report.check(where, f"confidential obligations ({len(confidential)}) reach their board feed, CLASS:CONFIDENTIAL", problems)


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
        uid = uid_of(f"buckinghamshire-{o['id']}")
        if ssbpb is not None and uid not in uids:
            problems.append(f"{uid} is not in boards/ssbpb.ics")
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

    all_feeds: dict[str, dict[str, ParsedFeed]] = {}
    for path in files:
        rel = path.relative_to(root).as_posix()
        feed = check_file(report, path, rel)
        partnership, _, inside = rel.partition("/")
        if inside:
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
        if "public.ics" in feeds:
            check_public_feed(report, feeds["public.ics"], schedule)
        else:
            problems.append("no public.ics")
        report.check(partnership, "board feeds and public.ics present", problems)
        check_confidential_reach(report, partnership, feeds, schedule)

    if "buckinghamshire" in all_feeds:
        check_prevent_briefing(report, root, all_feeds, schedules)

    print(f"checked {len(files)} feeds in {len(all_feeds)} partnership folders under {root}")
    print(f"{report.passed} passed, {report.failed} failed")
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
