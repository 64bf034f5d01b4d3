#!/usr/bin/env python3
"""End-to-end test of `boardcal notify` through a real MTA path.

    python3 Tests/mail_e2e.py [--boardcal .build/debug/boardcal]

What it does, on loopback only:
  1. starts an SMTP server (aiosmtpd, from PyPI) on 127.0.0.1 that saves every message it receives,
     and a tiny HTTP server that records webhook POSTs;
  2. writes an msmtp configuration (host 127.0.0.1, that port, no auth, no TLS, from
     boardcal@localhost) and a `sendmail` wrapper that runs `msmtp -C CONFIG "$@"` — msmtp (Debian
     package) provides the `sendmail -t` interface boardcal uses;
  3. copies Protocols/milton-keynes.yaml, adding lead officers and email addresses (the protocol
     names neither), and runs `boardcal notify --as-of 2021-12-15`, when the CSP's October 2021
     strategic assessment has been missed for more than 20 working days (so it is escalated to the
     chairs);
  4. first through an msmtp pointed at a closed port: every send fails, notify exits 1 and the log
     keeps nothing, so the next run tries again; then through the working MTA: every alert arrives;
  5. reads each received message with Python's `email` library (recipients, decoded subject,
     parts) and the calendar attachment with `icalendar`, and checks them against the scenario;
  6. runs notify again (with msmtp given directly as `--sendmail "msmtp -C CONFIG"`): nothing new
     arrives by mail or webhook, and it says so; a dry run against the same log writes nothing.

If msmtp or aiosmtpd is missing the test FAILS with a message saying how to install them, unless
BOARDCAL_SKIP_MAIL_E2E=1 is set. Exit status 0 when every check passed.
"""

import argparse
import email
import email.policy
import email.utils
import http.server
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
AS_OF = "2021-12-15"
STRATEGIC = "strategic-assessment-to-csp-2021-22/csp/2021-22#missed"
EXPECTED_SUBJECT = (
    "[MK Together] Missed (escalated): Annual community safety strategic assessment \u2014 Assurance to CSP"
)
PEOPLE = {
    "priya.shah@example.org": "Priya Shah",
    "tomas.obriain@example.org": "Tom\u00e1s \u00d3 Briain",
    "jane.held@example.org": "Jane Held",
    "cabinet.community-safety@example.org": "Milton Keynes Council Cabinet member with responsibility for Community Safety",
}

failures = []


def check(condition, what):
    if condition:
        print(f"ok   {what}")
    else:
        print(f"FAIL {what}")
        failures.append(what)
    return condition


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prerequisites():
    """The MTA path must be real: msmtp and aiosmtpd, or a clear failure."""
    missing = []
    msmtp = shutil.which("msmtp") or ("/usr/bin/msmtp" if os.access("/usr/bin/msmtp", os.X_OK) else None)
    if msmtp is None:
        missing.append("msmtp (Debian: apt-get install -y msmtp)")
    try:
        import aiosmtpd  # noqa: F401
    except ImportError:
        missing.append("aiosmtpd (pip install aiosmtpd)")
    try:
        import icalendar  # noqa: F401
    except ImportError:
        missing.append("icalendar (pip install icalendar)")
    if missing:
        message = "mail end-to-end test cannot run: missing " + "; ".join(missing)
        if os.environ.get("BOARDCAL_SKIP_MAIL_E2E") == "1":
            print("SKIPPED (BOARDCAL_SKIP_MAIL_E2E=1): " + message)
            sys.exit(0)
        print("FAIL " + message + " (set BOARDCAL_SKIP_MAIL_E2E=1 to skip on purpose)")
        sys.exit(2)
    return msmtp


def protocol_with_contacts(folder):
    """MK as committed, plus lead officers for Assurance and the CSP and the chairs' emails."""
    text = open(os.path.join(ROOT, "Protocols", "milton-keynes.yaml"), encoding="utf-8").read()
    people = (
        "people:\n"
        "  - id: assurance-lead\n"
        "    role: Assurance Board lead officer\n"
        "    name: Priya Shah\n"
        "    email: priya.shah@example.org\n"
        "  - id: csp-lead\n"
        "    role: Community Safety Partnership manager\n"
        "    name: Tom\u00e1s \u00d3 Briain\n"
        "    email: tomas.obriain@example.org\n"
    )
    assert text.count("\npeople:\n") == 1
    text = text.replace("\npeople:\n", "\n" + people, 1)
    for person, address in [
        ("independent-scrutineer", "jane.held@example.org"),
        ("cabinet-member-community-safety", "cabinet.community-safety@example.org"),
    ]:
        text, n = re.subn(rf"^  - id: {person}\n", f"  - id: {person}\n    email: {address}\n", text, count=1, flags=re.M)
        assert n == 1, person
    for board, lead in [("assurance", "assurance-lead"), ("csp", "csp-lead")]:
        text, n = re.subn(rf"^  - id: {board}\n", f"  - id: {board}\n    lead_officer: {lead}\n", text, count=1, flags=re.M)
        assert n == 1, board
    path = os.path.join(folder, "milton-keynes.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


class SMTPSink:
    """aiosmtpd handler: every message saved as NNN.eml, with its envelope beside it."""

    def __init__(self, folder):
        self.folder = folder
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            n = self.count
        raw = envelope.original_content or envelope.content
        with open(os.path.join(self.folder, f"{n:03}.eml"), "wb") as f:
            f.write(raw if isinstance(raw, bytes) else raw.encode("utf-8"))
        with open(os.path.join(self.folder, f"{n:03}.json"), "w") as f:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos}, f)
        return "250 Message accepted for delivery"


def start_webhook_server():
    posts = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            posts.append({"path": self.path, "content_type": self.headers.get("Content-Type"), "body": body})
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, posts


def write_msmtp(folder, name, port):
    path = os.path.join(folder, name)
    with open(path, "w") as f:
        f.write(
            "defaults\n"
            "auth off\n"
            "tls off\n"
            f"logfile {os.path.join(folder, name + '.log')}\n"
            "\n"
            "account local\n"
            "host 127.0.0.1\n"
            f"port {port}\n"
            "from boardcal@localhost\n"
            "\n"
            "account default : local\n"
        )
    os.chmod(path, 0o600)
    return path


def write_wrapper(folder, msmtp, config):
    path = os.path.join(folder, "sendmail")
    with open(path, "w") as f:
        f.write(f'#!/bin/sh\nexec {msmtp} -C {config} "$@"\n')
    os.chmod(path, 0o755)
    return path


def run(boardcal, args, env):
    result = subprocess.run([boardcal] + args, capture_output=True, text=True, env=env, timeout=300)
    return result


def received(folder):
    return sorted(name for name in os.listdir(folder) if name.endswith(".eml"))


def wait_for(folder, count, seconds=15):
    deadline = time.time() + seconds
    while time.time() < deadline and len(received(folder)) < count:
        time.sleep(0.1)
    return received(folder)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--boardcal", default=os.path.join(ROOT, ".build", "debug", "boardcal"))
    args = parser.parse_args()
    msmtp = prerequisites()
    from aiosmtpd.controller import Controller
    import icalendar

    if not os.access(args.boardcal, os.X_OK):
        print(f"FAIL the boardcal binary {args.boardcal} is missing: run `swift build` first")
        return 2

    work = tempfile.mkdtemp(prefix="boardcal-mail-e2e-")
    inbox = os.path.join(work, "inbox")
    os.makedirs(inbox)
    protocol = protocol_with_contacts(work)
    db = os.path.join(work, "records.sqlite")
    smtp_port = free_port()
    controller = Controller(SMTPSink(inbox), hostname="127.0.0.1", port=smtp_port)
    controller.start()
    hook_server, posts = start_webhook_server()
    hook = f"http://127.0.0.1:{hook_server.server_address[1]}/hooks/boardcal"
    env = dict(os.environ)
    env.pop("BOARDCAL_DB", None)
    env["no_proxy"] = env["NO_PROXY"] = "127.0.0.1,localhost"
    try:
        good = write_msmtp(work, "msmtprc", smtp_port)
        bad = write_msmtp(work, "msmtprc-closed", free_port())
        wrapper = write_wrapper(work, msmtp, good)
        base = ["notify", protocol, "--as-of", AS_OF, "--db", db, "--json"]

        # 1. The MTA refuses (nothing listens): every send fails, is reported, and is not logged.
        boardcal = args.boardcal
        failed = run(boardcal, base + ["--sendmail", f"{msmtp} -C {bad}"], env)
        check(failed.returncode == 1, f"notify exits 1 when the mailer fails (got {failed.returncode}: {failed.stderr.strip()[:300]})")
        report = json.loads(failed.stdout) if failed.stdout.strip() else {"outcomes": []}
        email_outcomes = [o for o in report["outcomes"] if o["channel"] == "email"]
        failed_sends = [o for o in email_outcomes if o["result"] == "failed"]
        check(len(failed_sends) > 0 and not any(o["result"] == "sent" for o in email_outcomes),
              f"every email send failed and was reported ({len(failed_sends)} failures)")
        check(any("msmtp" in (o.get("detail") or "") or "status" in (o.get("detail") or "") for o in failed_sends),
              "the failure carries what the mailer said")
        check(received(inbox) == [], "nothing arrived while the mailer was failing")

        # 2. Through msmtp to the SMTP server, same log: the released claims are tried again, and
        #    every alert goes to every recipient with an email.
        first = run(boardcal, base + ["--sendmail", wrapper, "--webhook", hook], env)
        check(first.returncode == 0, f"notify through msmtp exits 0 (got {first.returncode}: {first.stderr.strip()[:500]})")
        report = json.loads(first.stdout)
        sent = [o for o in report["outcomes"] if o["channel"] == "email" and o["result"] == "sent"]
        hooks_sent = [o for o in report["outcomes"] if o["channel"] == "webhook" and o["result"] == "sent"]
        names = wait_for(inbox, len(sent))
        check(len(sent) >= 4, f"at least the four strategic-assessment emails were sent ({len(sent)} sent)")
        check(len(names) == len(sent), f"the SMTP server received one message per send ({len(names)} received)")
        check(len(hooks_sent) == report["alerts"] and len(posts) == report["alerts"],
              f"one webhook POST per alert ({len(posts)} posts, {report['alerts']} alerts)")
        no_email = [o for o in report["outcomes"] if o["result"] in ("no-email", "unaddressed")]
        check(len(no_email) > 0, f"recipients without an email and unnamed roles are reported ({len(no_email)})")

        messages = []
        for name in names:
            raw = open(os.path.join(inbox, name), "rb").read()
            envelope = json.load(open(os.path.join(inbox, name.replace(".eml", ".json"))))
            messages.append((name, raw, email.message_from_bytes(raw, policy=email.policy.default), envelope))

        ids = set()
        for name, raw, msg, envelope in messages:
            to = email.utils.getaddresses([str(v) for v in msg.get_all("To", [])])
            check(len(to) == 1 and envelope["rcpt_tos"] == [to[0][1]],
                  f"{name}: one recipient, the envelope matches To ({to}, {envelope['rcpt_tos']})")
            check(envelope["mail_from"] == "boardcal@localhost", f"{name}: envelope sender from the msmtp account")
            check(not msg.defects and all(not p.defects for p in msg.walk()), f"{name}: no MIME defects")
            ids.add(str(msg["Message-ID"]))
        check(len(ids) == len(messages), "every message has its own Message-ID")

        strategic = [m for m in messages if str(m[2]["X-Boardcal-Alert"]) == STRATEGIC]
        got = {email.utils.parseaddr(str(m[2]["To"]))[1]: email.utils.parseaddr(str(m[2]["To"]))[0] for m in strategic}
        check(got == PEOPLE, f"the escalated missed alert went to both lead officers and both chairs: {sorted(got)}")
        for name, raw, msg, envelope in strategic:
            check(str(msg["Subject"]) == EXPECTED_SUBJECT, f"{name}: subject decodes to {str(msg['Subject'])!r}")
            check(email.utils.parseaddr(str(msg["From"])) == ("MK Together", "mktogether@milton-keynes.gov.uk"),
                  f"{name}: From is the partnership's address ({msg['From']})")
            check(msg.get_content_type() == "multipart/mixed", f"{name}: multipart/mixed")
            parts = [p for p in msg.walk() if not p.is_multipart()]
            check([p.get_content_type() for p in parts] == ["text/plain", "text/calendar"],
                  f"{name}: a text part and a calendar part")
            text = parts[0].get_content()
            check(parts[0].get_content_charset() == "utf-8", f"{name}: text is utf-8")
            check("Status: missed since 2021-11-01 (escalated to the chairs)." in text,
                  f"{name}: the body says missed since 2021-11-01, escalated")
            check("closed on 2021-10-31 without it" in text, f"{name}: the body says why")
            check("What to do:" in text, f"{name}: the body says what to do")
            recipient_name = email.utils.parseaddr(str(msg["To"]))[0]
            check(f"Dear {recipient_name}," in text, f"{name}: the body greets {recipient_name}")
            cal_part = parts[1]
            check(cal_part.get_filename() == "obligation.ics" and cal_part.get_param("method") == "PUBLISH",
                  f"{name}: attached as obligation.ics, method=PUBLISH")
            cal = icalendar.Calendar.from_ical(cal_part.get_payload(decode=True))
            check(str(cal.get("METHOD")) == "PUBLISH", f"{name}: the calendar says METHOD:PUBLISH")
            events = {str(e.get("UID")): e for e in cal.walk("VEVENT")}
            duty = events.get("milton-keynes-strategic-assessment-to-csp-2021-22-csp-2021-22@boardcal")
            meeting = events.get("milton-keynes-csp-2021-10@boardcal")
            check(duty is not None and meeting is not None, f"{name}: the duty and its meeting are in the calendar ({sorted(events)})")
            if duty is not None and meeting is not None:
                start = duty.get("DTSTART")
                check(start.dt.isoformat() == "2021-10-05T14:00:00+01:00" and start.params.get("TZID") == "Europe/London",
                      f"{name}: the duty is at the CSP meeting, 5 October 2021 14:00 Europe/London ({start.dt.isoformat()})")
                check(str(duty.get("RELATED-TO")) == "milton-keynes-csp-2021-10@boardcal", f"{name}: the duty is related to its meeting")
                check([str(c) for c in duty.get("CATEGORIES").cats] == ["PRESENT"], f"{name}: CATEGORIES:PRESENT")
                check(str(meeting.get("SUMMARY")) == "Community Safety Partnership meeting", f"{name}: the meeting's summary")

        hook_bodies = [json.loads(p["body"]) for p in posts]
        check(all(p["content_type"].startswith("application/json") for p in posts), "webhook posts are application/json")
        body = next((b for b in hook_bodies if b.get("key") == STRATEGIC), None)
        check(body is not None, "the webhook got the strategic-assessment alert")
        if body is not None:
            check(body["partnership"] == "milton-keynes" and body["status"] == "missed" and body["escalated"] is True
                  and body["since"] == "2021-11-01", "webhook body: partnership, status, escalated, since")
            check(sorted(r["email"] for r in body["recipients"]) == sorted(PEOPLE), "webhook body: the four recipients")
            check(body["obligation"]["owner"] == "assurance" and body["obligation"]["receiver"] == "csp",
                  "webhook body: the obligation's owner and receiver")
            check(EXPECTED_SUBJECT in body["text"], "webhook body: a text Slack and Teams can show")

        # 3. Again: the log says everything was sent; nothing new by mail or webhook.
        before_mail, before_hooks = len(received(inbox)), len(posts)
        second = run(boardcal, ["notify", protocol, "--as-of", AS_OF, "--db", db,
                                "--sendmail", f"{msmtp} -C {good}", "--webhook", hook], env)
        check(second.returncode == 0, f"the second run exits 0 (got {second.returncode}: {second.stderr.strip()[:300]})")
        check("Nothing new to send" in second.stdout, f"the second run says nothing is new: {second.stdout.strip().splitlines()[-1:]}")
        time.sleep(1.5)
        check(len(received(inbox)) == before_mail, "the second run sent no email")
        check(len(posts) == before_hooks, "the second run posted nothing to the webhook")

        # 4. A dry run against the same log writes nothing (all sent); against no log, every message.
        out = os.path.join(work, "dry")
        dry = run(boardcal, ["notify", protocol, "--as-of", AS_OF, "--db", db, "--dry-run", "--out", out], env)
        check(dry.returncode == 0 and not (os.path.isdir(out) and os.listdir(out)), "a dry run after sending writes nothing")
        fresh = os.path.join(work, "never-created.sqlite")
        dry = run(boardcal, ["notify", protocol, "--as-of", AS_OF, "--db", fresh, "--dry-run", "--out", out], env)
        written = [n for n in os.listdir(out)] if os.path.isdir(out) else []
        check(dry.returncode == 0 and len(written) == len(sent), f"a dry run with no log writes every .eml ({len(written)})")
        check(not os.path.exists(fresh), "a dry run creates no database")
    finally:
        controller.stop()
        hook_server.shutdown()
        if failures:
            print(f"kept {work} for inspection")
        else:
            shutil.rmtree(work, ignore_errors=True)

    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    print("mail end-to-end: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
