#!/usr/bin/env python3
"""The Python reference of `make bench` (README "Speed"): the icalendar package serialising the
same feeds that boardcal rendered.

    icalendar_reference.py [--reps N] [--budget SECONDS] [--events] FILE.ics|FOLDER ...

Reads every .ics file given (folders are searched) and parses it (untimed), then times
`to_ical()` of each whole calendar, `--reps` times on the monotonic clock: its header, its
VTIMEZONE and its VEVENTs, the work boardcal's render stage does for each feed; and, as that
stage writes each partnership's `feeds.json`, the JSON list of each folder's feeds (path, name,
kind, subject, private, events), indented with sorted keys. With `--events` it times `to_ical()`
of each VEVENT alone instead, and no list. Prints one JSON line: events, the median and
minimum milliseconds of one pass over all of them, the passes timed, what was serialised, and
the package's version. Passes stop early once `--budget` seconds have been spent (at least one
is always timed), so that a large sample stays bounded in time.
"""

import argparse
import json
import os
import statistics
import sys
import time


def ics_files(paths):
    for path in paths:
        if os.path.isdir(path):
            for folder, _, names in sorted(os.walk(path)):
                for name in sorted(names):
                    if name.endswith(".ics"):
                        yield os.path.join(folder, name)
        else:
            yield path


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--budget", type=float, default=2.0)
    parser.add_argument(
        "--events", action="store_true", help="serialise each VEVENT alone, not whole calendars"
    )
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args()
    try:
        import icalendar
    except ImportError as error:
        print(json.dumps({"error": f"icalendar is not installed ({error})"}))
        return 1

    events = []
    calendars = []
    # Each folder's feeds as feeds.json lists them, by folder.
    indexes = {}
    for path in ics_files(args.paths):
        with open(path, "rb") as handle:
            calendar = icalendar.Calendar.from_ical(handle.read())
        found = calendar.walk("VEVENT")
        events.extend(found)
        calendars.append(calendar)
        folder, name = os.path.split(path)
        kind = os.path.basename(folder)
        nested = kind in ("boards", "duties", "people")
        partnership = os.path.dirname(folder) if nested else folder
        indexes.setdefault(partnership, []).append(
            {
                "path": path,
                "name": str(calendar.get("X-WR-CALNAME", "")),
                "kind": kind if nested else "public",
                "subject": os.path.splitext(name)[0],
                "private": name != "public.ics",
                "events": len(found),
            }
        )
    serialised = events if args.events else calendars
    lists = [] if args.events else list(indexes.values())

    samples = []
    spent = 0.0
    for _ in range(max(1, args.reps)):
        start = time.perf_counter_ns()
        for component in serialised:
            component.to_ical()
        for feeds in lists:
            json.dumps(feeds, indent=2, sort_keys=True, ensure_ascii=False)
        elapsed = (time.perf_counter_ns() - start) / 1e6
        samples.append(elapsed)
        spent += elapsed / 1e3
        if spent >= args.budget:
            break
    print(
        json.dumps(
            {
                "reference": "python-icalendar",
                "version": getattr(icalendar, "__version__", "?"),
                "python": sys.version.split()[0],
                "files": len(calendars),
                "events": len(events),
                "serialised": "VEVENT" if args.events else "VCALENDAR",
                "reps": len(samples),
                "median_ms": statistics.median(samples),
                "min_ms": min(samples),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
