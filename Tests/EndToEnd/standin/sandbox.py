#!/usr/bin/env python3
"""Stand-in for ionos-sandbox, used only to validate the end-to-end harness before the real one exists.

Serves a small subset of the IONOS API (zones list/get, record POST/DELETE, PUT/PATCH refused with 405)
plus GET /_sandbox/state, writes the ready file and the request log like ionos-sandbox, and serves DNS
through pebble-challtestsrv (TXT/CNAME only; no SOA/NS, so lego needs --dns.disable-cp). Lag is ignored.
"""
import argparse, json, os, signal, socket, subprocess, sys, threading, time, urllib.request, uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

p = argparse.ArgumentParser()
p.add_argument("--ready-file", required=True)
p.add_argument("--request-log")
p.add_argument("--dns-port", type=int, default=5353)
p.add_argument("--lag", default="0s")
p.add_argument("--api-key", default="standin.devsecret")
args = p.parse_args()

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

mgmt = free_port()
chall = subprocess.Popen(["pebble-challtestsrv", "-http01", "", "-https01", "", "-tlsalpn01", "", "-defaultIPv6", "",
                          "-dns01", f"127.0.0.1:{args.dns_port}", "-management", f"127.0.0.1:{mgmt}"],
                         stdout=sys.stderr, stderr=sys.stderr)

def manage(op, body):
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{mgmt}/{op}", json.dumps(body).encode(), timeout=2).read()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"challtestsrv management {op} unreachable")

def rec(name, type_, content):
    return {"id": str(uuid.uuid4()), "name": name, "type": type_, "content": content, "ttl": 3600, "prio": 0, "disabled": False}

zones = [
    {"id": str(uuid.uuid4()), "name": "example.test", "records": [
        rec("example.test", "SOA", "ns1.example.test. hostmaster.example.test. 1 10800 3600 604800 300"),
        rec("example.test", "NS", "ns1.example.test"), rec("example.test", "A", "192.0.2.10"),
        rec("example.test", "TXT", '"v=spf1 -all"'),
        rec("_acme-challenge.alias.example.test", "CNAME", "_acme-challenge.delegated.test")]},
    {"id": str(uuid.uuid4()), "name": "delegated.test", "records": [
        rec("delegated.test", "SOA", "ns1.example.test. hostmaster.example.test. 1 10800 3600 604800 300")]},
]
lock = threading.Lock()
manage("set-cname", {"host": "_acme-challenge.alias.example.test.", "target": "_acme-challenge.delegated.test."})

def sync_txt(name):
    manage("clear-txt", {"host": name + "."})
    for z in zones:
        for r in z["records"]:
            if r["name"] == name and r["type"] == "TXT":
                manage("set-txt", {"host": name + ".", "value": r["content"].strip('"')})

class H(BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def reply(self, status, body=None):
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        if args.request_log:
            path, _, query = self.path.partition("?")
            with lock, open(args.request_log, "a") as f:
                f.write(json.dumps({"method": self.command, "path": path, "query": query, "status": status}) + "\n")

    def route(self):
        path = self.path.partition("?")[0]
        if path == "/_sandbox/state":
            return self.reply(200, {"zones": zones, "nameservers": [{"address": f"127.0.0.1:{args.dns_port}"}]})
        if self.headers.get("X-API-Key") != args.api_key:
            return self.reply(401, {"message": "Missing or invalid API key."})
        parts = path.strip("/").split("/")  # dns v1 zones [id [records [rid]]]
        if parts[:3] != ["dns", "v1", "zones"]:
            return self.reply(404, {"message": "not found"})
        if self.command in ("PUT", "PATCH"):
            return self.reply(405, {"message": "the stand-in refuses zone replacement"})
        if len(parts) == 3 and self.command == "GET":
            return self.reply(200, [{"id": z["id"], "name": z["name"], "type": "NATIVE"} for z in zones])
        zone = next((z for z in zones if len(parts) > 3 and z["id"] == parts[3]), None)
        if zone is None:
            return self.reply(404, [{"code": "ZONE_NOT_FOUND"}])
        if len(parts) == 4 and self.command == "GET":
            return self.reply(200, zone)
        if len(parts) == 5 and self.command == "POST":
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
            made = [rec(r["name"], r["type"], r["content"]) for r in body]
            zone["records"].extend(made)
            for r in made:
                sync_txt(r["name"])
            return self.reply(201, made)
        if len(parts) == 6 and self.command == "DELETE":
            gone = [r for r in zone["records"] if r["id"] == parts[5]]
            if not gone:
                return self.reply(404, [{"code": "RECORD_NOT_FOUND"}])
            zone["records"].remove(gone[0])
            sync_txt(gone[0]["name"])
            return self.reply(200)
        return self.reply(400, [{"code": "INVALID_REQUEST"}])

    do_GET = do_POST = do_DELETE = do_PUT = do_PATCH = route

server = ThreadingHTTPServer(("127.0.0.1", 0), H)
signal.signal(signal.SIGTERM, lambda *a: (chall.terminate(), os._exit(0)))
ready = {"api": f"http://127.0.0.1:{server.server_port}/dns", "apiKey": args.api_key,
         "resolver": f"127.0.0.1:{args.dns_port}", "nameservers": [f"127.0.0.1:{args.dns_port}"]}
with open(args.ready_file + ".tmp", "w") as f:
    json.dump(ready, f)
os.rename(args.ready_file + ".tmp", args.ready_file)
print(f"stand-in sandbox: api {ready['api']}", file=sys.stderr)
try:
    server.serve_forever()
finally:
    chall.terminate()
