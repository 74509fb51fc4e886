"""Fault and load harness for ModelRegistry: a private PostgreSQL cluster, the real server as a child process,
HTTP clients with client-side timeouts, and checks that go through the database (psql) and the CLI.

Python standard library only. Everything started here is stopped again: by the owner's close() in a finally block,
and as a last resort by an atexit hook (also run on SIGTERM/SIGINT).
"""

from __future__ import annotations

import atexit
import http.client
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable

REPO = Path(__file__).resolve().parents[2]
PG_BIN = Path(os.environ.get("MODELREG_PG_BIN", "/usr/lib/postgresql/15/bin"))
CLIENT_TIMEOUT = float(os.environ.get("MODELREG_CLIENT_TIMEOUT", "30"))


def modelreg_bin() -> str:
    return os.environ.get("MODELREG_BIN", str(REPO / ".build" / "debug" / "modelreg"))


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------------------------------
# Cleanup of everything this process started


_cleanups: list[Callable[[], None]] = []
_cleanup_lock = threading.Lock()


def register_cleanup(fn: Callable[[], None]) -> Callable[[], None]:
    with _cleanup_lock:
        _cleanups.append(fn)
    return fn


def unregister_cleanup(fn: Callable[[], None]) -> None:
    with _cleanup_lock:
        if fn in _cleanups:
            _cleanups.remove(fn)


def _run_cleanups() -> None:
    with _cleanup_lock:
        pending = list(reversed(_cleanups))
        _cleanups.clear()
    for fn in pending:
        try:
            fn()
        except Exception as error:  # noqa: BLE001 - a cleanup must not stop the others
            print(f"cleanup failed: {error!r}", file=sys.stderr)


atexit.register(_run_cleanups)


def _on_signal(signum, _frame):
    _run_cleanups()
    sys.exit(128 + signum)


def install_signal_handlers() -> None:
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, _on_signal)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def process_tree() -> dict[int, list[int]]:
    """ppid -> child pids, read from /proc (processes that end while it is read are skipped)."""
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        tree.setdefault(ppid, []).append(int(entry))
    return tree


def descendants(pid: int) -> list[int]:
    """Every process under `pid`, children before grandchildren (not `pid` itself)."""
    tree, out, todo = process_tree(), [], [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU seconds the processes have used so far (those that have ended count nothing)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except OSError:
            pass
    return total / ticks


def machine_busy_seconds() -> float:
    """CPU seconds the whole machine spent not idle (all cores), from /proc/stat."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def as_postgres(cmd: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its tools as the `postgres` user then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


# ---------------------------------------------------------------------------------------------------------------------
# PostgreSQL


class PostgresCluster:
    """A throw-away cluster on 127.0.0.1 and a free port; stop()/start() keep the same port."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="modelreg-system-pg-"))
        os.chmod(self.root, 0o755)
        self.data = self.root / "pgdata"
        self.socket_dir = self.root / "sock"
        self.logfile = self.root / "postgres.log"
        self.port = free_port()
        self.running = False
        self._cleanup = register_cleanup(self.destroy)
        if os.geteuid() == 0:
            shutil.chown(self.root, user="postgres", group="postgres")
        self.socket_dir.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.socket_dir, user="postgres", group="postgres")

    def init(self) -> None:
        subprocess.run(
            # --locale=C as the embedded cluster (EmbeddedPostgres): the same collation, so the same sort costs.
            as_postgres([str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C",
                         "--no-sync"]),
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=self.root)
        conf = f"""
listen_addresses = '127.0.0.1'
port = {self.port}
unix_socket_directories = '{self.socket_dir}'
max_connections = 300
shared_buffers = 128MB
fsync = off
synchronous_commit = on
full_page_writes = off
log_min_messages = warning
log_min_error_statement = panic
"""
        with open(self.data / "postgresql.auto.conf", "a") as f:
            f.write(conf)

    def start(self) -> None:
        subprocess.run(
            as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.logfile), "-w", "-t", "60", "start"]),
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=self.root)
        self.running = True

    def stop(self, mode: str = "fast") -> None:
        if not self.data.exists():
            return
        subprocess.run(
            as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop"]),
            check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=self.root)
        self.running = False

    def destroy(self) -> None:
        unregister_cleanup(self._cleanup)
        if (self.data / "postmaster.pid").exists():
            self.stop("immediate")
        if os.environ.get("MODELREG_SYSTEM_KEEP"):
            print(f"kept {self.root}", file=sys.stderr)
            return
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def psql(self, sql: str, database: str = "postgres", timeout: float = 120) -> str:
        out = subprocess.run(
            as_postgres([str(PG_BIN / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                         "-d", database, "-At", "-F", "\t", "-c", sql]),
            check=True, capture_output=True, text=True, timeout=timeout, cwd=self.root)
        return out.stdout

    def rows(self, sql: str, database: str) -> list[list[str]]:
        text = self.psql(sql, database)
        return [line.split("\t") for line in text.splitlines() if line != ""]

    def scalar(self, sql: str, database: str) -> str:
        return self.psql(sql, database).strip()

    def create_database(self, name: str) -> None:
        self.psql(f'CREATE DATABASE "{name}"')

    def hold_head_lock(self, database: str, seconds: float) -> "LockHolder":
        return LockHolder(self, database, seconds)


class LockHolder:
    """A separate psql session that takes the ledger head's row lock (what every append takes) and sleeps."""

    APP = "modelreg-system-lock"

    def __init__(self, cluster: PostgresCluster, database: str, seconds: float) -> None:
        self.cluster = cluster
        sql = f"BEGIN; SELECT position FROM ledger_head WHERE singleton FOR UPDATE; SELECT pg_sleep({seconds}); COMMIT;"
        env = dict(os.environ, PGAPPNAME=self.APP)
        self.proc = subprocess.Popen(
            as_postgres([str(PG_BIN / "psql"), "-X", "-q", "-h", "127.0.0.1", "-p", str(cluster.port), "-U", "postgres", "-d", database,
                         "-c", sql]),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=cluster.root, start_new_session=True)
        self._cleanup = register_cleanup(self.release)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            n = cluster.scalar(
                f"SELECT count(*) FROM pg_stat_activity WHERE application_name = '{self.APP}' AND wait_event = 'PgSleep'", database)
            if n == "1":
                self.acquired_at = time.monotonic()
                return
            time.sleep(0.05)
        self.release()
        raise RuntimeError("the lock holder did not take the ledger head lock")

    def __enter__(self) -> "LockHolder":
        return self

    def __exit__(self, *_exc) -> None:
        # Only a lock still held needs releasing: after a successful wait() the session has committed and gone.
        if self.proc.poll() is None:
            self.release()

    def wait(self, timeout: float) -> None:
        self.proc.wait(timeout=timeout)
        unregister_cleanup(self._cleanup)

    def release(self) -> None:
        unregister_cleanup(self._cleanup)
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        # The backend may outlive psql for a moment; end it so the lock is gone.
        try:
            self.cluster.psql(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '{self.APP}'")
        except Exception:  # noqa: BLE001 - the cluster may be down
            pass


# ---------------------------------------------------------------------------------------------------------------------
# The registry server


def serve_flags() -> set[str]:
    """The options `modelreg serve` of this binary knows (features being added appear here when they land)."""
    out = subprocess.run([modelreg_bin(), "serve", "--help"], capture_output=True, text=True, timeout=60)
    flags = set()
    for token in (out.stdout + out.stderr).split():
        if token.startswith("--"):
            flags.add(token.strip(",[]<>"))
    return flags


class Server:
    """`modelreg serve` as a child process in its own working directory; restartable on the same port."""

    def __init__(self, database_url: str, workdir: Path, extra_args: list[str] | None = None, log_level: str = "info") -> None:
        self.database_url = database_url
        self.workdir = workdir
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.extra_args = extra_args or []
        self.log_level = log_level
        self.proc: subprocess.Popen | None = None
        self.port = 0
        self.base = ""
        self.starts = 0
        self.logfiles: list[Path] = []
        self.peak_hwm_kb = 0
        self._cleanup = register_cleanup(self.stop)

    def start(self, timeout: float = 90) -> str:
        self.starts += 1
        logfile = self.workdir / f"server-{self.starts}.log"
        self.logfiles.append(logfile)
        port = self.port or 0
        cmd = [modelreg_bin(), "serve", "--database-url", self.database_url, "--port", str(port), "--log-level", self.log_level,
               "--schema-dir", str(REPO / "schema"), "--signing-key", str(self.workdir / "signing-key"), *self.extra_args]
        with open(logfile, "wb") as out:
            self.proc = subprocess.Popen(cmd, cwd=self.workdir, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                         start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode} during start; log {logfile}:\n{logfile.read_text()[-3000:]}")
            text = logfile.read_text(errors="replace")
            marker = "server.url=http://"
            if marker in text:
                url = text[text.index(marker) + len("server.url="):].split()[0].strip()
                self.base = url
                self.port = int(url.rsplit(":", 1)[1])
                return url
            time.sleep(0.05)
        self.kill9()
        raise RuntimeError(f"server did not start within {timeout} s; log {logfile}")

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc and self.proc.poll() is None else None

    def sample_memory(self) -> dict[str, int]:
        """VmRSS and VmHWM (peak) in kB from /proc."""
        pid = self.pid
        result = {}
        if pid is None:
            return result
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith(("VmRSS:", "VmHWM:")):
                        key, value = line.split(":", 1)
                        result[key] = int(value.split()[0])
        except FileNotFoundError:
            pass
        self.peak_hwm_kb = max(self.peak_hwm_kb, result.get("VmHWM", 0))
        return result

    def kill9(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.sample_memory()
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        unregister_cleanup(self._cleanup)
        if self.proc and self.proc.poll() is None:
            self.sample_memory()
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def log_text(self) -> str:
        return "".join(p.read_text(errors="replace") for p in self.logfiles if p.exists())

    def statuses_in_log(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for line in self.log_text().splitlines():
            i = line.find("response.status=")
            if i >= 0:
                status = line[i + len("response.status="):].split()[0]
                counts[status] = counts.get(status, 0) + 1
        return counts

    def error_lines(self, limit: int = 20) -> list[str]:
        lines = [line for line in self.log_text().splitlines() if " error " in line or "critical" in line or "Fatal error" in line]
        return lines[:limit]


def run_cli(args: list[str], timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([modelreg_bin(), *args], capture_output=True, text=True, timeout=timeout)


def bootstrap_admin(database_url: str, name: str = "admin") -> str:
    out = run_cli(["admin", "bootstrap", "--database-url", database_url, "--schema-dir", str(REPO / "schema"), "--name", name, "--json"])
    if out.returncode != 0:
        raise RuntimeError(f"admin bootstrap failed: {out.stderr}{out.stdout}")
    data = json.loads(out.stdout)
    for key in ("token", "secret"):
        if key in data:
            return data[key]
    raise RuntimeError(f"no token in bootstrap output: {out.stdout}")


def run_cli_json(args: list[str], database_url: str) -> tuple[subprocess.CompletedProcess, dict[str, Any]]:
    """Runs `modelreg <args> --json` against the database; returns the process and its JSON report. Output that is
    not JSON (a crash, a usage error) is kept, cut short, so a failed check can show it."""
    out = run_cli([*args, "--database-url", database_url, "--schema-dir", str(REPO / "schema"), "--json"])
    try:
        report = json.loads(out.stdout)
    except json.JSONDecodeError:
        report = {"raw": out.stdout[-2000:], "stderr": out.stderr[-2000:]}
    return out, report


def verify_ledger(database_url: str) -> dict[str, Any]:
    out, report = run_cli_json(["verify"], database_url)
    return {"ok": out.returncode == 0 and bool(report.get("ok", False)), "exit": out.returncode, "report": report}


def replay_check(database_url: str) -> dict[str, Any]:
    out, report = run_cli_json(["replay", "--check"], database_url)
    differences = report.get("differences", None)
    return {"ok": out.returncode == 0 and differences == [], "exit": out.returncode, "differences": differences,
            "events": report.get("events")}


# ---------------------------------------------------------------------------------------------------------------------
# HTTP


class NoAnswer(Exception):
    """The request got no HTTP answer: refused, reset, closed or timed out."""

    def __init__(self, kind: str, sent: bool, detail: str = "") -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.sent = sent  # False only when the connection could not even be opened


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float

    @property
    def json(self) -> Any:
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    @property
    def code(self) -> str:
        data = self.json
        if isinstance(data, dict) and isinstance(data.get("error"), dict):
            return str(data["error"].get("code", ""))
        return ""


class Client:
    """One persistent HTTP/1.1 connection; every request has a client-side timeout."""

    def __init__(self, base: str | Callable[[], str], token: str | None, timeout: float = CLIENT_TIMEOUT) -> None:
        self._base = base
        self.token = token
        self.timeout = timeout
        self.conn: http.client.HTTPConnection | None = None
        self.conn_base = ""

    @property
    def base(self) -> str:
        return self._base() if callable(self._base) else self._base

    def close(self) -> None:
        if self.conn is not None:
            try:
                self.conn.close()
            except Exception:  # noqa: BLE001
                pass
            self.conn = None

    def _connection(self) -> http.client.HTTPConnection:
        base = self.base
        if self.conn is None or self.conn_base != base:
            self.close()
            host, port = base.split("//", 1)[1].rsplit(":", 1)
            self.conn = http.client.HTTPConnection(host, int(port), timeout=self.timeout)
            self.conn_base = base
            try:
                self.conn.connect()
            except OSError as error:
                self.close()
                raise NoAnswer("refused", sent=False, detail=repr(error)) from None
            self.conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return self.conn

    def request(self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None,
                raw: bytes | None = None) -> Answer:
        all_headers = {"Accept": "application/json"}
        if self.token:
            all_headers["Authorization"] = f"Bearer {self.token}"
        payload = raw
        if body is not None:
            payload = json.dumps(body).encode()
            all_headers["Content-Type"] = "application/json"
        if headers:
            all_headers.update(headers)
        conn = self._connection()
        started = time.monotonic()
        try:
            conn.request(method, path, body=payload, headers=all_headers)
            response = conn.getresponse()
            data = response.read()
            answer = Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, data, time.monotonic() - started)
            if response.getheader("connection", "").lower() == "close":
                self.close()
            return answer
        except socket.timeout:
            self.close()
            raise NoAnswer("timeout", sent=True, detail=f"{method} {path} after {time.monotonic() - started:.1f} s") from None
        except (http.client.HTTPException, OSError) as error:
            self.close()
            raise NoAnswer("closed", sent=True, detail=f"{method} {path}: {error!r}") from None

    def send_and_drop(self, method: str, path: str, body: Any, headers: dict[str, str], after: float) -> None:
        """Sends a request and closes the connection `after` seconds later without reading the answer."""
        all_headers = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json", **headers}
        base = self.base
        host, port = base.split("//", 1)[1].rsplit(":", 1)
        conn = http.client.HTTPConnection(host, int(port), timeout=self.timeout)
        try:
            conn.request(method, path, body=json.dumps(body).encode(), headers=all_headers)
            if after > 0:
                time.sleep(after)
        except OSError:
            pass
        finally:
            try:
                conn.sock and conn.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            except OSError:
                pass
            conn.close()


def utc_now(offset_seconds: float = 0) -> str:
    return (datetime.now(timezone.utc) + timedelta(seconds=offset_seconds)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def new_id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:16]}"


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, int(round(q / 100 * (len(ordered) - 1)))))
    return ordered[index]


# ---------------------------------------------------------------------------------------------------------------------
# Write accounting


@dataclass
class Write:
    """One logical write a client attempted, and what became of it."""

    kind: str  # model, version, alias, report
    request_id: str
    model: str
    key: str | None = None
    status: int | None = None  # None: no answer
    answer_code: str = ""
    no_answer: str = ""
    sent: bool = True
    rows: int = 0  # reported predictions in the batch
    case_reference: str = ""
    version: int | None = None  # alias target, or the registered version
    seconds: float = 0.0
    started: float = 0.0
    retry_after: str | None = None
    retries: int = 0
    retried_request_ids: list[str] = field(default_factory=list)
    method: str = ""
    path: str = ""
    body: Any = None

    @property
    def acknowledged(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    @property
    def unanswered(self) -> bool:
        return self.status is None and self.sent


@dataclass
class Fixture:
    """A database, a server and an admin token: what every scenario starts from."""

    cluster: PostgresCluster
    database: str
    server: Server
    token: str
    artifact: str = ""

    @property
    def url(self) -> str:
        return self.cluster.url(self.database)

    def client(self, timeout: float = CLIENT_TIMEOUT) -> Client:
        return Client(lambda: self.server.base, self.token, timeout)

    def sql(self, sql: str) -> list[list[str]]:
        return self.cluster.rows(sql, self.database)

    def scalar(self, sql: str) -> str:
        return self.cluster.scalar(sql, self.database)

    def close(self) -> None:
        self.server.stop()


def make_fixture(cluster: PostgresCluster, name: str, extra_args: list[str] | None = None, log_level: str = "info") -> Fixture:
    database = f"sys_{name}_{uuid.uuid4().hex[:6]}"
    cluster.create_database(database)
    workdir = cluster.root.parent / f"{cluster.root.name}-{database}"
    register_cleanup(lambda: shutil.rmtree(workdir, ignore_errors=True) if not os.environ.get("MODELREG_SYSTEM_KEEP") else None)
    server = Server(cluster.url(database), workdir, extra_args, log_level)
    server.start()
    token = bootstrap_admin(cluster.url(database))
    fixture = Fixture(cluster, database, server, token)
    c = fixture.client()
    artifact = f"system-test artifact {uuid.uuid4()}".encode()
    a = c.request("POST", "/v1/artifacts", raw=artifact, headers={"Content-Type": "application/octet-stream"})
    if a.status not in (200, 201):
        raise RuntimeError(f"artifact upload failed: {a.status} {a.body[:300]!r}")
    fixture.artifact = a.json["sha256"]
    c.close()
    return fixture


def expect(answer: Answer, *statuses: int) -> Answer:
    if answer.status not in statuses:
        raise RuntimeError(f"unexpected answer {answer.status}: {answer.body[:400]!r}")
    return answer


def write_headers(request_id: str | None, key: str | None) -> dict[str, str]:
    """Every write carries a request id (how the log is searched for it); a keyed one also its Idempotency-Key."""
    headers = {"X-Request-Id": request_id or new_id("setup")}
    if key:
        headers["Idempotency-Key"] = key
    return headers


def create_model(c: Client, name: str, request_id: str | None = None, key: str | None = None) -> Answer:
    return c.request("POST", "/v1/models", {"name": name, "description": "system test"}, write_headers(request_id, key))


def register_version(c: Client, model: str, artifact: str, request_id: str | None = None, key: str | None = None) -> Answer:
    return c.request("POST", f"/v1/models/{model}/versions", {"artifact_sha256": artifact, "format": "pickle"},
                     write_headers(request_id, key))


_UNSET = object()


def move_alias(c: Client, model: str, alias: str, version: int, request_id: str | None = None, key: str | None = None,
               from_version: Any = _UNSET) -> Answer:
    body = {"version": version, "reason": "system test"}
    if from_version is not _UNSET:
        body["from_version"] = from_version
    return c.request("PUT", f"/v1/models/{model}/aliases/{alias}", body, write_headers(request_id, key))


def api_supports(c: Client, word: str) -> bool:
    """Whether the served OpenAPI description mentions `word` (a field a newer server accepts)."""
    a = c.request("GET", "/v1/openapi.json")
    return a.status == 200 and word.encode() in a.body


def report_body(rows: int, case_reference: str, version: int = 1) -> dict[str, Any]:
    made_at = utc_now(-0.05)
    return {"predictions": [
        {"version": version, "inputs": {"x": i, "case": case_reference}, "output": {"y": i * 0.5}, "made_at": made_at,
         "case_reference": case_reference}
        for i in range(rows)]}


def report_predictions(c: Client, model: str, body: dict[str, Any], request_id: str, key: str | None = None) -> Answer:
    return c.request("POST", f"/v1/models/{model}/predictions", body, write_headers(request_id, key))


def run_threads(targets: list[Callable[[], None]], join_timeout: float) -> list[str]:
    """Runs each target in its own thread; returns the errors of those that raised or did not finish."""
    errors: list[str] = []
    lock = threading.Lock()

    def wrap(fn: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            try:
                fn()
            except Exception as error:  # noqa: BLE001
                with lock:
                    errors.append(repr(error))
        return run

    threads = [threading.Thread(target=wrap(t), daemon=True) for t in targets]
    for t in threads:
        t.start()
    deadline = time.monotonic() + join_timeout
    for t in threads:
        t.join(max(0.0, deadline - time.monotonic()))
    stuck = sum(1 for t in threads if t.is_alive())
    if stuck:
        errors.append(f"{stuck} client threads still running after {join_timeout:.0f} s")
    return errors


# ---------------------------------------------------------------------------------------------------------------------
# Ledger checks


class Ledger:
    """Reads what is in the database, to hold it against what clients were told."""

    def __init__(self, fixture: Fixture) -> None:
        self.f = fixture

    def events_by_request(self) -> dict[str, list[tuple[str, int, str]]]:
        """request_id -> [(type, position, stream)]"""
        result: dict[str, list[tuple[str, int, str]]] = {}
        for rid, typ, pos, stream in self.f.sql(
                "SELECT metadata::jsonb->>'request_id', type, position, stream FROM ledger_events ORDER BY position"):
            result.setdefault(rid, []).append((typ, int(pos), stream))
        return result

    def events_by_key(self) -> dict[str, list[tuple[str, int]]]:
        result: dict[str, list[tuple[str, int]]] = {}
        for key, typ, pos in self.f.sql(
                "SELECT metadata::jsonb->>'idempotency_key', type, position FROM ledger_events "
                "WHERE metadata::jsonb ? 'idempotency_key' ORDER BY position"):
            result.setdefault(key, []).append((typ, int(pos)))
        return result

    def predictions_by_case(self) -> dict[str, dict[str, Any]]:
        """case_reference -> {rows, request_ids, batches, sealed_batches}"""
        result: dict[str, dict[str, Any]] = {}
        rows = self.f.sql(
            "SELECT p.leaf::json->>'case_reference', p.request_id, p.batch_id, "
            "(SELECT count(*) FROM prediction_batches b JOIN ledger_events e ON e.position = b.seal_position "
            " AND e.type = 'PredictionBatchSealed' WHERE b.batch_id = p.batch_id) "
            "FROM predictions p WHERE p.kind = 'reported'")
        for case, rid, batch, sealed in rows:
            entry = result.setdefault(case, {"rows": 0, "request_ids": {}, "batches": set(), "unsealed_rows": 0})
            entry["rows"] += 1
            entry["request_ids"][rid] = entry["request_ids"].get(rid, 0) + 1
            entry["batches"].add(batch)
            if sealed != "1":
                entry["unsealed_rows"] += 1
        return result

    # Counting queries whose answer must be 0, and what a nonzero count means (checked in this order).
    MUST_BE_NONE = [
        ("SELECT count(*) FROM (SELECT stream, stream_version, row_number() OVER (PARTITION BY stream ORDER BY stream_version) AS n "
         "FROM ledger_events) s WHERE stream_version <> n",
         "events with stream versions out of sequence"),
        ("SELECT count(*) FROM predictions p WHERE NOT EXISTS (SELECT 1 FROM prediction_batches b WHERE b.batch_id = p.batch_id)",
         "prediction rows without a batch"),
        ("SELECT count(*) FROM prediction_batches b WHERE b.size <> (SELECT count(*) FROM predictions p WHERE p.batch_id = b.batch_id) "
         "OR NOT EXISTS (SELECT 1 FROM ledger_events e WHERE e.position = b.seal_position AND e.type = 'PredictionBatchSealed')",
         "prediction batches incomplete or unsealed"),
        ("SELECT count(*) FROM ledger_events e WHERE e.type = 'PredictionBatchSealed' "
         "AND NOT EXISTS (SELECT 1 FROM prediction_batches b WHERE b.seal_position = e.position)",
         "seal events without their batch"),
    ]

    def structural_problems(self) -> list[str]:
        """Gapless positions, head = last event, every batch complete and sealed, no orphan prediction rows."""
        problems = []
        count, maximum = self.f.sql("SELECT count(*), coalesce(max(position), 0) FROM ledger_events")[0]
        head = self.f.scalar("SELECT position FROM ledger_head")
        if not (count == maximum == head):
            problems.append(f"ledger positions not gapless or head off: count {count}, max {maximum}, head {head}")
        for sql, what in self.MUST_BE_NONE:
            n = self.f.scalar(sql)
            if n != "0":
                problems.append(f"{n} {what}")
        return problems


EXPECTED_EVENT = {"model": "ModelRegistered", "version": "VersionRegistered", "alias": "AliasSet"}


def account_writes(fixture: Fixture, writes: list[Write], by_key: bool = False) -> dict[str, Any]:
    """Holds every write against the ledger. Problems come in four kinds: `lost` (answered 2xx, not in the log),
    `partial` (some rows of a batch, or rows without their seal), `duplicated` (in the log more than once) and
    `refused_applied` (answered with an error, 4xx or 5xx, yet in the log: a client told to retry would write twice)."""
    ledger = Ledger(fixture)
    events = ledger.events_by_request()
    keyed = ledger.events_by_key() if by_key else {}
    cases = ledger.predictions_by_case()
    kinds: dict[str, list[str]] = {"lost": [], "partial": [], "duplicated": [], "refused_applied": []}
    acknowledged = found = unanswered = unanswered_present = 0
    for w in writes:
        present = False
        if w.kind == "report":
            entry = cases.get(w.case_reference)
            n = entry["rows"] if entry else 0
            if n > w.rows and n % w.rows == 0:
                kinds["duplicated"].append(f"report {w.case_reference} logged {n // w.rows} times ({n} rows for a batch of {w.rows}, "
                                           f"by requests {sorted(entry['request_ids'])})")
            elif n not in (0, w.rows):
                kinds["partial"].append(f"report {w.case_reference}: {n} of {w.rows} rows in the log")
            if entry and entry["unsealed_rows"]:
                kinds["partial"].append(f"report {w.case_reference}: {entry['unsealed_rows']} rows without a seal")
            present = n >= w.rows
        else:
            want = EXPECTED_EVENT[w.kind]
            if by_key and w.key:
                matching = [e for e in keyed.get(w.key, []) if e[0] == want]
            else:
                ids = [w.request_id, *w.retried_request_ids]
                matching = [e for rid in ids for e in events.get(rid, []) if e[0] == want]
            if len(matching) > 1:
                kinds["duplicated"].append(f"{w.kind} {w.request_id}: {len(matching)} {want} events")
            present = len(matching) >= 1
        if w.acknowledged:
            acknowledged += 1
            if present:
                found += 1
            else:
                kinds["lost"].append(f"{w.kind} {w.request_id} answered {w.status}")
        elif w.unanswered:
            unanswered += 1
            unanswered_present += int(present)
        elif present and w.status is not None and w.status >= 400:
            kinds["refused_applied"].append(f"{w.kind} {w.request_id} answered {w.status} {w.answer_code}")
    problems = [f"{kind}: {p}" for kind, items in kinds.items() for p in items]
    return {"acknowledged": acknowledged, "found": found, "unanswered": unanswered, "unanswered_present": unanswered_present,
            "kinds": kinds, "problems": problems}


def final_checks(fixture: Fixture) -> dict[str, Any]:
    """Structure of the log, `modelreg verify` and `modelreg replay --check`."""
    problems = Ledger(fixture).structural_problems()
    verify = verify_ledger(fixture.url)
    replay = replay_check(fixture.url)
    if not verify["ok"]:
        problems.append(f"modelreg verify failed: {json.dumps(verify['report'])[:600]}")
    if not replay["ok"]:
        problems.append(f"modelreg replay --check found differences: {json.dumps(replay)[:600]}")
    events = fixture.scalar("SELECT count(*) FROM ledger_events")
    predictions = fixture.scalar("SELECT count(*) FROM predictions")
    return {"problems": problems, "verify_ok": verify["ok"], "replay_ok": replay["ok"], "events": int(events),
            "predictions": int(predictions)}


def status_summary(statuses: list[int | None]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for s in statuses:
        key = "none" if s is None else str(s)
        counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items()))


def jitter(a: float, b: float) -> float:
    return random.uniform(a, b)
