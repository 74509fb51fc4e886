#!/usr/bin/env python3
"""The real MLflow client against ModelRegistry's MLflow REST routes.

Starts a private PostgreSQL cluster and `modelreg serve` (tests/system/harness.py), creates principals through
`/v1`, then drives the registry with the pinned `mlflow` package: `MlflowClient`, the artifact proxy
(`MlflowArtifactsRepository`), stages and the four-eyes rule on `production`, search and paging, errors (each
answered within seconds: a 5xx would make the client retry for minutes), Basic auth, the "registry only" set-up
(tracking in a local `file:` or sqlite store, `log_model(registered_model_name=)`), `mlflow.pyfunc.load_model("models:/...")` of the demo statsmodels OLS model
with predictions held to `demo/mtcars/reference_predictions.json`, and finally the model's history through `/v1`.

    tests/mlflow/run.sh                                   # the venv, then this against our server
    python test_mlflow_client.py                          # our server (MODELREG_BIN, default .build/debug/modelreg)
    python test_mlflow_client.py --against-mlflow URL     # the MLflow parts only, against a real `mlflow server`
    python test_mlflow_client.py --start-mlflow           # the same, against a real `mlflow server` started here

Against a real MLflow server the parts that are ours (principals, `/v1`, four-eyes, auth) are skipped, and a
version's source lies under a run's artifact root (the real server insists on that); the rest is the same test.
One line per step; the last line is `mlflow: N passed, N failed, N skipped`. Exit status 0 only if nothing failed.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request
import uuid
import warnings
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
DEMO = REPO / "demo" / "mtcars"
sys.path.insert(0, str(REPO / "tests" / "system"))

import harness  # noqa: E402  (tests/system/harness.py, standard library only)

# Before mlflow is imported: no telemetry, and a per-request bound well under the watchdog. The retry policy stays
# the client's default on purpose (a 5xx must not be hidden): RetryWatch below fails a step at the first retry, and
# expect_error() bounds each error call's time.
os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
os.environ.setdefault("DO_NOT_TRACK", "true")
os.environ.setdefault("MLFLOW_HTTP_REQUEST_TIMEOUT", "60")
for _name in ("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "MLFLOW_TRACKING_INSECURE_TLS", "MLFLOW_ENABLE_PROXY_MULTIPART_UPLOAD",
              "MLFLOW_ENABLE_PROXY_MULTIPART_DOWNLOAD"):
    os.environ.pop(_name, None)

warnings.filterwarnings("ignore")  # stages are deprecated (FutureWarning); pydantic, setuptools...

import mlflow  # noqa: E402
import mlflow.pyfunc  # noqa: E402
import mlflow.statsmodels  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from mlflow.exceptions import MlflowException  # noqa: E402
from mlflow.store.artifact.mlflow_artifacts_repo import MlflowArtifactsRepository  # noqa: E402
from mlflow.tracking import MlflowClient  # noqa: E402
from statsmodels.regression.linear_model import OLSResults  # noqa: E402

logging.getLogger("mlflow").setLevel(logging.WARNING)

ERROR_WITHIN = 5.0  # seconds: an error call that takes longer was answered with a 5xx and retried
CREATE_WITHIN = 2.9  # seconds: create_model_version polls every 3 s while the status is not READY
RELATIVE_TOLERANCE = 1e-9
CREDENTIAL_VARS = ("MLFLOW_TRACKING_TOKEN", "MLFLOW_TRACKING_USERNAME", "MLFLOW_TRACKING_PASSWORD")

MODEL = "mpg"
EXTRA = "mpg-extra"
OTHER = "cars-other"
SCRATCH = "mpg-scratch"
SCRATCH_RENAMED = "mpg-scratch-renamed"
LOCAL = "mpg-local"
ALL_MODELS = (MODEL, EXTRA, OTHER, SCRATCH, SCRATCH_RENAMED, LOCAL)

DS = "ds-alice"  # the data scientist: creates and owns the models, registers the versions
REVIEWER = "rev-bob"  # granted `approver` on the model: the second pair of eyes
OUTSIDER = "out-carol"  # no role on any model


def out(line: str) -> None:
    print(line, flush=True)


class ClientRetried(BaseException):
    """The MLflow client is about to retry a request (a 408/429/5xx answer or a broken connection). A BaseException, so
    that mlflow's `except Exception` wrappers let it through: the step fails now instead of after minutes of retries."""


class RetryWatch(logging.Handler):
    """urllib3 logs every retry it is about to make ("Incremented Retry for (url=...): Retry(...)"); nothing in this
    test should ever need one. The handler cannot raise itself (logging swallows it): it signals the main thread,
    whose handler raises ClientRetried out of the retry's back-off sleep."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.last = ""

    def emit(self, record: logging.LogRecord) -> None:
        if not str(record.msg).startswith("Incremented Retry"):
            return
        try:
            url, retry = record.args
            history = retry.history[-1] if retry.history else None
            what = f"{history.method} {url}: status {history.status}, error {history.error!r}" if history else str(url)
        except Exception:  # noqa: BLE001
            what = record.getMessage()
        self.last = what
        os.kill(os.getpid(), signal.SIGUSR2)


RETRY_WATCH = RetryWatch()


def watch_retries() -> None:
    logger = logging.getLogger("urllib3.util.retry")
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    logger.addHandler(RETRY_WATCH)

    def on_retry(_signum, _frame):
        raise ClientRetried(f"the MLflow client would retry ({RETRY_WATCH.last}): the server must not answer "
                            "a 5xx/408/429 or drop the connection here (the client retries for about 4 minutes)")

    signal.signal(signal.SIGUSR2, on_retry)


# ---------------------------------------------------------------------------------------------------------------------
# Credentials and small helpers


@contextlib.contextmanager
def credentials(token: str | None = None, username: str | None = None, password: str | None = None):
    """The MLflow client reads its credentials from the environment on every request."""
    saved = {k: os.environ.get(k) for k in CREDENTIAL_VARS}
    for k in CREDENTIAL_VARS:
        os.environ.pop(k, None)
    if token is not None:
        os.environ["MLFLOW_TRACKING_TOKEN"] = token
    if username is not None:
        os.environ["MLFLOW_TRACKING_USERNAME"] = username
    if password is not None:
        os.environ["MLFLOW_TRACKING_PASSWORD"] = password
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def check(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)


def expect_error(code: str, fn: Callable[..., Any], *args: Any, contains: str | None = None, within: float = ERROR_WITHIN,
                 **kwargs: Any) -> MlflowException:
    """The call raises MlflowException with this error_code, within `within` seconds (no retries of a 5xx)."""
    started = time.monotonic()
    try:
        result = fn(*args, **kwargs)
    except MlflowException as error:
        took = time.monotonic() - started
        check(error.error_code == code,
              f"{fn.__name__}{args}: expected error_code {code}, got {error.error_code}: {error.message[:400]}")
        check(took < within, f"{fn.__name__}{args}: the {code} error took {took:.1f} s (a 5xx answer, retried by the client?)")
        if contains:
            check(contains.lower() in error.message.lower(),
                  f"{fn.__name__}{args}: the message should mention {contains!r}: {error.message[:400]}")
        return error
    raise AssertionError(f"{fn.__name__}{args}: expected {code}, but the call succeeded with {result!r:.300}")


def timed(within: float, what: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    started = time.monotonic()
    result = fn(*args, **kwargs)
    took = time.monotonic() - started
    check(took < within, f"{what} took {took:.1f} s (more than {within} s)")
    return result


def plausible_ms(value: Any, what: str) -> None:
    now_ms = time.time() * 1000
    check(isinstance(value, int) and abs(value - now_ms) < 86_400_000,
          f"{what} should be epoch milliseconds near now ({now_ms:.0f}), got {value!r}")


def versions(mvs) -> list[str]:
    return [mv.version for mv in mvs]


def names(rms) -> list[str]:
    return [rm.name for rm in rms]


# ---------------------------------------------------------------------------------------------------------------------
# The fixture model and its reference predictions


def mtcars_frame() -> tuple[pd.DataFrame, np.ndarray]:
    """The 32 training rows of mtcars.csv plus the 5 new inputs of the reference file, with the expected `ols_mpg`.
    `cyl` stays an integer: the fixture was fitted with `cyl` a category of the integers 4, 6, 8 (patsy refuses "6")."""
    reference = json.loads((DEMO / "reference_predictions.json").read_text())
    expected_by_row = {r["row"]: r["ols_mpg"] for r in reference}
    rows: list[dict[str, Any]] = []
    expected: list[float] = []
    with open(DEMO / "mtcars.csv", newline="") as f:
        for r in csv.DictReader(f):
            rows.append({"hp": float(r["hp"]), "cyl": int(r["cyl"]), "wt": float(r["wt"])})
            expected.append(expected_by_row[r["model"]])
    check(len(rows) == 32, f"mtcars.csv should have 32 rows, has {len(rows)}")
    for r in reference:
        if r["row"].startswith("new-"):
            inputs = r["inputs"]
            rows.append({"hp": float(inputs["hp"]), "cyl": int(inputs["cyl"]), "wt": float(inputs["wt"])})
            expected.append(r["ols_mpg"])
    return pd.DataFrame(rows), np.array(expected)


def check_predictions(model: Any, frame: pd.DataFrame, expected: np.ndarray, what: str) -> None:
    got = np.asarray(model.predict(frame), dtype=float).reshape(-1)
    check(got.shape == expected.shape, f"{what}: {got.shape[0]} predictions for {expected.shape[0]} rows")
    worst = float(np.max(np.abs(got - expected) / np.abs(expected)))
    check(worst <= RELATIVE_TOLERANCE, f"{what}: predictions differ from reference_predictions.json by {worst:.3g} relative")


def save_fixture(directory: Path) -> Path:
    """The demo's statsmodels pickle, saved as an MLflow model (a fresh save each time: a new model_uuid)."""
    fitted = OLSResults.load(str(DEMO / "lin_reg_model.pkl"))
    target = directory / f"model-{uuid.uuid4().hex[:8]}"
    # Explicit requirements: inferring them would load the model again in a subprocess (seconds per save).
    import statsmodels
    mlflow.statsmodels.save_model(fitted, str(target), pip_requirements=[f"statsmodels=={statsmodels.__version__}",
                                                                          f"pandas=={pd.__version__}", f"numpy=={np.__version__}"])
    check((target / "MLmodel").is_file(), f"save_model wrote no MLmodel in {target}")
    return target


# ---------------------------------------------------------------------------------------------------------------------
# Our /v1 API


class V1:
    def __init__(self, base: str, token: str) -> None:
        self.client = harness.Client(base, token, timeout=30)

    def call(self, method: str, path: str, body: Any = None, want: tuple[int, ...] = (200,)) -> Any:
        answer = self.client.request(method, path, body)
        check(answer.status in want, f"/v1: {method} {path} answered {answer.status}: {answer.body[:400]!r}")
        return answer.json

    def history(self, model: str, **query: str) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        after = "0"
        for _ in range(100):
            q = urllib.parse.urlencode({"limit": "1000", "after": after, **query})
            page = self.call("GET", f"/v1/models/{urllib.parse.quote(model)}/history?{q}")
            items.extend(page["items"])
            if not page.get("next"):
                return items
            after = page["next"]
        raise AssertionError("the history did not end within 100 pages")

    def events(self) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        after = "0"
        for _ in range(1000):
            page = self.call("GET", f"/v1/events?limit=1000&after={after}")
            items.extend(page["items"])
            if not page.get("next"):
                return items
            after = page["next"]
        raise AssertionError("the ledger did not end within 1000 pages")

    def close(self) -> None:
        self.client.close()


# ---------------------------------------------------------------------------------------------------------------------
# A real `mlflow server`, for --start-mlflow


class MlflowServer:
    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="modelreg-mlflow-real-"))
        self.port = harness.free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self._cleanup = harness.register_cleanup(self.stop)

    def start(self, timeout: float = 120) -> str:
        exe = Path(sys.executable).parent / "mlflow"
        cmd = [str(exe), "server", "--backend-store-uri", f"sqlite:///{self.root}/mlflow.db",
               "--artifacts-destination", str(self.root / "artifacts"), "--host", "127.0.0.1", "--port", str(self.port),
               "--workers", "1"]
        self.log = open(self.root / "server.log", "wb")
        self.proc = subprocess.Popen(cmd, cwd=self.root, stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     start_new_session=True, env=dict(os.environ, MLFLOW_DISABLE_TELEMETRY="true"))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"mlflow server exited with {self.proc.returncode}: "
                                   f"{(self.root / 'server.log').read_text(errors='replace')[-3000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=2) as r:
                    if r.status == 200:
                        return self.url
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"mlflow server did not answer /health within {timeout} s")

    def stop(self) -> None:
        harness.unregister_cleanup(self._cleanup)
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        if not os.environ.get("MODELREG_SYSTEM_KEEP"):
            shutil.rmtree(self.root, ignore_errors=True)


# ---------------------------------------------------------------------------------------------------------------------
# The scenario


class Scenario:
    def __init__(self, url: str, ours: bool, workdir: Path) -> None:
        self.url = url
        self.ours = ours
        self.work = workdir
        self.passed = 0
        self.failed = 0
        self.skipped = 0
        self.failures: list[str] = []
        self.stop = False
        # What a user sets: MLFLOW_TRACKING_URI (the artifact proxy and models:/ loads go through the tracking URI).
        os.environ["MLFLOW_TRACKING_URI"] = url
        os.environ.pop("MLFLOW_REGISTRY_URI", None)
        mlflow.set_tracking_uri(url)
        mlflow.set_registry_uri(url)
        self.client = MlflowClient()
        check(self.client._registry_uri == url, f"the client's registry URI is {self.client._registry_uri}")
        self.frame, self.expected = mtcars_frame()
        # Set by the steps
        self.tokens: dict[str, str] = {}
        self.admin: V1 | None = None
        self.v1: V1 | None = None
        self.run_id = ""
        self.source: dict[int, str] = {}
        self.champion_since = ""
        self.production_since = ""
        self.scratch_model_id = ""

    # -- running ------------------------------------------------------------------------------------------------------

    def step(self, name: str, fn: Callable[[], None], ours_only: bool = False) -> None:
        if self.stop:
            self.skipped += 1
            out(f"mlflow: skip {name} (after an earlier failure)")
            return
        if ours_only and not self.ours:
            self.skipped += 1
            out(f"mlflow: skip {name} (ours only)")
            return
        started = time.monotonic()
        try:
            fn()
        except (Exception, ClientRetried) as error:  # noqa: BLE001 - every failure is reported the same way
            self.failed += 1
            self.stop = True
            detail = f"{type(error).__name__}: {error}"
            self.failures.append(f"{name}: {detail}")
            out(f"mlflow: FAIL {name} ({time.monotonic() - started:.2f} s): {detail}")
            if not isinstance(error, AssertionError):
                traceback.print_exc(file=sys.stdout)
            return
        self.passed += 1
        out(f"mlflow: ok   {name} ({time.monotonic() - started:.2f} s)")

    def as_ds(self):
        return credentials(token=self.tokens.get(DS)) if self.ours else credentials()

    def run(self) -> None:
        self.step("principals through /v1 (data scientist, reviewer, outsider)", self.setup_principals, ours_only=True)
        with self.as_ds():
            self.step("server-info answers (multipart off) or is absent", self.server_info)
            self.step("create_registered_model with tags and description", self.create_model)
            self.step("a second create of the same name: RESOURCE_ALREADY_EXISTS", self.duplicate_model)
            self.step("the reviewer is granted `approver` through /v1", self.grant_reviewer, ours_only=True)
            self.step("a source and run id for the versions (against MLflow: a run of its own)", self.prepare_sources)
            self.step("statsmodels save_model, uploaded through the artifact proxy", self.upload_artifacts)
            self.step("create_model_version 1 and 2: READY at once, numbered 1, 2", self.create_versions)
            self.step("get_registered_model: latest_versions, timestamps", self.get_model)
            self.step("registered-model tags and description", self.model_tags)
            self.step("model-version tags and description", self.version_tags)
            self.step("aliases: set, move, get by alias, delete", self.aliases)
            self.step("errors: missing model, version, alias; bad stage; answered at once", self.errors)
            self.step("errors of ours: archive_existing_versions with stage Archived is a 4xx", self.errors_ours, ours_only=True)
            self.step("transition to Staging", self.to_staging)
            self.step("transition to Production without an approval: PERMISSION_DENIED", self.production_refused, ours_only=True)
            self.step("approval of version 1 for production by the reviewer through /v1", self.approve_v1, ours_only=True)
            self.step("transition version 1 to Production", self.v1_to_production)
            self.step("version 2 to Staging, approved, to Production archiving version 1", self.v2_to_production)
            self.step("the production alias and the Production stage agree", self.production_alias)
            self.step("pyfunc.load_model models:/mpg@production, /Production, /1: predictions match", self.load_and_predict)
            self.step("search_registered_models: LIKE, ILIKE, tags, order_by, max_results=1 paging", self.search_models)
            self.step("search_model_versions: ordering, tags, version_number, paging", self.search_versions)
            self.step("scratch model: delete a version (its number is not reused), rename, delete", self.scratch)
            self.step("rights through MLflow: approver cannot register, outsider sees nothing", self.rights, ours_only=True)
        self.step("auth: Bearer, Basic (name + token), wrong password, no credentials", self.auth, ours_only=True)
        with self.as_ds():
            self.step("registry only: tracking in a local file: store, runs:/ and file:// sources", self.registry_only)
            self.step("registry only, local sqlite tracking: log_model(registered_model_name=), register_model(runs:/)",
                      self.registry_only_log_model, ours_only=True)
            self.step("history through /v1: each MLflow action an event by its principal", self.history, ours_only=True)
            self.step("time travel through /v1: known_at and at before the last alias moves", self.time_travel, ours_only=True)

    # -- steps --------------------------------------------------------------------------------------------------------

    def setup_principals(self) -> None:
        for name in (DS, REVIEWER, OUTSIDER):
            created = self.admin.call("POST", "/v1/principals", {"name": name, "kind": "user"}, want=(201,))
            self.tokens[name] = created["secret"]
        self.v1 = V1(self.url, self.tokens[DS])

    def server_info(self) -> None:
        request = urllib.request.Request(f"{self.url}/api/3.0/mlflow/server-info")
        token = self.tokens.get(DS)
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=10) as r:
                info = json.loads(r.read() or b"{}")
        except urllib.error.HTTPError as error:
            check(error.code == 404, f"server-info answered {error.code}: should be 200 or 404")
            return
        check(not info.get("multipart_uploads_enabled") and not info.get("multipart_downloads_enabled"),
              f"server-info should disable multipart: {info}")

    def create_model(self) -> None:
        rm = timed(ERROR_WITHIN, "create_registered_model", self.client.create_registered_model, MODEL,
                   tags={"team": "risk", "domain": "auto"}, description="Fuel economy of the 1974 Motor Trend cars")
        check(rm.name == MODEL, f"created model is named {rm.name!r}")
        check(rm.tags == {"team": "risk", "domain": "auto"}, f"created model tags: {rm.tags}")
        check(rm.description == "Fuel economy of the 1974 Motor Trend cars", f"created model description: {rm.description!r}")
        plausible_ms(rm.creation_timestamp, "creation_timestamp")
        self.client.create_registered_model(EXTRA, tags={"team": "other"}, description="another mp model")
        self.client.create_registered_model(OTHER)

    def duplicate_model(self) -> None:
        expect_error("RESOURCE_ALREADY_EXISTS", self.client.create_registered_model, MODEL, contains="already exists")

    def grant_reviewer(self) -> None:
        self.v1.call("PUT", f"/v1/models/{MODEL}/grants/{REVIEWER}", {"role": "approver", "reason": "four eyes on mpg"})

    def prepare_sources(self) -> None:
        if self.ours:
            # No tracking server: the run id is whatever the data scientist's tracking said; the proxy path is ours.
            self.run_id = uuid.uuid4().hex
            for v in (1, 2):
                self.source[v] = f"mlflow-artifacts:/models/{MODEL}/v{v}"
        else:
            # The real server accepts an mlflow-artifacts source only under the artifact root of the given run.
            run = self.client.create_run("0")
            self.run_id = run.info.run_id
            root = run.info.artifact_uri.rstrip("/")
            check(root.startswith("mlflow-artifacts:"), f"the real server's run artifact root: {root}")
            for v in (1, 2):
                self.source[v] = f"{root}/{MODEL}-v{v}"

    def upload_artifacts(self) -> None:
        for v in (1, 2):
            local = save_fixture(self.work / f"saved-v{v}")
            repo = MlflowArtifactsRepository(self.source[v])
            repo.log_artifacts(str(local))
            listed = {f.path: f for f in repo.list_artifacts()}
            for name in ("MLmodel", "model.statsmodels"):
                check(name in listed, f"v{v}: {name} not listed after upload; listed {sorted(listed)}")
                check(not listed[name].is_dir, f"v{v}: {name} listed as a directory")
                check(listed[name].file_size == (local / name).stat().st_size,
                      f"v{v}: {name} listed with size {listed[name].file_size}, uploaded {(local / name).stat().st_size}")
            back = self.work / f"downloaded-v{v}"
            back.mkdir()
            got = Path(repo.download_artifacts("MLmodel", str(back)))
            check(got.read_bytes() == (local / "MLmodel").read_bytes(), f"v{v}: MLmodel downloaded differs from the upload")
            try:
                repo.download_artifacts("no-such-file", str(back))
            except MlflowException:
                pass
            else:
                raise AssertionError(f"v{v}: downloading a missing file succeeded")
            check(repo.list_artifacts("no-such-dir") == [], f"v{v}: listing a missing directory should be empty")

    def create_versions(self) -> None:
        for v in (1, 2):
            mv = timed(CREATE_WITHIN, f"create_model_version {v} (not READY: the client polls every 3 s)",
                       self.client.create_model_version, MODEL, source=self.source[v], run_id=self.run_id,
                       tags={"trained_on": "mtcars", "algo": "ols"}, description=f"OLS mpg ~ hp + C(cyl) + wt, save {v}")
            check(mv.version == str(v), f"version {v} created as {mv.version!r}")
            check(mv.name == MODEL, f"version {v} name {mv.name!r}")
            check(mv.status == "READY", f"version {v} status {mv.status!r}")
            check(mv.current_stage == "None", f"version {v} stage {mv.current_stage!r}")
            check(mv.source == self.source[v], f"version {v} source {mv.source!r}")
            check(mv.run_id == self.run_id, f"version {v} run_id {mv.run_id!r}")
            check(mv.tags == {"trained_on": "mtcars", "algo": "ols"}, f"version {v} tags {mv.tags}")
            check(mv.description == f"OLS mpg ~ hp + C(cyl) + wt, save {v}", f"version {v} description {mv.description!r}")
            plausible_ms(mv.creation_timestamp, f"version {v} creation_timestamp")
            got = self.client.get_model_version(MODEL, str(v))
            check(got.version == str(v) and got.status == "READY", f"get_model_version {v}: {got}")
            uri = self.client.get_model_version_download_uri(MODEL, str(v))
            if self.ours and uri != self.source[v]:
                # Ours may pin the files at registration (a copy that later uploads cannot change): another
                # mlflow-artifacts URI, which must hold the same files.
                check(uri.startswith("mlflow-artifacts:/"), f"download uri of version {v}: {uri!r}")
                pinned = {f.path for f in MlflowArtifactsRepository(uri).list_artifacts()}
                check({"MLmodel", "model.statsmodels"} <= pinned, f"the pinned copy {uri} lists {sorted(pinned)}")
            else:
                check(uri == self.source[v], f"download uri of version {v}: {uri!r}, source {self.source[v]!r}")

    def get_model(self) -> None:
        rm = self.client.get_registered_model(MODEL)
        check(rm.name == MODEL, f"get_registered_model name {rm.name!r}")
        check(versions(rm.latest_versions) == ["2"], f"latest_versions should be version 2 in stage None: "
                                                     f"{[(mv.version, mv.current_stage) for mv in rm.latest_versions]}")
        check(rm.last_updated_timestamp >= rm.creation_timestamp, "last_updated_timestamp before creation_timestamp")
        plausible_ms(rm.last_updated_timestamp, "last_updated_timestamp")
        check(rm.aliases == {}, f"no aliases yet: {rm.aliases}")

    def model_tags(self) -> None:
        self.client.set_registered_model_tag(MODEL, "owner_team", "credit")
        self.client.set_registered_model_tag(MODEL, "team", "risk-models")  # an upsert
        self.client.delete_registered_model_tag(MODEL, "domain")
        self.client.delete_registered_model_tag(MODEL, "domain")  # a missing tag: silently nothing
        rm = self.client.update_registered_model(MODEL, description="MPG from hp, cylinders and weight")
        check(rm.description == "MPG from hp, cylinders and weight", f"update_registered_model returned {rm.description!r}")
        rm = self.client.get_registered_model(MODEL)
        check(rm.tags == {"team": "risk-models", "owner_team": "credit"}, f"model tags after set/delete: {rm.tags}")
        check(rm.description == "MPG from hp, cylinders and weight", f"description after update: {rm.description!r}")

    def version_tags(self) -> None:
        self.client.set_model_version_tag(MODEL, "1", "validated", "yes")
        self.client.set_model_version_tag(MODEL, "2", "validated", "no")
        self.client.delete_model_version_tag(MODEL, "2", "algo")
        mv = self.client.update_model_version(MODEL, "1", description="the first fit")
        check(mv.description == "the first fit", f"update_model_version returned {mv.description!r}")
        v1 = self.client.get_model_version(MODEL, "1")
        v2 = self.client.get_model_version(MODEL, "2")
        check(v1.tags == {"trained_on": "mtcars", "algo": "ols", "validated": "yes"}, f"version 1 tags: {v1.tags}")
        check(v2.tags == {"trained_on": "mtcars", "validated": "no"}, f"version 2 tags: {v2.tags}")
        check(v1.description == "the first fit", f"version 1 description: {v1.description!r}")

    def aliases(self) -> None:
        self.client.set_registered_model_alias(MODEL, "champion", "1")
        mv = self.client.get_model_version_by_alias(MODEL, "champion")
        check(mv.version == "1", f"champion -> {mv.version}, expected 1")
        check("champion" in mv.aliases, f"version 1 aliases: {mv.aliases}")
        check(self.client.get_registered_model(MODEL).aliases == {"champion": "1"},
              f"model aliases: {self.client.get_registered_model(MODEL).aliases}")
        if self.ours:
            self.champion_since = self.v1.call("GET", f"/v1/models/{MODEL}")["aliases"]["champion"]["since"]
            time.sleep(0.01)
        self.client.set_registered_model_alias(MODEL, "champion", "2")  # a move
        mv = self.client.get_model_version_by_alias(MODEL, "champion")
        check(mv.version == "2", f"champion moved -> {mv.version}, expected 2")
        check("champion" not in self.client.get_model_version(MODEL, "1").aliases, "version 1 still carries champion")
        self.client.delete_registered_model_alias(MODEL, "champion")
        expect_error("INVALID_PARAMETER_VALUE", self.client.get_model_version_by_alias, MODEL, "champion")
        self.client.delete_registered_model_alias(MODEL, "champion")  # an alias that is not there: silently nothing
        check(self.client.get_registered_model(MODEL).aliases == {}, "aliases left after delete")

    def errors(self) -> None:
        expect_error("RESOURCE_DOES_NOT_EXIST", self.client.get_registered_model, "no-such-model")
        expect_error("RESOURCE_DOES_NOT_EXIST", self.client.get_model_version, MODEL, "99")
        expect_error("RESOURCE_DOES_NOT_EXIST", self.client.create_model_version, "no-such-model", source=self.source[1],
                     run_id=self.run_id)
        expect_error("INVALID_PARAMETER_VALUE", self.client.get_model_version_by_alias, MODEL, "no-such-alias")
        expect_error("RESOURCE_DOES_NOT_EXIST", self.client.set_registered_model_alias, MODEL, "challenger", "99")
        expect_error("INVALID_PARAMETER_VALUE", self.client.transition_model_version_stage, MODEL, "1", "Prod")
        expect_error("RESOURCE_ALREADY_EXISTS", self.client.rename_registered_model, EXTRA, MODEL)
        expect_error("RESOURCE_DOES_NOT_EXIST", self.client.delete_model_version, MODEL, "99")
        expect_error("RESOURCE_DOES_NOT_EXIST", self.client.delete_registered_model, "no-such-model")

    def errors_ours(self) -> None:
        # The real server answers this one with a 500 (a bug), which the client retries for minutes.
        expect_error("INVALID_PARAMETER_VALUE", self.client.transition_model_version_stage, MODEL, "1", "Archived",
                     archive_existing_versions=True)

    def to_staging(self) -> None:
        mv = self.client.transition_model_version_stage(MODEL, "1", "Staging")
        check(mv.current_stage == "Staging", f"transition returned stage {mv.current_stage!r}")
        check(self.client.get_model_version(MODEL, "1").current_stage == "Staging", "version 1 not in Staging")
        check(versions(self.client.get_latest_versions(MODEL, ["Staging"])) == ["1"], "latest Staging is not version 1")
        if self.ours:
            check(self.v1.call("GET", f"/v1/models/{MODEL}/aliases/staging")["version"] == 1, "our alias staging is not 1")

    def production_refused(self) -> None:
        expect_error("PERMISSION_DENIED", self.client.transition_model_version_stage, MODEL, "1", "Production",
                     contains="approv")
        expect_error("PERMISSION_DENIED", self.client.set_registered_model_alias, MODEL, "production", "1",
                     contains="approv")
        check(self.client.get_model_version(MODEL, "1").current_stage == "Staging", "a refused transition moved version 1")

    def approve(self, version: int) -> None:
        # The registrant may not approve its own version.
        a = self.v1.client.request("POST", f"/v1/models/{MODEL}/versions/{version}/approvals",
                                   {"alias": "production", "decision": "approved", "notes": "self"})
        check(a.status == 403 and a.code == "self_approval", f"self-approval answered {a.status} {a.body[:300]!r}")
        reviewer = V1(self.url, self.tokens[REVIEWER])
        try:
            approval = reviewer.call("POST", f"/v1/models/{MODEL}/versions/{version}/approvals",
                                     {"alias": "production", "decision": "approved", "notes": f"residuals fine, v{version}"},
                                     want=(201,))
        finally:
            reviewer.close()
        check(approval["approver"] == REVIEWER and approval["version"] == version, f"approval: {approval}")

    def approve_v1(self) -> None:
        self.approve(1)

    def v1_to_production(self) -> None:
        mv = self.client.transition_model_version_stage(MODEL, "1", "Production")
        check(mv.current_stage == "Production", f"transition returned stage {mv.current_stage!r}")
        check(self.client.get_model_version(MODEL, "1").current_stage == "Production", "version 1 not in Production")
        check(versions(self.client.get_latest_versions(MODEL, ["Production"])) == ["1"], "latest Production is not 1")
        check(self.client.get_latest_versions(MODEL, ["Staging"]) == [],
              "version 1 left Staging for Production: Staging should be empty (one stage per version)")
        latest = {mv.current_stage: mv.version for mv in self.client.get_latest_versions(MODEL)}
        check(latest == {"Production": "1", "None": "2"}, f"get_latest_versions (all stages): {latest}")
        if self.ours:
            model = self.v1.call("GET", f"/v1/models/{MODEL}")
            check(model["aliases"]["production"]["version"] == 1, f"our production alias: {model['aliases']}")
            self.production_since = model["aliases"]["production"]["since"]
            time.sleep(0.01)

    def v2_to_production(self) -> None:
        mv = self.client.transition_model_version_stage(MODEL, "2", "Staging")
        check(mv.current_stage == "Staging", f"version 2 to Staging returned {mv.current_stage!r}")
        if self.ours:
            self.approve(2)
        mv = self.client.transition_model_version_stage(MODEL, "2", "Production", archive_existing_versions=True)
        check(mv.current_stage == "Production", f"version 2 to Production returned {mv.current_stage!r}")
        check(self.client.get_model_version(MODEL, "1").current_stage == "Archived",
              f"version 1 should be Archived, is {self.client.get_model_version(MODEL, '1').current_stage!r}")
        latest = {mv.current_stage: mv.version for mv in self.client.get_latest_versions(MODEL)}
        check(latest == {"Production": "2", "Archived": "1"}, f"get_latest_versions (all stages): {latest}")
        check(versions(self.client.get_latest_versions(MODEL, ["production"])) == ["2"], "stages match case-insensitively")

    def production_alias(self) -> None:
        if self.ours:
            # Ours: the Production stage is the alias `production`.
            check(self.client.get_model_version_by_alias(MODEL, "production").version == "2", "production alias is not 2")
        self.client.set_registered_model_alias(MODEL, "production", "2")
        mv = self.client.get_model_version_by_alias(MODEL, "production")
        check(mv.version == "2" and "production" in mv.aliases, f"production -> {mv.version}, aliases {mv.aliases}")
        check(self.client.get_model_version(MODEL, "2").current_stage == "Production", "version 2 left Production")

    def load_and_predict(self) -> None:
        for uri in (f"models:/{MODEL}@production", f"models:/{MODEL}/Production", f"models:/{MODEL}/1"):
            model = mlflow.pyfunc.load_model(uri, dst_path=str(Path(tempfile.mkdtemp(dir=self.work))))
            check_predictions(model, self.frame, self.expected, uri)

    def search_models(self) -> None:
        c = self.client
        found = c.search_registered_models("name LIKE 'mp%'")
        check(names(found) == [MODEL, EXTRA], f"name LIKE 'mp%' (default order name ASC): {names(found)}")
        check(not found.token, f"a full page carries no page token: {found.token!r}")
        check(names(c.search_registered_models("name ILIKE 'MP%'")) == [MODEL, EXTRA], "name ILIKE 'MP%'")
        check(names(c.search_registered_models("name LIKE 'MP%'")) == [], "LIKE is case-sensitive")
        check(names(c.search_registered_models("name LIKE 'mp%'", order_by=["name DESC"])) == [EXTRA, MODEL],
              "order_by name DESC")
        check(names(c.search_registered_models(f"name = '{OTHER}'")) == [OTHER], "name = ")
        check(names(c.search_registered_models("tag.team = 'risk-models'")) == [MODEL], "tag.team = 'risk-models'")
        check(names(c.search_registered_models("name LIKE 'mp%' AND tags.team = 'other'")) == [EXTRA], "name AND tag")
        everything = names(c.search_registered_models())
        check({MODEL, EXTRA, OTHER} <= set(everything), f"search with no filter: {everything}")
        pages: list[list[str]] = []
        token = None
        for _ in range(5):
            page = c.search_registered_models("name LIKE 'mp%'", max_results=1, order_by=["name ASC"], page_token=token)
            pages.append(names(page))
            token = page.token
            if not token:
                break
        check(pages == [[MODEL], [EXTRA]], f"paging with max_results=1: {pages}")
        newest = names(c.search_registered_models("name LIKE 'mp%'", order_by=["last_updated_timestamp DESC"]))
        check(sorted(newest) == sorted([MODEL, EXTRA]), f"order_by last_updated_timestamp DESC: {newest}")

    def search_versions(self) -> None:
        c = self.client
        check(versions(c.search_model_versions(f"name='{MODEL}'", order_by=["version_number DESC"])) == ["2", "1"],
              "version_number DESC")
        check(versions(c.search_model_versions(f"name='{MODEL}'", order_by=["version_number ASC"])) == ["1", "2"],
              "version_number ASC")
        found = c.search_model_versions(f"name='{MODEL}'")
        check(sorted(versions(found)) == ["1", "2"], f"name='{MODEL}': {versions(found)}")
        check(all(mv.status == "READY" and mv.name == MODEL for mv in found), "search results READY, of the model")
        check({mv.version: mv.current_stage for mv in found} == {"1": "Archived", "2": "Production"},
              f"stages in search results: {[(mv.version, mv.current_stage) for mv in found]}")
        check(versions(c.search_model_versions(f"name='{MODEL}' AND tag.validated='yes'")) == ["1"], "tag filter")
        check(versions(c.search_model_versions(f"name = '{MODEL}' AND version_number >= 2")) == ["2"], "version_number >=")
        check(versions(c.search_model_versions(f"run_id = '{self.run_id}'", order_by=["version_number ASC"])) == ["1", "2"],
              "run_id =")
        check(versions(c.search_model_versions(f"name='{EXTRA}'")) == [], "a model without versions")
        pages: list[list[str]] = []
        token = None
        for _ in range(5):
            page = c.search_model_versions(f"name='{MODEL}'", max_results=1, order_by=["version_number ASC"],
                                           page_token=token)
            pages.append(versions(page))
            token = page.token
            if not token:
                break
        check(pages == [["1"], ["2"]], f"paging with max_results=1: {pages}")

    def scratch(self) -> None:
        c = self.client
        c.create_registered_model(SCRATCH, description="to be renamed and deleted")
        for v in (1, 2):
            mv = c.create_model_version(SCRATCH, source=self.source[1], run_id=self.run_id)
            check(mv.version == str(v), f"scratch version {v} created as {mv.version}")
        c.set_registered_model_alias(SCRATCH, "candidate", "2")
        c.delete_model_version(SCRATCH, "2")
        expect_error("RESOURCE_DOES_NOT_EXIST", c.get_model_version, SCRATCH, "2")
        expect_error("INVALID_PARAMETER_VALUE", c.get_model_version_by_alias, SCRATCH, "candidate")  # went with it
        check(versions(c.search_model_versions(f"name='{SCRATCH}'")) == ["1"], "a deleted version is still found")
        mv = c.create_model_version(SCRATCH, source=self.source[1], run_id=self.run_id)
        check(mv.version == "3", f"after deleting version 2, the next version is {mv.version}: numbers are not reused")
        if self.ours:
            self.scratch_model_id = self.v1.call("GET", f"/v1/models/{SCRATCH}")["model_id"]
        c.rename_registered_model(SCRATCH, SCRATCH_RENAMED)  # MlflowClient returns None; the store gets the new RM
        check(c.get_registered_model(SCRATCH_RENAMED).name == SCRATCH_RENAMED, "the renamed model is not found")
        expect_error("RESOURCE_DOES_NOT_EXIST", c.get_registered_model, SCRATCH)
        check(c.get_model_version(SCRATCH_RENAMED, "3").name == SCRATCH_RENAMED, "versions follow the rename")
        check(versions(c.search_model_versions(f"name='{SCRATCH_RENAMED}'", order_by=["version_number ASC"])) == ["1", "3"],
              "versions of the renamed model")
        c.delete_registered_model(SCRATCH_RENAMED)
        expect_error("RESOURCE_DOES_NOT_EXIST", c.get_registered_model, SCRATCH_RENAMED)
        expect_error("RESOURCE_DOES_NOT_EXIST", c.get_model_version, SCRATCH_RENAMED, "1")
        check(names(c.search_registered_models("name LIKE 'mpg-scratch%'")) == [], "a deleted model is still found")

    def rights(self) -> None:
        with credentials(token=self.tokens[REVIEWER]):
            # `approver` includes `user`, not `editor`: it reads, it does not register.
            check(self.client.get_registered_model(MODEL).name == MODEL, "the reviewer cannot read the model")
            expect_error("PERMISSION_DENIED", self.client.create_model_version, MODEL, source=self.source[1],
                         run_id=self.run_id)
            expect_error("PERMISSION_DENIED", self.client.set_registered_model_tag, MODEL, "by", "reviewer")
        with credentials(token=self.tokens[OUTSIDER]):
            expect_error("RESOURCE_DOES_NOT_EXIST", self.client.get_registered_model, MODEL)
            check(names(self.client.search_registered_models("name LIKE 'mp%'")) == [], "the outsider finds mpg")
            check(versions(self.client.search_model_versions(f"name='{MODEL}'")) == [], "the outsider finds versions")

    def auth(self) -> None:
        c = self.client
        with credentials(token=self.tokens[DS]):
            check(c.get_registered_model(MODEL).name == MODEL, "Bearer token")
        with credentials(username=DS, password=self.tokens[DS]):
            check(c.get_registered_model(MODEL).name == MODEL, "Basic auth with the principal's name and token")
            c.set_registered_model_tag(MODEL, "basic_auth", "yes")
            expect_error("RESOURCE_ALREADY_EXISTS", c.create_registered_model, MODEL)
        with credentials(username=DS, password=self.tokens[DS] + "x"):
            expect_error("UNAUTHENTICATED", c.get_registered_model, MODEL)
        with credentials(username=REVIEWER, password=self.tokens[DS]):
            expect_error("UNAUTHENTICATED", c.get_registered_model, MODEL)  # someone else's token
        with credentials(token="mr_000000000000_nonsense"):
            expect_error("UNAUTHENTICATED", c.get_registered_model, MODEL)
        with credentials():
            expect_error("UNAUTHENTICATED", c.get_registered_model, MODEL)
            expect_error("UNAUTHENTICATED", c.search_registered_models)
            repo = MlflowArtifactsRepository(self.source[1])
            try:
                repo.list_artifacts()
            except Exception:  # noqa: BLE001
                pass
            else:
                raise AssertionError("the artifact proxy lists files without credentials")

    def registry_only(self) -> None:
        # Tracking in a local `file:` store (./mlruns, as MLflow 2 users have it; 3.17 opens one only with
        # MLFLOW_ALLOW_FILE_STORE=true). Its runs' artifacts are local files; only the registry is ours.
        os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"
        tracking = (self.work / "mlruns").as_uri()
        local_client = MlflowClient(tracking_uri=tracking, registry_uri=self.url)
        experiment = local_client.create_experiment(f"local-{uuid.uuid4().hex[:6]}")
        run = local_client.create_run(experiment)
        saved = save_fixture(self.work / "saved-local")
        local_client.log_artifacts(run.info.run_id, str(saved), "model")
        local_client.set_terminated(run.info.run_id)
        local_client.create_registered_model(LOCAL, description="logged in a local file store")
        source = f"runs:/{run.info.run_id}/model"
        mv = timed(CREATE_WITHIN, "create_model_version (runs:/ source)", local_client.create_model_version, LOCAL,
                   source=source, run_id=run.info.run_id)
        check(mv.version == "1" and mv.source == source and mv.status == "READY", f"runs:/ version: {mv}")
        uri = local_client.get_model_version_download_uri(LOCAL, "1")
        check(uri == source, f"download uri of the runs:/ version: {uri!r}")
        if self.ours:
            file_source = saved.as_uri()
            mv = timed(CREATE_WITHIN, "create_model_version (file:// source)", local_client.create_model_version, LOCAL,
                       source=file_source)
            check(mv.version == "2" and mv.source == file_source, f"file:// version: {mv}")
            uri = local_client.get_model_version_download_uri(LOCAL, "2")
            check(uri == file_source, f"download uri of the file:// version: {uri!r}")
        saved_uris = (mlflow.get_tracking_uri(), mlflow.get_registry_uri())
        mlflow.set_tracking_uri(tracking)
        mlflow.set_registry_uri(self.url)
        try:
            loads = [f"models:/{LOCAL}/1"] + ([f"models:/{LOCAL}/2"] if self.ours else [])
            for uri in loads:
                model = mlflow.pyfunc.load_model(uri, dst_path=str(Path(tempfile.mkdtemp(dir=self.work))))
                check_predictions(model, self.frame, self.expected, f"{uri} (registry only)")
        finally:
            mlflow.set_tracking_uri(saved_uris[0])
            mlflow.set_registry_uri(saved_uris[1])

    def registry_only_log_model(self) -> None:
        """MLflow 3's everyday flow with a local tracking store: `log_model(..., registered_model_name=)` registers the
        logged model (`source` models:/m-<id>, `model_id`), and `mlflow.register_model("runs:/...")` finds it again.
        The real server cannot take part (it resolves models:/m-<id> in its own tracking store): ours only."""
        tracking = f"sqlite:///{self.work}/local-tracking.db"
        saved_uris = (mlflow.get_tracking_uri(), mlflow.get_registry_uri())
        mlflow.set_tracking_uri(tracking)
        mlflow.set_registry_uri(self.url)
        try:
            import statsmodels
            fitted = OLSResults.load(str(DEMO / "lin_reg_model.pkl"))
            mlflow.set_experiment("local-logged")
            with mlflow.start_run() as run:
                info = mlflow.statsmodels.log_model(
                    fitted, name="model", registered_model_name=LOCAL,
                    pip_requirements=[f"statsmodels=={statsmodels.__version__}", f"pandas=={pd.__version__}"])
            logged = str(info.registered_model_version)
            check(logged == "3", f"log_model registered version {logged!r}, expected 3")
            mv = self.client.get_model_version(LOCAL, logged)
            check(mv.source.startswith("models:/m-") or mv.source.startswith("mlflow-artifacts:") or "/models/m-" in mv.source,
                  f"the logged model's version source: {mv.source!r}")
            registered = mlflow.register_model(f"runs:/{run.info.run_id}/model", LOCAL)  # the model exists: fine
            check(registered.version == "4", f"register_model created version {registered.version!r}, expected 4")
            for uri in (f"models:/{LOCAL}/3", f"models:/{LOCAL}/4"):
                model = mlflow.pyfunc.load_model(uri, dst_path=str(Path(tempfile.mkdtemp(dir=self.work))))
                check_predictions(model, self.frame, self.expected, f"{uri} (logged locally, registered with us)")
        finally:
            mlflow.set_tracking_uri(saved_uris[0])
            mlflow.set_registry_uri(saved_uris[1])

    def history(self) -> None:
        events = self.v1.history(MODEL)
        seen = [(e["type"], e["actor"], e.get("data") or {}) for e in events]

        def find(kind: str, actor: str, **data: Any) -> list[int]:
            return [i for i, (t, a, d) in enumerate(seen)
                    if t == kind and a == actor and all(d.get(k) == v for k, v in data.items())]

        def one(kind: str, actor: str, **data: Any) -> int:
            hits = find(kind, actor, **data)
            check(hits, f"no {kind} by {actor} with {data} in the history of {MODEL}: "
                        f"{[(t, a, {k: d.get(k) for k in ('alias', 'version')}) for t, a, d in seen]}")
            return hits[0]

        one("ModelRegistered", DS, name=MODEL)
        one("VersionRegistered", DS, version=1)
        one("VersionRegistered", DS, version=2)
        check(len(find("ModelUpdated", DS)) >= 3, "ModelUpdated for the tags and the description")
        check(len(find("VersionUpdated", DS)) >= 2, "VersionUpdated for version tags and description")
        champion1 = one("AliasSet", DS, alias="champion", version=1)
        champion2 = one("AliasSet", DS, alias="champion", version=2)
        removed = one("AliasRemoved", DS, alias="champion")
        check(champion1 < champion2 < removed, "champion set to 1, moved to 2, removed: in that order")
        one("AliasSet", DS, alias="staging", version=1)
        one("AliasSet", DS, alias="staging", version=2)
        approved1 = one("VersionApproved", REVIEWER, alias="production", version=1)
        approved2 = one("VersionApproved", REVIEWER, alias="production", version=2)
        production1 = one("AliasSet", DS, alias="production", version=1)
        production2 = one("AliasSet", DS, alias="production", version=2)
        check(approved1 < production1 < approved2 < production2,
              "production set to 1 only after its approval, to 2 only after its approval (the refused try left nothing)")
        check(len(find("AliasSet", DS, alias="production", version=1)) == 1, "production set to version 1 more than once")
        one("AccessGranted", DS)
        check({a for _, a, _ in seen} <= {DS, REVIEWER}, f"actors other than {DS} and {REVIEWER}: {sorted({a for _, a, _ in seen})}")
        # The scratch model: renamed, one version deleted, then deleted; its events stay in the ledger.
        admin_events = [e for e in self.admin.events() if e["stream"] == f"model-{self.scratch_model_id}"]
        kinds = [(e["type"], e["actor"]) for e in admin_events]
        for kind in ("ModelRegistered", "VersionRegistered", "AliasSet", "VersionDeleted", "ModelRenamed", "ModelDeleted"):
            check((kind, DS) in kinds, f"no {kind} by {DS} in the scratch model's stream: {kinds}")
        check(kinds[-1] == ("ModelDeleted", DS), f"the scratch model's last event is {kinds[-1]}")
        # The registry-only model: the runs:/ source is recorded.
        local = self.v1.history(LOCAL)
        check([e["type"] for e in local if e["type"] == "VersionRegistered"] == ["VersionRegistered"] * 4,
              f"{LOCAL} history: {[e['type'] for e in local]}")
        check(any("runs:/" in json.dumps(e["data"]) for e in local), f"{LOCAL}: the runs:/ source is in no event")

    def time_travel(self) -> None:
        q = urllib.parse.urlencode
        then = self.v1.call("GET", f"/v1/models/{MODEL}/aliases/production?{q({'known_at': self.production_since})}")
        check(then["version"] == 1, f"production as known when version 1 was promoted: {then['version']}")
        now = self.v1.call("GET", f"/v1/models/{MODEL}/aliases/production")
        check(now["version"] == 2, f"production now: {now['version']}")
        model_then = self.v1.call("GET", f"/v1/models/{MODEL}?{q({'at': self.production_since})}")
        check(model_then["aliases"]["production"]["version"] == 1, f"production at then: {model_then['aliases']}")
        champion = self.v1.call("GET", f"/v1/models/{MODEL}/aliases/champion?{q({'known_at': self.champion_since})}")
        check(champion["version"] == 1, f"champion as known before its move: {champion['version']}")
        a = self.v1.client.request("GET", f"/v1/models/{MODEL}/aliases/champion")
        check(a.status == 404, f"champion now (removed): {a.status}")


# ---------------------------------------------------------------------------------------------------------------------


def reset_mlflow(url: str) -> None:
    client = MlflowClient(tracking_uri=url, registry_uri=url)
    for name in ALL_MODELS:
        try:
            client.delete_registered_model(name)
        except MlflowException:
            pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--against-mlflow", metavar="URL", help="a real `mlflow server`: the MLflow parts only")
    parser.add_argument("--start-mlflow", action="store_true", help="start a real `mlflow server` and test against it")
    parser.add_argument("--reset", action="store_true", help="with --against-mlflow: delete this test's models first")
    parser.add_argument("--timeout", type=float, default=float(os.environ.get("MODELREG_MLFLOW_TIMEOUT", "900")),
                        help="the whole run's bound in seconds (default 900)")
    args = parser.parse_args()

    harness.install_signal_handlers()
    watch_retries()

    def on_alarm(_signum, _frame):
        raise TimeoutError(f"the MLflow client test did not finish within {args.timeout:.0f} s")

    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(int(args.timeout))

    work = Path(tempfile.mkdtemp(prefix="modelreg-mlflow-client-"))
    harness.register_cleanup(lambda: None if os.environ.get("MODELREG_SYSTEM_KEEP") else shutil.rmtree(work, ignore_errors=True))
    os.chdir(work)  # anything the client writes to its working directory goes with the run
    started = time.monotonic()
    scenario: Scenario | None = None
    server: harness.Server | None = None
    try:
        if args.against_mlflow or args.start_mlflow:
            url = args.against_mlflow.rstrip("/") if args.against_mlflow else MlflowServer().start()
            out(f"mlflow: against a real mlflow server at {url} (mlflow {mlflow.__version__})")
            if args.reset:
                reset_mlflow(url)
            scenario = Scenario(url, ours=False, workdir=work)
        else:
            binary = harness.modelreg_bin()
            if not os.access(binary, os.X_OK):
                out(f"mlflow: no server binary at {binary} (build it, or set MODELREG_BIN)")
                return 2
            cluster = harness.PostgresCluster()
            cluster.init()
            cluster.start()
            database = f"mlflow_{uuid.uuid4().hex[:8]}"
            cluster.create_database(database)
            server = harness.Server(cluster.url(database), work / "server")
            url = server.start()
            token = harness.bootstrap_admin(cluster.url(database))
            out(f"mlflow: against {binary} at {url} (mlflow {mlflow.__version__})")
            scenario = Scenario(url, ours=True, workdir=work)
            scenario.admin = V1(url, token)
            info = scenario.admin.client.request("GET", "/api/3.0/mlflow/server-info")
            probe = scenario.admin.client.request("GET", "/api/2.0/mlflow/registered-models/get?name=probe")
            if probe.status == 404 and b"error_code" not in probe.body:
                out(f"mlflow: this server has no MLflow routes (server-info {info.status}, registered-models/get "
                    f"{probe.status} {probe.body[:120]!r})")
        scenario.run()
    except TimeoutError as error:
        out(f"mlflow: FAIL {error}")
        if scenario:
            scenario.failed += 1
    finally:
        signal.alarm(0)
    if scenario is None:
        return 1
    if scenario.failed and server is not None:
        out("mlflow: server log (last 40 lines):")
        for line in server.log_text().splitlines()[-40:]:
            out(f"  {line}")
    took = time.monotonic() - started
    out(f"mlflow: finished in {took:.1f} s")
    out(f"mlflow: {scenario.passed} passed, {scenario.failed} failed, {scenario.skipped} skipped")
    return 0 if scenario.failed == 0 else 1


if __name__ == "__main__":
    status = main()
    # Stop the server and PostgreSQL now, then leave without waiting for worker threads (a download thread of the
    # client could still be sleeping between retries after a failure).
    harness._run_cleanups()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
