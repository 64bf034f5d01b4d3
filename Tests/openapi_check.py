#!/usr/bin/env python3
"""Checks the JSON API against its OpenAPI document, as a client would see it.

Emits the seed protocols, starts the built `boardcal serve` on them with a fixed --as-of (and a
second one whose records database is not a database, for the 503s), fetches /api/openapi.yaml,
checks that it is a valid OpenAPI 3.1 document, then asks every route for good answers and for
errors and checks each answer against the document: the path and its query parameters are
declared, the status is documented for the operation, the Content-Type is the documented one,
and the body validates against the documented JSON Schema (every object in it names all its
keys, so a key added, renamed or dropped fails). Finally every documented status of every
operation must have been seen at least once. Prints one line per failure and "N passed, M
failed"; exits 1 on any failure.

    python3 Tests/openapi_check.py [--boardcal .build/debug/boardcal]
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

import yaml
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOKEN = "openapi-check-token"
AS_OF = "2022-06-01"
DOCUMENT_URI = "urn:boardcal:openapi"


def start_server(boardcal, database, scratch, name):
    """`boardcal serve` on a free port; returns (process, base URL)."""
    out_path = os.path.join(scratch, f"{name}.out")
    err_path = os.path.join(scratch, f"{name}.err")
    env = dict(os.environ, BOARDCAL_FEED_TOKEN=TOKEN)
    process = subprocess.Popen(
        [boardcal, "serve", "--protocols", os.path.join(ROOT, "Protocols"),
         "--db", database, "--host", "127.0.0.1", "--port", "0", "--as-of", AS_OF,
         "--log-level", "warning"],
        stdout=open(out_path, "w"), stderr=open(err_path, "w"), env=env)
    deadline = time.time() + 30
    while time.time() < deadline:
        with open(out_path) as f:
            match = re.search(r" on (http://\S+/)", f.read())
        if match:
            return process, match.group(1)
        if process.poll() is not None:
            break
        time.sleep(0.1)
    process.kill()
    with open(err_path) as f:
        sys.exit(f"boardcal serve did not start: {f.read()}")


def fetch(url):
    """(status, content type, body bytes) of a GET, errors included."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def pointer(*parts):
    return "/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in parts)


class Checker:
    def __init__(self, document):
        self.document = document
        registry = Registry().with_resource(
            DOCUMENT_URI, Resource(contents=document, specification=DRAFT202012))
        self.registry = registry
        self.passed = 0
        self.failures = []
        self.seen = set()
        self.templates = []
        for template, item in document["paths"].items():
            pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
            self.templates.append((re.compile(pattern), template, item))

    def fail(self, what, why):
        self.failures.append(f"FAIL {what}: {why}")

    def resolve(self, node, at):
        """A `$ref` to a component, followed: (the node, its JSON pointer)."""
        while "$ref" in node:
            ref = node["$ref"]
            at = ref[1:]
            node = self.document
            for part in at.strip("/").split("/"):
                node = node[part.replace("~1", "/").replace("~0", "~")]
        return node, at

    def check(self, base, target, expected):
        """Asks for `target` and checks the answer against the document."""
        what = f"GET {target} ({expected})"
        status, content_type, body = fetch(base + target.lstrip("/"))
        if status != expected:
            return self.fail(what, f"status {status}, expected {expected}: {body[:200]!r}")
        url = urllib.parse.urlsplit(target)
        found = [(t, item) for pattern, t, item in self.templates if pattern.match(url.path)]
        if not found:
            return self.fail(what, f"no path in the document matches {url.path}")
        template, item = found[0]
        operation = item.get("get")
        if operation is None:
            return self.fail(what, f"{template} documents no GET")
        declared = set()
        for parameter in item.get("parameters", []) + operation.get("parameters", []):
            parameter, _ = self.resolve(parameter, "")
            if parameter["in"] == "query":
                declared.add(parameter["name"])
        for name in urllib.parse.parse_qs(url.query, keep_blank_values=True):
            if name not in declared:
                return self.fail(what, f"query parameter '{name}' is not declared for {template}")
        responses = operation["responses"]
        key = str(status) if str(status) in responses else "default"
        if key not in responses:
            return self.fail(what, f"status {status} is not documented for GET {template}")
        self.seen.add((template, key))
        response, at = self.resolve(
            responses[key], pointer("paths", template, "get", "responses", key))
        media = content_type.split(";")[0].strip()
        content = response.get("content", {})
        if media not in content:
            return self.fail(what, f"Content-Type {media}; the document has {sorted(content)}")
        if media == "application/json":
            try:
                instance = json.loads(body)
            except ValueError as error:
                return self.fail(what, f"not JSON: {error}")
        else:
            instance = body.decode("utf-8")
        schema = {"$ref": DOCUMENT_URI + "#" + at + pointer("content", media, "schema")}
        validator = Draft202012Validator(
            schema, registry=self.registry, format_checker=FormatChecker())
        errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
        if errors:
            first = errors[0]
            where = "/".join(str(p) for p in first.absolute_path)
            return self.fail(what, f"{len(errors)} schema error(s), first at /{where}: "
                                   f"{first.message[:300]}")
        self.passed += 1
        return instance

    def coverage(self):
        """Every documented status of every operation was seen."""
        for template, item in self.document["paths"].items():
            for method, operation in item.items():
                if method != "get":
                    continue
                for key in operation["responses"]:
                    if (template, key) not in self.seen:
                        self.fail(f"GET {template}", f"documented status {key} was never seen")
                    else:
                        self.passed += 1


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--boardcal", default=os.path.join(ROOT, ".build/debug/boardcal"))
    args = parser.parse_args()
    scratch = tempfile.mkdtemp(prefix="boardcal-openapi-")
    processes = []
    try:
        # No records database (a path that does not exist), so the answers follow the protocols.
        server, base = start_server(
            args.boardcal, os.path.join(scratch, "none.sqlite"), scratch, "server")
        processes.append(server)
        broken_db = os.path.join(scratch, "broken.sqlite")
        with open(broken_db, "wb") as f:
            f.write(b"this is not an SQLite database" * 100)
        broken, broken_base = start_server(args.boardcal, broken_db, scratch, "broken")
        processes.append(broken)

        status, _, text = fetch(base + "api/openapi.yaml")
        if status != 200:
            sys.exit(f"/api/openapi.yaml answered {status}")
        document = yaml.safe_load(text)
        if document.get("openapi", "").split(".")[:2] != ["3", "1"]:
            sys.exit("the document is not OpenAPI 3.1")
        checker = Checker(document)
        try:
            from openapi_spec_validator import validate as validate_spec
            validate_spec(document)
            checker.passed += 1
        except ImportError:
            checker.fail("document", "openapi-spec-validator is not installed")
        except Exception as error:  # the validator's own error types
            checker.fail("document", f"not a valid OpenAPI 3.1 document: {error}")

        token = f"token={TOKEN}"
        checker.check(base, "/healthz", 200)
        checker.check(base, "/api/openapi.yaml", 200)
        for p in ["buckinghamshire", "medway", "milton-keynes"]:
            open_schedule = checker.check(base, f"/api/{p}/schedule", 200)
            checker.check(base, f"/api/{p}/schedule?{token}", 200)
            checker.check(base, f"/api/{p}/schedule?from=2021-04-01&to=2022-03-31&{token}", 200)
            boards = sorted({m["board"] for m in (open_schedule or {}).get("meetings", [])})
            for board in boards[:2]:
                checker.check(base, f"/api/{p}/schedule?board={board}", 200)
                checker.check(base, f"/api/{p}/upcoming?board={board}&as_of=2021-05-01&days=365",
                              200)
                checker.check(
                    base, f"/api/{p}/upcoming?board={board}&as_of=2021-05-01&days=365&{token}",
                    200)
            checker.check(base, f"/api/{p}/alerts", 200)
            checker.check(base, f"/api/{p}/alerts?as_of=2021-09-01&{token}", 200)
            checker.check(base, f"/api/{p}/alerts?{token}", 200)
            checker.check(base, f"/api/{p}/conflicts", 200)
            checker.check(base, f"/api/{p}/conflicts?as_of=2021-05-01&{token}", 200)
            checker.check(base, f"/api/{p}/conflicts?from=2017-04-01&to=2023-03-31&{token}", 200)
            checker.check(base, f"/api/{p}/forward-plan", 200)
            checker.check(base, f"/api/{p}/forward-plan?year=2021&{token}", 200)
        for target in [
            "/api/milton-keynes/schedule?from=2021-13-01",
            "/api/milton-keynes/schedule?from=2022-01-01&to=2021-01-01",
            "/api/milton-keynes/upcoming",
            "/api/milton-keynes/upcoming?board=hwb&days=0",
            "/api/milton-keynes/alerts?as_of=2021-02-30",
            "/api/milton-keynes/conflicts?to=soon",
            "/api/milton-keynes/conflicts?from=1990-01-01&to=2100-01-01",
            "/api/milton-keynes/forward-plan?year=21",
            "/api/milton-keynes/forward-plan?year=2300",
        ]:
            checker.check(base, target, 400)
        for target in [
            "/api/atlantis/schedule", "/api/atlantis/upcoming?board=hwb", "/api/atlantis/alerts",
            "/api/atlantis/conflicts", "/api/atlantis/forward-plan",
            "/api/milton-keynes/upcoming?board=nope",
            "/api/milton-keynes/schedule?board=management-board",
        ]:
            checker.check(base, target, 404)
        for route in ["schedule", "upcoming?board=hwb", "alerts", "conflicts", "forward-plan"]:
            checker.check(broken_base, f"/api/milton-keynes/{route}", 503)
        checker.coverage()
    finally:
        for process in processes:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(scratch, ignore_errors=True)

    for line in checker.failures:
        print(line)
    print(f"{checker.passed} passed, {len(checker.failures)} failed")
    sys.exit(1 if checker.failures else 0)


if __name__ == "__main__":
    main()
