"""The recorder, tested under this machine's python3 (stdlib unittest). Run by tests/recorder/python.test.ts, so each
test here counts in `npm test`; on its own: python3 -m unittest tests/recorder/test_recorder.py -v"""
import json
import os
import statistics
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
RECORDER = os.path.join(HERE, "..", "..", "src", "recorder", "gildeck_recorder.py")
sys.path.insert(0, os.path.dirname(RECORDER))
import gildeck_recorder as rec  # noqa: E402


def record(*args, timeout=60):
    """Runs the recorder as its own process; returns (exit code, lines, stderr)."""
    p = subprocess.run([sys.executable, RECORDER, *args], capture_output=True, text=True, timeout=timeout)
    return p.returncode, [json.loads(line) for line in p.stdout.splitlines() if line.strip()], p.stderr


def spans(lines, state=None, worker=None):
    return [s for s in lines if s["type"] == "span" and (state is None or s["state"] == state)
            and (worker is None or s["worker"] == worker)]


def merged(spans_):
    """Adjacent spans of one state (a flush may cut one in two) joined."""
    out = []
    for s in sorted(spans_, key=lambda s: s["start"]):
        if out and out[-1]["end"] >= s["start"] - 1e-9 and out[-1]["state"] == s["state"]:
            out[-1] = dict(out[-1], end=max(out[-1]["end"], s["end"]))
        else:
            out.append(dict(s))
    return out


def fraction(lines, worker, state):
    head = lines[0]
    end = [l for l in lines if l["type"] == "end"][0]
    return sum(s["end"] - s["start"] for s in spans(lines, state, worker)) / end["wallMs"] if end["wallMs"] else 0


class TwoThreadsUnderTheGil(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.code, cls.lines, cls.err = record("--strategy", "threads", "--workers", "2", "--workload", "countdown",
                                              "--seconds", "1", "--switch-interval", "5", "--flush-ms", "0")

    def test_the_run_says_what_ran(self):
        self.assertEqual(self.code, 0, self.err)
        head = self.lines[0]
        self.assertEqual(head["type"], "header")
        self.assertEqual((head["format"], head["strategy"], head["workers"]), ("gildeck-recording", "threads", 2))
        self.assertEqual(head["switchIntervalMs"], 5.0)
        self.assertTrue(head["gil"])
        self.assertEqual(self.lines[-1]["type"], "end")
        self.assertFalse(self.lines[-1]["interrupted"])

    def test_holders_alternate_with_gil_waits_about_an_interval_long(self):
        waits = [s["end"] - s["start"] for s in merged(spans(self.lines, "gil-wait"))]
        self.assertGreater(len(waits), 20, "a 1 s run at 5 ms switches ~100 times")
        self.assertTrue(4 <= statistics.median(waits) <= 12, "median GIL wait %.2f ms" % statistics.median(waits))
        # Both threads wait in turn, not one of them only.
        self.assertEqual({s["worker"] for s in spans(self.lines, "gil-wait")}, {0, 1})

    def test_two_threads_hardly_ever_seem_to_run_python_at_once_beyond_the_recorders_resolution(self):
        head = self.lines[0]
        # A chunk (where in it the switch fell) plus the shortest time off the CPU the recorder sees. A switch is
        # placed from the CPU time of the step it fell in; on a VM whose host takes the CPU away now and then, that
        # CPU time can include the stolen time and a few switches land up to a few ms off (measured here: ~1 in 40).
        # What a widget draws never overlaps: src/recorder/recording.ts splits such overlaps (tested there).
        resolution_ms = head["resolutionUs"] / 1000
        a = merged(spans(self.lines, "running", 0))
        b = merged(spans(self.lines, "running", 1))
        overlaps = [o for x in a for y in b for o in [min(x["end"], y["end"]) - max(x["start"], y["start"])] if o > 0]
        beyond = [o for o in overlaps if o > resolution_ms]
        switches = len(merged(spans(self.lines, "gil-wait")))
        self.assertLessEqual(len(beyond), max(1, switches // 10), "%d of %d switches overlap beyond %.3f ms (worst %.3f ms)" % (len(beyond), switches, resolution_ms, max(overlaps or [0])))


class OneThread(unittest.TestCase):
    def test_one_thread_never_waits_for_the_gil(self):
        code, lines, err = record("--strategy", "threads", "--workers", "1", "--seconds", "0.4", "--flush-ms", "0")
        self.assertEqual(code, 0, err)
        self.assertEqual(spans(lines, "gil-wait"), [])
        self.assertGreater(len(spans(lines, "running")), 0)


class TwoProcesses(unittest.TestCase):
    def test_two_processes_run_at_the_same_time(self):
        code, lines, err = record("--strategy", "multiprocessing", "--workers", "2", "--workload", "countdown",
                                  "--seconds", "1", "--start-method", "fork")
        self.assertEqual(code, 0, err)
        pids = {l["pid"] for l in lines if l["type"] == "worker"}
        self.assertEqual(len(pids), 2, "each worker is its own process")
        self.assertEqual(spans(lines, "gil-wait"), [], "each process has its own GIL")
        # On 2 cores both run most of the time: their running spans overlap for most of the shorter one's life.
        a = merged(spans(lines, "running", 0))
        b = merged(spans(lines, "running", 1))
        together = sum(max(0, min(x["end"], y["end"]) - max(x["start"], y["start"])) for x in a for y in b)
        alone = min(sum(s["end"] - s["start"] for s in a), sum(s["end"] - s["start"] for s in b))
        if (os.cpu_count() or 1) >= 2:
            self.assertGreaterEqual(together / alone, 0.8, "overlap %.2f of the shorter worker's running" % (together / alone))


class Asyncio(unittest.TestCase):
    def test_asyncio_tasks_share_one_thread_and_take_turns(self):
        code, lines, err = record("--strategy", "asyncio", "--workers", "3", "--workload", "primes", "--seconds", "0.4")
        self.assertEqual(code, 0, err)
        workers = [l for l in lines if l["type"] == "worker"]
        self.assertEqual(len(workers), 3)
        self.assertEqual(len({(w["pid"], w["tid"]) for w in workers}), 1, "one thread runs every task")
        self.assertGreater(len(spans(lines, "waiting")), 0, "a task waits while another runs")
        self.assertEqual(spans(lines, "gil-wait"), [])


class WhatThisPythonCannotDo(unittest.TestCase):
    @unittest.skipIf(sys.version_info >= (3, 14), "this Python has concurrent.interpreters")
    def test_subinterpreters_before_314_fail_with_a_clear_message_and_no_output(self):
        code, lines, err = record("--strategy", "subinterpreters", "--workers", "2", "--seconds", "0.2")
        self.assertEqual(code, 2)
        self.assertEqual(lines, [])
        self.assertIn("subinterpreters need Python 3.14 or newer", err)
        self.assertNotIn("Traceback", err)

    @unittest.skipIf(not rec.gil_enabled(), "this Python runs without the GIL")
    def test_free_threading_on_a_gil_build_fails_with_a_clear_message(self):
        code, lines, err = record("--strategy", "free-threading", "--workers", "2", "--seconds", "0.2")
        self.assertEqual(code, 2)
        self.assertEqual(lines, [])
        self.assertIn("free-threaded build", err)

    def test_a_bad_argument_is_a_usage_error(self):
        code, lines, err = record("--workers", "0")
        self.assertEqual(code, 2)
        self.assertIn("--workers must be from 1 to 64", err)


class Speedups(unittest.TestCase):
    def test_timed_pairs_for_every_strategy_this_python_has_in_abba_order(self):
        code, lines, err = record("--speedups", "--seconds", "0.05", "--pairs", "2", timeout=120)
        self.assertEqual(code, 0, err)
        self.assertEqual(lines[0]["kind"], "speedups")
        pairs = [l for l in lines if l["type"] == "pair"]
        strategies = [p["strategy"] for p in pairs]
        expected = rec.speedup_strategies()
        self.assertEqual(sorted(set(strategies)), sorted(expected))
        self.assertEqual(len(pairs), 2 * len(expected))
        self.assertTrue(all(p["seqMs"] > 0 and p["wallMs"] > 0 and p["workers"] == 2 for p in pairs))
        if rec.gil_enabled():
            self.assertIn("threads", strategies)
            self.assertNotIn("free-threading", strategies)


class Interrupted(unittest.TestCase):
    def test_an_interrupted_run_still_ends_with_what_it_recorded(self):
        import signal
        import time
        p = subprocess.Popen([sys.executable, RECORDER, "--strategy", "threads", "--workers", "2", "--seconds", "20"],
                             stdout=subprocess.PIPE, text=True)
        time.sleep(1.0)
        p.send_signal(signal.SIGINT)
        out, _ = p.communicate(timeout=20)
        lines = [json.loads(l) for l in out.splitlines()]
        self.assertEqual(p.returncode, 0)
        self.assertEqual(lines[-1]["type"], "end")
        self.assertTrue(lines[-1]["interrupted"])
        self.assertLess(lines[-1]["wallMs"], 10_000)
        self.assertGreater(len(spans(lines, "running")), 0)


MS = 1_000_000  # the recorder's times are ns


class Classification(unittest.TestCase):
    """classify() on hand-made records (times in ms below): the pure part."""

    def make(self, worker, first, last, gaps, io=()):
        r = rec.Record(worker, 0)
        r.first, r.last = first * MS, last * MS
        for a, b in gaps:
            r.gaps.append(a * MS)
            r.gaps.append(b * MS)
        r.io = [(x * MS, p * MS, y * MS) for x, p, y in io]
        return r

    def spans(self, records, shared=True):
        return [[(s, a / MS, b / MS) for s, a, b in spans_] for spans_ in rec.classify(records, shared)]

    def test_time_off_cpu_while_a_sibling_ran_is_a_gil_wait_and_with_nobody_running_is_preemption(self):
        a = self.make(0, 0, 100, [(10, 20), (50, 60)])
        b = self.make(1, 0, 100, [(0, 10), (20, 100)])
        a_spans, b_spans = self.spans([a, b])
        # a's gap 10-20: b ran then; a's 50-60: b was off too (nobody ran Python), so the OS had a's core.
        self.assertIn(("gil-wait", 10, 20), a_spans)
        self.assertIn(("preempted", 50, 60), a_spans)
        self.assertIn(("gil-wait", 20, 100), b_spans)

    def test_a_gap_in_which_a_sibling_ran_at_all_is_a_gil_wait_even_if_the_os_then_kept_both_off(self):
        # b drops the GIL at 20, a runs 20-25, then the OS runs neither until 100: b did not hold the GIL then.
        a = self.make(0, 0, 200, [(25, 100)])
        b = self.make(1, 0, 200, [(20, 150)])
        a_spans, b_spans = self.spans([a, b])
        self.assertIn(("gil-wait", 20, 150), b_spans)
        # a held the GIL through 25-100 (b was off the whole time): the OS had a's core.
        self.assertIn(("preempted", 25, 100), a_spans)

    def test_an_io_call_is_io_for_what_it_asked_and_the_rest_is_waiting_to_get_back_in(self):
        a = self.make(0, 0, 100, [(10, 40)], io=[(10, 10, 40)])
        b = self.make(1, 0, 100, [(0, 10)])
        a_spans = self.spans([a, b])[0]
        self.assertIn(("io", 10, 20), a_spans)
        self.assertIn(("gil-wait", 20, 40), a_spans)

    def test_without_a_shared_gil_time_off_cpu_is_preemption(self):
        a = self.make(0, 0, 100, [(10, 20)])
        b = self.make(1, 0, 100, [])
        self.assertIn(("preempted", 10, 20), self.spans([a, b], shared=False)[0])


if __name__ == "__main__":
    unittest.main()
