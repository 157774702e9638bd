#!/usr/bin/env bash
# Measures one frame of the window against event count: runs `cargo bench --bench frame` for 10k,
# 100k, 1M and 3M synthetic events, takes criterion's medians into docs/frame.tsv (replacing what
# was there), then draws assets/performance.svg again (scripts/performance-plot.py).
#
#   scripts/frame-curve.sh [SIZES]
#
# SIZES defaults to 10000,100000,1000000,3000000. The 3M setup needs about 4 GB of memory.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes="${1:-10000,100000,1000000,3000000}"
ACCORDS_BENCH_EVENTS="$sizes" cargo bench --bench frame
criterion="${CARGO_TARGET_DIR:-target}/criterion"
python3 - "$criterion" "$sizes" docs/frame.tsv <<'EOF'
import json, pathlib, re, sys

criterion, sizes, out = pathlib.Path(sys.argv[1]), {int(n) for n in sys.argv[2].split(",")}, sys.argv[3]
rows = []
for bench in criterion.glob("*/*/new/benchmark.json"):
    about = json.loads(bench.read_text())
    group = re.fullmatch(r"frame: (\d+) events", about["group_id"])
    if group and int(group[1]) in sizes:
        median = json.loads((bench.parent / "estimates.json").read_text())["median"]["point_estimate"]
        rows.append((int(group[1]), about["function_id"], median / 1e6))
with open(out, "w") as f:
    f.write("events\tframe\tms\n")
    for events, frame, ms in sorted(rows):
        f.write(f"{events}\t{frame}\t{ms:.3f}\n")
print(f"{len(rows)} medians into {out}")
EOF
python3 scripts/performance-plot.py docs/performance.tsv assets/performance.svg docs/frame.tsv
