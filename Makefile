# The two quick-start commands: `make run` (the main job) and `make test` (the whole suite).
# Each installs what it lacks (libical-dev, pkg-config, Python checkers) and builds what it needs.

SWIFT ?= swift
PROTOCOLS := $(wildcard Protocols/*.yaml)
APT_GET := $(shell command -v sudo >/dev/null 2>&1 && [ "$$(id -u)" != 0 ] && echo sudo) apt-get
PYTHON ?= python3

.PHONY: run test deps python-deps build lint format schedule

deps:
	@pkg-config --exists libical 2>/dev/null || { \
	  echo "Installing libical-dev and pkg-config (apt-get)..."; \
	  $(APT_GET) update -qq && DEBIAN_FRONTEND=noninteractive $(APT_GET) install -y -qq libical-dev pkg-config >/dev/null; }
	@pkg-config --exists libical || { echo "libical is still missing: install libical-dev"; exit 1; }

python-deps:
	@$(PYTHON) -c "import yaml, jsonschema" 2>/dev/null || $(PYTHON) -m pip install -q pyyaml jsonschema

build: deps
	$(SWIFT) build

# The main job on the embedded defaults: check the seed protocols and show their schedules.
run: build
	$(SWIFT) run -q boardcal validate $(PROTOCOLS)
	@for f in $(PROTOCOLS); do $(SWIFT) run -q boardcal duties $$f | tail -n 1; done

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests

format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests

# The whole test suite: formatting, the Swift tests, and the protocol files against the schema.
test: deps python-deps lint
	$(SWIFT) build --build-tests
	$(SWIFT) test
	$(PYTHON) Tests/schema_check.py
