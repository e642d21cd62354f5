#!/usr/bin/env python3
"""Print the Markdown summary of one benchmark run.

Usage: report.py RESULTS.tsv [--run RUN_ID]

RESULTS.tsv is the raw file written by run.sh (one line per timed command).
Without --run, the last run in the file is reported. Each cell is the median
over the timed runs of that scenario.
"""

import argparse
import csv
import statistics
import sys

SCENARIOS = [
    ("full", "Full build from clean"),
    ("noop", "No-op rebuild"),
    ("body-edit", "One-page body edit"),
    ("title-edit", "One-page title edit"),
]


def load(path, run_id):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    if not rows:
        sys.exit("report.py: no results in %s" % path)
    run_id = run_id or rows[-1]["run_id"]
    rows = [r for r in rows if r["run_id"] == run_id]
    if not rows:
        sys.exit("report.py: no run %s in %s" % (run_id, path))
    return run_id, rows


def medians(rows):
    """(n, tool, scenario) -> dict of medians and the run count."""
    groups = {}
    for r in rows:
        groups.setdefault((int(r["n"]), r["tool"], r["scenario"]), []).append(r)
    out = {}
    for key, group in groups.items():
        files = [int(r["files_written"]) for r in group if r["files_written"] != "-"]
        out[key] = {
            "wall_ms": statistics.median(float(r["wall_ms"]) for r in group),
            "rss_mb": statistics.median(int(r["max_rss_kb"]) for r in group) / 1024,
            # median_low: a file count, never a half file.
            "files": statistics.median_low(files) if files else None,
            "runs": len(group),
        }
    return out


def fmt_ms(m):
    if m is None:
        return "n/a"
    return "%.1f" % m["wall_ms"] if m["wall_ms"] < 100 else "%.0f" % m["wall_ms"]


def fmt_ratio(hs, hugo):
    if hs is None or hugo is None or hs["wall_ms"] <= 0:
        return "n/a"
    ratio = hugo["wall_ms"] / hs["wall_ms"]
    return ("%.1fx" if ratio < 100 else "%.0fx") % ratio


def fmt_rss(m):
    return "n/a" if m is None else "%.0f" % m["rss_mb"]


def fmt_files(m):
    return "n/a" if m is None or m["files"] is None else str(m["files"])


def report(run_id, rows):
    stats = medians(rows)
    first = rows[0]
    versions = {r["tool"]: r["version"] for r in rows}
    print("Run %s, commit %s, %s CPUs, output on %s; healthsite %s, Hugo %s, cmark-gfm %s."
          % (run_id, first["commit"], first["cpus"], first["fs"],
             versions.get("healthsite", "not run"),
             versions.get("hugo", "?"), versions.get("cmark-gfm", "?")))
    for n in sorted({int(r["n"]) for r in rows}):
        print()
        print("### N = %d pages" % n)
        print()
        print("| Scenario | runs | healthsite wall ms | Hugo wall ms | Hugo / healthsite "
              "| healthsite peak RSS MB | Hugo peak RSS MB "
              "| healthsite files written | Hugo files written |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for key, label in SCENARIOS:
            hs = stats.get((n, "healthsite", key))
            hugo = stats.get((n, "hugo", key))
            runs = (hugo or hs or {}).get("runs", 0)
            print("| %s | %d | %s | %s | %s | %s | %s | %s | %s |" % (
                label, runs, fmt_ms(hs), fmt_ms(hugo), fmt_ratio(hs, hugo),
                fmt_rss(hs), fmt_rss(hugo), fmt_files(hs), fmt_files(hugo)))
        floor = stats.get((n, "cmark-gfm", "floor"))
        if floor:
            print()
            print("Floor: cmark-gfm over all %d bodies in one process: %s ms, %s MB peak RSS "
                  "(median of %d)." % (n, fmt_ms(floor), fmt_rss(floor), floor["runs"]))


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", help="raw results file written by run.sh")
    parser.add_argument("--run", help="run id to report (default: the last run)")
    args = parser.parse_args(argv)
    report(*load(args.results, args.run))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
