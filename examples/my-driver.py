#!/usr/bin/python3 -u
# A client driver in 20 lines (docs/CLIENTS.md): your library, your settings, one JSON line per attempt.
import json, os, sys, threading, time
import redis
from redis.sentinel import Sentinel

def emit(line): print(json.dumps(line), flush=True)

emit({"type": "hello", "library": "redis-py", "version": redis.__version__, "settings": {"socket_timeout": 0.5}})
stop = threading.Event()
threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()  # stdin closes: finish
sentinels = [(a.rsplit(":", 1)[0], int(a.rsplit(":", 1)[1])) for a in os.environ["RHL_SENTINELS"].split(",")]
master = Sentinel(sentinels).master_for(os.environ["RHL_MASTER_NAME"], socket_timeout=0.5,
                                        password=os.environ.get("RHL_PASSWORD") or None)
n = 0
while not stop.wait(1 / float(os.environ["RHL_RATE"])):
    key, t = f"{os.environ['RHL_KEY_PREFIX']}{n}", time.time()
    line = {"type": "attempt", "t": int(t * 1000), "op": "write", "key": key, "value": str(n)}
    try: master.set(key, str(n)); line["ok"] = True
    except Exception as e: line.update(ok=False, error=f"{type(e).__name__}: {e}")
    emit({**line, "ms": round((time.time() - t) * 1000, 1)}); n += 1
