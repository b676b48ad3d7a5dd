#!/usr/bin/env python3
"""Turns bench/out/raw.jsonl + machine.json into raw.json (every run plus summaries) and results.md.

Usage: report.py OUT-DIR TOTAL-SECONDS
Spread is min–max over the runs; only successful runs enter the time figures, failures are counted apart.
"""
import json
import os
import statistics
import sys

ROWS = [  # certbot rows, in table order: key, label
    ("ours", "ionos-acme-hook certbot-auth/-cleanup"),
    ("plugin-min", "certbot-dns-ionos {v}, smallest working propagation"),
    ("plugin-default", "certbot-dns-ionos {v}, default propagation 10 s"),
    ("naive", "naive hook (curl + dig one nameserver per call)"),
    ("dehydrated-chain", "dehydrated HOOK_CHAIN=yes + ionos-acme-hook"),
]


def summary(values):
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {"n": len(values), "median": statistics.median(values), "min": min(values), "max": max(values)}


def fmt(s, unit="s", digits=2):
    if s is None:
        return "–"
    unit = " " + unit if unit else ""
    if s["n"] == 1:
        return "%.*f%s" % (digits, s["median"], unit)
    return "%.*f%s (%.*f–%.*f)" % (digits, s["median"], unit, digits, s["min"], digits, s["max"])


def main(out, total_seconds):
    runs = [json.loads(l) for l in open(os.path.join(out, "raw.jsonl")) if l.strip()]
    machine = json.load(open(os.path.join(out, "machine.json")))
    machine["benchmark_seconds"] = float(total_seconds)
    by = lambda sc: [r for r in runs if r.get("scenario") == sc]
    md, summaries = [], {}
    mode = "smoke (`bench/run.sh --smoke`)" if machine["smoke"] else "full (`make bench`)"
    md.append("Machine: %s × %s, %.1f GiB RAM, Linux %s; %s; Pebble %s; %s. Run: %s, %.0f s in all, lag seed %s." % (
        machine["nproc"], machine["cpu"], machine["memory_gib"], machine["kernel"],
        (machine["swift"] or ["swift ?"])[0], machine["pebble"].replace("Debian package ", ""),
        (machine["certbot_venv"] + " (venv, all certbot rows)") if machine.get("certbot_venv") else
        (machine["certbot_system"] or "certbot ?") + " (Debian)",
        mode, float(total_seconds), machine["seed"]))
    md.append("Median (min–max) over the runs; n = successful runs / runs.")
    md.append("")

    # 1 latency
    lat = by("latency")
    ok = [r for r in lat if r.get("ok")]
    s_lat, s_hook = summary([r["latency"] for r in ok]), summary([r["hook_seconds"] for r in ok])
    s_lag = summary([r["max_lag"] for r in ok])
    summaries["latency"] = {"latency": s_lat, "hook_seconds": s_hook, "slowest_lag": s_lag}
    md += ["### 1. Hook latency: `present`, 4 nameservers with random lags 0–5 s",
           "", "| runs (ok/all) | last nameserver serving → hook returns | slowest lag | hook total | goal |",
           "|---|---|---|---|---|",
           "| %d/%d | **%s** | %s | %s | median ≤ 0.5 s: %s |" % (
               len(ok), len(lat), fmt(s_lat), fmt(s_lag), fmt(s_hook),
               "met" if s_lat and s_lat["median"] <= 0.5 else "not met"), ""]

    # 2 + 3 certbot / dehydrated
    cb = by("certbot")
    plugin_v = "2024.11.9"
    lag = next((r["lag"] for r in cb if r.get("lag")), "?").replace("s", " s")
    md += ["### 2. certbot, 5 names as apex + wildcard (10 challenges), sandbox lag %s; 3. API cost" % lag, "",
           "| client / hook | ok/runs | all auth hooks (auth phase) | whole `certbot certonly` | API requests per challenge | requests (by method) |",
           "|---|---|---|---|---|---|"]
    for key, label in ROWS:
        rows = [r for r in cb if r.get("row") == key]
        if not rows:
            continue
        good = [r for r in rows if r.get("ok")]
        label = label.format(v=plugin_v)
        note = next((r.get("note") for r in rows if r.get("note")), "")
        if key == "plugin-min" and note:
            label += " (%s)" % note.split(" (")[0]
        s_auth = summary([r.get("auth_seconds") for r in good])
        s_total = summary([r["total_seconds"] for r in good])
        reqs = [r["requests"] for r in good] or [r["requests"] for r in rows]
        s_req = summary([q["total"] / 10 for q in reqs])
        methods = {}
        for q in reqs:
            for m, n in q.items():
                if m != "total":
                    methods.setdefault(m, []).append(n)
        by_method = ", ".join("%s %g" % (m, statistics.median(v)) for m, v in sorted(methods.items()))
        summaries[key] = {"ok": len(good), "runs": len(rows), "auth_seconds": s_auth, "total_seconds": s_total,
                          "requests_per_challenge": s_req}
        whole = fmt(s_total) + (" (`dehydrated -c`)" if key == "dehydrated-chain" else "")
        md.append("| %s | %d/%d | %s | %s | %s | %s |" % (
            label, len(good), len(rows), fmt(s_auth) + (" (deploy_challenge)" if key == "dehydrated-chain" else ""), whole,
            fmt(s_req, unit="", digits=1), by_method))
    search = [r for r in cb if r.get("row") == "plugin-search"]
    if search:
        md.append("")
        md.append("Plugin search (one run each, downward from 10): " + ", ".join(
            "%s → %s" % (r["note"].split()[-1], "ok" if r["ok"] else "failed") for r in search) + ".")
    if any(r.get("row") == "plugin-skipped" for r in cb):
        md.append("")
        md.append("certbot-dns-ionos rows skipped: no venv (BENCH_NO_VENV=1, or bench/.venv could not be created).")
    md.append("")

    # 4 process cost
    pr = by("process")
    md += ["### 4. Process cost (release build)", "",
           "| command | runs | wall time | peak RSS |", "|---|---|---|---|"]
    summaries["process"] = {}
    for label in dict.fromkeys(r["command"] for r in pr):
        first = [r for r in pr if r["command"] == label and r["kind"] != "repeat"]
        rep = [r for r in pr if r["command"] == label and r["kind"] == "repeat" and r["ok"]]
        s_w = summary([r["wall_seconds"] for r in rep if r["wall_seconds"] is not None])
        s_m = summary([r["peak_rss_kib"] / 1024 for r in rep if r["peak_rss_kib"] is not None])
        summaries["process"][label] = {"wall_seconds": s_w, "peak_rss_mib": s_m}
        md.append("| `%s` | %d | %s | %s |" % (label, s_w["n"] if s_w else 0, fmt(s_w, digits=4),
                                             fmt(s_m, unit="MiB", digits=1)))
        for r in first:
            md.append("| `%s`, %s run | 1 | %.4f s | |" % (label, r["kind"], r["wall_seconds"]))
    pres, clean = summaries["process"].get("present (lag 0 s)"), summaries["process"].get("cleanup")
    if pres and clean and pres["wall_seconds"] and clean["wall_seconds"]:
        md.append("| present + cleanup cycle (sum of medians) | | %.4f s | %.1f MiB (larger of the two) |" % (
            pres["wall_seconds"]["median"] + clean["wall_seconds"]["median"],
            max(pres["peak_rss_mib"]["median"], clean["peak_rss_mib"]["median"])))
    size = next(iter(by("size")), None)
    if size:
        summaries["size"] = size
        parts = []
        for name, s in size["sizes"].items():
            parts.append("%s %.1f MB (stripped %.1f MB)" % (
                "dynamic Swift stdlib" if name == "dynamic" else "`--static-swift-stdlib`",
                s["bytes"] / 1e6, s["stripped_bytes"] / 1e6))
        if "static" not in size["sizes"]:
            parts.append("static build not measured in this run")
        md += ["", "Binary size of `ionos-acme-hook`: " + "; ".join(parts) +
               ". The dynamic build loads %d shared libraries; both need libcurl4 and libssl3 at run time." %
               size["dynamic_shared_libraries"]]
    md.append("")

    # 5 scale
    sc = by("scale")
    good = [r for r in sc if r.get("ok")]
    s_p, s_c = summary([r["present_seconds"] for r in good]), summary([r["cleanup_seconds"] for r in good])
    s_rp = summary([r["present_requests"]["total"] for r in good])
    s_ra = summary([r["all_requests"]["total"] - r["present_requests"]["total"] for r in good])
    summaries["scale"] = {"present_seconds": s_p, "cleanup_seconds": s_c, "present_requests": s_rp,
                          "cleanup_requests": s_ra}
    md += ["### 5. Scale: one `deploy_challenge` with 100 triples over 10 zones, lag 0–5 s per change and nameserver", "",
           "| step | ok/runs | time | API requests |", "|---|---|---|---|",
           "| deploy_challenge (add 100, wait for all) | %d/%d | %s | %s |" % (len(good), len(sc), fmt(s_p), fmt(s_rp, unit="", digits=0)),
           "| clean_challenge (remove 100) | %d/%d | %s | %s |" % (len(good), len(sc), fmt(s_c), fmt(s_ra, unit="", digits=0)),
           ""]

    json.dump({"machine": machine, "summaries": summaries, "runs": runs},
              open(os.path.join(out, "raw.json"), "w"), indent=1)
    open(os.path.join(out, "results.md"), "w").write("\n".join(md))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
