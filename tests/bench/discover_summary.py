#!/usr/bin/python3
"""Summarises runs of `maillab discover --json` for the bench (stdlib only).

usage: discover_summary.py RUN.json...
Prints one line: SOURCE ELAPSED SOURCE_MS IN_TURN_MS, medians over the runs, where SOURCE is the
source of the best candidate ("none" if nothing was found), ELAPSED maillab's own total
(elapsed_ms), SOURCE_MS the time at which the finding source reported (all sources start at 0),
and IN_TURN_MS the sum of the times of every source ranked up to and including the finding one:
what asking them one after the other, in rank order, would have cost at the least.
"""
import json
import statistics
import sys

RANK = ["bundled", "isp-https", "ispdb", "mx", "autodiscover", "srv", "guess", "isp-http"]


def summary(path):
    with open(path) as f:
        run = json.load(f)
    ends = {}
    for step in run["steps"]:
        if step["event"] != "started":
            ends[step["source"]] = step["elapsed_ms"]
    best = run.get("best")
    source = run["candidates"][best]["source"] if best is not None else "none"
    upto = RANK[: RANK.index(source) + 1] if source in RANK else RANK
    in_turn = sum(ends.get(s, 0) for s in upto)
    return source, run["elapsed_ms"], ends.get(source, run["elapsed_ms"]), in_turn


def main():
    runs = [summary(p) for p in sys.argv[1:]]
    sources = {r[0] for r in runs}
    source = runs[0][0] if len(sources) == 1 else "/".join(sorted(sources))
    med = [round(statistics.median(r[i] for r in runs)) for i in (1, 2, 3)]
    print(source, *med)


if __name__ == "__main__":
    main()
