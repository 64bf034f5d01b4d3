#!/usr/bin/env python3
"""The real-browser check (README "Tests"): serves the seed protocols with the built `boardcal
serve` on a free loopback port, as of a fixed day, loads the chair's board page and the overdue
page in headless Chromium (Debian's `chromium`), and checks what the browser rendered: the text of
a duty the Buckinghamshire protocol says the BSAB owes, with its status, in one table row. It
keeps a screenshot of each page at a phone's and a desktop's width in the artefacts folder, and the
forward plan printed to PDF (which must be on A4 pages).

    Tests/browser/check.py [--boardcal .build/debug/boardcal] [--out Tests/browser/artefacts]

Exit status 0 when every check holds; 1 with the failures listed otherwise."""

import argparse
import html.parser
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
AS_OF = "2017-09-01"
TOKEN = "browser-check-token"
WIDTHS = {"phone": (390, 2200), "desktop": (1366, 1500)}


class Rows(html.parser.HTMLParser):
    """The text of every table row, and the whole text, of a rendered DOM."""

    def __init__(self):
        super().__init__()
        self.rows, self.row, self.text, self.headings = [], None, [], []
        self.heading = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.row = []
        if tag in ("h1", "h2", "h3"):
            self.heading = [tag]

    def handle_endtag(self, tag):
        if tag == "tr" and self.row is not None:
            self.rows.append(" ".join(" ".join(self.row).split()))
            self.row = None
        if tag in ("h1", "h2", "h3") and self.heading:
            self.headings.append((self.heading[0], " ".join(" ".join(self.heading[1:]).split())))
            self.heading = None

    def handle_data(self, data):
        self.text.append(data)
        if self.row is not None:
            self.row.append(data)
        if self.heading is not None:
            self.heading.append(data)


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    sys.exit("browser check: no chromium on the PATH (Debian: apt-get install chromium)")


def browse(browser, profile, url, *extra):
    """Runs headless Chromium on `url` with `extra` arguments; returns its stdout."""
    args = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--hide-scrollbars", "--user-data-dir=" + profile, *extra, url]
    done = subprocess.run(args, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise RuntimeError(f"chromium exited {done.returncode} on {url}: {done.stderr[-2000:]}")
    return done.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--boardcal", default=os.path.join(ROOT, ".build/debug/boardcal"))
    parser.add_argument("--out", default=os.path.join(ROOT, "Tests/browser/artefacts"))
    options = parser.parse_args()
    browser = chromium()
    os.makedirs(options.out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="boardcal-browser-")
    env = dict(os.environ, BOARDCAL_FEED_TOKEN=TOKEN)
    server = subprocess.Popen(
        [options.boardcal, "serve",
         "--protocols", os.path.join(ROOT, "Protocols"), "--db", os.path.join(work, "none.sqlite"),
         "--port", "0", "--as-of", AS_OF],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    failures = []
    try:
        line = server.stdout.readline()
        found = re.search(r"on (http://127\.0\.0\.1:\d+/)", line)
        if not found:
            raise RuntimeError(f"boardcal serve did not start: {line}{server.stderr.read()}")
        base = found.group(1)
        pages = {
            # The chair's page of the Buckinghamshire Safeguarding Adults Board (a private board:
            # an officer's link), and the overdue page.
            "board": (f"{base}buckinghamshire/boards/bsab?token={TOKEN}", [
                ("the BSAB annual report to HASC, scheduled",
                 ["Inform: BSAB Annual Report for 2016-17", "scheduled", "HASC"]),
                ("the BSAB annual report to the SSBPB, unschedulable",
                 ["Present: BSAB Annual Report for 2016-17", "unschedulable",
                  "Safer and Stronger Bucks Partnership Board"]),
            ]),
            "overdue": (f"{base}buckinghamshire/overdue?token={TOKEN}", [
                ("the winter presentation to the SSBPB, unschedulable",
                 ["unschedulable", "BSAB Annual Report for 2016-17", "SSBPB"]),
            ]),
            # The forward plan, which is also printed to an A4 PDF.
            "forward-plan": (f"{base}buckinghamshire/forward-plan?token={TOKEN}", [
                ("the HASC's October meeting taking the BSAB annual report",
                 ["Tuesday 3 October 2017", "Health and Adult Social Care Select Committee",
                  "Inform: BSAB Annual Report for 2016-17 (from BSAB) scheduled"]),
            ]),
            # What the public sees of a public board: no paper deadlines.
            "public-board": (f"{base}buckinghamshire/boards/hwb", []),
        }
        for name, (url, checks) in pages.items():
            # The officer's pages share a browser profile: the first token link sets the cookie
            # (303 to the page without the token) and the browser carries it from then on. The
            # public's page is read in a profile of its own, with no cookie.
            profile = os.path.join(work, "profile-public" if name == "public-board" else "profile")
            dom = browse(browser, profile, url, "--dump-dom", "--virtual-time-budget=2000")
            with open(os.path.join(options.out, f"{name}.html"), "w", encoding="utf-8") as f:
                f.write(dom)
            rows = Rows()
            rows.feed(dom)
            h1 = [h for h in rows.headings if h[0] == "h1"]
            if len(h1) != 1:
                failures.append(f"{name}: {len(h1)} h1 headings (one expected)")
            for what, words in checks:
                if not any(all(w in row for w in words) for row in rows.rows):
                    failures.append(f"{name}: no table row shows {what} ({words})")
            if name == "public-board":
                text = " ".join("".join(rows.text).split())
                if "Papers due" in text or "Business Manager" in text:
                    failures.append("public-board: the public page shows a paper deadline or an officer")
                if "Health & Wellbeing Board" not in text:
                    failures.append("public-board: the board's name is not on its page")
            if name == "forward-plan":
                pdf = os.path.join(options.out, f"{name}-a4.pdf")
                browse(browser, profile, url, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
                with open(pdf, "rb") as f:
                    head = f.read()
                # A4 is 595 x 842 points.
                if not head.startswith(b"%PDF") or not re.search(rb"/MediaBox\s*\[\s*0 0 59[45]\.?\d* 84[12]", head):
                    failures.append("forward-plan: the printed plan is not on A4 pages")
            for label, (width, height) in WIDTHS.items():
                shot = os.path.join(options.out, f"{name}-{label}.png")
                browse(browser, profile, url, f"--screenshot={shot}",
                       f"--window-size={width},{height}", "--virtual-time-budget=2000")
                if not os.path.getsize(shot):
                    failures.append(f"{name}: empty screenshot at {label} width")
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(work, ignore_errors=True)
    if failures:
        print("browser check FAILED:\n  " + "\n  ".join(failures))
        return 1
    print(f"browser check: {len(pages)} pages rendered by Chromium as of {AS_OF}; "
          f"screenshots in {os.path.relpath(options.out, ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
