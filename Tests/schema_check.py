#!/usr/bin/env python3
"""Validates every Protocols/*.yaml and Protocols/shared/*.yaml against Protocols/schema.json.

Usage: python3 Tests/schema_check.py [FILE.yaml ...]   (default: every protocol file)
Exit status 0 when every file conforms, 1 when any does not (each problem is
printed as FILE:LINE: key.path: message), 2 when the schema itself is broken.

The files are read the way boardcal's YAML library and editors read them
(YAML 1.2 core schema): `14:00` stays the text "14:00" (PyYAML's YAML 1.1
would read it as the number 840), `yes`/`no`/`on` stay text, and dates stay
text (any datetime.date that does get through is turned back into ISO text).
"""

import datetime
import re
import sys
from pathlib import Path

import jsonschema
import yaml

ROOT = Path(__file__).resolve().parent.parent
PROTOCOLS = ROOT / "Protocols"
SCHEMA = PROTOCOLS / "schema.json"


class Yaml12Loader(yaml.SafeLoader):
    """SafeLoader with the YAML 1.2 core schema's implicit types (bool, int, float, null)."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers
            if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:int",
                           "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"))
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"))
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
               r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+.0123456789"))


def construct_int_12(loader, node):
    text = loader.construct_scalar(node)
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text)


Yaml12Loader.add_constructor("tag:yaml.org,2002:int", construct_int_12)


def plain(value):
    """The loaded YAML as JSON values: dates and times become ISO text."""
    if isinstance(value, dict):
        return {str(k) if not isinstance(k, str) else k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def line_of(node, path):
    """The line (1-based) of the YAML node at `path` (keys and indices), as far as it goes."""
    line = node.start_mark.line + 1
    for step in path:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == str(step)), None)
            key = next((k for k, v in node.value if k.value == str(step)), None)
            if match is None:
                break
            node, line = match, (key.start_mark.line + 1)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
            line = node.start_mark.line + 1
        else:
            break
    return line


def describe(path):
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out or "(top)"


def deepest(error):
    """For oneOf/anyOf failures, the most relevant sub-error (jsonschema's best match),
    said with the schema's own description of the value when no branch fits."""
    best = jsonschema.exceptions.best_match([error]) if error.context else error
    if best.validator in ("oneOf", "anyOf") and best.schema.get("description"):
        shown = repr(best.instance)
        if len(shown) > 60:
            shown = "this " + type(best.instance).__name__.replace("dict", "mapping").replace("list", "list")
        return jsonschema.exceptions.ValidationError(
            f"{shown} is not valid here: expected {best.schema['description']}",
            path=best.absolute_path, validator=best.validator)
    if best.validator == "pattern" and best.schema.get("description"):
        return jsonschema.exceptions.ValidationError(
            f"{best.instance!r} is not {best.schema['description']}",
            path=best.absolute_path, validator=best.validator)
    return best


def check(path, validator):
    rel = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=Yaml12Loader)
        data = plain(yaml.load(text, Loader=Yaml12Loader))
    except yaml.YAMLError as e:
        return [f"{rel}: YAML error: {' '.join(str(e).split())}"]
    if node is None:
        return [f"{rel}: the file is empty"]
    if isinstance(data, dict):
        # The schema is oneOf(partnership file, shared file); a mapping with 'shared:' can
        # only be the second, any other only the first. Validating against that branch
        # alone reports every problem rather than one "matches neither" for the file.
        kind = "sharedFile" if "shared" in data else "partnershipFile"
        branch = {k: v for k, v in validator.schema.items() if k != "oneOf"}
        branch["$ref"] = f"#/$defs/{kind}"
        validator = validator.evolve(schema=branch)
    problems = []
    for error in validator.iter_errors(data):
        e = deepest(error)
        where = list(e.absolute_path)
        if e.validator == "additionalProperties" and isinstance(e.instance, dict):
            # Point at the first unexpected key rather than at the mapping.
            allowed = e.schema.get("properties", {})
            extra = [k for k in e.instance if k not in allowed]
            if extra:
                where = where + [extra[0]]
        problems.append((line_of(node, where), f"{describe(where)}: {e.message}"))
    return [f"{rel}:{line}: {text}" for line, text in sorted(problems)]


def main(argv):
    try:
        schema = __import__("json").loads(SCHEMA.read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
    except Exception as e:  # noqa: BLE001 - any failure here means the schema is unusable
        print(f"{SCHEMA.relative_to(ROOT)}: not a valid JSON Schema: {e}", file=sys.stderr)
        return 2
    validator = jsonschema.Draft202012Validator(schema)
    files = [Path(a).resolve() for a in argv] or sorted(PROTOCOLS.glob("*.yaml")) + sorted(
        (PROTOCOLS / "shared").glob("*.yaml"))
    if not files:
        print("no protocol files found", file=sys.stderr)
        return 1
    failed = 0
    for path in files:
        problems = check(path, validator)
        rel = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        if problems:
            failed += 1
            print(f"FAIL {rel}: {len(problems)} problem(s)")
            for p in problems:
                print(f"  {p}")
        else:
            print(f"ok   {rel}")
    if failed:
        sys.stdout.flush()
        print(f"{failed} of {len(files)} file(s) do not conform to {SCHEMA.relative_to(ROOT)}",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
