"""CPython's side of `npm run bench -- --fidelity`: one scenario per call, standard library only.

    python3 fidelity.py SCENARIO '{"param": ...}'   ->  one JSON object on stdout

switches: CPU-bound threads run ~0.2 us bytecode chunks; after each chunk a thread that finds another thread's number
  in the shared `owner` variable has just been given the GIL, and records when, and how long since the previous
  owner's last chunk ended (the hand-off gap). 3.11 may switch threads just after the `now()` call, so a thread
  that finds its own time older than the previous owner's takes it again (without that, 30% of gaps came out
  negative and the median was wrong).
convoy:   one thread times `time.sleep(io_ms / 1000)` with perf_counter_ns beside `cpu` CPU-bound threads: the whole
  I/O call, GIL wait included.
wall:     countdown run twice in turn, and in two threads at once (ABBA).
start:    multiprocessing Process start + join by start method.
"""
import json
import multiprocessing
import sys
import threading
import time

now = time.perf_counter_ns

owner = -1
last_t = 0


def chunk():
    for _ in range(12):
        pass


def switches(p):
    global owner, last_t
    n, seconds = p["threads"], p["seconds"]
    sys.setswitchinterval(p["interval_ms"] / 1000)
    log = []  # (t_ns, thread, gap_ns); list.append is atomic under the GIL
    barrier = threading.Barrier(n)

    def cpu(me):
        global owner, last_t
        barrier.wait()
        end = now() + int(seconds * 1e9)
        while True:
            chunk()
            t = now()
            if owner != me:
                if t < last_t:
                    # 3.11 checks the eval breaker after a C call, so this thread may have been switched out just
                    # after taking t, and t predates the other thread's run: it runs again from now.
                    t = now()
                log.append((t, me, t - last_t))
                owner = me
            last_t = t
            if t > end:
                break

    threads = [threading.Thread(target=cpu, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    t0 = log[0][0]
    return {"switches": [[(t - t0) / 1e6, w, g / 1e3] for t, w, g in log[1:]]}


def convoy(p):
    cpu_threads, io_s, seconds = p["cpu"], p["io_ms"] / 1000, p["seconds"]
    sys.setswitchinterval(p["interval_ms"] / 1000)
    stop = False
    lat = []
    barrier = threading.Barrier(cpu_threads + 1)

    def spin():
        barrier.wait()
        while not stop:
            chunk()

    def io():
        barrier.wait()
        end = now() + int(seconds * 1e9)
        while True:
            t0 = now()
            time.sleep(io_s)
            t1 = now()
            lat.append((t1 - t0) / 1e3)
            if t1 > end:
                break

    threads = [threading.Thread(target=spin) for _ in range(cpu_threads)]
    for t in threads:
        t.start()
    io_thread = threading.Thread(target=io)
    io_thread.start()
    io_thread.join()
    stop = True
    for t in threads:
        t.join()
    return {"io_us": lat}


def countdown(n):
    while n > 0:
        n -= 1


def wall(p):
    """Sequential and threaded runs in ABBA order, so a drift in machine speed hits both alike."""
    n = p["n"]
    countdown(n // 10)  # warm up

    def sequential():
        t0 = now()
        countdown(n)
        countdown(n)
        return now() - t0

    def threaded():
        threads = [threading.Thread(target=countdown, args=(n,)) for _ in range(2)]
        t0 = now()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return now() - t0

    seq = sequential()
    thr = threaded() + threaded()
    seq += sequential()
    return {"sequential_ms": seq / 2e6, "threads_ms": thr / 2e6}


def noop():
    pass


def start(p):
    ctx = multiprocessing.get_context(p["method"])
    out = []
    for _ in range(p["repeats"]):
        t0 = now()
        proc = ctx.Process(target=noop)
        proc.start()
        proc.join()
        out.append((now() - t0) / 1e6)
    return {"ms": out}


SCENARIOS = {"switches": switches, "convoy": convoy, "wall": wall, "start": start}

if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in SCENARIOS:
        sys.exit(f"usage: fidelity.py {{{'|'.join(SCENARIOS)}}} JSON-PARAMS")
    print(json.dumps(SCENARIOS[sys.argv[1]](json.loads(sys.argv[2]))))
