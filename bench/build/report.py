"""Summarises bench/build/run.sh's timed runs: prints a Markdown table of medians and writes
every run to a JSON file. Usage (run.sh calls it):
  report.py RUNS_TSV RESULTS_JSON TMPFS RUNS HUGO_VERSION ZOLA_VERSION PAGEFIND_VERSION CORES LOAD...
"""

import json
import statistics
import sys
from collections import defaultdict


def main():
    raw, out, tmpfs, runs, hugo_v, zola_v, pagefind_v, cores, *loads = sys.argv[1:]
    rows = []
    with open(raw) as f:
        for line in f:
            n, tool, rnd, step, wall, user, sys_, rss, files, pages = line.split("\t")
            rows.append(
                {
                    "services": int(n),
                    "tool": tool,
                    "round": int(rnd),
                    "step": step,
                    "wall_s": float(wall),
                    "cpu_s": round(float(user) + float(sys_), 2),
                    "peak_mb": round(int(rss) / 1024, 1),
                    "files": int(files),
                    "pages": int(pages),
                }
            )
    runs_by = defaultdict(list)
    for r in rows:
        runs_by[(r["services"], r["tool"], r["step"])].append(r)

    def med(n, tool, step, key):
        xs = [r[key] for r in runs_by.get((n, tool, step), [])]
        return statistics.median(xs) if xs else None

    sizes = sorted({r["services"] for r in rows})
    summary = []
    for n in sizes:
        s = {"services": n}
        for tool, step in [
            ("signpost", "build"),
            ("hugo", "build"),
            ("hugo", "pagefind"),
            ("zola", "build"),
            ("zola", "pagefind"),
        ]:
            if (n, tool, step) in runs_by:
                s[f"{tool}_{step}"] = {
                    k: med(n, tool, step, k)
                    for k in ("wall_s", "cpu_s", "peak_mb", "files", "pages")
                }
        summary.append(s)

    load_by = dict(x.split("=", 1) for x in loads)
    doc = {
        "statistic": f"median of {runs} runs",
        "outputs": "tmpfs (/dev/shm)" if tmpfs == "1" else "disk",
        "cores": int(cores),
        "versions": {"hugo": hugo_v, "zola": zola_v, "pagefind": pagefind_v},
        "load_average_before_after": load_by,
        "summary": summary,
        "runs": rows,
    }
    with open(out, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")

    def cell(x):
        if not x:
            return "–"
        return f"{x['wall_s']:.2f} s ({x['cpu_s']:.2f} CPU, {x['peak_mb']:.0f} MB)"

    def ratio(peer, base):
        return f"{peer / base:.1f}x" if peer and base else "–"

    where = "tmpfs" if tmpfs == "1" else "disk"
    print()
    print(
        f"Median of {runs} runs, outputs on {where}, {cores} cores; "
        f"Hugo {hugo_v}, Zola {zola_v}, Pagefind {pagefind_v}. "
        "Wall time (user+sys CPU, peak RSS). Ratios are peer wall time over signpost's."
    )
    print()
    print(
        "| services | signpost build | Hugo | Hugo + Pagefind | Zola | Zola + Pagefind "
        "| Hugo / signpost | (Hugo + Pagefind) / signpost | Zola / signpost "
        "| (Zola + Pagefind) / signpost |"
    )
    print("|---:|---|---|---|---|---|---:|---:|---:|---:|")
    for s in summary:
        sp = s.get("signpost_build")
        base = sp and sp["wall_s"]
        line = [f"{s['services']:,}", cell(sp)]
        ratios = []
        for peer in ("hugo", "zola"):
            b, p = s.get(f"{peer}_build"), s.get(f"{peer}_pagefind")
            both = b["wall_s"] + p["wall_s"] if b and p else None
            line += [cell(b), f"{both:.2f} s" if both else "–"]
            ratios += [ratio(b and b["wall_s"], base), ratio(both, base)]
        print("| " + " | ".join(line + ratios) + " |")
    print()
    print(
        "The same ratios in CPU time (user+sys), steadier than wall time on a shared machine:"
    )
    print()
    print(
        "| services | Hugo / signpost | (Hugo + Pagefind) / signpost "
        "| Zola / signpost | (Zola + Pagefind) / signpost |"
    )
    print("|---:|---:|---:|---:|---:|")
    for s in summary:
        sp = s.get("signpost_build")
        base = sp and sp["cpu_s"]
        line = [f"{s['services']:,}"]
        for peer in ("hugo", "zola"):
            b, p = s.get(f"{peer}_build"), s.get(f"{peer}_pagefind")
            both = b["cpu_s"] + p["cpu_s"] if b and p else None
            line += [ratio(b and b["cpu_s"], base), ratio(both, base)]
        print("| " + " | ".join(line) + " |")
    print()
    print("Files written (HTML pages in brackets; Pagefind: files it added, pages indexed):")
    print()
    print("| services | signpost | Hugo | Zola | Pagefind on Hugo | Pagefind on Zola |")
    print("|---:|---:|---:|---:|---:|---:|")
    for s in summary:
        line = [f"{s['services']:,}"]
        for k in ("signpost_build", "hugo_build", "zola_build", "hugo_pagefind", "zola_pagefind"):
            x = s.get(k)
            line.append(f"{x['files']:,.0f} ({x['pages']:,.0f})" if x else "–")
        print("| " + " | ".join(line) + " |")
    print()
    print("signpost growth (median wall and CPU seconds per 1,000 services):")
    print()
    print("| services | wall s / 1k | CPU s / 1k | peak MB |")
    print("|---:|---:|---:|---:|")
    for s in summary:
        sp = s.get("signpost_build")
        if sp:
            k = s["services"] / 1000
            print(
                f"| {s['services']:,} | {sp['wall_s'] / k:.3f} | {sp['cpu_s'] / k:.3f} "
                f"| {sp['peak_mb']:.0f} |"
            )
    print()
    print("Load average (1, 5, 15 min) before/after each size: " + "; ".join(loads))
    print(f"All runs: {out}")


if __name__ == "__main__":
    main()
