#!/usr/bin/python3 -u
# redis-ha-lab client driver for redis-py, through its own Sentinel support (redis.sentinel.Sentinel).
# Protocol: docs/CLIENTS.md. Settings come from RHL_* variables; one JSON line per attempt goes to stdout.
# Run with Debian's /usr/bin/python3: that is where python3-redis installs the library.
import json
import os
import sys
import threading
import time

try:
    import redis
    from redis.sentinel import Sentinel
except ImportError as error:
    sys.stderr.write(f"redis-py is not installed ({error}): apt-get install -y python3-redis\n")
    sys.exit(3)

PROFILES = {
    # The library as it comes: no socket timeout, so a frozen master holds a command forever.
    "default": {},
    # What redis-py needs to live through a failover: commands time out, and a timeout is retried once,
    # which makes the pool ask the sentinels for the master again.
    "recommended": {"socket_timeout": 1.0, "socket_connect_timeout": 1.0, "retry_on_timeout": True},
}


def emit(line):
    sys.stdout.write(json.dumps(line, separators=(",", ":")) + "\n")


profile = os.environ.get("RHL_PROFILE", "default")
if profile not in PROFILES:
    sys.stderr.write(f"unknown RHL_PROFILE '{profile}': use {' or '.join(PROFILES)}\n")
    sys.exit(2)
settings = PROFILES[profile]
emit({"type": "hello", "library": "redis-py", "version": redis.__version__, "language": f"python {sys.version.split()[0]}",
      "profile": profile, "settings": settings})
if os.environ.get("RHL_HELLO_ONLY"):
    sys.exit(0)

sentinels = []
for address in os.environ["RHL_SENTINELS"].split(","):
    host, port = address.rsplit(":", 1)
    sentinels.append((host, int(port)))
password = os.environ.get("RHL_PASSWORD") or None
prefix = os.environ.get("RHL_KEY_PREFIX", "rhl:redis-py:")
ops = os.environ.get("RHL_OPS", "write").split(",")
period = 1.0 / float(os.environ.get("RHL_RATE", "20"))
duration_ms = int(os.environ.get("RHL_DURATION_MS", "0"))

stopping = threading.Event()


def watch_stdin():
    # The lab closes our stdin to say "finish the attempt under way and exit".
    sys.stdin.read()
    stopping.set()


if not duration_ms:
    threading.Thread(target=watch_stdin, daemon=True).start()

# The password is the redis nodes'; the lab's sentinels take none.
sentinel = Sentinel(sentinels, password=password, **settings)
master = sentinel.master_for(os.environ.get("RHL_MASTER_NAME", "mymaster"), **settings)


def server_of(client):
    # The connection the pool handed back last: redis-py keeps it at the end of its free list.
    pool = client.connection_pool
    free = getattr(pool, "_available_connections", [])
    if free and getattr(free[-1], "port", None):
        return f"{free[-1].host}:{free[-1].port}"
    return None


started = time.time()
last_written = None
n = 0
while not stopping.is_set() and not (duration_ms and (time.time() - started) * 1000 >= duration_ms):
    op = ops[n % len(ops)]
    at = time.time()
    line = {"type": "attempt", "t": int(at * 1000), "op": op}
    try:
        if op == "write":
            line.update(key=f"{prefix}{n}", value=str(n))
            master.set(f"{prefix}{n}", str(n))
            last_written = n
        elif op == "read":
            line["key"] = f"{prefix}{last_written if last_written is not None else 'none'}"
            value = master.get(line["key"])
            line["value"] = value.decode() if value is not None else None
        elif op == "blpop":
            line.update(key=f"{prefix}queue")
            master.blpop(f"{prefix}queue", timeout=0.5)
        line["ok"] = True
    except Exception as error:  # every failure is data: the lab judges it
        line.update(ok=False, error=f"{type(error).__name__}: {error}")
    line["ms"] = round((time.time() - at) * 1000, 1)
    server = server_of(master)
    if server:
        line["server"] = server
    emit(line)
    n += 1
    stopping.wait(max(0.0, at + period - time.time()))
