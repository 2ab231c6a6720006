"""gildeck's recorder: what a real Python interpreter does with threads, processes, subinterpreters and asyncio.

Standard library only, Python 3.9+, unchanged on GIL builds and free-threaded ones (3.13t, 3.14t) and 3.15.

    python3 gildeck_recorder.py --strategy threads --workers 2 --workload countdown --seconds 1

writes JSON lines to stdout, as the run goes:

    {"type": "header", ...}             interpreter, build, platform, switch interval, start method, cores, the run
    {"type": "worker", "worker": 0, "pid": ..., "tid": ..., "interp": 0}
    {"type": "span", "worker": 0, "state": "running", "start": 0.0, "end": 5.1}     ms since the run's origin
    {"type": "progress", "worker": 0, "t": 5.1, "units": 1200}                       units done so far
    {"type": "end", "wallMs": ..., "gilAtEnd": true, "interrupted": false, ...}

A span's state is what the worker did: "running" Python; "gil-wait", off its CPU while another worker of the same
GIL ran Python (inferred: a CPU-bound thread stops while a sibling runs only because the sibling has the GIL);
"preempted", off its CPU with nobody of its GIL running (the OS had its core; under a GIL it keeps holding it), or,
with no GIL shared, any time off its CPU; "waiting", an asyncio task ready while another ran on the loop; "io",
inside an I/O call for the time it asked for (what the call took beyond that was the wait for the GIL back).

How: each worker runs its kernel in chunks of a few microseconds and appends (time.monotonic_ns(),
time.thread_time_ns(), units) to a preallocated array after each: no lock, no I/O, no allocation on the hot path.
A gap in wall time that its CPU time does not cover is time off the CPU. Lines for threads are written by the main
thread every --flush-ms (default 250): under a GIL that thread takes it that often (the header says so); 0 writes
everything at the end and changes nothing. Processes and subinterpreters (a GIL each) write their own lines.
A run stopped by SIGINT or SIGTERM ends its workers and still writes what was recorded, with "interrupted": true.
"""
import argparse
import array
import json
import os
import platform
import signal
import sys
import tempfile
import threading
import time

FORMAT = "gildeck-recording"
VERSION = 1
STRATEGIES = ("sequential", "threads", "free-threading", "subinterpreters", "multiprocessing",
              "multiprocessing-pool", "asyncio")
WORKLOADS = ("countdown", "primes", "fib", "mandelbrot", "io", "mixed")
START_METHODS = ("fork", "forkserver", "spawn")
# Time off the CPU shorter than this is the clock reads and the loop, not a wait (a chunk is ~5 us).
GAP_NS = 40_000
# Gaps kept per worker (2 ints each, ~3.2 MB): hours of switching at 5 ms. A run that would need more ends early.
MAX_GAPS = 200_000
PROGRESS_EVERY_NS = 5_000_000

now = time.monotonic_ns
cpu_now = time.thread_time_ns


def gil_enabled():
    """True on a GIL build, and on a free-threaded build that has turned the GIL back on."""
    check = getattr(sys, "_is_gil_enabled", None)
    return True if check is None else bool(check())


def free_threaded_build():
    import sysconfig
    return bool(sysconfig.get_config_var("Py_GIL_DISABLED"))


# ---- kernels: the Python the slides show (src/engine/kernels.ts PYTHON_SOURCE), cut into chunks of ~25-40 us ----
# A chunk is long enough that the clock reads after it (~1 us, most of it thread_time_ns's system call) cost a few
# percent, short enough to place a switch to within a chunk. Each returns the units it did (the engine's units).

def countdown_chunk(state):
    n = 2000
    while n > 0:
        n -= 1
    return 2  # a unit is 1,000 decrements


def primes_chunk(state):
    n = state.get("n", 100_000)
    count = 0
    for _ in range(32):
        if n > 100_200:
            n = 100_000  # a narrow window that restarts, so every unit costs about the same
        if n > 1 and all(n % d for d in range(2, int(n ** 0.5) + 1)):
            count += 1
        n += 1
    state["n"] = n
    state["count"] = state.get("count", 0) + count
    return 32  # a unit is one number tested


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def fib_chunk(state):
    fib(13)
    return 1


def mandelbrot_chunk(state):
    y = state.get("y", 0)
    state["y"] = (y + 1) % 48
    width, height, max_iter = 24, 48, 40
    for x in range(width):
        c = complex(3.5 * x / width - 2.5, 2.0 * y / height - 1.0)
        z, i = 0j, 0
        while abs(z) <= 2 and i < max_iter:
            z, i = z * z + c, i + 1
    return 1


CHUNKS = {"countdown": countdown_chunk, "primes": primes_chunk, "fib": fib_chunk, "mandelbrot": mandelbrot_chunk}
UNIT = {"countdown": "1,000 decrements", "primes": "one number tested", "fib": "one fib(13)", "mandelbrot": "one 24-pixel row"}


_FUNCTIONS = {}


def user_function(spec):
    """A presenter's own function, `path/to/file.py:name`, loaded once per process (or interpreter)."""
    if spec not in _FUNCTIONS:
        import importlib.util
        path, _, name = spec.rpartition(":")
        if not path or not name or not os.path.isfile(path):
            raise ValueError("--function %s: write FILE.py:NAME, with a file that exists" % spec)
        module_spec = importlib.util.spec_from_file_location("gildeck_user_%d" % len(_FUNCTIONS), path)
        module = importlib.util.module_from_spec(module_spec)
        module_spec.loader.exec_module(module)
        fn = getattr(module, name, None)
        if not callable(fn):
            raise ValueError("--function %s: %s has no function %s" % (spec, path, name))
        _FUNCTIONS[spec] = fn
    return _FUNCTIONS[spec]


def function_chunk(spec):
    """Calls of the presenter's function as chunks: as many calls as take ~25 us (at least one); a unit is a call."""
    fn = user_function(spec)
    calls, t0 = 0, now()
    while now() - t0 < 5_000_000:
        fn()
        calls += 1
    batch = max(1, int(25_000 * calls / (now() - t0)))

    def chunk(state):
        for _ in range(batch):
            fn()
        return batch
    return chunk


def cpu_kernel(workload):
    if workload.startswith("function:"):
        return function_chunk(workload[len("function:"):])
    return CHUNKS.get(workload, primes_chunk)


# ---- one worker's record ----

class Record:
    """What one worker did, kept small: its times off the CPU (found as it runs), progress about every 5 ms, its
    I/O calls. After each chunk it reads both clocks; wall time the CPU time does not cover was spent off the CPU."""

    def __init__(self, worker, origin):
        self.worker = worker
        self.origin = origin
        self.gaps = array.array("q")  # start, end pairs (ns)
        self.progress = array.array("q")  # t, units pairs
        self.io = []  # (start ns, planned ns, end ns)
        self.first = self.last = None
        self.pw = self.pc = 0
        self.next_progress = 0
        self.full = False
        self.pid = os.getpid()
        self.tid = threading.get_native_id()
        self.interp = interpreter_id()
        self.done = False

    def begin(self):
        self.tid = threading.get_native_id()
        self.pw, self.pc = now(), cpu_now()
        self.first = self.last = self.pw
        self.progress.append(self.pw)
        self.progress.append(0)
        self.next_progress = self.pw + PROGRESS_EVERY_NS

    def step(self, units):
        """After a chunk. False once the record is full (the run then ends early, saying so)."""
        w = now()
        c = cpu_now()
        if (w - self.pw) - (c - self.pc) > GAP_NS:
            if len(self.gaps) >= 2 * MAX_GAPS:
                self.full = True
                return False
            # Where in the chunk the wait fell is not known: placed in its middle, each end is right to half a chunk.
            half = (c - self.pc) // 2
            self.gaps.append(self.pw + half)
            self.gaps.append(w - half)
        self.pw = w
        self.pc = c
        self.last = w
        if w >= self.next_progress:
            self.progress.append(w)
            self.progress.append(units)
            self.next_progress = w + PROGRESS_EVERY_NS
        return True

    def resume(self):
        """A coroutine running again after an await. Tasks share their thread's CPU clock, so a task's time off
        the loop shows only in wall time: from its last step to now, it was not running."""
        w, c = now(), cpu_now()
        if w - self.pw > GAP_NS:
            if len(self.gaps) >= 2 * MAX_GAPS:
                self.full = True
                return
            self.gaps.append(self.pw)
            self.gaps.append(w)
        self.pw, self.pc = w, c

    def end(self, units):
        self.progress.append(self.last)
        self.progress.append(units)
        self.done = True


def interpreter_id():
    try:
        import _interpreters  # 3.13+
        current = _interpreters.get_current()
        return int(current[0] if isinstance(current, tuple) else current)
    except Exception:
        return 0


def run_worker(rec, workload, units, io_ms, stop, io_ops=None, until=None):
    """Runs `units` of the workload (CPU kernels), or I/O calls each followed by one CPU chunk (io), recording.
    `until`: an I/O worker beside CPU-bound ones (mixed) stops when this says they are done."""
    chunk = cpu_kernel(workload)
    state = {}
    done = 0
    rec.begin()
    if workload == "io":
        for _ in range(io_ops or 0):
            if stop.is_set() or (until is not None and until()):
                break
            t0 = now()
            time.sleep(io_ms / 1000)
            rec.io.append((t0, int(io_ms * 1e6), now()))
            done += chunk(state)
            if not rec.step(done):
                break
    else:
        while done < units and not stop.is_set():
            done += chunk(state)
            if not rec.step(done):
                break
    rec.end(done)
    return done


# ---- from the record to spans ----

def gaps_of(rec, upto=None):
    """The worker's times off the CPU, cut at `upto` (ns) if given."""
    g = rec.gaps
    out = []
    for i in range(0, len(g) - 1, 2):
        a, b = g[i], g[i + 1]
        if upto is not None:
            if a >= upto:
                break
            b = min(b, upto)
        out.append((a, b))
    return out


def running_of(rec, upto=None):
    """[(start ns, end ns)] the worker ran Python: from its first to its last sample, minus its gaps."""
    if rec.first is None:
        return []
    last = rec.last if upto is None else min(rec.last, upto)
    out, at = [], rec.first
    for a, b in gaps_of(rec, upto):
        if a > at:
            out.append((at, min(a, last)))
        at = max(at, b)
    if last > at:
        out.append((at, last))
    return out


def overlap(a, b, intervals):
    """How much of [a, b] the sorted intervals cover."""
    covered = 0
    for x, y in intervals:
        if y <= a:
            continue
        if x >= b:
            break
        covered += min(b, y) - max(a, x)
    return covered


def classify(records, shared_gil, upto=None, wait_state="gil-wait"):
    """Each worker's spans: [(state, start ns, end ns)], sorted. `shared_gil`: the workers take turns on one GIL
    (or, for asyncio's tasks, one event loop: their wait is `wait_state`)."""
    running = [running_of(r, upto) for r in records]
    result = []
    for i, rec in enumerate(records):
        spans = [("running", a, b) for a, b in running[i]]
        others = sorted(iv for j, ivs in enumerate(running) if j != i for iv in ivs) if shared_gil else []
        io = sorted(rec.io)
        for a, b in gaps_of(rec, upto):
            # Inside an I/O call: the time it asked for is I/O; the rest is the wait to get back in.
            call = next(((x, p, y) for x, p, y in io if x <= b and y >= a), None)
            if call is not None:
                x, planned, y = call
                io_end = min(x + planned, y)
                if a < io_end:
                    spans.append(("io", max(a, x), min(b, io_end)))
                a = max(a, io_end)
                if a >= b:
                    continue
                if not shared_gil:
                    continue  # its own GIL: coming back from I/O costs nothing to wait for
            if shared_gil:
                # Another worker ran Python in the gap, so this one did not hold the GIL: it waited for it (for
                # its core too, maybe, once handed the GIL). Nobody running means the OS had the holder's core.
                state = wait_state if overlap(a, b, others) > GAP_NS else "preempted"
            else:
                state = "preempted"
            spans.append((state, a, b))
        spans.sort(key=lambda s: s[1])
        result.append(spans)
    return result


def schedstat_ms(tid):
    """The kernel's run-queue delay of a thread so far, in ms (Linux), or None."""
    try:
        with open("/proc/self/task/%d/schedstat" % tid) as f:
            return int(f.read().split()[1]) / 1e6
    except (OSError, ValueError, IndexError):
        return None


# ---- output ----

class Out:
    """JSON lines to a file descriptor, one os.write per line (atomic on a pipe up to PIPE_BUF), so processes can
    share it."""

    def __init__(self, fd):
        self.fd = fd
        self.lock = threading.Lock()

    def line(self, obj):
        data = (json.dumps(obj, separators=(",", ":")) + "\n").encode()
        with self.lock:
            os.write(self.fd, data)


def ms(ns, origin):
    return round((ns - origin) / 1e6, 4)


class Emitter:
    """Writes each worker's spans and progress once they are final: before every unfinished worker's newest sample
    (a worker off its CPU now has a gap it has not recorded yet)."""

    def __init__(self, out, records, origin, shared_gil, wait_state="gil-wait"):
        self.wait_state = wait_state
        self.out = out
        self.records = records
        self.origin = origin
        self.shared_gil = shared_gil
        self.sent_until = [origin] * len(records)
        self.progress_sent = [0] * len(records)
        for r in records:
            out.line({"type": "worker", "worker": r.worker, "pid": r.pid, "tid": r.tid, "interp": r.interp})

    def flush(self, final=False):
        horizon = None
        if not final:
            newest = [r.last for r in self.records if r.last is not None and not r.done]
            if not newest:
                return
            horizon = min(newest)
        for i, spans in enumerate(classify(self.records, self.shared_gil, horizon, self.wait_state)):
            r = self.records[i]
            for state, a, b in spans:
                a = max(a, self.sent_until[i])
                if b <= a:
                    continue
                self.out.line({"type": "span", "worker": r.worker, "state": state,
                               "start": ms(a, self.origin), "end": ms(b, self.origin)})
                self.sent_until[i] = b
            p = r.progress
            k = self.progress_sent[i]
            while k + 1 < len(p) and (horizon is None or p[k] <= horizon):
                self.out.line({"type": "progress", "worker": r.worker, "t": ms(p[k], self.origin), "units": p[k + 1]})
                k += 2
            self.progress_sent[i] = k


# ---- strategies ----

CHUNK_US = {}


def units_for(workload, seconds, workers):
    """Total work: what one core does in `seconds`, measured now (50 ms), split between the workers. Also notes how
    long a chunk takes: the resolution of every span's ends."""
    chunk = cpu_kernel(workload)
    state = {}
    done = chunks = 0
    t0 = now()
    while now() - t0 < 50_000_000:
        done += chunk(state)
        chunks += 1
    took = now() - t0
    CHUNK_US[workload] = round(took / chunks / 1e3, 2)
    return max(1, int(done / (took / 1e9) * seconds / max(1, workers)))


def plan(args):
    """Per worker: (workload, units, io_ops)."""
    n = args.workers
    io_ops = max(1, int(args.seconds * 1000 / max(args.io_wait, 1) / n)) if args.workload in ("io", "mixed") else None
    cpu_workers = n - 1 if args.workload == "mixed" else n
    units = units_for("primes" if args.workload == "mixed" else args.workload, args.seconds, max(1, cpu_workers))
    out = []
    for w in range(n):
        if args.workload == "io" or (args.workload == "mixed" and w == 0):
            out.append(("io", 0, io_ops * (n if args.workload == "mixed" else 1)))
        else:
            out.append(("primes" if args.workload == "mixed" else args.workload, units, None))
    return out


def run_threads(args, out, origin, stop, sequential=False):
    work = args.work
    records = [Record(w, origin) for w in range(len(work))]
    if sequential:
        em = Emitter(out, records, origin, shared_gil=True)
        for rec, (wl, units, ops) in zip(records, work):
            run_worker(rec, wl, units, args.io_wait, stop, ops)
        em.flush(final=True)
        return records
    barrier = threading.Barrier(len(work) + 1)

    cpu_records = [r for r, (wl, _, _) in zip(records, work) if wl != "io"]
    until = (lambda: all(r.done for r in cpu_records)) if args.workload == "mixed" else None

    def body(rec, wl, units, ops):
        barrier.wait()
        run_worker(rec, wl, units, args.io_wait, stop, ops, until)

    threads = [threading.Thread(target=body, args=(r,) + w, daemon=True) for r, w in zip(records, work)]
    for t in threads:
        t.start()
    barrier.wait()
    shared = gil_enabled()
    em = None
    while any(t.is_alive() for t in threads):
        for t in threads:
            t.join(args.flush_ms / 1000 if args.flush_ms > 0 else None)
            if args.flush_ms > 0:
                break
        if args.flush_ms > 0 and any(t.is_alive() for t in threads):
            if em is None:
                em = Emitter(out, records, origin, shared)
            em.flush()
    if em is None:
        em = Emitter(out, records, origin, shared)
    em.flush(final=True)
    return records


def process_entry(worker, origin, wl, units, io_ms, ops, fd, switch_interval):
    """A child process (or interpreter): records its own work and writes its own lines (its GIL is its own)."""
    sys.setswitchinterval(switch_interval)
    stop = threading.Event()
    try:
        signal.signal(signal.SIGINT, lambda *_: stop.set())
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
    except ValueError:
        pass  # a subinterpreter's thread: only the main interpreter's main thread takes signals (the parent stops it)
    out = Out(fd)
    rec = Record(worker, origin)
    before = schedstat_ms(rec.tid)
    em = Emitter(out, [rec], origin, shared_gil=False)
    run_worker(rec, wl, units, io_ms, stop, ops)
    em.flush(final=True)
    after = schedstat_ms(rec.tid)
    out.line({"type": "worker-end", "worker": worker, "units": rec.progress[len(rec.progress) - 1],
              "runQueueMs": None if before is None or after is None else round(after - before, 3), "full": rec.full})


def run_processes(args, out, origin, stop, pool=False):
    import multiprocessing
    ctx = multiprocessing.get_context(args.start_method)
    work = args.work
    sys.stdout.flush()
    jobs = [(w, origin, wl, units, args.io_wait, ops, out.fd, sys.getswitchinterval()) for w, (wl, units, ops) in enumerate(work)]
    if pool:
        with ctx.Pool(len(work)) as p:
            result = p.starmap_async(process_entry, jobs)
            while not result.ready():
                result.wait(0.05)
                if stop.is_set():
                    p.terminate()
                    break
        return
    procs = [ctx.Process(target=process_entry, args=j) for j in jobs]
    for p in procs:
        p.start()
    while any(p.is_alive() for p in procs):
        for p in procs:
            p.join(0.05)
        if stop.is_set():
            for p in procs:
                if p.is_alive():
                    os.kill(p.pid, signal.SIGTERM)
            for p in procs:
                p.join()


def run_subinterpreters(args, out, origin, stop):
    from concurrent import interpreters  # PEP 734, Python 3.14+ (checked before the run)
    work = args.work
    here = os.path.dirname(os.path.abspath(__file__))
    threads = []
    for w, (wl, units, ops) in enumerate(work):
        interp = interpreters.create()
        code = ("import sys; sys.path.insert(0, %r); import gildeck_recorder as r; "
                "r.process_entry(%d, %d, %r, %d, %r, %r, %d, %r)") % (
            here, w, origin, wl, units, args.io_wait, ops, out.fd, sys.getswitchinterval())
        t = threading.Thread(target=interp.exec, args=(code,))
        t.start()
        threads.append((t, interp))
    for t, interp in threads:
        t.join()
        interp.close()


def run_asyncio(args, out, origin, stop):
    """One thread, one event loop: each task is a 'worker'; CPU chunks run back to back until the task yields."""
    import asyncio
    work = args.work
    records = [Record(w, origin) for w in range(len(work))]

    async def task(rec, wl, units, ops):
        chunk = cpu_kernel(wl)
        state = {}
        done = 0
        rec.begin()
        if wl == "io":
            for _ in range(ops):
                if stop.is_set():
                    break
                t0 = now()
                await asyncio.sleep(args.io_wait / 1000)
                rec.io.append((t0, int(args.io_wait * 1e6), now()))
                rec.resume()
                done += chunk(state)
                rec.step(done)
        else:
            # A CPU-bound coroutine yields once per ~1 ms slice (await asyncio.sleep(0)), as a cooperative one must.
            while done < units and not stop.is_set():
                t0 = now()
                while done < units and now() - t0 < 1_000_000:
                    done += chunk(state)
                    rec.step(done)
                await asyncio.sleep(0)
                rec.resume()
        rec.end(done)

    async def main():
        await asyncio.gather(*(task(r, *w) for r, w in zip(records, work)))

    asyncio.run(main())
    # Tasks share one thread: a task off the CPU while another ran was waiting for the event loop.
    em = Emitter(out, records, origin, shared_gil=True, wait_state="waiting")
    em.flush(final=True)
    return records


def header(args, origin):
    ft = free_threaded_build()
    return {
        "type": "header",
        "format": FORMAT,
        "version": VERSION,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "build": "free-threaded" if ft else "gil",
        "gil": gil_enabled(),
        "platform": platform.platform(),
        "system": platform.system(),
        "cores": os.cpu_count() or 1,
        "switchIntervalMs": round(sys.getswitchinterval() * 1000, 3),
        "startMethod": args.start_method if args.strategy.startswith("multiprocessing") else None,
        "strategy": args.strategy,
        "workers": args.workers,
        "workload": "function" if args.function else args.workload,
        **({"function": args.function} if args.function else {}),
        "unit": "one call of %s" % args.function.rpartition(":")[2] if args.function else UNIT.get("primes" if args.workload in ("io", "mixed") else args.workload),
        # Span ends are placed to within half a chunk, and time off the CPU shorter than GAP_NS is not seen: two
        # holders may seem to overlap by up to `resolutionUs`.
        "chunkUs": CHUNK_US.get("primes" if args.workload in ("io", "mixed") else args.workload),
        "resolutionUs": round(CHUNK_US.get("primes" if args.workload in ("io", "mixed") else args.workload, 0) + GAP_NS / 1000, 1),
        "ioWaitMs": args.io_wait if args.workload in ("io", "mixed") else None,
        "seconds": args.seconds,
        "flushMs": args.flush_ms,
        "kind": "speedups" if args.speedups else "run",
        "startedAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "originNs": origin,
    }


def overhead(workload, seconds=0.25, rounds=3):
    """What recording costs the kernel: its throughput with and without a Record, alternated (ABBA) so a drift
    in machine speed hits both alike. Returns units per CPU second each way and the loss in percent."""
    chunk = cpu_kernel(workload)

    # Per second of this thread's CPU time, not wall time: on a busy machine wall time measures the other programs.
    def plain():
        state, done, t0 = {}, 0, cpu_now()
        end = t0 + int(seconds * 1e9)
        while cpu_now() < end:
            for _ in range(8):
                done += chunk(state)
        return done / ((cpu_now() - t0) / 1e9)

    def recorded():
        rec = Record(0, now())
        rec.begin()
        state, done, t0 = {}, 0, cpu_now()
        end = t0 + int(seconds * 1e9)
        while rec.pc < end:
            done += chunk(state)
            rec.step(done)
        return done / ((cpu_now() - t0) / 1e9)

    a, b = [], []
    for _ in range(rounds):
        a.append(plain())
        b.append(recorded())
        b.append(recorded())
        a.append(plain())
    without, with_ = sum(a) / len(a), sum(b) / len(b)
    return {"workload": workload, "withoutPerS": without, "withPerS": with_, "lossPct": (1 - with_ / without) * 100}


def kernel_units(workload, units):
    """Runs `units` of a kernel in this thread (or process, or interpreter): one side of a timed pair."""
    chunk = cpu_kernel(workload)
    state = {}
    done = 0
    while done < units:
        done += chunk(state)
    return done


def speedup_strategies():
    """What this interpreter can compare with its sequential run: threads (with the GIL, or free-threaded), a
    process pool, asyncio, and subinterpreters from 3.14."""
    out = ["threads" if gil_enabled() else "free-threading", "multiprocessing-pool", "asyncio"]
    try:
        from concurrent.futures import InterpreterPoolExecutor  # noqa: F401  (3.14+)
        out.append("subinterpreters")
    except ImportError:
        pass
    return out


def speedups(args, out):
    """Timed pairs, not spans: each strategy's run of the work against a sequential run of the same work, in ABBA
    order (sequential first, then strategy first, ...), `--pairs` of them. Workers (pool processes, interpreters)
    are started before timing, as a Pool would be. gildeck computes each speedup and its interval from the pairs
    (src/measure/speedup.ts), the same way as for its own runs."""
    import asyncio
    import multiprocessing
    from functools import partial
    workload, workers = "primes", 2
    units = args.work[0][1] * len(args.work)
    share = units // workers
    ctx = multiprocessing.get_context(args.start_method)
    pool = ctx.Pool(workers)
    pool.map(partial(kernel_units, workload), [1] * workers)
    interp_pool = None

    def threads():
        ts = [threading.Thread(target=kernel_units, args=(workload, share)) for _ in range(workers)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()

    def run_asyncio():
        async def task():
            chunk, state, done = cpu_kernel(workload), {}, 0
            while done < share:
                t0 = now()
                while done < share and now() - t0 < 1_000_000:
                    done += chunk(state)
                await asyncio.sleep(0)
        async def main():
            await asyncio.gather(*(task() for _ in range(workers)))
        asyncio.run(main())

    def subinterpreters():
        nonlocal interp_pool
        list(interp_pool.map(partial(kernel_units, workload), [share] * workers))

    def timed(f):
        t0 = now()
        f()
        return (now() - t0) / 1e6

    runs = {"threads": threads, "free-threading": threads, "asyncio": run_asyncio, "subinterpreters": subinterpreters,
            "multiprocessing-pool": lambda: pool.map(partial(kernel_units, workload), [share] * workers)}
    try:
        for strategy in speedup_strategies():
            if strategy == "subinterpreters":
                from concurrent.futures import InterpreterPoolExecutor
                interp_pool = InterpreterPoolExecutor(workers)
                list(interp_pool.map(partial(kernel_units, workload), [1] * workers))
            for i in range(args.pairs):
                seq_first = i % 2 == 0
                a = timed((lambda: kernel_units(workload, share * workers)) if seq_first else runs[strategy])
                b = timed(runs[strategy] if seq_first else (lambda: kernel_units(workload, share * workers)))
                seq_ms, wall_ms = (a, b) if seq_first else (b, a)
                out.line({"type": "pair", "strategy": strategy, "workers": workers, "seqMs": round(seq_ms, 3), "wallMs": round(wall_ms, 3)})
    finally:
        pool.terminate()
        if interp_pool is not None:
            interp_pool.shutdown()


def parse(argv):
    p = argparse.ArgumentParser(prog="gildeck_recorder.py", description=__doc__.split("\n")[0])
    p.add_argument("--strategy", default="threads", choices=STRATEGIES)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--workload", default="countdown", choices=WORKLOADS)
    p.add_argument("--seconds", type=float, default=1.0)
    p.add_argument("--switch-interval", type=float, default=5.0, help="ms (sys.setswitchinterval)")
    p.add_argument("--start-method", default=None, choices=START_METHODS)
    p.add_argument("--io-wait", type=float, default=1.0, help="ms per I/O call (io, mixed)")
    p.add_argument("--flush-ms", type=float, default=250.0, help="how often threads' lines are written; 0: at the end")
    p.add_argument("--overhead", action="store_true", help="instead, measure what recording costs the workload's kernel (JSON)")
    p.add_argument("--function", default=None, help="instead of a built-in workload, call FILE.py:NAME (no arguments) over and over")
    p.add_argument("--speedups", action="store_true", help="instead, timed pairs: each strategy this Python has against sequential, 2 workers, primes")
    p.add_argument("--pairs", type=int, default=6, help="--speedups: pairs per strategy (ABBA)")
    a = p.parse_args(argv)
    if not 1 <= a.workers <= 64:
        p.error("--workers must be from 1 to 64")
    if not 0 < a.seconds <= 600:
        p.error("--seconds must be more than 0 and at most 600")
    if not 0 < a.switch_interval <= 1000:
        p.error("--switch-interval must be more than 0 and at most 1000 ms")
    if a.io_wait < 0:
        p.error("--io-wait must be 0 or more ms")
    if not 2 <= a.pairs <= 50:
        p.error("--pairs must be from 2 to 50")
    if a.start_method is None:
        import multiprocessing
        a.start_method = multiprocessing.get_start_method()
    return a


def unsupported(strategy):
    """Why this interpreter cannot run the strategy, or None."""
    if strategy == "free-threading" and gil_enabled():
        return ("free-threading needs a free-threaded build with the GIL off (python3.13t or 3.14t, PYTHON_GIL=0); "
                "this Python %s has the GIL: record --strategy threads with it, or record with a free-threaded "
                "interpreter" % platform.python_version())
    if strategy == "subinterpreters":
        try:
            from concurrent import interpreters  # noqa: F401  (PEP 734, Python 3.14+)
        except ImportError:
            return ("subinterpreters need Python 3.14 or newer (concurrent.interpreters, PEP 734); this is Python "
                    "%s: record them with a 3.14 interpreter" % platform.python_version())
    return None


def main(argv=None):
    args = parse(sys.argv[1:] if argv is None else argv)
    if args.overhead:
        print(json.dumps(overhead("primes" if args.workload in ("io", "mixed") else args.workload)))
        return 0
    if args.speedups:
        args.strategy, args.workers, args.workload = "sequential", 2, "primes"
    if args.function:
        args.workload = "function:" + args.function
        try:
            user_function(args.function)
        except Exception as e:  # the presenter's module may raise anything while loading
            sys.stderr.write("%s\n" % (e if isinstance(e, ValueError) else "--function %s: loading it failed: %s: %s" % (args.function, type(e).__name__, e)))
            return 2
    why = unsupported(args.strategy)
    if why:
        sys.stderr.write(why + "\n")
        return 2
    sys.setswitchinterval(args.switch_interval / 1000)
    stop = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    out = Out(sys.stdout.fileno())
    # Size the work first (a 50 ms calibration), so the run's origin is its start.
    args.work = plan(args)
    origin = now()
    out.line(header(args, origin))
    gil_at_start = gil_enabled()
    if args.speedups:
        speedups(args, out)
    elif args.strategy in ("threads", "free-threading"):
        run_threads(args, out, origin, stop)
    elif args.strategy == "sequential":
        run_threads(args, out, origin, stop, sequential=True)
    elif args.strategy == "multiprocessing":
        run_processes(args, out, origin, stop)
    elif args.strategy == "multiprocessing-pool":
        run_processes(args, out, origin, stop, pool=True)
    elif args.strategy == "subinterpreters":
        run_subinterpreters(args, out, origin, stop)
    else:
        run_asyncio(args, out, origin, stop)
    out.line({"type": "end", "wallMs": ms(now(), origin), "gilAtStart": gil_at_start, "gilAtEnd": gil_enabled(),
              "interrupted": stop.is_set()})
    return 0


if __name__ == "__main__":
    sys.exit(main())
