# The two quick-start commands: `make run` (the main job) and `make test` (the whole suite).
# Each installs what it lacks (libical-dev, pkg-config, the Python checkers) and builds what it needs.

SWIFT ?= swift
PYTHON ?= python3
PROTOCOLS := $(wildcard Protocols/*.yaml)
SUDO := $(shell [ "$$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1 && echo sudo)
BOARDCAL := .build/debug/boardcal

.PHONY: run test deps test-deps python-deps build lint format calendars check-calendars fuzz \
  browser-check

# libical for every byte of iCalendar; SQLite for the records store (GRDB).
deps:
	@{ pkg-config --exists libical && pkg-config --exists sqlite3; } 2>/dev/null || { \
	  echo "Installing libical-dev, libsqlite3-dev and pkg-config (apt-get)..."; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq \
	    libical-dev libsqlite3-dev pkg-config >/dev/null; }
	@pkg-config --exists libical || { echo "libical is still missing: install libical-dev"; exit 1; }

# A real MTA path for the mail end-to-end test: msmtp provides sendmail -t. A feed reader outside
# Python: PHP's Horde_Icalendar. A real browser for the pages: headless Chromium.
test-deps: deps python-deps
	@{ command -v msmtp && command -v php && test -f /usr/share/php/Horde/Icalendar.php \
	  && command -v chromium; } >/dev/null 2>&1 || { \
	  echo "Installing msmtp, php-cli, php-horde-icalendar and chromium (apt-get)..."; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq \
	    msmtp php-cli php-horde-icalendar chromium >/dev/null; }

python-deps:
	@$(PYTHON) -c "import yaml, jsonschema, icalendar, ical, vobject, aiosmtpd, dateutil, openapi_spec_validator" 2>/dev/null || \
	  $(PYTHON) -m pip install -q --disable-pip-version-check \
	    pyyaml jsonschema icalendar ical vobject aiosmtpd python-dateutil openapi-spec-validator

build: deps
	$(SWIFT) build

# The main job on the embedded defaults: check the seed protocols, report their planning
# conflicts, write their feeds to Calendars/ and serve them (Ctrl-C stops the server).
HOST ?= 127.0.0.1
PORT ?= 8080
# Protocols in force reach a year or two past the day they are seen from: the feeds are emitted
# as of a day, kept in Calendars/AS-OF, so that the same inputs give the same files. `make run`
# emits as of today; `make calendars` as of AS-OF (or AS_OF=YYYY-MM-DD).
TODAY := $(shell date +%F)
AS_OF ?= $(shell cat Calendars/AS-OF 2>/dev/null || date +%F)

run: build
	$(BOARDCAL) validate $(PROTOCOLS)
	@for f in $(PROTOCOLS); do $(BOARDCAL) conflicts $$f --as-of $(TODAY) || true; done
	$(BOARDCAL) emit $(PROTOCOLS) --out Calendars --as-of $(TODAY)
	@echo $(TODAY) > Calendars/AS-OF
	$(BOARDCAL) serve --protocols Protocols --host $(HOST) --port $(PORT)

calendars: build
	$(BOARDCAL) emit $(PROTOCOLS) --out Calendars --as-of $(AS_OF)
	@echo $(AS_OF) > Calendars/AS-OF

# Fails when the committed Calendars/ differ from what the protocols give as of Calendars/AS-OF.
check-calendars: build
	@rm -rf .build/calendars-check
	@$(BOARDCAL) emit $(PROTOCOLS) --out .build/calendars-check --quiet --as-of $(AS_OF)
	@echo $(AS_OF) > .build/calendars-check/AS-OF
	@diff -r Calendars .build/calendars-check >/dev/null || { \
	  echo "Calendars/ is stale: run 'make calendars' and commit the result."; \
	  diff -r Calendars .build/calendars-check | head -20; exit 1; }
	@echo "Calendars/ matches the protocols."

# Speed: the seed protocols and a generated national-scale input, each stage as a ratio to a
# reference run in the same command (README "Speed"). `make bench BENCH_ARGS=--quick` for a smoke run.
# Beside our render, on the same events, the bench builds and runs the libical floor
# (Bench/libical_floor.c, with cc) and Python's icalendar (Bench/icalendar_reference.py, with
# $(PYTHON)); whichever cannot run is a note in its report. The allocation counter
# (Bench/alloc_count.c) is preloaded into the bench so that it can count allocations per item.
.PHONY: bench
BENCH_BUILD := .build/bench
bench: build
	@$(MAKE) --no-print-directory python-deps || echo "bench: no icalendar for $(PYTHON); the Python reference will say so"
	@mkdir -p $(BENCH_BUILD)
	@cc -O2 -shared -fPIC -o $(BENCH_BUILD)/alloc_count.so Bench/alloc_count.c 2>/dev/null || { \
	  rm -f $(BENCH_BUILD)/alloc_count.so; echo "bench: cc could not build Bench/alloc_count.c; allocations not measured"; }
	$(SWIFT) build -c release --product boardcal
	$(SWIFT) build -c release --product boardcal-bench
	env $$(test -f $(BENCH_BUILD)/alloc_count.so && echo LD_PRELOAD=$(abspath $(BENCH_BUILD))/alloc_count.so) \
	  "$$($(SWIFT) build -c release --show-bin-path)/boardcal-bench" --python $(PYTHON) $(BENCH_ARGS)

# The live server under load beside nginx (Bench/load.sh; README "Speed"): LOAD_SECONDS per run.
.PHONY: load
LOAD_SECONDS ?= 10
load:
	@{ command -v nginx && command -v wrk; } >/dev/null 2>&1 || { \
	  echo "Installing nginx-light and wrk (apt-get)..."; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nginx-light wrk >/dev/null; }
	$(SWIFT) build -c release --product boardcal
	BOARDCAL="$$($(SWIFT) build -c release --show-bin-path)/boardcal" Bench/load.sh $(LOAD_SECONDS)

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests Fuzz/Package.swift Fuzz/Sources

format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests Fuzz/Package.swift Fuzz/Sources

# The whole test suite: formatting, the Swift tests (which also read every feed with independent
# parsers), the pages in a real browser (headless Chromium; screenshots in Tests/browser/artefacts),
# the protocol files against the schema, the JSON API's answers against its OpenAPI document (from
# a running `boardcal serve`), and the committed feeds against the protocols.
test: test-deps lint build
	$(SWIFT) test
	$(MAKE) --no-print-directory browser-check
	$(PYTHON) Tests/schema_check.py
	$(PYTHON) Tests/openapi_check.py --boardcal $(BOARDCAL)
	$(MAKE) --no-print-directory check-calendars

# The chair's board page and the overdue page served by `boardcal serve` on the seed protocols,
# loaded by headless Chromium; what it rendered is checked and screenshots are kept.
browser-check: build
	$(PYTHON) Tests/browser/check.py --boardcal $(BOARDCAL) --out Tests/browser/artefacts

# Fuzzing (README "Fuzzing"): libFuzzer on the protocol loader, the records reader and the .ics
# importer, FUZZ_SECONDS each, after a sanitizer build of their own in Fuzz/.build. Fails on any
# crash or timeout, keeping the input in Fuzz/crashes/. CI runs it after `make test`.
FUZZ_SECONDS ?= 60
fuzz: deps
	Fuzz/run.sh $(FUZZ_SECONDS)
