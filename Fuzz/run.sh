#!/usr/bin/env bash
# Fuzz boardcal's readers of outside input with libFuzzer (README "Fuzzing").
#
#   Fuzz/run.sh SECONDS [TARGET...]
#
# Builds the fuzzers (release, -sanitize=fuzzer,address), seeds their corpora, runs each TARGET
# (default: all three) for SECONDS (0: no time limit), one after the other, and prints per target
# the executions, crashes and timeouts. FUZZ_RUNS=N stops each after N executions instead (or at
# SECONDS, whichever comes first). Exits non-zero on any crash (including leaks and running out of
# memory) or timeout, printing the inputs, which are kept in Fuzz/crashes/TARGET/.
#
# Targets: protocol (ProtocolLoader.load(text:...)), records (RecordsFile.yaml/csv, then
# RecordChecker), ics (ICalendarReader.read on raw bytes). Inputs are at most 64 KB, and one that
# takes more than 10 s is a timeout. The fuzzers only read: they write no file and open no database.
# Generated (git-ignored): Fuzz/.build, Fuzz/seeds (rebuilt every run from Protocols/, a sample of
# Calendars/ and Fuzz/Fixtures/), Fuzz/corpus (what the fuzzers found, kept between runs),
# Fuzz/crashes, Fuzz/logs.
set -euo pipefail

SWIFT=${SWIFT:-swift}
seconds=${1:?usage: Fuzz/run.sh SECONDS [protocol|records|ics ...]}
shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(protocol records ics)
fuzz=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$fuzz")

binary() {
  case $1 in
  protocol) echo FuzzProtocol ;;
  records) echo FuzzRecords ;;
  ics) echo FuzzICal ;;
  *) echo "unknown fuzz target '$1' (protocol, records or ics)" >&2; exit 2 ;;
  esac
}
for t in "${targets[@]}"; do binary "$t" >/dev/null; done

# The build. -parse-as-library: libFuzzer brings main. -Xcc: Yams's libyaml (C) is instrumented
# and checked by AddressSanitizer too.
echo "Building the fuzzers (release, fuzzer and address sanitizers)..."
started=$(date +%s)
(cd "$fuzz" && "$SWIFT" build -c release \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library \
  -Xcc -fsanitize=fuzzer-no-link,address)
echo "Built in $(($(date +%s) - started)) s."
bin=$(cd "$fuzz" && "$SWIFT" build -c release --show-bin-path)

# The seeds of each target run, made afresh: the seed protocols, the seed records, a sample of the
# committed feeds (each partnership's public feed and its first board, duty and person feed, whole
# and cut to their first three events), and the inputs of the tests in Fuzz/Fixtures.
seed() {
  local into="$fuzz/seeds/$1"
  rm -rf "$into"
  mkdir -p "$into"
  case $1 in
  protocol)
    cp "$root"/Protocols/*.yaml "$root"/Protocols/shared/*.yaml "$fuzz"/Fixtures/protocol/* "$into/"
    ;;
  records) cp "$root"/Protocols/records/* "$fuzz"/Fixtures/records/* "$into/" ;;
  ics)
    cp "$fuzz"/Fixtures/ics/* "$into/"
    # Each partnership's folder, and each shared file's (Calendars/shared/ID/).
    for partnership in "$root"/Calendars/*/ "$root"/Calendars/shared/*/; do
      [ -d "$partnership/boards" ] || continue
      for feed in "$partnership/public.ics" \
        "$(find "$partnership/boards" -name '*.ics' | sort | head -1)" \
        "$(find "$partnership/duties" -name '*.ics' | sort | head -1)" \
        "$(find "$partnership/people" -name '*.ics' 2>/dev/null | sort | head -1)"; do
        [ -f "$feed" ] || continue
        local copy
        copy="$into/$(realpath --relative-to="$root/Calendars" "$feed" | tr / -)"
        cp "$feed" "$copy"
        awk '{ print } /^END:VEVENT/ && ++events == 3 { exit }' "$feed" >"${copy%.ics}-head.ics"
        printf 'END:VCALENDAR\r\n' >>"${copy%.ics}-head.ics"
      done
    done
    ;;
  esac
}

failed=0
summary=()
for t in "${targets[@]}"; do
  name=$(binary "$t")
  seed "$t"
  mkdir -p "$fuzz/corpus/$t" "$fuzz/crashes/$t" "$fuzz/logs"
  log="$fuzz/logs/$t.log"
  marker=$(mktemp)
  limits=(-max_total_time="$seconds")
  [ -z "${FUZZ_RUNS:-}" ] || limits+=(-runs="$FUZZ_RUNS")
  echo "Fuzzing $t ($name) for ${FUZZ_RUNS:+$FUZZ_RUNS runs or }$seconds s; log: $log"
  started=$(date +%s)
  status=0
  "$bin/$name" "$fuzz/corpus/$t" "$fuzz/seeds/$t" \
    -dict="$fuzz/$t.dict" -max_len=65536 -timeout=10 "${limits[@]}" \
    -print_final_stats=1 -artifact_prefix="$fuzz/crashes/$t/" >"$log" 2>&1 || status=$?
  took=$(($(date +%s) - started))
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  found=$(find "$fuzz/crashes/$t" -type f -newer "$marker" | sort)
  rm -f "$marker"
  crashes=$(grep -c -E '/(crash|leak|oom)-' <<<"$found" || true)
  timeouts=$(grep -c '/timeout-' <<<"$found" || true)
  line="$t: ${executions:-?} executions in $took s, $crashes crashes, $timeouts timeouts"
  summary+=("$line")
  echo "$line"
  if [ "$status" -ne 0 ] || [ -z "$executions" ] || [ "$crashes" -ne 0 ] || [ "$timeouts" -ne 0 ]; then
    failed=1
    echo "$t FAILED (libFuzzer exit status $status); the end of $log:"
    tail -40 "$log" | sed 's/^/  /'
    for input in $found; do echo "  input kept: $input"; done
  fi
done

echo "Fuzzing summary:"
printf '  %s\n' "${summary[@]}"
exit "$failed"
