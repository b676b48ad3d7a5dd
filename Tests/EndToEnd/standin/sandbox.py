#!/usr/bin/env python3
"""Stand-in for ionos-sandbox, used only to validate the end-to-end harness before the real one exists.

Serves a small subset of the IONOS API (zones list/get, record POST/DELETE, PUT/PATCH refused with 405)
plus GET /_sandbox/state, writes the ready file and the request log like ionos-sandbox, and serves DNS
over UDP (A/NS/SOA/TXT/CNAME): a resolver-like listener on 127.0.0.1 and authoritative ones on
127.0.0.2-5, all on --dns-port. Changes are served at once (--lag is ignored); no TCP, no EDNS.
"""
import argparse, json, os, signal, socket, struct, sys, threading, uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

p = argparse.ArgumentParser()
p.add_argument("--ready-file", required=True)
p.add_argument("--request-log")
p.add_argument("--dns-port", type=int, default=5353)
p.add_argument("--lag", default="0s")
p.add_argument("--api-key", default="standin.devsecret")
args = p.parse_args()

NS_IPS = ["127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"]
NS_NAMES = ["ns%d.standin-dns.net" % i for i in range(1, 5)]
SOA = "ns1.standin-dns.net. hostmaster.standin-dns.net. 1 10800 3600 604800 300"

def rec(name, type_, content):
    return {"id": str(uuid.uuid4()), "name": name, "type": type_, "content": content, "ttl": 3600, "prio": 0, "disabled": False}

def zone(name, extra):
    return {"id": str(uuid.uuid4()), "name": name,
            "records": [rec(name, "SOA", SOA)] + [rec(name, "NS", n) for n in NS_NAMES] + extra}

zones = [zone("example.test", [rec("example.test", "A", "192.0.2.10"), rec("example.test", "TXT", '"v=spf1 -all"'),
                               rec("_acme-challenge.alias.example.test", "CNAME", "_acme-challenge.delegated.test")]),
         zone("delegated.test", [])]
lock = threading.Lock()

# MARK: DNS (UDP only): 127.0.0.1 answers like a resolver (RA, follows CNAMEs), 127.0.0.2-5 authoritatively (AA)

TYPES = {1: "A", 2: "NS", 5: "CNAME", 6: "SOA", 16: "TXT"}

def wire_name(n):
    return b"".join(bytes([len(l)]) + l.encode() for l in n.strip(".").split(".") if l) + b"\0"

def rdata(type_, content):
    if type_ == "A":
        return socket.inet_aton(content)
    if type_ in ("NS", "CNAME"):
        return wire_name(content)
    if type_ == "TXT":
        t = content.strip('"').encode()
        return bytes([len(t)]) + t
    m, r, *nums = content.split()
    return wire_name(m) + wire_name(r) + struct.pack(">5I", *map(int, nums))

def rr(name, type_, content, ttl=60):
    code = next(k for k, v in TYPES.items() if v == type_)
    d = rdata(type_, content)
    return wire_name(name) + struct.pack(">HHIH", code, 1, ttl, len(d)) + d

def lookup(qname, qtype, chase):
    """(rcode, answers, authority) for one question."""
    if qname in NS_NAMES:
        return 0, ([rr(qname, "A", NS_IPS[NS_NAMES.index(qname)])] if qtype == "A" else []), []
    with lock:
        z = max((z for z in zones if qname == z["name"] or qname.endswith("." + z["name"])),
                key=lambda z: len(z["name"]), default=None)
        if z is None:
            return (3 if chase else 5), [], []
        here = [r for r in z["records"] if r["name"] == qname]
        exists = here or any(r["name"].endswith("." + qname) for r in z["records"])
        cname = [r for r in here if r["type"] == "CNAME"]
        soa = [rr(z["name"], "SOA", SOA)]
    if cname and qtype != "CNAME":
        ans = [rr(qname, "CNAME", cname[0]["content"])]
        if chase:
            _, more, _ = lookup(cname[0]["content"].strip(".").lower(), qtype, chase)
            ans += more
        return 0, ans, []
    ans = [rr(qname, r["type"], r["content"]) for r in here if r["type"] == qtype]
    return (0 if exists else 3), ans, ([] if ans else soa)

def serve_dns(ip, resolver):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((ip, args.dns_port))
    while True:
        q, peer = s.recvfrom(4096)
        try:
            qid, flags = struct.unpack(">HH", q[:4])
            i, labels = 12, []
            while q[i]:
                labels.append(q[i + 1:i + 1 + q[i]].decode().lower())
                i += 1 + q[i]
            qtype, _ = struct.unpack(">HH", q[i + 1:i + 5])
            question = q[12:i + 5]
        except (IndexError, struct.error, UnicodeDecodeError):
            continue
        rcode, ans, auth = lookup(".".join(labels), TYPES.get(qtype, "?"), resolver)
        print(f"dns {ip} {'.'.join(labels)} {TYPES.get(qtype, qtype)} rcode={rcode} answers={len(ans)}", file=sys.stderr, flush=True)
        out = 0x8000 | (flags & 0x0100) | (0x0080 if resolver else 0x0400) | rcode
        s.sendto(struct.pack(">6H", qid, out, 1, len(ans), len(auth), 0) + question + b"".join(ans + auth), peer)

for ip, resolver in [("127.0.0.1", True)] + [(ip, False) for ip in NS_IPS]:
    threading.Thread(target=serve_dns, args=(ip, resolver), daemon=True).start()

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
            return self.reply(200, {"zones": zones, "nameservers": [{"address": f"{ip}:{args.dns_port}"} for ip in NS_IPS]})
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
            with lock:
                zone["records"].extend(made)
            return self.reply(201, made)
        if len(parts) == 6 and self.command == "DELETE":
            gone = [r for r in zone["records"] if r["id"] == parts[5]]
            if not gone:
                return self.reply(404, [{"code": "RECORD_NOT_FOUND"}])
            with lock:
                zone["records"].remove(gone[0])
            return self.reply(200)
        return self.reply(400, [{"code": "INVALID_REQUEST"}])

    do_GET = do_POST = do_DELETE = do_PUT = do_PATCH = route

server = ThreadingHTTPServer(("127.0.0.1", 0), H)
signal.signal(signal.SIGTERM, lambda *a: os._exit(0))
ready = {"api": f"http://127.0.0.1:{server.server_port}/dns", "apiKey": args.api_key,
         "resolver": f"127.0.0.1:{args.dns_port}", "nameservers": [f"{ip}:{args.dns_port}" for ip in NS_IPS]}
with open(args.ready_file + ".tmp", "w") as f:
    json.dump(ready, f)
os.rename(args.ready_file + ".tmp", args.ready_file)
print(f"stand-in sandbox: api {ready['api']}", file=sys.stderr)
server.serve_forever()
