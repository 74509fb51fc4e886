#!/usr/bin/env python3
"""Side-by-side benchmark: the same MLflow REST workload against a real `mlflow server` and against ours.

Both servers get their own database in one private PostgreSQL 15 cluster (tests/system/harness.py) and run one after
the other, never at the same time. wrk (Debian's package) drives the load with bench/mlflow/workload.lua, at 1 client
(-t1 -c1) and 8 clients (-t2 -c8), for a fixed time per cell after a warm-up. Setup (the models, versions and aliases
that the reads and the alias moves need) goes through Python before wrk starts.

    bench/mlflow/run.sh                         # installs wrk and the MLflow venv, then runs this
    python3 bench/mlflow/run.py --only mlflow   # one server; the other's last results are kept in the table
    python3 bench/mlflow/run.py --duration 5 --warmup 1 --ops get_by_alias,search

Writes bench/mlflow/results.md and bench/mlflow/results.json and prints the table. Python standard library only.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import resource
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO / "tests" / "system"))

import harness  # noqa: E402  (tests/system/harness.py: PostgresCluster, Server, bootstrap_admin, Client)

OPS = ["get_by_alias", "get_latest", "search", "set_alias", "create_version", "create_model"]
OP_TITLES = {
    "static": "wrk's ceiling: trivial C responder, no server (one run, shown on both sides)",
    "health": "GET /health (MLflow: Flask returns OK; ours: SELECT 1 on the pool)",
    "get_by_alias": "get by alias (GET registered-models/alias)",
    "get_latest": "get latest versions (POST registered-models/get-latest-versions)",
    "search": "search (GET registered-models/search, 100 of 200 models)",
    "set_alias": "set alias (POST registered-models/alias)",
    "create_version": "create model version (POST model-versions/create)",
    "create_model": "create registered model (POST registered-models/create)",
}
SERVERS = ["mlflow", "ours"]
CONTENDED = 0.3  # cores used by processes other than the server, PostgreSQL and wrk: the cell was disturbed
API = "/api/2.0/mlflow/"
SEARCH_PATH = (API + "registered-models/search?filter=name+LIKE+%27bench-%25%27+AND+tag.%60mlflow.prompt.is_prompt%60"
               "+%21%3D+%27true%27&max_results=100")


def log(message: str) -> None:
    harness.log(message)


# ---------------------------------------------------------------------------------------------------------------------
# Processes and memory


def cmdline(pid: int) -> list[str]:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return [a.decode(errors="replace") for a in f.read().split(b"\0") if a]
    except OSError:
        return []


def status_kb(pid: int, key: str) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


POSTGRES_PIDS = lambda: []  # noqa: E731 - set in main() once the cluster runs


class CpuMeter:
    """Who used the 2 cores during a cell: the server, PostgreSQL, wrk (a reaped child) and everything else."""

    def __init__(self, server_pids) -> None:
        self.server_pids = server_pids
        self.t = time.monotonic()
        self.machine = harness.machine_busy_seconds()
        self.server = harness.cpu_seconds(server_pids())
        self.pg = harness.cpu_seconds(POSTGRES_PIDS())
        self.children = children_cpu_seconds()

    def cores(self) -> dict[str, float]:
        dt = time.monotonic() - self.t
        machine = harness.machine_busy_seconds() - self.machine
        server = harness.cpu_seconds(self.server_pids()) - self.server
        pg = max(0.0, harness.cpu_seconds(POSTGRES_PIDS()) - self.pg)
        wrk = children_cpu_seconds() - self.children
        return {"machine": round(machine / dt, 2), "server": round(server / dt, 2), "postgres": round(pg / dt, 2),
                "wrk": round(wrk / dt, 2), "other": round(max(0.0, machine - server - pg - wrk) / dt, 2),
                "server_seconds": server}


def wait_for_quiet(limit: float) -> float:
    """Waits (up to `limit` s) until the machine is nearly idle for 3 s; returns the busy cores last seen."""
    deadline = time.monotonic() + limit
    while True:
        before, t = harness.machine_busy_seconds(), time.monotonic()
        time.sleep(3)
        busy = (harness.machine_busy_seconds() - before) / (time.monotonic() - t)
        if busy < 0.25 or time.monotonic() > deadline:
            return round(busy, 2)
        log(f"the machine is busy ({busy:.2f} cores used by other processes); waiting for it to settle")


class MemorySampler:
    """Samples the summed VmRSS of a set of processes every `interval` seconds; the peak is kept per window."""

    def __init__(self, pids_fn, interval: float = 0.25) -> None:
        self.pids_fn = pids_fn
        self.interval = interval
        self.peak_kb = 0
        self.window_peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def rss_kb(self) -> int:
        return sum(status_kb(p, "VmRSS") for p in self.pids_fn())

    def pss_kb(self) -> int:
        return sum(pss_kb(p) for p in self.pids_fn())

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def sample(self) -> int:
        rss = self.rss_kb()
        self.peak_kb = max(self.peak_kb, rss)
        self.window_peak_kb = max(self.window_peak_kb, rss)
        return rss

    def start(self) -> None:
        self._thread.start()

    def new_window(self) -> None:
        self.window_peak_kb = self.rss_kb()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


# ---------------------------------------------------------------------------------------------------------------------
# The servers


class MLflowServer:
    """`mlflow server` with gunicorn (selected by --gunicorn-opts; without it 3.17.2 runs uvicorn) and N workers."""

    name = "mlflow"

    def __init__(self, args, cluster: harness.PostgresCluster) -> None:
        self.args = args
        self.cluster = cluster
        self.database = "bench_mlflow_" + uuid.uuid4().hex[:6]
        cluster.create_database(self.database)
        self.workdir = Path(tempfile.mkdtemp(prefix="modelreg-bench-mlflow-"))
        harness.register_cleanup(lambda: shutil.rmtree(self.workdir, ignore_errors=True))
        self.port = harness.free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.token: str | None = None
        self.proc: subprocess.Popen | None = None
        self.master_pid = 0
        self.info: dict[str, Any] = {}
        self.logfile = self.workdir / "mlflow-server.log"

    def mlflow_bin(self) -> str:
        return str(Path(self.args.venv) / "bin" / "mlflow")

    def start(self) -> None:
        # SQLAlchemy 2.1 maps plain postgresql:// to psycopg 3; name the driver that requirements.txt installs.
        url = self.cluster.url(self.database).replace("postgresql://", "postgresql+psycopg2://", 1)
        cmd = [self.mlflow_bin(), "server", "--backend-store-uri", url,
               "--artifacts-destination", str(self.workdir / "artifacts"),
               "--host", "127.0.0.1", "--port", str(self.port),
               "--workers", str(self.args.mlflow_workers), "--gunicorn-opts", self.args.gunicorn_opts]
        env = dict(os.environ, MLFLOW_DISABLE_TELEMETRY="true", DO_NOT_TRACK="true",
                   # The genai job runner (huey consumers for scorers) has no part in the registry; keep it off so
                   # it neither takes CPU nor memory from the workers.
                   MLFLOW_SERVER_ENABLE_JOB_EXECUTION="false")
        log(f"mlflow: {shlex.join(cmd)}")
        started = time.monotonic()
        out = open(self.logfile, "wb")
        self.proc = subprocess.Popen(cmd, cwd=self.workdir, env=env, stdout=out, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True)
        harness.register_cleanup(self.stop)
        client = harness.Client(self.base, None, timeout=5)
        deadline = time.monotonic() + 300
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"mlflow server exited with {self.proc.returncode}:\n{self.logfile.read_text()[-4000:]}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"mlflow server did not answer /health in 300 s:\n{self.logfile.read_text()[-4000:]}")
            try:
                if client.request("GET", "/health").status == 200 and len(self.worker_pids()) >= self.args.mlflow_workers:
                    break
            except harness.NoAnswer:
                pass
            time.sleep(0.25)
        client.close()
        time.sleep(2)  # let every worker finish importing before the first measurement
        masters = [p for p in harness.process_tree().get(self.proc.pid, []) if "gunicorn" in cmdline(p)]
        if len(masters) != 1:
            raise RuntimeError(f"expected one gunicorn master under the mlflow CLI, found {masters}: is it gunicorn?")
        self.master_pid = masters[0]
        workers = self.worker_pids()
        log_text = self.logfile.read_text(errors="replace")
        worker_class = re.search(r"Using worker: (\S+)", log_text)
        alembic = self.cluster.scalar("SELECT version_num FROM alembic_version", self.database)
        tables = self.cluster.scalar("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'",
                                     self.database)
        self.info = {
            "command": shlex.join(cmd),
            "env": "MLFLOW_DISABLE_TELEMETRY=true DO_NOT_TRACK=true MLFLOW_SERVER_ENABLE_JOB_EXECUTION=false",
            "gunicorn_command": shlex.join(cmdline(self.master_pid)),
            "gunicorn_workers": len(workers),
            "gunicorn_worker_class": worker_class.group(1) if worker_class else "sync (gunicorn default)",
            "versions": self.versions(),
            "schema": f"migrated on start: alembic revision {alembic}, {tables} tables",
            "start_seconds": round(time.monotonic() - started, 1),
            "cli_parent_rss_mb": round(status_kb(self.proc.pid, "VmRSS") / 1024, 1),
            "memory_counts": "gunicorn master + its workers (the `mlflow server` CLI parent that waits on gunicorn is "
                             "not counted; its RSS is cli_parent_rss_mb)",
        }
        if self.info["gunicorn_workers"] != self.args.mlflow_workers:
            raise RuntimeError(f"gunicorn runs {len(workers)} workers, wanted {self.args.mlflow_workers}")
        log(f"mlflow: up in {self.info['start_seconds']} s; gunicorn master {self.master_pid}, workers {workers}; "
            f"{self.info['schema']}")

    def worker_pids(self) -> list[int]:
        if self.proc is None:
            return []
        if self.master_pid:
            return harness.descendants(self.master_pid)
        # Before the master is known: gunicorn processes two levels below the CLI.
        tree = harness.process_tree()
        return [w for m in tree.get(self.proc.pid, []) for w in tree.get(m, [])]

    def memory_pids(self) -> list[int]:
        return [self.master_pid, *self.worker_pids()] if self.master_pid else []

    def versions(self) -> dict[str, str]:
        py = str(Path(self.args.venv) / "bin" / "python")
        code = ("import importlib.metadata as m, json; print(json.dumps({p: m.version(p) for p in "
                "['mlflow', 'gunicorn', 'psycopg2-binary', 'SQLAlchemy', 'Flask']}))")
        out = subprocess.run([py, "-c", code], capture_output=True, text=True, timeout=60)
        return json.loads(out.stdout) if out.returncode == 0 else {"error": out.stderr[-300:]}

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            # The CLI forwards SIGTERM to gunicorn, whose master stops its workers.
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        if self.proc:
            try:
                os.killpg(self.proc.pid, 0)
                os.killpg(self.proc.pid, signal.SIGKILL)  # stragglers of the session that started it
            except ProcessLookupError:
                pass


class OurServer:
    """`modelreg serve` through tests/system/harness.py with its defaults, against its own database."""

    name = "ours"

    def __init__(self, args, cluster: harness.PostgresCluster) -> None:
        self.args = args
        self.cluster = cluster
        self.database = "bench_ours_" + uuid.uuid4().hex[:6]
        cluster.create_database(self.database)
        self.workdir = Path(tempfile.mkdtemp(prefix="modelreg-bench-ours-"))
        harness.register_cleanup(lambda: shutil.rmtree(self.workdir, ignore_errors=True))
        extra = shlex.split(args.ours_args) if args.ours_args else []
        self.server = harness.Server(cluster.url(self.database), self.workdir, extra, log_level=args.ours_log_level)
        self.base = ""
        self.token: str | None = None
        self.info: dict[str, Any] = {}

    def start(self) -> None:
        binary = harness.modelreg_bin()
        started = time.monotonic()
        self.base = self.server.start()
        self.token = harness.bootstrap_admin(self.cluster.url(self.database), name="bench-admin")
        proc = self.server.proc
        self.info = {
            "binary": binary,
            "binary_mtime": datetime.datetime.fromtimestamp(os.stat(binary).st_mtime).isoformat(timespec="seconds"),
            "command": shlex.join(cmdline(proc.pid)) if proc else "",
            "defaults": "pool-size 16, pool-queue 64, pool-timeout 10 s, statement-timeout 30 s (`modelreg serve` "
                        "defaults at the time of writing; --ours-args adds flags)",
            "auth": "Authorization: Bearer <admin token from `modelreg admin bootstrap`> on every request",
            "start_seconds": round(time.monotonic() - started, 1),
            "memory_counts": "the one modelreg process",
        }
        log(f"ours: up at {self.base} in {self.info['start_seconds']} s ({binary})")

    def memory_pids(self) -> list[int]:
        pid = self.server.pid
        return [pid] if pid else []

    def stop(self) -> None:
        self.server.stop()


# ---------------------------------------------------------------------------------------------------------------------
# Setup through the REST API (Python), the same requests to both servers


class SetupError(RuntimeError):
    pass


def call(c: harness.Client, method: str, path: str, body: Any = None, ok=(200,)) -> Any:
    a = c.request(method, API + path if not path.startswith("/") else path, body)
    if a.status not in ok:
        raise SetupError(f"{method} {path} {json.dumps(body) if body is not None else ''} -> {a.status} {a.body[:400]!r}")
    return a.json


def version_source(server, args) -> tuple[str, str]:
    """(run_id, source) for create-model-version.

    The real server refuses an `mlflow-artifacts:` source that no run_id vouches for ("The run_id request parameter
    must identify the resource that contains the source"), so on MLflow a run is created in the Default experiment
    and the source is `<its artifact_uri>/model`, as `mlflow.register_model("runs:/…")` would send. Ours gets the same
    shape (a 32-hex run id and `mlflow-artifacts:/0/<run id>/artifacts/model`) as plain strings.
    `--plain-source` sends `mlflow-artifacts:/bench/m/1` without run_id instead (MLflow refuses that with 400)."""
    if args.plain_source:
        return "-", "mlflow-artifacts:/bench/m/1"
    if server.name == "mlflow":
        c = harness.Client(server.base, server.token)
        run = call(c, "POST", "runs/create", {"experiment_id": "0", "run_name": "bench"})["run"]["info"]
        c.close()
        return run["run_id"], run["artifact_uri"].rstrip("/") + "/model"
    run_id = uuid.uuid4().hex
    return run_id, f"mlflow-artifacts:/0/{run_id}/artifacts/model"


def setup_data(server, args, run_id: str, source: str) -> dict[str, Any]:
    """bench-m-000…: 2 versions each, `champion` on version 1 (reads and set-alias). bench-v-000…: 1 version each
    (create-version adds to them). Returns response sizes of one request per operation, to show both servers
    answer the same thing."""
    c = harness.Client(server.base, server.token)
    started = time.monotonic()
    mv_body = {"source": source, **({"run_id": run_id} if run_id != "-" else {})}
    for i in range(args.models):
        m = f"bench-m-{i:03d}"
        call(c, "POST", "registered-models/create", {"name": m})
        for expected in ("1", "2"):
            v = call(c, "POST", "model-versions/create", {"name": m, **mv_body})["model_version"]
            if v.get("version") != expected:
                raise SetupError(f"{m}: created version {v.get('version')!r}, expected {expected!r}")
        call(c, "POST", "registered-models/alias", {"name": m, "alias": "champion", "version": "1"})
        v = f"bench-v-{i:03d}"
        call(c, "POST", "registered-models/create", {"name": v})
        call(c, "POST", "model-versions/create", {"name": v, **mv_body})
    seconds = time.monotonic() - started
    # One of each read, checked, with its size.
    sample: dict[str, Any] = {}
    a = c.request("GET", API + "registered-models/alias?name=bench-m-000&alias=champion")
    mv = (a.json or {}).get("model_version", {})
    if a.status != 200 or mv.get("version") != "1" or "champion" not in mv.get("aliases", []):
        raise SetupError(f"get by alias: {a.status} {a.body[:300]!r}")
    sample["get_by_alias"] = len(a.body)
    a = c.request("POST", API + "registered-models/get-latest-versions", {"name": "bench-m-000"})
    if a.status != 200 or [v.get("version") for v in (a.json or {}).get("model_versions", [])] != ["2"]:
        raise SetupError(f"get latest versions: {a.status} {a.body[:300]!r}")
    sample["get_latest"] = len(a.body)
    a = c.request("GET", SEARCH_PATH)
    found = (a.json or {}).get("registered_models", [])
    want = min(100, 2 * args.models)
    if a.status != 200 or len(found) != want or bool((a.json or {}).get("next_page_token")) != (2 * args.models > 100):
        raise SetupError(f"search: {a.status}, {len(found)} models, body {a.body[:300]!r}")
    sample["search"] = len(a.body)
    sample["search_models"] = len(found)
    sample["search_first"] = found[0].get("name")
    c.close()
    return {"seconds": round(seconds, 1), "requests": args.models * 7, "response_bytes": sample,
            "models": {"bench-m": args.models, "bench-v": args.models}, "run_id": run_id, "source": source}


def mlflow_routes_present(server) -> bool:
    """Ours before the MLflow routes exist answers 404 to them; then only the trivial endpoint is measured."""
    c = harness.Client(server.base, server.token)
    a = c.request("GET", API + "registered-models/get?name=bench-probe-absent")
    c.close()
    if a.status == 404 and isinstance(a.json, dict) and a.json.get("error_code") == "RESOURCE_DOES_NOT_EXIST":
        return True
    log(f"{server.name}: GET {API}registered-models/get answered {a.status} {a.body[:200]!r}: no MLflow routes")
    return False


# ---------------------------------------------------------------------------------------------------------------------
# wrk


def wrk_cell(args, base: str, op: str, clients: int, duration: float, token: str | None, run_id: str, source: str,
             path_base: str = "") -> dict[str, Any]:
    threads = 1 if clients == 1 else min(args.wrk_threads, clients)
    nonce = uuid.uuid4().hex[:10]
    cmd = ["wrk", f"-t{threads}", f"-c{clients}", f"-d{max(1, round(duration))}s", "--timeout", f"{max(1, round(args.timeout))}s", "--latency",
           "-s", str(HERE / "workload.lua"), base + path_base, "--", op, nonce, token or "-", str(args.models),
           run_id, source]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 60)
    result_line = next((line for line in out.stdout.splitlines() if line.startswith("RESULT ")), None)
    if out.returncode != 0 or result_line is None:
        raise RuntimeError(f"wrk failed ({out.returncode}): {out.stderr[-2000:]}{out.stdout[-2000:]}")
    r = json.loads(result_line[len("RESULT "):])
    errors = [line[len("ERROR "):] for line in out.stdout.splitlines() if line.startswith("ERROR ")]
    seconds = r["duration_us"] / 1e6
    socket_errors = r["connect_errors"] + r["read_errors"] + r["write_errors"] + r["timeouts"]
    return {
        "op": op, "clients": clients, "wrk_threads": threads, "seconds": round(seconds, 2),
        "requests": r["requests"], "rps": round(r["requests"] / seconds, 1),
        "p50_ms": round(r["p50_us"] / 1000, 3), "p90_ms": round(r["p90_us"] / 1000, 3),
        "p99_ms": round(r["p99_us"] / 1000, 3), "mean_ms": round(r["mean_us"] / 1000, 3),
        "max_ms": round(r["max_us"] / 1000, 3),
        "errors": r["non2xx"] + socket_errors, "non2xx": r["non2xx"], "statuses": r["statuses"],
        "socket_errors": {k: r[k] for k in ("connect_errors", "read_errors", "write_errors", "timeouts")},
        "first_errors": errors[:4], "bytes": r["bytes"], "command": shlex.join(cmd),
    }


def run_cells(args, server, sampler: MemorySampler | None, ops: list[str], run_id: str, source: str) -> list[dict]:
    cells = []
    for op in ops:
        for clients in args.clients:
            if args.warmup > 0:
                wrk_cell(args, server.base, op, clients, args.warmup, server.token, run_id, source)
            runs = []
            for _ in range(args.repeat):
                if sampler:
                    sampler.new_window()
                meter = CpuMeter(server.memory_pids)
                cell = wrk_cell(args, server.base, op, clients, args.duration, server.token, run_id, source)
                cpu = meter.cores()
                cell["server_cpu_ms_per_request"] = (round(1000 * cpu.pop("server_seconds") / cell["requests"], 3)
                                                     if cell["requests"] else None)
                cell["cpu_cores"] = cpu
                if sampler:
                    sampler.sample()
                    cell["server_rss_peak_mb"] = round(sampler.window_peak_kb / 1024, 1)
                flag = "" if cell["errors"] == 0 else f"  ERRORS {cell['errors']} {cell['statuses']} {cell['first_errors'][:1]}"
                log(f"{server.name:6} {op:15} c={clients}: {cell['rps']:9.1f} req/s  p50 {cell['p50_ms']:8.2f} ms  "
                    f"p99 {cell['p99_ms']:8.2f} ms  cores: server {cpu['server']:.2f} pg {cpu['postgres']:.2f} "
                    f"wrk {cpu['wrk']:.2f} other {cpu['other']:.2f}{flag}")
                runs.append(cell)
                time.sleep(args.pause)
            # With --repeat, the run with the median throughput stands for the cell; all runs are kept.
            chosen = dict(sorted(runs, key=lambda c: c["rps"])[len(runs) // 2])
            if len(runs) > 1:
                chosen["repeats"] = [{k: c[k] for k in ("rps", "p50_ms", "p99_ms", "errors")} for c in runs]
                chosen["errors"] = sum(c["errors"] for c in runs)
            cells.append(chosen)
    return cells


def measure_static(args) -> list[dict]:
    """wrk's own ceiling: the same Lua script against a C responder that does no work."""
    binary = Path(tempfile.mkdtemp(prefix="modelreg-bench-static-")) / "static_responder"
    harness.register_cleanup(lambda: shutil.rmtree(binary.parent, ignore_errors=True))
    cc = shutil.which("cc") or shutil.which("gcc")
    if not cc:
        log("no C compiler: the trivial-responder ceiling is skipped")
        return []
    subprocess.run([cc, "-O2", "-D_GNU_SOURCE", "-o", str(binary), str(HERE / "static_responder.c")], check=True)
    port = harness.free_port()
    proc = subprocess.Popen([str(binary), str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    harness.register_cleanup(lambda: proc.poll() is None and proc.kill())
    proc.stdout.readline()

    class Static:
        name = "static"
        base = f"http://127.0.0.1:{port}"
        token = None

        @staticmethod
        def memory_pids():
            return [proc.pid]

    try:
        return run_cells(args, Static, None, ["health"], "-", "-")
    finally:
        proc.kill()
        proc.wait()


# ---------------------------------------------------------------------------------------------------------------------
# One server end to end


def bench_server(args, cluster, cls) -> dict[str, Any]:
    server = cls(args, cluster)
    busy_before = wait_for_quiet(args.wait_quiet)
    server.start()
    sampler = MemorySampler(server.memory_pids)
    sampler.start()
    result: dict[str, Any] = {"server": server.name, "measured_at": datetime.datetime.now().isoformat(timespec="seconds"),
                              "info": server.info, "busy_cores_before": busy_before}
    try:
        result["memory_idle_mb"] = {"rss": round(sampler.sample() / 1024, 1), "pss": round(sampler.pss_kb() / 1024, 1)}
        cells = run_cells(args, server, sampler, ["health"], "-", "-")
        ops = args.ops
        if server.name == "ours" and not mlflow_routes_present(server):
            result["skipped"] = "this binary has no MLflow routes (GET /api/2.0/mlflow/registered-models/get is not " \
                                "an MLflow 404): only /health was measured"
            ops = []
        if ops:
            run_id, source = version_source(server, args)
            log(f"{server.name}: setup ({args.models} + {args.models} models, source {source}, run_id {run_id})")
            result["setup"] = setup_data(server, args, run_id, source)
            log(f"{server.name}: setup done in {result['setup']['seconds']} s; sample response bytes "
                f"{result['setup']['response_bytes']}")
            # Let the setup's writes reach disk before the first measurement (the same for both servers).
            cluster.psql("CHECKPOINT")
            time.sleep(args.settle)
            result["memory_after_setup_mb"] = {"rss": round(sampler.sample() / 1024, 1),
                                               "pss": round(sampler.pss_kb() / 1024, 1)}
            cells += run_cells(args, server, sampler, ops, run_id, source)
        time.sleep(1)
        result["cells"] = cells
        result["memory_mb"] = {
            "idle_rss": result["memory_idle_mb"]["rss"],
            "peak_rss": round(sampler.peak_kb / 1024, 1),
            "after_rss": round(sampler.sample() / 1024, 1),
            "after_pss": round(sampler.pss_kb() / 1024, 1),
            "processes": len(server.memory_pids()),
        }
        if server.name == "ours":
            result["memory_mb"]["vmhwm"] = round(max(status_kb(p, "VmHWM") for p in server.memory_pids()) / 1024, 1)
        if server.name == "mlflow":
            result["info"]["cli_parent_rss_mb"] = round(status_kb(server.proc.pid, "VmRSS") / 1024, 1)
    finally:
        sampler.stop()
        server.stop()
    return result


# ---------------------------------------------------------------------------------------------------------------------
# Report


def fmt_rps(x: float | None) -> str:
    if x is None:
        return "—"
    return f"{x:,.0f}" if x >= 100 else f"{x:,.1f}"


def fmt_ms(x: float | None) -> str:
    if x is None:
        return "—"
    return f"{x:.2f}" if x < 10 else f"{x:.1f}" if x < 100 else f"{x:,.0f}"


def render(results: dict[str, Any]) -> str:
    meta = results["meta"]
    servers = results["servers"]
    repeat = f", median of {meta['repeat']} runs" if meta.get("repeat", 1) > 1 else ""
    lines = [
        "# MLflow side by side (bench/mlflow/run.py)",
        "",
        f"Machine: {meta['machine']}. PostgreSQL 15, one private cluster for both servers (own database each, "
        f"fsync={meta['pg_fsync']}); servers run one at a time. wrk {meta['wrk']} with bench/mlflow/workload.lua: "
        f"1 client = `-t1 -c1`, 8 clients = `-t2 -c8`; wrk's threads share the 2 cores with the server and PostgreSQL. "
        f"{meta['duration']} s per cell after {meta['warmup']} s warm-up{repeat}; latencies in ms; errors = non-2xx answers + "
        f"socket errors (a cell with errors is not valid).",
        "",
        "| operation | clients | MLflow req/s | p50 | p99 | err | ours req/s | p50 | p99 | err | ours ÷ MLflow |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]

    def cell(server: str, op: str, clients: int) -> dict | None:
        for c in servers.get(server, {}).get("cells", []):
            if c["op"] == op and c["clients"] == clients:
                return c
        return None

    static = results.get("static", [])
    for c in static:
        mark = "*" if c.get("cpu_cores", {}).get("other", 0) > CONTENDED else ""
        same = [fmt_rps(c["rps"]) + mark, fmt_ms(c["p50_ms"]), fmt_ms(c["p99_ms"]), str(c["errors"])]
        lines.append("| " + " | ".join([OP_TITLES["static"], str(c["clients"]), *same, *same, "—"]) + " |")
    for op in ["health", *OPS]:
        for clients in meta["clients"]:
            m, o = cell("mlflow", op, clients), cell("ours", op, clients)
            if not m and not o:
                continue
            ratio = f"{o['rps'] / m['rps']:.1f}×" if m and o and m["rps"] else "—"
            row = [OP_TITLES[op], str(clients)]
            for c in (m, o):
                mark = "*" if c and c.get("cpu_cores", {}).get("other", 0) > CONTENDED else ""
                row += [fmt_rps(c["rps"]) + mark, fmt_ms(c["p50_ms"]), fmt_ms(c["p99_ms"]), str(c["errors"])] if c else ["—"] * 4
            lines.append("| " + " | ".join(row + [ratio]) + " |")
    lines += ["", "Server memory (MB; MLflow: gunicorn master + workers summed, ours: the one process):", "",
              "| server | processes | RSS idle | RSS peak | RSS after | PSS after |", "|---|---:|---:|---:|---:|---:|"]
    for name in SERVERS:
        s = servers.get(name)
        if not s or "memory_mb" not in s:
            continue
        mem = s["memory_mb"]
        lines.append(f"| {name} | {mem['processes']} | {mem['idle_rss']:,.0f} | {mem['peak_rss']:,.0f} | "
                     f"{mem['after_rss']:,.0f} | {mem['after_pss']:,.0f} |")
    lines += ["", "Servers:", ""]
    for name in SERVERS:
        s = servers.get(name)
        if not s:
            continue
        info = s["info"]
        if name == "mlflow":
            lines.append(f"- MLflow ({s['measured_at']}): `{info['command']}` with {info['env']}; gunicorn ran "
                         f"`{info['gunicorn_command']}` ({info['gunicorn_workers']} workers, {info['gunicorn_worker_class']} "
                         f"worker class: a new connection per request); {info['versions']}; {info['schema']}. The CLI "
                         f"parent process (not counted above) holds {info['cli_parent_rss_mb']:,.0f} MB RSS.")
        else:
            lines.append(f"- ours ({s['measured_at']}): `{info['command']}` ({info['defaults']}); {info['auth']}.")
        if s.get("skipped"):
            lines.append(f"  - {s['skipped']}")
        if s.get("setup"):
            st = s["setup"]
            lines.append(f"  - setup: {st['requests']} requests in {st['seconds']} s; create-version source "
                         f"`{st['source']}`, run_id `{st['run_id']}`; response bytes {st['response_bytes']}")
        invalid = [f"{c['op']}/{c['clients']}: {c['errors']} ({c['statuses']}) {c['first_errors'][:1]}"
                   for c in s.get("cells", []) if c["errors"]]
        if invalid:
            lines.append(f"  - **INVALID cells (errors)**: {'; '.join(invalid)}")
        contended = [f"{c['op']}/{c['clients']} ({c['cpu_cores']['other']:.2f})" for c in s.get("cells", [])
                     if c.get("cpu_cores", {}).get("other", 0) > CONTENDED]
        if contended:
            lines.append(f"  - cells marked * had other processes using more than {CONTENDED} cores during the "
                         f"measurement: {', '.join(contended)}")
    lines.append("")
    return "\n".join(lines)


def machine() -> str:
    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores, {mem_gb:.0f} GiB, {platform.system()} {platform.release()}"


def wrk_version() -> str:
    out = subprocess.run(["wrk", "--version"], capture_output=True, text=True)
    m = re.search(r"wrk (\S+)", out.stdout + out.stderr)
    return m.group(1) if m else "?"


# ---------------------------------------------------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--only", choices=SERVERS, help="run one server; the other's results are kept from results.json")
    p.add_argument("--no-merge", action="store_true", help="with --only: do not keep the other server's old results")
    p.add_argument("--duration", type=int, default=10, help="seconds per measured cell (default 10)")
    p.add_argument("--warmup", type=int, default=3, help="seconds of warm-up before each cell (default 3)")
    p.add_argument("--pause", type=float, default=1, help="seconds between cells (default 1)")
    p.add_argument("--settle", type=float, default=5, help="seconds of quiet after setup and a CHECKPOINT (default 5)")
    p.add_argument("--repeat", type=int, default=1,
                   help="measured runs per cell; the median by throughput is reported, all kept in JSON (default 1)")
    p.add_argument("--clients", default="1,8", help="concurrent connections per cell (default 1,8)")
    p.add_argument("--wrk-threads", type=int, default=2, help="wrk threads for more than one client (default 2)")
    p.add_argument("--timeout", type=int, default=10, help="wrk's per-request timeout in seconds (default 10)")
    p.add_argument("--ops", default=",".join(OPS), help=f"operations (default all: {','.join(OPS)})")
    p.add_argument("--models", type=int, default=100, help="models each operation spreads over (default 100)")
    p.add_argument("--no-static", action="store_true", help="skip the trivial-responder ceiling")
    p.add_argument("--venv", default=str(REPO / ".modelreg" / "venv-mlflow-server"), help="venv with requirements.txt")
    p.add_argument("--mlflow-workers", type=int, default=4)
    p.add_argument("--gunicorn-opts", default="--log-level warning",
                   help="passed as `mlflow server --gunicorn-opts` (its presence is what selects gunicorn); "
                        "write --gunicorn-opts='--log-level info'")
    p.add_argument("--plain-source", action="store_true",
                   help="create versions with source mlflow-artifacts:/bench/m/1 and no run_id (MLflow answers 400)")
    p.add_argument("--modelreg-bin", default=os.environ.get("MODELREG_BIN",
                                                            str(REPO / ".build-release" / "release" / "modelreg")))
    p.add_argument("--ours-log-level", default="info", help="modelreg serve --log-level (default info, its default)")
    p.add_argument("--ours-args", default="", help="extra `modelreg serve` flags, e.g. '--pool-size 8'")
    p.add_argument("--pg-fsync", choices=["on", "off"], default="on",
                   help="PostgreSQL fsync (default on: both servers commit durably)")
    p.add_argument("--wait-quiet", type=float, default=120,
                   help="seconds to wait, before each server, for other processes to leave the CPU (default 120)")
    p.add_argument("--out", default=str(HERE), help="directory for results.md and results.json")
    args = p.parse_args()
    args.clients = [int(x) for x in args.clients.split(",") if x]
    args.ops = [x for x in args.ops.split(",") if x]
    for op in args.ops:
        if op not in OPS:
            p.error(f"unknown operation {op}")
    return args


def main() -> int:
    args = parse_args()
    harness.install_signal_handlers()
    if not shutil.which("wrk"):
        print("wrk is not installed: apt-get install wrk (bench/mlflow/run.sh does)", file=sys.stderr)
        return 2
    servers = [args.only] if args.only else SERVERS
    if "mlflow" in servers and not (Path(args.venv) / "bin" / "mlflow").exists():
        print(f"no MLflow in {args.venv}: bench/mlflow/run.sh creates it from requirements.txt", file=sys.stderr)
        return 2
    if "ours" in servers:
        os.environ["MODELREG_BIN"] = args.modelreg_bin
        if not Path(args.modelreg_bin).exists():
            print(f"no modelreg binary at {args.modelreg_bin} (--modelreg-bin or MODELREG_BIN)", file=sys.stderr)
            return 2
    out_dir = Path(args.out)
    json_path = out_dir / "results.json"
    results: dict[str, Any] = {"servers": {}}
    if args.only and not args.no_merge and json_path.exists():
        old = json.loads(json_path.read_text())
        results["servers"] = {k: v for k, v in old.get("servers", {}).items() if k != args.only}
        if args.no_static:
            results["static"] = old.get("static", [])
    results["meta"] = {
        "machine": machine(), "wrk": wrk_version(), "duration": args.duration, "warmup": args.warmup,
        "clients": args.clients, "ops": args.ops, "repeat": args.repeat, "models": args.models, "pg_fsync": args.pg_fsync,
        "wrk_threads_for_many": args.wrk_threads, "started": datetime.datetime.now().isoformat(timespec="seconds"),
    }

    cluster = harness.PostgresCluster()
    cluster.init()
    with open(cluster.data / "postgresql.auto.conf", "a") as f:
        f.write(f"fsync = {args.pg_fsync}\nfull_page_writes = {args.pg_fsync}\n")
    cluster.start()
    global POSTGRES_PIDS
    postmaster = int((cluster.data / "postmaster.pid").read_text().split()[0])
    POSTGRES_PIDS = lambda: [postmaster, *harness.descendants(postmaster)]  # noqa: E731
    log(f"PostgreSQL on 127.0.0.1:{cluster.port} (fsync={args.pg_fsync})")
    try:
        if not args.no_static:
            wait_for_quiet(args.wait_quiet)
            log("wrk ceiling against a trivial responder")
            results["static"] = measure_static(args)
        for name in servers:
            cls = MLflowServer if name == "mlflow" else OurServer
            results["servers"][name] = bench_server(args, cluster, cls)
            cluster.psql("CHECKPOINT")
    finally:
        cluster.destroy()
    results["meta"]["finished"] = datetime.datetime.now().isoformat(timespec="seconds")
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(results, indent=2) + "\n")
    table = render(results)
    (out_dir / "results.md").write_text(table)
    print(table)
    invalid = sum(c["errors"] > 0 for s in results["servers"].values() for c in s.get("cells", []))
    return 1 if invalid else 0


if __name__ == "__main__":
    sys.exit(main())
