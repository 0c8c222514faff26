#!/usr/bin/env python3
"""Measure a replica on two releases: start to ready, publish to serving, memory, and answers
during the swap. It writes the publication layout itself (docs/replicas.md), in a scratch folder.

  python3 docs/replica-swap.py PARINDEX SCRATCH FILE1 RELEASE1 FILE2 RELEASE2 [folder|http] [hold]

PARINDEX is a built binary; FILE1 and FILE2 are DuckDB files that hold RELEASE1 and RELEASE2 (the
second: a copy of the first after `parindex import -db COPY …`). With http, the folder is served
by `python3 -m http.server` on loopback. Two clients send a ranking of a province during the swap;
with hold, a third downloads a national CSV export slowly from a second before the publication for
20 s, holding the first release open across the swap.
"""
import hashlib, json, os, shutil, subprocess, sys, threading, time, urllib.error, urllib.parse, urllib.request

binary, scratch, file1, rel1, file2, rel2 = sys.argv[1:7]
mode = sys.argv[7] if len(sys.argv) > 7 else "folder"
hold = len(sys.argv) > 8 and sys.argv[8] == "hold"
pub, cache, logpath = f"{scratch}/pub", f"{scratch}/cache", f"{scratch}/replica.log"
shutil.rmtree(scratch, ignore_errors=True)
os.makedirs(pub)


def publish(path, release):
    h, size = hashlib.sha256(), 0
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
            size += len(chunk)
    sha = h.hexdigest()
    rel = f"releases/{release}-{sha[:16]}"
    os.makedirs(f"{pub}/{rel}")
    shutil.copyfile(path, f"{pub}/{rel}/parindex.duckdb")
    json.dump({"format": 1, "release": int(release), "sha256": sha, "size": size,
               "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "file": "parindex.duckdb"},
              open(f"{pub}/{rel}/manifest.json", "w"))
    return {"format": 1, "release": int(release), "sha256": sha, "manifest": f"{rel}/manifest.json"}


def point(p):
    json.dump(p, open(f"{pub}/.current.json.tmp", "w"))
    os.rename(f"{pub}/.current.json.tmp", f"{pub}/current.json")


first, second = publish(file1, rel1), publish(file2, rel2)
point(first)
base, server = pub, None
if mode == "http":
    server = subprocess.Popen(["python3", "-m", "http.server", "18090", "--bind", "127.0.0.1", "--directory", pub],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1)
    base = "http://127.0.0.1:18090"
port = 18080
log = open(logpath, "w")
t0 = time.time()
replica = subprocess.Popen([binary, "-addr", f"127.0.0.1:{port}", "-replica-of", base, "-poll", "1s",
                            "-replica-cache", cache], stdout=log, stderr=log)
rss, sampling = [], True


def sample():
    while sampling:
        try:
            for line in open(f"/proc/{replica.pid}/status"):
                if line.startswith("VmRSS"):
                    rss.append((time.time(), int(line.split()[1]) // 1024))
        except OSError:
            pass
        time.sleep(0.05)


def get(path):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as r:
            return r.status, r.headers.get("X-Parindex-Release"), r.read()
    except urllib.error.HTTPError as e:
        return e.code, None, e.read()
    except OSError as e:
        return 0, None, str(e).encode()


threading.Thread(target=sample, daemon=True).start()
while get("/readyz")[0] != 200:
    time.sleep(0.02)
print(f"{mode}: start to ready {time.time() - t0:.2f} s")
time.sleep(15)
print(f"{mode}: RSS 15 s after ready {rss[-1][1]} MB")
query = "/graphql?query=" + urllib.parse.quote('{ ranking(year: 2023, parent: "01") { percent } }')
statuses, releases, loading = {}, {}, True


def load():
    while loading:
        status, release, _ = get(query)
        statuses[status] = statuses.get(status, 0) + 1
        releases[release] = releases.get(release, 0) + 1


for _ in range(2):
    threading.Thread(target=load, daemon=True).start()
time.sleep(2)


def slow_export():
    r = urllib.request.urlopen(f"http://127.0.0.1:{port}/export?format=csv&level=criterion", timeout=60)
    release, n, end = r.headers.get("X-Parindex-Release"), 0, time.time() + 20
    while time.time() < end:
        chunk = r.read(65536)
        if not chunk:
            break
        n += len(chunk)
        time.sleep(0.05)
    r.close()
    print(f"{mode}: a slow export of release {release} read {n >> 20} MB in 20 s")


if hold:
    threading.Thread(target=slow_export, daemon=True).start()
    time.sleep(1)
t1 = time.time()
point(second)
while json.loads(get("/healthz")[2]).get("release") != int(rel2):
    time.sleep(0.02)
print(f"{mode}: publish to serving release {rel2}: {time.time() - t1:.2f} s (poll 1 s)")
while "retired release" not in open(logpath).read():
    time.sleep(0.05)
time.sleep(10)
loading = False
time.sleep(1)
print(f"{mode}: RSS peak from the publication to 10 s after the swap {max(r for t, r in rss if t >= t1)} MB, then {rss[-1][1]} MB")
print(f"{mode}: answers during the swap: status {statuses}, X-Parindex-Release {releases}")
for line in open(logpath):
    if '"replica:' in line:
        print(line.strip()[:400])
sampling = False
replica.terminate()
replica.wait()
if server:
    server.terminate()
