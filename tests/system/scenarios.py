"""The six fault and load scenarios. Each takes the shared PostgreSQL cluster and its parameters (short or full),
starts its own database and server, drives bounded load, injects its fault, and returns a result dict whose verdict
comes from checks against the database and the CLI (see harness.account_writes and harness.final_checks)."""

from __future__ import annotations

import random
import threading
import time
import uuid
from typing import Any, Callable, Iterable

import harness as h
from harness import Answer, NoAnswer, Write

# ---------------------------------------------------------------------------------------------------------------------
# Result bookkeeping


class Result:
    def __init__(self, name: str, title: str) -> None:
        self.data: dict[str, Any] = {
            "scenario": name, "title": title, "load": "", "faults": "", "writes_acknowledged": None, "writes_found": None,
            "writes_unanswered": None, "unanswered_present": None, "latency_p50_ms": None, "latency_p99_ms": None,
            "latency_max_ms": None, "peak_rss_mb": None, "statuses": {}, "checks": [], "notes": [], "verdict": "fail",
        }
        self.started = time.monotonic()

    def __setitem__(self, key: str, value: Any) -> None:
        self.data[key] = value

    def check(self, name: str, ok: bool | None, detail: str = "") -> None:
        """ok None = pending: the server feature the check needs is not in this binary."""
        self.data["checks"].append({"name": name, "ok": ok, "detail": detail})

    def check_no_problems(self, name: str, problems: list[str], limit: int | None = None) -> None:
        """The usual shape of a check: it holds when nothing went wrong; the detail lists the first `limit` problems."""
        self.check(name, not problems, "; ".join(problems[:limit]))

    def note(self, text: str) -> None:
        self.data["notes"].append(text)

    def latencies(self, seconds: list[float]) -> None:
        if seconds:
            self.data["latency_p50_ms"] = round(h.percentile(seconds, 50) * 1000, 1)
            self.data["latency_p99_ms"] = round(h.percentile(seconds, 99) * 1000, 1)
            self.data["latency_max_ms"] = round(max(seconds) * 1000, 1)

    def accounting(self, acc: dict[str, Any], prefix: str = "") -> None:
        self.data["writes_acknowledged"] = (self.data["writes_acknowledged"] or 0) + acc["acknowledged"]
        self.data["writes_found"] = (self.data["writes_found"] or 0) + acc["found"]
        self.data["writes_unanswered"] = (self.data["writes_unanswered"] or 0) + acc["unanswered"]
        self.data["unanswered_present"] = (self.data["unanswered_present"] or 0) + acc["unanswered_present"]
        k = acc["kinds"]

        def detail(items: list[str]) -> str:
            return (f"{len(items)}: " + "; ".join(items[:6])) if items else ""
        self.check(prefix + "every acknowledged write is in the log", not k["lost"] and acc["acknowledged"] == acc["found"], detail(k["lost"]))
        self.check(prefix + "nothing half-applied (unanswered writes all or nothing)", not k["partial"], detail(k["partial"]))
        self.check(prefix + "nothing duplicated", not k["duplicated"], detail(k["duplicated"]))
        self.check(prefix + "no write answered with an error is in the log", not k["refused_applied"], detail(k["refused_applied"]))
        self.data.setdefault("problem_counts", {})
        for kind, items in k.items():
            self.data["problem_counts"][kind] = self.data["problem_counts"].get(kind, 0) + len(items)

    def final(self, fin: dict[str, Any]) -> None:
        self.check_no_problems("log structure, modelreg verify, modelreg replay --check", fin["problems"], 5)
        self.data["ledger_events"] = fin["events"]
        self.data["prediction_rows"] = fin["predictions"]

    def finish(self, error: str | None = None) -> dict[str, Any]:
        if error:
            self.check("scenario ran to completion", False, error)
        checks = self.data["checks"]
        failed = [c for c in checks if c["ok"] is False]
        pending = [c for c in checks if c["ok"] is None]
        if failed:
            self.data["verdict"] = "fail"
        elif pending:
            self.data["verdict"] = "pass (pending: " + ", ".join(c["name"] for c in pending) + ")"
        else:
            self.data["verdict"] = "pass"
        self.data["passed"] = not failed
        self.data["seconds"] = round(time.monotonic() - self.started, 1)
        return self.data


class ScenarioRun:
    """The frame every scenario body runs in:

        with ScenarioRun(r) as run:
            f = run.fixture(cluster, "crash")
            ...
        return run.result

    What the body starts is handed to `run` (the fixture, clients, other teardown) and is torn down when the block
    ends, last started first, whether the body finished or raised. An exception in the body does not propagate: it
    becomes the failed check "scenario ran to completion", so the scenario still returns its result with everything
    measured up to then. The verdict is settled (Result.finish) before the teardown, so a scenario's seconds do not
    include stopping its server."""

    def __init__(self, result: Result) -> None:
        self.r = result
        self.result: dict[str, Any] = result.data
        self._teardown: list[Callable[[], None]] = []

    def __enter__(self) -> "ScenarioRun":
        return self

    def __exit__(self, exc_type, exc, _tb) -> bool:
        # Only Exception is a scenario failure; KeyboardInterrupt and SystemExit (a signal) must still stop the run.
        failed = exc_type is not None and issubclass(exc_type, Exception)
        if exc_type is None or failed:
            self.result = self.r.finish(repr(exc) if failed else None)
        for fn in reversed(self._teardown):
            fn()
        return failed

    def at_exit(self, fn: Callable[[], None]) -> None:
        self._teardown.append(fn)

    def fixture(self, cluster: h.PostgresCluster, name: str, extra_args: list[str] | None = None,
                log_level: str = "info") -> h.Fixture:
        f = h.make_fixture(cluster, name, extra_args, log_level)

        def note_server_errors() -> None:
            # A failed scenario carries the server's own error lines, so that a failure seen once can be diagnosed
            # from its results file alone.
            if not self.result.get("passed"):
                for line in f.server.error_lines(10):
                    self.r.note("server log: " + line[:500])

        self.at_exit(f.close)
        self.at_exit(note_server_errors)
        return f

    def closing(self, clients: Iterable[h.Client]) -> list[h.Client]:
        clients = list(clients)
        self.at_exit(lambda: [c.close() for c in clients])
        return clients


# Samples: one tuple per request, (t_start, t_end, op, status, retry_after, code, no_answer); status None = no answer.


def request_sample(c: h.Client, op: str, method: str, path: str, body: Any = None,
                   headers: dict[str, str] | None = None) -> tuple[tuple, Answer | None, NoAnswer | None]:
    """Sends one request and returns its sample with the answer, or with why there was none."""
    t0 = time.monotonic()
    try:
        a = c.request(method, path, body, headers)
    except NoAnswer as e:
        return (t0, time.monotonic(), op, None, None, e.kind, e.kind), None, e
    return (t0, time.monotonic(), op, a.status, a.headers.get("retry-after"), a.code, ""), a, None


def summarise_samples(r: Result, samples: list) -> list[float]:
    """Records the status counts and the latency percentiles of the answered requests; returns those latencies."""
    r["statuses"] = h.status_summary([s[3] for s in samples])
    answered = [s[1] - s[0] for s in samples if s[3] is not None]
    r.latencies(answered)
    return answered


def start_threads(target: Callable[[Any], None], items: Iterable[Any]) -> list[threading.Thread]:
    """One daemon thread per item (a daemon, so a hung client cannot keep the run from exiting)."""
    threads = [threading.Thread(target=target, args=(item,), daemon=True) for item in items]
    for t in threads:
        t.start()
    return threads


def join_threads(threads: list[threading.Thread], timeout: float) -> int:
    """Waits up to `timeout` for each thread in turn; returns how many are still running (hung on a request)."""
    for t in threads:
        t.join(timeout=timeout)
    return sum(t.is_alive() for t in threads)


def check_clients_finished(r: Result, stuck: int) -> None:
    r.check("every client finished (no hung request)", stuck == 0, f"{stuck} clients still running" if stuck else "")


def check_no_5xx(r: Result, samples: list, name: str = "no 5xx other than 503, every 503 with Retry-After") -> None:
    r.check_no_problems(name, five_xx_problems(samples))


# ---------------------------------------------------------------------------------------------------------------------
# A writing client: registrations, alias moves and reported predictions on its own model, every write keyed


class Writer:
    """Cycles through a version registration, an alias move to the version just registered, and a reported
    prediction batch (and now and then a new model), on its own model, until `stop()` says so."""

    def __init__(self, fixture: h.Fixture, index: int, model: str, report_rows: int, samples: list, lock: threading.Lock,
                 tag: str, new_models: bool = True) -> None:
        self.f = fixture
        self.i = index
        self.model = model
        self.rows = report_rows
        self.samples = samples  # (t_start, t_end, op, status, retry_after, code, no_answer)
        self.lock = lock
        self.tag = tag
        self.new_models = new_models
        self.writes: list[Write] = []
        self.client = fixture.client()
        self.n = 0

    def _send(self, w: Write, method: str, path: str, body: Any) -> Answer | None:
        w.method, w.path, w.body = method, path, body
        row, a, e = request_sample(self.client, w.kind, method, path, body, {"X-Request-Id": w.request_id, "Idempotency-Key": w.key})
        w.started = row[0]
        with self.lock:
            self.samples.append(row)
        if e is not None:
            w.no_answer, w.sent, w.seconds = e.kind, e.sent, row[1] - row[0]
            return None
        w.status, w.seconds, w.answer_code, w.retry_after = a.status, a.seconds, a.code, a.headers.get("retry-after")
        return a

    def _write(self, kind: str, model: str) -> Write:
        self.n += 1
        rid = f"{self.tag}-c{self.i}-{self.n}-{kind}"
        w = Write(kind=kind, request_id=rid, model=model, key=f"key-{rid}-{uuid.uuid4().hex[:8]}")
        self.writes.append(w)
        return w

    def step(self, phase: int) -> None:
        """One cycle; returns early when the server does not answer (the caller decides what to do next)."""
        if self.new_models and phase % 5 == 4:
            name = f"{self.tag}-new-{self.i}-{self.n}"
            w = self._write("model", name)
            self._send(w, "POST", "/v1/models", {"name": name, "description": "system test"})
        w = self._write("version", self.model)
        a = self._send(w, "POST", f"/v1/models/{self.model}/versions", {"artifact_sha256": self.f.artifact, "format": "pickle"})
        if a is not None and a.status == 201:
            w.version = a.json["version"]
            m = self._write("alias", self.model)
            m.version = w.version
            self._send(m, "PUT", f"/v1/models/{self.model}/aliases/staging", {"version": w.version, "reason": "system test"})
        r = self._write("report", self.model)
        r.rows = self.rows
        r.case_reference = r.request_id
        self._send(r, "POST", f"/v1/models/{self.model}/predictions", h.report_body(self.rows, r.case_reference))

    def retry_unanswered(self, attempts: int = 10, also_503: bool = False) -> list[str]:
        """Sends every unanswered write (and with `also_503` every write answered 503/429) again with its
        Idempotency-Key until it gets a definite answer, as a client honouring Retry-After would."""
        problems = []
        for w in self.writes:
            if not (w.unanswered or (also_503 and w.status in (429, 503))):
                continue
            w.status = None
            first = w.retries + 1
            a, tries = send_until_definite(self.client, w, attempts, lambda n: f"{w.request_id}-retry{first + n}", max_wait=2.0)
            w.retries += tries
            if a is not None:
                w.status, w.answer_code = a.status, a.code
            if w.status is None:
                problems.append(f"retry of {w.request_id} got no definite answer")
            elif not (200 <= w.status < 300):
                problems.append(f"retry of {w.request_id} answered {w.status} {w.answer_code}")
        return problems


def send_until_definite(c: h.Client, w: Write, attempts: int, request_id: Callable[[int], str],
                        max_wait: float) -> tuple[Answer | None, int]:
    """Sends `w` again and again with its Idempotency-Key (a fresh X-Request-Id each time, so the log shows every
    attempt) until an answer other than 429/503, as a client honouring Retry-After (up to `max_wait`) would. Returns
    that answer, or None after `attempts`, and how many attempts were made."""
    for attempt in range(attempts):
        rid = request_id(attempt)
        w.retried_request_ids.append(rid)
        try:
            a = c.request(w.method, w.path, w.body, {"X-Request-Id": rid, "Idempotency-Key": w.key})
        except NoAnswer as e:
            w.no_answer = e.kind
            time.sleep(0.2)
            continue
        if a.status in (429, 503):
            time.sleep(min(float(a.headers.get("retry-after", "1")), max_wait))
            continue
        return a, attempt + 1
    return None, attempts


def setup_models(fixture: h.Fixture, names: list[str], versions: int = 1, alias: str | None = "staging") -> None:
    c = fixture.client()
    for name in names:
        h.expect(h.create_model(c, name), 201)
        for _ in range(versions):
            h.expect(h.register_version(c, name, fixture.artifact), 201)
        if alias:
            h.expect(h.move_alias(c, name, alias, 1), 200)
    c.close()
    time.sleep(0.1)  # reported predictions' made_at must not precede version 1


def five_xx_problems(samples: list, allowed: tuple[int, ...] = (503,)) -> list[str]:
    problems = []
    bad = [s for s in samples if s[3] is not None and s[3] >= 500 and s[3] not in allowed]
    if bad:
        problems.append(f"{len(bad)} answers {sorted({s[3] for s in bad})} ({sorted({s[5] for s in bad})[:3]})")
    no_retry_after = [s for s in samples if s[3] in (429, 503) and not s[4]]
    if no_retry_after:
        problems.append(f"{len(no_retry_after)} 503/429 answers without Retry-After")
    internal = [s for s in samples if s[3] == 503 and s[5] in ("internal_error", "database_error")]
    if internal:
        problems.append(f"{len(internal)} 503 answers with code internal_error/database_error (an unexpected failure behind a 503)")
    return problems


# ---------------------------------------------------------------------------------------------------------------------
# 1. Crash


def crash(cluster: h.PostgresCluster, p: dict[str, Any]) -> dict[str, Any]:
    r = Result("crash", "kill -9 the server under write load")
    clients, duration, kills = p["clients"], p["duration"], p["kills"]
    r["load"] = f"{clients} clients writing for {duration:.0f} s (version registrations, alias moves, reported batches of {p['rows']}, new models)"
    r["faults"] = f"{kills}× kill -9 of the server mid-load, restart on the same port"
    with ScenarioRun(r) as run:
        f = run.fixture(cluster, "crash")
        models = [f"crash-{i}" for i in range(clients)]
        setup_models(f, models)
        samples: list = []
        lock = threading.Lock()
        writers = [Writer(f, i, models[i], p["rows"], samples, lock, "crash") for i in range(clients)]
        run.closing(w.client for w in writers)
        deadline = time.monotonic() + duration

        def loop(w: Writer) -> None:
            phase = 0
            while time.monotonic() < deadline:
                before = len(w.writes)
                w.step(phase)
                phase += 1
                if any(x.status is None for x in w.writes[before:]):
                    time.sleep(0.1)  # the server is down: wait a little before trying again

        threads = start_threads(loop, writers)
        kill_times = []
        restart_seconds = []
        t_start = deadline - duration
        slot = duration / (kills + 1)
        for k in range(kills):
            kill_at = t_start + slot * (k + 1) + random.uniform(-0.2, 0.2) * slot
            time.sleep(max(0.5, kill_at - time.monotonic()))
            f.server.kill9()
            kill_times.append(time.monotonic())
            h.log(f"crash: killed the server (kill {k + 1}/{kills})")
            time.sleep(0.3)
            t0 = time.monotonic()
            f.server.start()
            restart_seconds.append(round(time.monotonic() - t0, 2))
        check_clients_finished(r, join_threads(threads, timeout=duration + 3 * h.CLIENT_TIMEOUT))
        all_writes = [w for wr in writers for w in wr.writes]
        summarise_samples(r, samples)
        check_no_5xx(r, samples)
        # Before any retry: acknowledged writes present, unanswered ones all or nothing.
        acc = h.account_writes(f, all_writes)
        r.accounting(acc)
        r.note(f"{acc['unanswered']} writes had no answer when the server died; {acc['unanswered_present']} of them had committed")
        r.note(f"restart took {restart_seconds} s")
        r["latency_note"] = f"all answered requests; restart {max(restart_seconds):.2f} s"
        # Then retry every unanswered write with its key: each must now be in the log exactly once.
        retry_problems = []
        for wr in writers:
            retry_problems += wr.retry_unanswered()
        acc2 = h.account_writes(f, all_writes, by_key=True)
        retried = sum(1 for w in all_writes if w.retries)
        r.check_no_problems("unanswered writes retried after restart with their Idempotency-Key: answered 2xx, in the log exactly once",
                            retry_problems + acc2["problems"], 8)
        r.note(f"{retried} unanswered writes retried after restart")
        after_restart = [s for s in samples if kill_times and s[0] > kill_times[-1] + 2 and s[3] is not None]
        ok_after = sum(1 for s in after_restart if 200 <= s[3] < 300)
        r.check("writes succeed after restart", ok_after > 0 and ok_after == len(after_restart),
                f"{ok_after}/{len(after_restart)} answers 2xx after the last restart")
        r.final(h.final_checks(f))
    return run.result


# ---------------------------------------------------------------------------------------------------------------------
# 2. Database restart under load


def db_restart(cluster: h.PostgresCluster, p: dict[str, Any]) -> dict[str, Any]:
    r = Result("db_restart", "PostgreSQL stopped and restarted under load")
    clients = p["clients"]
    restarts: list[tuple[str, float]] = p["restarts"]  # (pg_ctl stop mode, seconds down)
    r["load"] = f"{clients} clients writing and reading; {p['warmup']:.0f} s before, {p['tail']:.0f} s after each outage"
    r["faults"] = "; ".join(f"pg_ctl stop -m {mode}, down {down:.0f} s" for mode, down in restarts)
    with ScenarioRun(r) as run:
        f = run.fixture(cluster, "dbrestart")

        def restart_cluster() -> None:
            # Whatever happened here, the next scenario needs the shared cluster up. Registered after the fixture,
            # so it runs before the server is stopped (teardown runs last registered first).
            if not cluster.running:
                cluster.start()
        run.at_exit(restart_cluster)

        models = [f"dbr-{i}" for i in range(clients)]
        setup_models(f, models)
        samples: list = []
        lock = threading.Lock()
        writers = [Writer(f, i, models[i], p["rows"], samples, lock, "dbr", new_models=False) for i in range(clients)]
        run.closing(w.client for w in writers)
        stop = threading.Event()

        def loop(w: Writer) -> None:
            reader = f.client()
            phase = 0
            while not stop.is_set():
                before = len(w.writes)
                w.step(phase)
                phase += 1
                refused = [x for x in w.writes[before:] if x.status == 503]
                if refused:
                    # Refused: back off as Retry-After says (the refused writes are retried with their keys at the end).
                    time.sleep(min(float(refused[0].retry_after or 1), 1.0) * random.uniform(0.5, 1.0))
                row, _, _ = request_sample(reader, "read", "GET", f"/v1/models/{w.model}")
                with lock:
                    samples.append(row)
                time.sleep(0.02)
            reader.close()

        threads = start_threads(loop, writers)
        windows = []
        for mode, down in restarts:
            time.sleep(p["warmup"])
            t_stopping = time.monotonic()
            cluster.stop(mode)
            t_down = time.monotonic()  # pg_ctl stop has returned: the database is gone
            h.log(f"db_restart: PostgreSQL stopped ({mode})")
            time.sleep(down)
            t_starting = time.monotonic()
            cluster.start()
            t_up = time.monotonic()
            h.log("db_restart: PostgreSQL started")
            windows.append((t_stopping, t_down, t_starting, t_up))
            time.sleep(p["tail"])
        stop.set()
        check_clients_finished(r, join_threads(threads, timeout=3 * h.CLIENT_TIMEOUT))
        summarise_samples(r, samples)
        no_answer = [s for s in samples if s[3] is None]
        r.check("every request answered (no hang, no dropped connection)", not no_answer,
                f"{len(no_answer)} without answer: {sorted({s[6] for s in no_answer})}" if no_answer else "")
        check_no_5xx(r, samples)
        recovery = []
        outage_problems = []
        t_end = time.monotonic()
        for index, (t_stopping, t_down, t_starting, t_up) in enumerate(windows):
            t_next = windows[index + 1][0] if index + 1 < len(windows) else t_end
            # Requests that started and ended while the database was down must be 503s.
            inside = [s for s in samples if s[0] >= t_down and s[1] <= t_starting]
            not_503 = [s for s in inside if s[3] != 503]
            if not inside:
                outage_problems.append("no request completed during an outage")
            if not_503:
                outage_problems.append(f"{len(not_503)} answers during an outage were not 503: {h.status_summary([s[3] for s in not_503])} "
                                       f"({sorted({s[2] for s in not_503})})")
            slowest = max((s[1] - s[0] for s in samples if s[0] < t_up and s[1] > t_stopping and s[3] is not None), default=0)
            if slowest > p["max_outage_latency"]:
                outage_problems.append(f"an answer during the outage took {slowest:.1f} s")
            firsts = [s[1] for s in samples if s[0] >= t_up and s[2] != "read" and s[3] is not None and 200 <= s[3] < 300]
            recovery.append(round(min(firsts) - t_up, 2) if firsts else None)
            tail = [s for s in samples if s[0] >= t_up + p["recovery_limit"] and s[1] <= t_next]
            tail_bad = [s for s in tail if s[3] is None or not (200 <= s[3] < 300)]
            if tail_bad:
                first = min(s[0] for s in tail_bad) - t_up
                last = max(s[0] for s in tail_bad) - t_up
                outage_problems.append(f"outage {index + 1}: {len(tail_bad)}/{len(tail)} requests failed more than {p['recovery_limit']:.0f} s "
                                       f"after the database returned (from +{first:.1f} s to +{last:.1f} s): "
                                       f"{h.status_summary([s[3] for s in tail_bad])} {sorted({(s[2], s[5]) for s in tail_bad})}")
        r.check_no_problems("503 with Retry-After while PostgreSQL is down, answers within bound", outage_problems)
        r["recovery_seconds"] = recovery
        r["latency_note"] = "all answered requests; back " + " / ".join("-" if x is None else f"{x:.2f}" for x in recovery) + " s after PostgreSQL"
        r.check(f"first acknowledged write within {p['recovery_limit']:.0f} s of the database returning",
                all(x is not None and x <= p["recovery_limit"] for x in recovery), f"recovery {recovery} s")
        r.note(f"recovery after restart: {recovery} s; slowest answer {r.data['latency_max_ms']} ms")
        all_writes = [w for wr in writers for w in wr.writes]
        r.accounting(h.account_writes(f, all_writes))
        # A client honouring Retry-After sends each refused write again with its key: each must land exactly once.
        retry_problems = []
        refused = sum(1 for w in all_writes if w.status in (429, 503) or w.unanswered)
        lock_retry = threading.Lock()

        def retry(wr: Writer) -> None:
            found = wr.retry_unanswered(also_503=True)
            with lock_retry:
                retry_problems.extend(found)
        errors = h.run_threads([lambda wr=wr: retry(wr) for wr in writers], join_timeout=300)
        retry_problems += errors
        acc2 = h.account_writes(f, all_writes, by_key=True)
        r.check_no_problems("writes refused with 503, retried with their Idempotency-Key: answered 2xx, in the log exactly once",
                            retry_problems + acc2["problems"], 6)
        r.note(f"{refused} writes refused during the outages were retried with their key afterwards")
        r.final(h.final_checks(f))
    return run.result


# ---------------------------------------------------------------------------------------------------------------------
# 3. Slow database: a long lock on the ledger head


def slow_db(cluster: h.PostgresCluster, p: dict[str, Any]) -> dict[str, Any]:
    r = Result("slow_db", "a long lock held on the ledger head")
    timeout, hold = p["statement_timeout"], p["hold"]
    r["load"] = f"{p['writers']} writers and {p['readers']} readers; {p['warmup']:.0f} s before and {p['tail']:.0f} s after the lock"
    r["faults"] = f"row lock on ledger_head held {hold:.0f} s by another session; --statement-timeout {timeout:g}"
    with ScenarioRun(r) as run:
        f = run.fixture(cluster, "slowdb", ["--statement-timeout", str(timeout)])
        models = [f"slow-{i}" for i in range(p["writers"])]
        setup_models(f, models)
        samples: list = []
        reads: list = []
        lock = threading.Lock()
        writers = [Writer(f, i, models[i], p["rows"], samples, lock, "slow", new_models=False) for i in range(p["writers"])]
        run.closing(w.client for w in writers)
        stop = threading.Event()

        def write_loop(w: Writer) -> None:
            phase = 0
            while not stop.is_set():
                w.step(phase)
                phase += 1

        def read_loop(i: int) -> None:
            c = f.client()
            paths = [f"/v1/models/{models[i % len(models)]}", f"/v1/models/{models[i % len(models)]}/versions?limit=5", "/health",
                     "/v1/models?limit=20"]
            n = 0
            while not stop.is_set():
                path = paths[n % len(paths)]
                n += 1
                row, _, _ = request_sample(c, path, "GET", path)
                with lock:
                    reads.append(row)
                time.sleep(0.01)
            c.close()

        threads = start_threads(write_loop, writers) + start_threads(read_loop, range(p["readers"]))
        time.sleep(p["warmup"])
        # The holder releases the lock on the way out only if it is still held (the wait failed).
        with f.cluster.hold_head_lock(f.database, hold) as holder:
            t_lock = holder.acquired_at
            h.log(f"slow_db: ledger head locked for {hold:.0f} s")
            holder.wait(timeout=hold + 30)
            t_release = time.monotonic()
        h.log("slow_db: lock released")
        time.sleep(p["tail"])
        stop.set()
        check_clients_finished(r, join_threads(threads, timeout=3 * h.CLIENT_TIMEOUT))
        r["statuses"] = h.status_summary([s[3] for s in samples] + [s[3] for s in reads])
        check_no_5xx(r, samples + reads)
        # Writes that began while the lock was held and could not have finished before it was released.
        bound = timeout + p["slack"]
        # Every write that started while the lock was held (or just before), early enough that waiting for the lock
        # would take it past the bound, must be answered within the bound; those that started under the lock, with 503.
        exposed = [s for s in samples if t_lock - 0.5 <= s[0] <= t_release - bound]
        blocked = [s for s in exposed if s[0] >= t_lock + 0.2]
        late = [s for s in exposed if s[1] - s[0] > bound]
        not_503 = [s for s in blocked if s[3] != 503]
        w_lat = [s[1] - s[0] for s in exposed]
        r["blocked_write_latency_max_s"] = round(max(w_lat), 2) if w_lat else None
        by_kind = {}
        for s in late:
            by_kind.setdefault(s[2], []).append(round(s[1] - s[0], 1))
        r.check(f"writes during the lock answered 503 within statement timeout + {p['slack']:g} s (≤ {bound:g} s)",
                bool(exposed) and not late and not not_503,
                f"{len(exposed)} writes exposed to the lock; {len(late)} slower than {bound:g} s (max {max(w_lat, default=0):.2f} s; "
                f"seconds by kind {dict((k, sorted(v)[-6:]) for k, v in by_kind.items())}); {len(not_503)} started under the lock "
                f"were not 503 {h.status_summary([s[3] for s in not_503])}")
        r.note(f"{len(exposed)} writes exposed to the lock; slowest {max(w_lat, default=0):.2f} s for statement timeout {timeout:g} s")
        base = [s[1] - s[0] for s in reads if s[0] < t_lock and s[3] is not None]
        during = [s for s in reads if t_lock <= s[0] and s[1] <= t_release]
        during_lat = [s[1] - s[0] for s in during]
        p99_base = h.percentile(base, 99) or 0
        p99_during = h.percentile(during_lat, 99) or 0
        r.latencies(during_lat)
        bad_reads = [s for s in during if s[3] != 200]
        read_bound = max(p["read_p99_floor"], 3 * p99_base)
        r.check(f"reads stay responsive during the lock (all 200, p99 ≤ {read_bound * 1000:.0f} ms)",
                bool(during) and not bad_reads and p99_during <= read_bound,
                f"{len(during)} reads, p99 {p99_during * 1000:.0f} ms (before the lock {p99_base * 1000:.0f} ms), "
                f"{len(bad_reads)} not 200 {h.status_summary([s[3] for s in bad_reads])}")
        r["read_p99_before_ms"] = round(p99_base * 1000, 1)
        r["latency_note"] = f"reads under the lock; slowest write {max(w_lat, default=0):.1f} s"
        after = [s for s in samples if s[0] >= t_release + bound]
        ok_after = [s for s in after if s[3] is not None and 200 <= s[3] < 300]
        r.check("writes succeed again after the lock is released", bool(after) and len(ok_after) == len(after),
                f"{len(ok_after)}/{len(after)} 2xx")
        all_writes = [w for wr in writers for w in wr.writes]
        r.accounting(h.account_writes(f, all_writes))
        r.final(h.final_checks(f))
    return run.result


# ---------------------------------------------------------------------------------------------------------------------
# 4. Overload


def overload(cluster: h.PostgresCluster, p: dict[str, Any]) -> dict[str, Any]:
    r = Result("overload", f"{p['connections']} concurrent connections")
    flags = h.serve_flags()
    args = ["--pool-size", str(p["pool_size"])]
    queue_supported = "--pool-queue" in flags
    if queue_supported:
        args += ["--pool-queue", str(p["pool_queue"])]
    if "--pool-timeout" in flags:
        args += ["--pool-timeout", str(p["pool_timeout"])]
    r["load"] = (f"{p['connections']} persistent connections for {p['duration']:.0f} s, 70% reads / 30% writes, "
                 f"pool {p['pool_size']}" + (f", queue {p['pool_queue']}, pool timeout {p['pool_timeout']:g} s" if queue_supported else ""))
    r["faults"] = "connection pool exhausted"
    with ScenarioRun(r) as run:
        f = run.fixture(cluster, "overload", args, log_level="notice")
        models = [f"over-{i}" for i in range(10)]
        setup_models(f, models)
        idle_rss = f.server.sample_memory()
        samples: list = []
        lock = threading.Lock()
        start = threading.Barrier(p["connections"] + 1)
        stop = threading.Event()
        connected = []
        writes: list[Write] = []
        rss: list[tuple[float, int]] = []

        def client_loop(i: int) -> None:
            c = f.client()
            try:
                c.request("GET", "/health")  # opens the connection before the load starts
                with lock:
                    connected.append(i)
            except NoAnswer:
                pass
            try:
                start.wait(timeout=120)
            except threading.BrokenBarrierError:
                return
            rng = random.Random(i)
            n = 0
            while not stop.is_set():
                n += 1
                model = models[rng.randrange(len(models))]
                roll = rng.random()
                w = None
                if roll < 0.3:
                    path, method, body = f"/v1/models/{model}", "GET", None
                elif roll < 0.5:
                    path, method, body = f"/v1/models/{model}/versions?limit=10", "GET", None
                elif roll < 0.7:
                    path, method, body = "/v1/events?limit=50", "GET", None
                elif roll < 0.9:
                    rid = f"over-c{i}-{n}-report"
                    w = Write(kind="report", request_id=rid, model=model, rows=p["rows"], case_reference=rid)
                    path, method, body = f"/v1/models/{model}/predictions", "POST", h.report_body(p["rows"], rid)
                else:
                    rid = f"over-c{i}-{n}-version"
                    w = Write(kind="version", request_id=rid, model=model)
                    path, method, body = f"/v1/models/{model}/versions", "POST", {"artifact_sha256": f.artifact, "format": "pickle"}
                row, a, e = request_sample(c, w.kind if w else "read", method, path, body,
                                           {"X-Request-Id": w.request_id if w else h.new_id("read")})
                if w and a is not None:
                    w.status, w.answer_code = a.status, a.code
                if w and e is not None:
                    w.no_answer, w.sent = e.kind, e.sent
                with lock:
                    samples.append(row)
                    if w:
                        writes.append(w)
                if row[3] in (429, 503) and p["honour_retry_after"]:
                    time.sleep(min(float(row[4] or 1), 1.0) * rng.random())
            c.close()

        threads = start_threads(client_loop, range(p["connections"]))
        try:
            start.wait(timeout=120)
        except threading.BrokenBarrierError:
            pass
        t_start = time.monotonic()
        h.log(f"overload: {len(connected)} connections open, load started")
        while time.monotonic() - t_start < p["duration"]:
            m = f.server.sample_memory()
            rss.append((time.monotonic() - t_start, m.get("VmRSS", 0)))
            time.sleep(0.5)
        stop.set()
        stuck = join_threads(threads, timeout=3 * h.CLIENT_TIMEOUT)
        mem = f.server.sample_memory()
        r.check(f"{p['connections']} connections opened and every client finished",
                len(connected) == p["connections"] and stuck == 0, f"{len(connected)} connected, {stuck} still running")
        lat = summarise_samples(r, samples)
        ok_lat = [s[1] - s[0] for s in samples if s[3] is not None and 200 <= s[3] < 300]
        r["latency_ok_p99_ms"] = round((h.percentile(ok_lat, 99) or 0) * 1000, 1)
        r["requests"] = len(samples)
        r["throughput_rps"] = round(len(samples) / p["duration"], 1)
        r["goodput_rps"] = round(sum(1 for s in samples if s[3] is not None and 200 <= s[3] < 300) / p["duration"], 1)
        peak_mb = round(mem.get("VmHWM", f.server.peak_hwm_kb) / 1024, 1)
        r["peak_rss_mb"] = peak_mb
        r["idle_rss_mb"] = round(idle_rss.get("VmRSS", 0) / 1024, 1)
        no_answer = [s for s in samples if s[3] is None]
        r.check("every request answered within the client timeout", not no_answer,
                f"{len(no_answer)} without answer {sorted({s[6] for s in no_answer})}" if no_answer else "")
        check_no_5xx(r, samples, "no 5xx other than 503, every 503/429 with Retry-After")
        r.check(f"bounded memory: peak RSS ≤ {p['rss_limit_mb']} MB", peak_mb <= p["rss_limit_mb"],
                f"peak {peak_mb} MB, idle {r.data['idle_rss_mb']} MB")
        refused = [s for s in samples if s[3] in (429, 503)]
        busy = [s for s in refused if s[5] == "database_busy"]
        r["refused_503_429"] = len(refused)
        r["latency_note"] = f"all requests; {len(refused)} refused 503 of {len(samples)}"
        r["refused_database_busy"] = len(busy)
        if queue_supported:
            bound = p["pool_timeout"] + p["slack"]
            slow = [x for x in lat if x > bound]
            r.check(f"pool exhaustion refused with 503/429 rather than queued (some database_busy, max latency ≤ {bound:g} s)",
                    bool(refused) and not slow, f"{len(refused)} refused ({len(busy)} database_busy), {len(slow)} answers slower than {bound:g} s, "
                    f"max {max(lat, default=0):.2f} s")
        else:
            r.check("pool exhaustion refused with 503/429 rather than queued", None,
                    f"this binary has no --pool-queue; {len(refused)} refused, max latency {max(lat, default=0):.2f} s")
        r.note(f"{len(samples)} requests ({r.data['throughput_rps']}/s, {r.data['goodput_rps']}/s 2xx), {len(refused)} refused with 503/429 "
               f"({len(busy)} database_busy); p99 {r.data['latency_p99_ms']} ms; peak RSS {peak_mb} MB")
        r.accounting(h.account_writes(f, writes))
        r.final(h.final_checks(f))
    return run.result


# ---------------------------------------------------------------------------------------------------------------------
# 5. Conflicts


def race(clients: list[h.Client], fn: Callable[[int, h.Client], Write]) -> list[Write]:
    """All clients fire at once (a barrier), each one request."""
    barrier = threading.Barrier(len(clients))
    out: list[Write | None] = [None] * len(clients)

    def one(i: int) -> None:
        barrier.wait(timeout=60)
        out[i] = fn(i, clients[i])

    errors = h.run_threads([lambda i=i: one(i) for i in range(len(clients))], join_timeout=3 * h.CLIENT_TIMEOUT)
    if errors:
        raise RuntimeError("; ".join(errors[:3]))
    return [w for w in out if w is not None]


def timed(w: Write, call: Callable[[], Answer]) -> Write:
    t0 = time.monotonic()
    try:
        a = call()
        w.status, w.answer_code, w.retry_after = a.status, a.code, a.headers.get("retry-after")
    except NoAnswer as e:
        w.no_answer, w.sent = e.kind, e.sent
    w.seconds = time.monotonic() - t0
    return w


def tally(ws: list[Write], into: dict[str, int], with_code: bool = True) -> None:
    """Counts the answers of one race into `into`, by status (and error code)."""
    for w in ws:
        key = f"{w.status} {w.answer_code}".strip() if with_code else str(w.status)
        into[key] = into.get(key, 0) + 1


def one_winner(rnd: int, ws: list[Write], won: int, n: int) -> tuple[list[Write], list[str]]:
    """A race that only one may win: exactly one `won` answer and n - 1 × 409. Returns the winners and the problem."""
    wins = [w for w in ws if w.status == won]
    losses = [w for w in ws if w.status == 409]
    if len(wins) != 1 or len(losses) != n - 1:
        return wins, [f"round {rnd}: {len(wins)} won, {len(losses)} got 409, others "
                      f"{h.status_summary([w.status for w in ws if w.status not in (won, 409)])}"]
    return wins, []


def unexpected_answers(rnd: int, ws: list[Write], allowed: tuple[int, ...]) -> list[str]:
    """Anything but the `allowed` answers (no answer, a 5xx, another 4xx) is a problem in a race."""
    bad = [w for w in ws if w.status not in allowed]
    return [f"round {rnd}: answers {h.status_summary([w.status for w in bad])}"] if bad else []


def stream_of(model: str) -> str:
    """SQL for the ledger stream of a model, found by its registration event."""
    return f"(SELECT stream FROM ledger_events WHERE type = 'ModelRegistered' AND data::jsonb->>'name' = '{model}')"


def alias_moves(f: h.Fixture, model: str) -> list[list[str]]:
    """[request_id, version] of every AliasSet on the model's stream, in log order (the races use only `staging`)."""
    return f.sql(f"SELECT metadata::jsonb->>'request_id', data::jsonb->>'version' FROM ledger_events WHERE type = 'AliasSet' "
                 f"AND stream = {stream_of(model)} ORDER BY position")


def staging_alias(f: h.Fixture, model: str) -> Answer:
    """What the API says `staging` points at now (on a connection of its own, not one of the racers')."""
    c = f.client()
    try:
        return c.request("GET", f"/v1/models/{model}/aliases/staging")
    finally:
        c.close()


def conflicts(cluster: h.PostgresCluster, p: dict[str, Any]) -> dict[str, Any]:
    r = Result("conflicts", f"{p['clients']} clients racing for one name or alias")
    n, rounds = p["clients"], p["rounds"]
    r["load"] = f"{n} clients released together by a barrier, {rounds} round(s) of 5 races"
    r["faults"] = ("write-write races: one model name; one alias moved from one version (from_version); one alias to one version; "
                   "one alias to different versions; versions of one model")
    with ScenarioRun(r) as run:
        f = run.fixture(cluster, "conflicts")
        clients = run.closing(f.client() for _ in range(n))
        for c in clients:
            c.request("GET", "/health")
        all_writes: list[Write] = []
        name_problems, same_problems, diff_problems, version_problems, cas_problems = [], [], [], [], []
        # Does this server honour from_version? Probe with a condition that cannot hold on a move that changes nothing.
        h.expect(h.create_model(clients[0], "cas-probe"), 201)
        h.expect(h.register_version(clients[0], "cas-probe", f.artifact), 201)
        h.expect(h.move_alias(clients[0], "cas-probe", "staging", 1), 200)
        probe = h.move_alias(clients[0], "cas-probe", "staging", 1, from_version=999)
        cas = probe.status == 409
        r["from_version_in_openapi"] = h.api_supports(clients[0], "from_version")
        cas_statuses: dict[str, int] = {}
        same_statuses: dict[str, int] = {}
        diff_statuses: dict[str, int] = {}
        version_statuses: dict[str, int] = {}
        for rnd in range(rounds):
            # (a) one name, n registrations
            name = f"race-{rnd}-{uuid.uuid4().hex[:6]}"

            def reg(i: int, c: h.Client, name=name, rnd=rnd) -> Write:
                w = Write(kind="model", request_id=f"name-r{rnd}-c{i}", model=name)
                return timed(w, lambda: h.create_model(c, name, w.request_id))

            ws = race(clients, reg)
            all_writes += ws
            wins, problems = one_winner(rnd, ws, 201, n)
            name_problems += problems
            events = f.sql(f"SELECT metadata::jsonb->>'request_id' FROM ledger_events WHERE type = 'ModelRegistered' "
                           f"AND data::jsonb->>'name' = '{name}'")
            if len(events) != 1 or (wins and events[0][0] != wins[0].request_id):
                name_problems.append(f"round {rnd}: {len(events)} ModelRegistered events for {name}")

            # set-up for the alias races: a model with enough versions
            model = f"alias-{rnd}-{uuid.uuid4().hex[:6]}"
            c0 = clients[0]
            h.expect(h.create_model(c0, model), 201)
            for _ in range(n + 2):
                h.expect(h.register_version(c0, model, f.artifact), 201)
            h.expect(h.move_alias(c0, model, "staging", 1), 200)
            before = len(alias_moves(f, model))

            # (b) n clients move staging to the same new version
            def same(i: int, c: h.Client, model=model, rnd=rnd) -> Write:
                w = Write(kind="alias", request_id=f"same-r{rnd}-c{i}", model=model, version=2)
                return timed(w, lambda: h.move_alias(c, model, "staging", 2, w.request_id))

            ws = race(clients, same)
            tally(ws, same_statuses, with_code=False)
            moved = alias_moves(f, model)[before:]
            if len(moved) != 1:
                same_problems.append(f"round {rnd}: {len(moved)} AliasSet events for one move to version 2")
            same_problems += unexpected_answers(rnd, ws, (200, 409))
            winners = {m[0] for m in moved}
            for w in ws:
                if w.status == 409 and w.request_id in winners:
                    same_problems.append(f"round {rnd}: {w.request_id} answered 409 but its move is in the log")

            # (b2) compare-and-set: n clients move staging from where it is (2) to n different versions
            before = len(alias_moves(f, model))
            if cas:
                def cas_move(i: int, c: h.Client, model=model, rnd=rnd) -> Write:
                    w = Write(kind="alias", request_id=f"cas-r{rnd}-c{i}", model=model, version=3 + i)
                    return timed(w, lambda: h.move_alias(c, model, "staging", 3 + i, w.request_id, from_version=2))

                ws = race(clients, cas_move)
                all_writes += ws
                tally(ws, cas_statuses)
                moved = alias_moves(f, model)[before:]
                wins, problems = one_winner(rnd, ws, 200, n)
                cas_problems += problems
                if len(moved) != 1 or (wins and moved[0][0] != wins[0].request_id):
                    cas_problems.append(f"round {rnd}: {len(moved)} AliasSet events, winner {wins[0].request_id if wins else None}, "
                                        f"logged {[m[0] for m in moved][:3]}")
                now = staging_alias(f, model)
                if wins and (now.status != 200 or now.json.get("version") != wins[0].version):
                    cas_problems.append(f"round {rnd}: staging is {now.json and now.json.get('version')}, the winner moved it to {wins[0].version}")
            current_now = staging_alias(f, model).json["version"]

            # (c) n clients move staging to n different versions (none the current one), no precondition: last writer wins
            before = len(alias_moves(f, model))
            targets = [v for v in range(1, n + 3) if v != current_now][:n]

            def diff(i: int, c: h.Client, model=model, rnd=rnd, targets=targets) -> Write:
                target = targets[i]
                w = Write(kind="alias", request_id=f"diff-r{rnd}-c{i}", model=model, version=target)
                return timed(w, lambda: h.move_alias(c, model, "staging", target, w.request_id))

            ws = race(clients, diff)
            all_writes += ws
            tally(ws, diff_statuses)
            moved = alias_moves(f, model)[before:]
            acked = {w.request_id for w in ws if w.acknowledged}
            logged = [m[0] for m in moved]
            if set(logged) - {w.request_id for w in ws}:
                diff_problems.append(f"round {rnd}: AliasSet events from unknown requests")
            if len(logged) != len(set(logged)):
                diff_problems.append(f"round {rnd}: a move appended twice")
            if acked - set(logged):
                diff_problems.append(f"round {rnd}: {len(acked - set(logged))} acknowledged moves not in the log")
            answered_409 = {w.request_id for w in ws if w.status == 409}
            if answered_409 & set(logged):
                diff_problems.append(f"round {rnd}: {len(answered_409 & set(logged))} moves answered 409 but in the log")
            final_alias = staging_alias(f, model)
            if moved and (final_alias.status != 200 or final_alias.json.get("version") != int(moved[-1][1])):
                diff_problems.append(f"round {rnd}: staging is {final_alias.json and final_alias.json.get('version')} but the last move says {moved[-1][1]}")
            diff_problems += unexpected_answers(rnd, ws, (200, 409))

            # (d) n clients register a version of the same model
            vmodel = f"versions-{rnd}-{uuid.uuid4().hex[:6]}"
            h.expect(h.create_model(c0, vmodel), 201)

            def ver(i: int, c: h.Client, vmodel=vmodel, rnd=rnd) -> Write:
                w = Write(kind="version", request_id=f"ver-r{rnd}-c{i}", model=vmodel)

                def call() -> Answer:
                    a = h.register_version(c, vmodel, f.artifact, w.request_id)
                    if a.status == 201:
                        w.version = a.json["version"]
                    return a
                return timed(w, call)

            ws = race(clients, ver)
            all_writes += ws
            tally(ws, version_statuses)
            numbers = sorted(w.version for w in ws if w.version is not None)
            logged_versions = sorted(int(x[0]) for x in f.sql(
                f"SELECT data::jsonb->>'version' FROM ledger_events WHERE type = 'VersionRegistered' AND stream = {stream_of(vmodel)}"))
            if logged_versions != list(range(1, len(logged_versions) + 1)):
                version_problems.append(f"round {rnd}: versions in the log not gapless: {logged_versions[:10]}…")
            if len(numbers) != len(set(numbers)) or not set(numbers) <= set(logged_versions):
                version_problems.append(f"round {rnd}: answered version numbers duplicated or missing from the log")
            version_problems += unexpected_answers(rnd, ws, (201, 409))

        r.check_no_problems("same name: exactly one 201, the rest 409, one ModelRegistered", name_problems, 5)
        r.check_no_problems("same alias to the same version (no precondition): exactly one AliasSet appended", same_problems, 5)
        if cas:
            r.check_no_problems("same alias moved from one version (from_version): exactly one 200, the rest 409, one AliasSet",
                                cas_problems, 5)
        else:
            r.check("same alias moved from one version (from_version): exactly one 200, the rest 409, one AliasSet", None,
                    "this binary's API has no from_version (compare-and-set) on alias moves")
        r.check_no_problems("same alias to different versions (no precondition): every 2xx in the log once, no 409 in the log, alias = last move",
                            diff_problems, 5)
        r.check_no_problems("versions of one model: gapless, distinct, every 201 in the log", version_problems, 5)
        r["statuses"] = {"alias_cas": cas_statuses, "same_alias": same_statuses, "different_alias": diff_statuses, "versions": version_statuses}
        r.note(f"answers: alias compare-and-set race {cas_statuses}; same-version alias race (no precondition) {same_statuses}; "
               f"different-version race (no precondition) {diff_statuses}; version registration race {version_statuses}")
        r.latencies([w.seconds for w in all_writes if w.status is not None])
        r["latency_note"] = "racing writes"
        r.accounting(h.account_writes(f, all_writes))
        r.final(h.final_checks(f))
    return run.result


# ---------------------------------------------------------------------------------------------------------------------
# 6. Idempotency under retry


def idempotency(cluster: h.PostgresCluster, p: dict[str, Any]) -> dict[str, Any]:
    r = Result("idempotency", "retries after a dropped connection with the same Idempotency-Key")
    clients, per_client = p["clients"], p["writes_per_client"]
    r["load"] = (f"{clients} clients × {per_client} keyed writes (reported batches of {p['rows']}, registrations, alias moves, new models), "
                 "most sent, dropped and retried")
    r["faults"] = "connection closed after 0–40 ms without reading the answer; retry at once, after 1.5 s, or twice dropped"
    with ScenarioRun(r) as run:
        f = run.fixture(cluster, "idem")
        models = [f"idem-{i}" for i in range(clients)]
        setup_models(f, models)
        writes_by_client: list[list[Write]] = [[] for _ in range(clients)]
        modes: dict[str, int] = {}
        replayed = [0]
        mlock = threading.Lock()

        def send_with_retries(c: h.Client, w: Write, mode: str, method: str, path: str, body: Any) -> Answer | None:
            w.method, w.path, w.body = method, path, body
            with mlock:
                modes[mode] = modes.get(mode, 0) + 1
            drops = {"none": 0, "race": 1, "late": 1, "double": 2}[mode]
            for d in range(drops):
                rid = f"{w.request_id}-a{d}"
                w.retried_request_ids.append(rid)
                c.send_and_drop(method, path, body, {"X-Request-Id": rid, "Idempotency-Key": w.key}, after=random.uniform(0, 0.04))
                if mode == "late":
                    time.sleep(1.5)
            a, tries = send_until_definite(c, w, 30, lambda n: f"{w.request_id}-f{n}", max_wait=1.0)
            if a is None:
                return None
            w.status, w.answer_code, w.retries, w.seconds = a.status, a.code, drops + tries - 1, a.seconds
            if a.headers.get("idempotent-replayed") == "true":
                with mlock:
                    replayed[0] += 1
            return a

        def client_loop(i: int) -> None:
            c = f.client()
            rng = random.Random(i * 7919)
            model = models[i]
            for k in range(per_client):
                mode = rng.choices(["none", "race", "late", "double"], weights=[1, 5, 2, 2])[0]
                kind = ["report", "version", "report", "model"][k % 4]
                rid = f"idem-c{i}-{k}-{kind}"
                w = Write(kind=kind, request_id=rid, model=model, key=f"k-{rid}-{uuid.uuid4().hex[:8]}")
                writes_by_client[i].append(w)
                if kind == "report":
                    w.rows, w.case_reference = p["rows"], rid
                    send_with_retries(c, w, mode, "POST", f"/v1/models/{model}/predictions", h.report_body(p["rows"], rid))
                elif kind == "model":
                    w.model = f"idem-new-{i}-{k}"
                    send_with_retries(c, w, mode, "POST", "/v1/models", {"name": w.model, "description": "system test"})
                else:
                    a = send_with_retries(c, w, mode, "POST", f"/v1/models/{model}/versions", {"artifact_sha256": f.artifact, "format": "pickle"})
                    if a is not None and a.status == 201:
                        w.version = a.json["version"]
                        rid2 = f"idem-c{i}-{k}-alias"
                        m = Write(kind="alias", request_id=rid2, model=model, key=f"k-{rid2}-{uuid.uuid4().hex[:8]}", version=w.version)
                        writes_by_client[i].append(m)
                        send_with_retries(c, m, rng.choice(["race", "late", "double"]), "PUT", f"/v1/models/{model}/aliases/staging",
                                          {"version": w.version, "reason": "system test"})
            c.close()

        errors = h.run_threads([lambda i=i: client_loop(i) for i in range(clients)], join_timeout=p["max_seconds"])
        r.check("every client finished (no hung request)", not errors, "; ".join(errors[:3]))
        all_writes = [w for ws in writes_by_client for w in ws]
        not_ok = [w for w in all_writes if not w.acknowledged]
        r.check("every keyed write eventually answered 2xx", not not_ok,
                f"{len(not_ok)} not: {h.status_summary([w.status for w in not_ok])} {sorted({w.answer_code for w in not_ok})[:4]}")
        acc = h.account_writes(f, all_writes, by_key=True)
        cases = h.Ledger(f).predictions_by_case()
        dup_reports = [w for w in all_writes if w.kind == "report" and cases.get(w.case_reference, {}).get("rows", 0) > w.rows]
        r["duplicated_reports"] = len(dup_reports)
        r["duplicated_prediction_rows"] = sum(cases[w.case_reference]["rows"] - w.rows for w in dup_reports)
        r.accounting(acc)
        if dup_reports:
            sample = dup_reports[0]
            e = cases[sample.case_reference]
            r.note(f"duplicate example: {sample.case_reference} has {e['rows']} rows for a batch of {sample.rows} in {len(e['batches'])} "
                   f"batches, written by requests {sorted(e['request_ids'])}")
        r.latencies([w.seconds for w in all_writes if w.status is not None])
        r["latency_note"] = "final attempts"
        r.note(f"modes {dict(sorted(modes.items()))}; {replayed[0]} final answers were replays (Idempotent-Replayed)")
        r["modes"] = modes
        r.final(h.final_checks(f))
    return run.result


SCENARIOS: dict[str, Callable[[h.PostgresCluster, dict[str, Any]], dict[str, Any]]] = {
    "crash": crash,
    "db_restart": db_restart,
    "slow_db": slow_db,
    "overload": overload,
    "conflicts": conflicts,
    "idempotency": idempotency,
}

PARAMS: dict[str, dict[str, dict[str, Any]]] = {
    "short": {
        "crash": {"clients": 16, "duration": 10, "kills": 1, "rows": 20},
        "db_restart": {"clients": 8, "rows": 10, "warmup": 2.5, "tail": 5, "restarts": [("fast", 3)], "recovery_limit": 5,
                       "max_outage_latency": 10},
        "slow_db": {"writers": 6, "readers": 3, "rows": 10, "statement_timeout": 1.5, "hold": 7, "warmup": 2, "tail": 3, "slack": 1.5,
                    "read_p99_floor": 1.0},
        "overload": {"connections": 200, "duration": 10, "pool_size": 4, "pool_queue": 16, "pool_timeout": 2, "rows": 5, "slack": 3,
                     "rss_limit_mb": 1024, "honour_retry_after": True},
        "conflicts": {"clients": 50, "rounds": 1},
        "idempotency": {"clients": 8, "writes_per_client": 8, "rows": 200, "max_seconds": 120},
    },
    "full": {
        "crash": {"clients": 16, "duration": 45, "kills": 3, "rows": 50},
        "db_restart": {"clients": 16, "rows": 20, "warmup": 5, "tail": 10, "restarts": [("fast", 8), ("immediate", 5)], "recovery_limit": 5,
                       "max_outage_latency": 10},
        "slow_db": {"writers": 12, "readers": 4, "rows": 20, "statement_timeout": 2, "hold": 20, "warmup": 4, "tail": 5, "slack": 1.5,
                    "read_p99_floor": 1.0},
        "overload": {"connections": 200, "duration": 45, "pool_size": 4, "pool_queue": 16, "pool_timeout": 2, "rows": 5, "slack": 3,
                     "rss_limit_mb": 1024, "honour_retry_after": True},
        "conflicts": {"clients": 50, "rounds": 5},
        "idempotency": {"clients": 16, "writes_per_client": 24, "rows": 200, "max_seconds": 600},
    },
}
