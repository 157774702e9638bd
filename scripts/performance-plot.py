#!/usr/bin/env python3
"""Draws docs/performance.tsv (from scripts/scale-curve.sh) as an SVG: load time and peak memory
against event count, one line per series, log-scaled event axis; and, given docs/frame.tsv (from
scripts/frame-curve.sh), the cost of one frame of the window beside them. Standard library only.

    python3 scripts/performance-plot.py docs/performance.tsv assets/performance.svg [docs/frame.tsv]
"""

import csv
import math
import sys
from collections import defaultdict

COLORS = ["#8a8a8a", "#1f6fb4", "#c0392b", "#2e8b57"]
W, H = 1420, 400
PANEL_W, PANEL_H = 360, 250
LEFT, TOP = 70, 50


def read(path):
    series = defaultdict(list)
    with open(path, newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            series[row["series"]].append((int(row["events"]), float(row["seconds"]), float(row["peak_mb"])))
    return {name: sorted(points) for name, points in series.items()}


# The frames drawn (criterion's names in benches/frame.rs), as the legend says them. The wait from
# ticking a kind to its picture spans several frames, so it is in the README's table, not here.
FRAMES = {
    "zoomed out, nothing moves": ("zoomed out, standing", "#8a8a8a"),
    "zoomed out, a wheel step each frame": ("zoomed out, a wheel step", "#1f6fb4"),
    "zoomed out, a kind ticked or unticked each frame": ("a kind ticked", "#c0392b"),
    "one month in view, nothing moves": ("one month in view", "#2e8b57"),
}


def read_frames(path):
    series = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if row["frame"] in FRAMES:
                series.setdefault(FRAMES[row["frame"]][0], []).append((int(row["events"]), float(row["ms"])))
    return {name: sorted(points) for name, points in series.items()}


def nice_max(value):
    step = 10 ** math.floor(math.log10(value))
    for m in (1, 2, 2.5, 5, 10):
        if m * step >= value:
            return m * step
    return 10 * step


def label(n):
    return f"{n // 1_000_000}M" if n >= 1_000_000 else f"{n // 1000}k"


def panel(out, x0, title, unit, series, index, targets, colors=COLORS):
    counts = sorted({p[0] for points in series.values() for p in points})
    top = nice_max(max([p[index] for points in series.values() for p in points] + [t[1] for t in targets]))
    lo, hi = math.log10(counts[0]), math.log10(counts[-1])
    x = lambda n: x0 + (math.log10(n) - lo) / (hi - lo) * PANEL_W
    y = lambda v: TOP + PANEL_H - v / top * PANEL_H
    out.append(f'<text x="{x0}" y="{TOP - 18}" font-weight="bold">{title}</text>')
    for i in range(6):
        v = top * i / 5
        out.append(f'<line x1="{x0}" x2="{x0 + PANEL_W}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{x0 - 6}" y="{y(v) + 4:.1f}" text-anchor="end">{v:g}{unit}</text>')
    for n in counts:
        out.append(f'<text x="{x(n):.1f}" y="{TOP + PANEL_H + 18}" text-anchor="middle">{label(n)}</text>')
    caption_y = TOP + PANEL_H + 36
    out.append(f'<text x="{x0 + PANEL_W / 2:.0f}" y="{caption_y}" text-anchor="middle" fill="#666">events (log scale)</text>')
    for events, value, name in targets:
        out.append(
            f'<circle cx="{x(events):.1f}" cy="{y(value):.1f}" r="5" fill="none" stroke="#000" stroke-dasharray="2 2"/>'
            f'<text x="{x(events) + 8:.1f}" y="{y(value) + 4:.1f}" font-size="11">{name}</text>'
        )
    for color, (name, points) in zip(colors, series.items()):
        path = " ".join(f"{x(p[0]):.1f},{y(p[index]):.1f}" for p in points)
        out.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"/>')
        for p in points:
            out.append(f'<circle cx="{x(p[0]):.1f}" cy="{y(p[index]):.1f}" r="3" fill="{color}"/>')


def main(source, target, frames=None):
    series = read(source)
    if len(series) > len(COLORS):
        sys.exit(f"{source}: {len(series)} series, but colours for only {len(COLORS)}; leave some out")
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
        f'<rect width="{W}" height="{H}" fill="#fff"/>',
    ]
    panel(out, LEFT, "accords list --kind treaty: wall time", " s", series, 1, [(1_000_000, 2.0, "target")])
    panel(out, LEFT + PANEL_W + 110, "peak memory (RSS)", " MB", series, 2, [(1_000_000, 350, "target")])
    for i, (color, name) in enumerate(zip(COLORS, series)):
        out.append(f'<rect x="{LEFT + i * 220}" y="{H - 22}" width="14" height="4" fill="{color}"/>')
        out.append(f'<text x="{LEFT + i * 220 + 20}" y="{H - 16}">{name}</text>')
    if frames:
        frame_series = read_frames(frames)
        color_of = dict(FRAMES.values())
        colors = [color_of[name] for name in frame_series]
        x0 = LEFT + 2 * (PANEL_W + 110)
        targets = [(1_000_000, 8, "target"), (1_000_000, 2, "month target")]
        panel(out, x0, "one frame of the window (CPU, 1600×900)", " ms", frame_series, 1, targets, colors)
        for i, (color, name) in enumerate(zip(colors, frame_series)):
            out.append(f'<rect x="{x0 + (i % 2) * 190}" y="{H - 38 + (i // 2) * 16}" width="14" height="4" fill="{color}"/>')
            out.append(f'<text x="{x0 + (i % 2) * 190 + 20}" y="{H - 32 + (i // 2) * 16}">{name}</text>')
    out.append("</svg>")
    with open(target, "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main(*sys.argv[1:4])
