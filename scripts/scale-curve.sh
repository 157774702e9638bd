#!/usr/bin/env bash
# Measures Accords against event count: for 10k, 100k, 1M and 3M synthetic events, the wall time
# and peak memory of `accords list --kind treaty` (load, filter, print), the median of three runs,
# then draws them as assets/performance.svg (scripts/performance-plot.py), beside one frame's cost
# from docs/frame.tsv when scripts/frame-curve.sh has measured it.
#
#   scripts/scale-curve.sh [ACCORDS_BINARY] [LABEL] [load|reopen]
#
# ACCORDS_BINARY defaults to the release build; LABEL (default "now") names the series, so two
# builds can be measured into one table (docs/performance.tsv keeps every series measured).
# `load` (the default) reads each file without the cache; `reopen` opens it once to write the
# cache entry, then measures opening it again (into a cache folder of its own, removed after).
set -euo pipefail
cd "$(dirname "$0")/.."
binary="${1:-${CARGO_TARGET_DIR:-target}/release/accords}"
label="${2:-now}"
mode="${3:-load}"
work="$(mktemp -d)"
export XDG_CACHE_HOME="$work/cache"
[[ $mode == reopen ]] || export ACCORDS_NO_CACHE=1
trap 'rm -rf "$work"' EXIT
table=docs/performance.tsv
mkdir -p docs
[[ -f $table ]] || printf 'series\tevents\tseconds\tpeak_mb\n' > "$table"
for events in 10000 100000 1000000 3000000; do
  file="$work/$events.json"
  "$binary" generate --events "$events" --out "$file" 2>/dev/null
  runs=()
  [[ $mode == reopen ]] && "$binary" list --data "$file" --kind treaty >/dev/null
  for _ in 1 2 3; do
    runs+=("$(/usr/bin/time -f '%e %M' "$binary" list --data "$file" --kind treaty 2>&1 >/dev/null | tail -1)")
  done
  # The median run by time, with its memory.
  median="$(printf '%s\n' "${runs[@]}" | sort -n | sed -n 2p)"
  read -r seconds kilobytes <<<"$median"
  printf '%s\t%s\t%s\t%s\n' "$label" "$events" "$seconds" "$((kilobytes / 1024))" | tee -a "$table"
  rm -f "$file"
done
frames=(); [[ -f docs/frame.tsv ]] && frames=(docs/frame.tsv)
python3 scripts/performance-plot.py "$table" assets/performance.svg "${frames[@]}"
