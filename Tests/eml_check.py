#!/usr/bin/env python3
"""Reads alert emails with Python's own `email` library and the independent `icalendar` parser,
and prints what they found as JSON, so that the tests compare it with what boardcal meant to send.

    python3 Tests/eml_check.py MESSAGE.eml [MESSAGE.eml ...]

For each file: {"file", "from", "to": [[name, address]], "subject" (decoded), "date",
"message_id", "content_type", "defects": [...], "parts": [{"content_type", "filename",
"charset", "method"}], "text" (the decoded plain-text part), "calendar": {"method", "prodid",
"timezones": [TZID], "events": [{"uid", "summary", "dtstart", "tzid", "dtend", "status",
"categories", "related_to", "organizer"}]}, "long_lines": n, "bare_lf": bool}.
Exit status 1 when a file cannot be parsed at all.
"""

import email
import email.policy
import email.utils
import json
import sys

import icalendar


def calendar_summary(data):
    cal = icalendar.Calendar.from_ical(data)
    events = []
    for component in cal.walk("VEVENT"):
        start = component.get("DTSTART")
        end = component.get("DTEND")
        categories = component.get("CATEGORIES")
        if categories is not None:
            categories = [str(c) for c in (categories.cats if hasattr(categories, "cats") else [categories])]
        events.append(
            {
                "uid": str(component.get("UID")),
                "summary": str(component.get("SUMMARY")),
                "dtstart": start.dt.isoformat() if start is not None else None,
                "tzid": start.params.get("TZID") if start is not None else None,
                "dtend": end.dt.isoformat() if end is not None else None,
                "status": str(component.get("STATUS")) if component.get("STATUS") else None,
                "categories": categories,
                "related_to": str(component.get("RELATED-TO")) if component.get("RELATED-TO") else None,
                "organizer": str(component.get("ORGANIZER")) if component.get("ORGANIZER") else None,
            }
        )
    return {
        "method": str(cal.get("METHOD")) if cal.get("METHOD") else None,
        "prodid": str(cal.get("PRODID")),
        "timezones": [str(tz.get("TZID")) for tz in cal.walk("VTIMEZONE")],
        "events": events,
    }


def summary(path):
    raw = open(path, "rb").read()
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    lines = raw.split(b"\r\n")
    result = {
        "file": path,
        "from": str(msg["From"]),
        "to": [list(pair) for pair in email.utils.getaddresses([str(v) for v in msg.get_all("To", [])])],
        "subject": str(msg["Subject"]),
        "date": str(msg["Date"]),
        "message_id": str(msg["Message-ID"]),
        "content_type": msg.get_content_type(),
        "defects": [type(d).__name__ for d in msg.defects],
        "parts": [],
        "text": None,
        "calendar": None,
        "long_lines": sum(1 for line in lines if len(line) > 998),
        "bare_lf": b"\n" in b"".join(lines),
    }
    for part in msg.walk():
        if part.is_multipart():
            continue
        result["defects"] += [type(d).__name__ for d in part.defects]
        result["parts"].append(
            {
                "content_type": part.get_content_type(),
                "filename": part.get_filename(),
                "charset": part.get_content_charset(),
                "method": part.get_param("method"),
            }
        )
        if part.get_content_type() == "text/plain" and result["text"] is None:
            result["text"] = part.get_content()
        elif part.get_content_type() == "text/calendar":
            result["calendar"] = calendar_summary(part.get_payload(decode=True))
    return result


def main(paths):
    out = []
    for path in paths:
        try:
            out.append(summary(path))
        except Exception as error:  # a message Python cannot read at all is a failure
            print(f"{path}: {type(error).__name__}: {error}", file=sys.stderr)
            return 1
    print(json.dumps(out, indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
