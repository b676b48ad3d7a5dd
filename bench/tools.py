#!/usr/bin/env python3
"""Small helpers for bench/run.sh: random lags, zone seeds, figures from sandbox state, request logs and
certbot logs. Every subcommand prints one value or one JSON document on stdout.

  tools.py lags SEED RUN                      4 lags drawn uniformly in 0..5 s, as a --lag list
  tools.py seed PREFIX ZONES                  --zones JSON: PREFIX1.test .. PREFIXn.test (SOA/NS generated)
  tools.py latency STATE VALUE LAGS T_END     seconds from the last nameserver serving VALUE to T_END (epoch s)
  tools.py requests LOG                       {"total": n, "GET": n, ...} from a --request-log file
  tools.py certbot-auth LOG                   seconds between certbot's "Performing the following challenges"
                                              and "Waiting for verification" (the whole auth phase)
  tools.py value                              a random 43-character base64url TXT value
  tools.py triples PREFIX ZONES PER           D T V triples (one per line) for dehydrated's deploy_challenge
  tools.py wall CMD...                        {"wall": s, "status": n}: CMD's wall time from spawn to exit
                                              (stdout/stderr discarded; Python's own start-up not included)
"""
import base64
import datetime
import json
import os
import random
import re
import subprocess
import sys
import time


def lags(seed, run):
    rng = random.Random("%s/%s" % (seed, run))
    return ",".join("%.3fs" % rng.uniform(0, 5) for _ in range(4))


def seed(prefix, zones):
    doc = [{"name": "%s%d.test" % (prefix, i), "records": [
        {"name": "%s%d.test" % (prefix, i), "type": "A", "content": "192.0.2.%d" % (i + 1), "ttl": 3600},
    ]} for i in range(1, zones + 1)]
    return json.dumps(doc)


def parse_iso(text):
    # 2026-12-04T21:58:00.123Z (UTC, milliseconds)
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(
        tzinfo=datetime.timezone.utc).timestamp()


def latency(state_path, value, lag_list, t_end):
    state = json.load(open(state_path))
    changed = [parse_iso(r["changeDate"]) for z in state["zones"] for r in z["records"]
               if r["type"] == "TXT" and r["content"].strip('"') == value]
    if not changed:
        raise SystemExit("value %s not found in the sandbox state" % value)
    worst = max(float(x.rstrip("s")) for x in lag_list.split(","))
    last_serving = max(changed) + worst
    return {"latency": round(float(t_end) - last_serving, 4), "applied": max(changed), "max_lag": worst}


def requests(log_path):
    counts = {"total": 0}
    for line in open(log_path):
        if line.strip():
            m = json.loads(line)["method"]
            counts["total"] += 1
            counts[m] = counts.get(m, 0) + 1
    return counts


def certbot_auth(log_path):
    stamp = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}):")
    start = end = None
    for line in open(log_path, errors="replace"):
        m = stamp.match(line)
        if not m:
            continue
        t = datetime.datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S,%f").timestamp()
        if "Performing the following challenges" in line and start is None:
            start = t
        elif "Waiting for verification" in line and start is not None and end is None:
            end = t
    return round(end - start, 3) if start is not None and end is not None else None


def value():
    return base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("=")


def triples(prefix, zones, per):
    lines = []
    for z in range(1, zones + 1):
        for h in range(per):
            lines.append("h%d.%s%d.test bench-token-%d-%d %s" % (h, prefix, z, z, h, value()))
    return "\n".join(lines)


def wall(cmd):
    t0 = time.perf_counter()
    status = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    return {"wall": round(time.perf_counter() - t0, 5), "status": status}


def main(argv):
    cmd, args = argv[1], argv[2:]
    if cmd == "lags":
        print(lags(args[0], args[1]))
    elif cmd == "seed":
        print(seed(args[0], int(args[1])))
    elif cmd == "latency":
        print(json.dumps(latency(*args)))
    elif cmd == "requests":
        print(json.dumps(requests(args[0])))
    elif cmd == "certbot-auth":
        result = certbot_auth(args[0])
        print("null" if result is None else result)
    elif cmd == "value":
        print(value())
    elif cmd == "wall":
        print(json.dumps(wall(args)))
    elif cmd == "triples":
        print(triples(args[0], int(args[1]), int(args[2])))
    else:
        raise SystemExit("unknown subcommand " + cmd)


if __name__ == "__main__":
    main(sys.argv)
