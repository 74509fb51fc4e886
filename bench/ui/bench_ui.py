#!/usr/bin/env python3
"""UI page benchmark: server time of the server-rendered web UI with 10,000 models.

One private PostgreSQL 15 cluster (fsync on, as the product runs it) and `modelreg serve --demo` as a child process
(tests/system/harness.py starts and stops both). The registry is then seeded through /v1 by several concurrent
keep-alive clients: principals, models with descriptions and tags, versions with cards and metrics, `staging`
aliases, and `production` aliases after a four-eyes approval. The benchmark signs in through the UI (the session
cookie of POST /sign-in) and requests each page sequentially from one client, reading `Server-Timing: render;dur=`
(the server's time for the page) and the client's wall time. The same run times the raw PostgreSQL query
`SELECT … FROM models ORDER BY name LIMIT 50` with psql, the reference the ratios are taken against.

    bench/ui/run.sh                       # everything; prints the Markdown table
    bench/ui/run.sh --seed-only           # seeding alone (works with a binary that has no UI yet)
    bench/ui/run.sh --models 1000 --requests 50 --warmup 5
    bench/ui/run.sh --json                # the results as JSON on stdout instead of the table
    bench/ui/run.sh --json out.json       # the table on stdout, the JSON to out.json

Writes bench/ui/results.md and bench/ui/results.json (--out) unless --no-save. Python standard library only.
"""

from __future__ import annotations

import argparse
import datetime
import html.parser
import http.client
import itertools
import json
import os
import platform
import random
import re
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO / "tests" / "system"))

import harness  # noqa: E402  (tests/system/harness.py: PostgresCluster, Server, Client, cleanup on exit)

TARGET_MS = 50.0
SEARCH_WORD = "kriging"  # appears in exactly --search-share of the descriptions and nowhere else
RAW_SQL = ("SELECT model_id, name, description, tags, owner, created_at, updated_at, version_count "
           "FROM models ORDER BY name LIMIT 50")

VERBOSE = False


def log(message: str) -> None:
    if VERBOSE:
        harness.log(message)


def warn(message: str) -> None:
    harness.log(message)


# ---------------------------------------------------------------------------------------------------------------------
# What the seeding writes: deterministic from --seed


OWNERS = [  # (principal, display name, team, share of the models)
    ("ana.lindqvist", "Ana Lindqvist", "credit-risk", 0.30),
    ("ben.okafor", "Ben Okafor", "retail-analytics", 0.22),
    ("chen.wei", "Chen Wei", "fraud", 0.18),
    ("dara.murphy", "Dara Murphy", "pricing", 0.12),
    ("eli.cohen", "Eli Cohen", "marketing-science", 0.10),
    ("svc-mlops", "MLOps pipeline", "platform", 0.08),  # a service principal registering models from CI
]
REVIEWERS = [("rita.santos", "Rita Santos (model risk)"), ("omar.haddad", "Omar Haddad (model risk)")]

DOMAINS = ["credit", "retail", "fraud", "pricing", "marketing", "claims", "treasury", "collections", "supply", "hr"]
PURPOSES = {
    "churn": "the probability that a customer closes all accounts within 90 days",
    "pd": "the 12-month probability of default",
    "lgd": "the loss given default on secured exposures",
    "propensity": "the propensity to take up a product offer",
    "demand": "weekly demand per store and product family",
    "elasticity": "the price elasticity of demand",
    "severity": "the expected severity of a reported claim",
    "anomaly": "an anomaly score for card transactions",
    "ltv": "customer lifetime value over five years",
    "recovery": "the recovery rate on charged-off balances",
    "attrition": "voluntary employee attrition in the next year",
    "limit": "an appropriate credit limit for revolving products",
}
ALGOS = {
    "gbm": "Gradient-boosted tree", "logit": "Logistic regression", "glm": "Generalised linear", "rf": "Random forest",
    "nn": "Feed-forward neural network", "xgb": "XGBoost", "ols": "Ordinary least squares", "arima": "Seasonal ARIMA",
}
SEGMENTS = ["retail customers", "small businesses", "mortgage holders", "new-to-bank customers", "premium cardholders",
            "online shoppers", "commercial fleets", "students", "pensioners", "corporate clients"]
REGIONS = ["the Nordics", "Iberia", "the Benelux", "Central Europe", "the UK and Ireland", "the DACH region",
           "North America", "Southeast Asia", "all markets", "the Baltics"]
SOURCES = ["the data warehouse", "core-banking snapshots", "the card authorisation stream", "the CRM export",
           "bureau data", "the claims system", "point-of-sale logs", "web analytics events"]
FEATURES = ["tenure", "utilisation", "payment history", "income band", "days past due", "balance trend",
            "transaction velocity", "merchant category", "channel mix", "product holdings", "age band", "region",
            "seasonality", "promotion flags", "inflation index", "unemployment rate"]
FRAMEWORKS = ["scikit-learn", "xgboost", "lightgbm", "statsmodels", "pytorch", "R"]
FORMATS = ["sklearn-pickle", "onnx", "xgboost-json", "statsmodels-pickle", "pmml", "torchscript"]
REGULATION = ["IRB", "IFRS9", "CCAR", "AML", "GDPR-art22", "none"]


@dataclass
class ModelPlan:
    index: int
    name: str
    owner: str
    body: dict[str, Any]
    versions: list[dict[str, Any]]
    staging: int | None = None          # version the `staging` alias points at
    production: int | None = None       # version approved and put in `production`
    reviewer: str | None = None
    viewer: str | None = None           # a colleague granted `viewer`
    has_word: bool = False


def make_plans(args, rng: random.Random, artifacts: dict[str, str]) -> list[ModelPlan]:
    n = args.models
    owners = [o[0] for o in OWNERS]
    weights = [o[3] for o in OWNERS]
    teams = {o[0]: o[2] for o in OWNERS}
    with_word = set(rng.sample(range(n), max(1, round(n * args.search_share))))
    plans = []
    for i in range(n):
        domain = rng.choice(DOMAINS)
        purpose = rng.choice(list(PURPOSES))
        algo = rng.choice(list(ALGOS))
        owner = rng.choices(owners, weights)[0]
        name = f"{domain}-{purpose}-{algo}-{i:05d}"
        features = rng.sample(FEATURES, 3)
        period = f"{rng.randint(2019, 2025)}Q{rng.randint(1, 4)}"
        description = (f"{ALGOS[algo]} model estimating {PURPOSES[purpose]} for {rng.choice(SEGMENTS)} in "
                       f"{rng.choice(REGIONS)}. Trained on {rng.choice(SOURCES)} ({period}); features include "
                       f"{features[0]}, {features[1]} and {features[2]}.")
        if i in with_word:
            description += f" Regional effects are smoothed by {SEARCH_WORD} of branch-level residuals."
        tags = {"team": teams[owner], "domain": domain, "framework": rng.choice(FRAMEWORKS)}
        if rng.random() < 0.6:
            tags["data_classification"] = rng.choice(["internal", "confidential", "restricted"])
        if rng.random() < 0.4:
            tags["regulation"] = rng.choice(REGULATION)
        r = rng.random()
        nversions = 2 if r < args.two_version_share else 1 if r < args.two_version_share + args.one_version_share else 0
        risk_tier = rng.choices(["low", "medium", "high"], [0.5, 0.35, 0.15])[0]
        versions = []
        for v in range(1, nversions + 1):
            classification = purpose not in ("demand", "elasticity", "severity", "ltv", "recovery", "lgd", "limit")
            if classification:
                auc = round(rng.uniform(0.62, 0.93), 4)
                metrics = {"auc": auc, "gini": round(2 * auc - 1, 4), "brier": round(rng.uniform(0.05, 0.25), 4),
                           "ks": round(rng.uniform(0.2, 0.6), 4)}
            else:
                metrics = {"rmse": round(rng.uniform(0.5, 40), 3), "mae": round(rng.uniform(0.3, 30), 3),
                           "r_squared": round(rng.uniform(0.45, 0.95), 4)}
            versions.append({
                "artifact_sha256": artifacts[owner],
                "format": rng.choice(FORMATS),
                "description": (f"Retrained on data to {rng.randint(2020, 2026)}-{rng.randint(1, 12):02d}"
                                if v > 1 else "First fit."),
                "card": {"risk_tier": risk_tier, "purpose": f"Estimates {PURPOSES[purpose]}.",
                         "intended_use": f"Decision support for {rng.choice(SEGMENTS)}; not for automated refusals.",
                         "limitations": f"Not validated outside {rng.choice(REGIONS)}.",
                         "validation": {"status": rng.choice(["validated", "pending", "conditional"]),
                                        "by": rng.choice(REVIEWERS)[0]}},
                "metrics": metrics,
                "lineage": {"source": f"git@git.example.com:{teams[owner]}/{name}.git#{rng.getrandbits(40):010x}",
                            "run_id": uuid.UUID(int=rng.getrandbits(128)).hex,
                            "training_data": f"s3://datalake/{domain}/{purpose}/{period}"},
                "tags": {"trained_by": owner, "period": period},
            })
        plan = ModelPlan(i, name, owner, {"name": name, "description": description, "tags": tags}, versions,
                         has_word=i in with_word)
        if versions:
            if rng.random() < args.production_share:
                plan.production = 1 if len(versions) == 2 and rng.random() < 0.5 else len(versions)
                plan.reviewer = rng.choice(REVIEWERS)[0]
            if rng.random() < args.staging_share:
                plan.staging = len(versions)
        if rng.random() < args.viewer_share:
            plan.viewer = rng.choice([o for o in owners if o != owner])
        plans.append(plan)
    rng.shuffle(plans)  # created in no particular order of name
    return plans


# ---------------------------------------------------------------------------------------------------------------------
# Seeding through /v1


class SeedError(RuntimeError):
    pass


class Seeder:
    def __init__(self, base: str, admin_token: str, args) -> None:
        self.base = base
        self.admin = admin_token
        self.args = args
        self.tokens: dict[str, str] = {}
        self.artifacts: dict[str, str] = {}
        self.lock = threading.Lock()
        self.counts: dict[str, int] = {}
        self.latency: dict[str, list[float]] = {}
        self.errors: list[str] = []
        self.models_done = 0
        self.requests_done = 0
        self.midpoint: str | None = None
        self.midpoint_models = 0
        self.stop = threading.Event()

    def client(self) -> harness.Client:
        return harness.Client(self.base, None, timeout=60)

    def call(self, c: harness.Client, kind: str, token: str, method: str, path: str, body: Any = None,
             raw: bytes | None = None, ok: tuple[int, ...] = (200, 201)) -> harness.Answer:
        headers = {"Authorization": f"Bearer {token}", "X-Request-Id": f"bench-ui-{uuid.uuid4().hex[:16]}"}
        if raw is not None:
            headers["Content-Type"] = "application/octet-stream"
        for attempt in range(5):
            try:
                a = c.request(method, path, body, headers, raw=raw)
            except harness.NoAnswer as error:
                if attempt == 4:
                    raise SeedError(f"{method} {path}: no answer ({error})") from None
                time.sleep(0.2 * (attempt + 1))
                continue
            if a.status == 503 and attempt < 4:  # the pool's queue was full: back off as a client should
                time.sleep(float(a.headers.get("retry-after", "0.2") or 0.2))
                continue
            break
        with self.lock:
            self.counts[kind] = self.counts.get(kind, 0) + 1
            self.latency.setdefault(kind, []).append(a.seconds)
            self.requests_done += 1
            if a.status not in ok:
                self.errors.append(f"{method} {path} -> {a.status} {a.body[:300]!r}")
                if len(self.errors) > max(20, self.args.models // 100):
                    self.stop.set()
        return a

    def principals(self) -> None:
        c = self.client()
        try:
            for name, display, _team, _share in OWNERS:
                kind = "service" if name.startswith("svc-") else "user"
                a = self.call(c, "principal", self.admin, "POST", "/v1/principals",
                              {"name": name, "kind": kind, "display_name": display})
                if a.status != 201:
                    raise SeedError(f"creating principal {name}: {a.status} {a.body[:300]!r}")
                self.tokens[name] = a.json["secret"]
            for name, display in REVIEWERS:
                a = self.call(c, "principal", self.admin, "POST", "/v1/principals", {"name": name, "display_name": display})
                if a.status != 201:
                    raise SeedError(f"creating principal {name}: {a.status} {a.body[:300]!r}")
                self.tokens[name] = a.json["secret"]
            for name, *_ in OWNERS:  # each owner uploads its own small artifact once; every version refers to it
                payload = f"model weights of {name} ({uuid.uuid4()})\n".encode() * 40
                a = self.call(c, "artifact", self.tokens[name], "POST", "/v1/artifacts", raw=payload)
                if a.status not in (200, 201):
                    raise SeedError(f"artifact upload by {name}: {a.status} {a.body[:300]!r}")
                self.artifacts[name] = a.json["sha256"]
        finally:
            c.close()

    def seed_model(self, c: harness.Client, p: ModelPlan) -> None:
        owner = self.tokens[p.owner]
        quoted = urllib.parse.quote(p.name)
        self.call(c, "create model", owner, "POST", "/v1/models", p.body)
        for v in p.versions:
            self.call(c, "register version", owner, "POST", f"/v1/models/{quoted}/versions", v)
        if p.viewer:
            self.call(c, "grant", owner, "PUT", f"/v1/models/{quoted}/grants/{p.viewer}",
                      {"role": "viewer", "reason": "peer review of the documentation"})
        if p.staging:
            self.call(c, "set staging", owner, "PUT", f"/v1/models/{quoted}/aliases/staging",
                      {"version": p.staging, "reason": "candidate for the next release"})
        if p.production:
            reviewer = self.tokens[p.reviewer]
            self.call(c, "grant", owner, "PUT", f"/v1/models/{quoted}/grants/{p.reviewer}",
                      {"role": "approver", "reason": "independent validation by model risk"})
            self.call(c, "approve", reviewer, "POST", f"/v1/models/{quoted}/versions/{p.production}/approvals",
                      {"alias": "production", "decision": "approved",
                       "notes": "Validation report reviewed; performance and stability within appetite."})
            self.call(c, "set production", reviewer, "PUT", f"/v1/models/{quoted}/aliases/production",
                      {"version": p.production, "reason": "approved by model risk; go-live"})

    def run(self, plans: list[ModelPlan]) -> dict[str, Any]:
        n = len(plans)
        queue = iter(plans)
        queue_lock = threading.Lock()
        failures: list[str] = []
        half = n // 2

        def worker() -> None:
            c = self.client()
            try:
                while not self.stop.is_set():
                    with queue_lock:
                        p = next(queue, None)
                    if p is None:
                        return
                    self.seed_model(c, p)
                    with self.lock:
                        self.models_done += 1
                        if self.models_done == half:
                            # A past instant inside the seeding: about half the models existed then.
                            self.midpoint = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
                            self.midpoint_models = half
            except Exception as error:  # noqa: BLE001 - reported below, the others stop
                with self.lock:
                    failures.append(repr(error))
                self.stop.set()
            finally:
                c.close()

        started = time.monotonic()
        threads = [threading.Thread(target=worker, daemon=True) for _ in range(self.args.clients)]
        for t in threads:
            t.start()
        tty = sys.stdout.isatty() and sys.stderr.isatty()
        while any(t.is_alive() for t in threads):
            time.sleep(0.5)
            if tty:
                dt = time.monotonic() - started
                with self.lock:
                    done, reqs = self.models_done, self.requests_done
                sys.stderr.write(f"\r  seeding: {done:,}/{n:,} models, {reqs:,} requests, {dt:5.0f} s, "
                                 f"{done / max(dt, 1e-9):6.1f} models/s, {reqs / max(dt, 1e-9):6.1f} req/s ")
                sys.stderr.flush()
        seconds = time.monotonic() - started
        if tty:
            sys.stderr.write("\n")
        if failures:
            raise SeedError(f"seeding failed: {failures[0]}")
        if self.errors:
            raise SeedError(f"seeding had {len(self.errors)} refused requests, first: {self.errors[:3]}")
        per_kind = {}
        for kind, lat in sorted(self.latency.items()):
            lat_ms = sorted(x * 1000 for x in lat)
            per_kind[kind] = {"requests": len(lat), "p50_ms": round(pct(lat_ms, 50), 2), "p99_ms": round(pct(lat_ms, 99), 2)}
        return {
            "models": self.models_done, "seconds": round(seconds, 2),
            "models_per_second": round(self.models_done / seconds, 1),
            "requests": self.requests_done, "requests_per_second": round(self.requests_done / seconds, 1),
            "clients": self.args.clients, "per_kind": per_kind,
            "versions": sum(len(p.versions) for p in plans), "production": sum(1 for p in plans if p.production),
            "staging": sum(1 for p in plans if p.staging), "viewer_grants": sum(1 for p in plans if p.viewer),
            "with_search_word": sum(1 for p in plans if p.has_word), "midpoint": self.midpoint,
        }


# ---------------------------------------------------------------------------------------------------------------------
# The UI client: one keep-alive connection, a cookie jar, no redirects followed


class _FormFinder(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inputs: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        if tag == "input":
            a = dict(attrs)
            if a.get("name"):
                self.inputs.setdefault(a["name"], a.get("value") or "")


@dataclass
class Page:
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    wall_ms: float

    def header(self, name: str) -> str | None:
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    @property
    def timings(self) -> dict[str, float]:
        """Server-Timing metrics with a duration: name -> ms (`render` is the page's server time)."""
        out: dict[str, float] = {}
        for value in [v for k, v in self.headers if k.lower() == "server-timing"]:
            for metric in value.split(","):
                parts = [x.strip() for x in metric.split(";")]
                for p in parts[1:]:
                    if p.startswith("dur="):
                        try:
                            out[parts[0]] = float(p[4:].strip('"'))
                        except ValueError:
                            pass
        return out

    @property
    def render_ms(self) -> float | None:
        return self.timings.get("render")


class UIClient:
    def __init__(self, base: str, timeout: float = 60) -> None:
        host, port = base.split("//", 1)[1].rsplit(":", 1)
        self.host, self.port, self.timeout = host, int(port), timeout
        self.conn: http.client.HTTPConnection | None = None
        self.cookies: dict[str, str] = {}

    def close(self) -> None:
        if self.conn:
            self.conn.close()
            self.conn = None

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None) -> Page:
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            self.conn.connect()
            self.conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        h = {"Accept": "text/html"}
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        h.update(headers or {})
        started = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=h)
            r = self.conn.getresponse()
            data = r.read()
        except (http.client.HTTPException, OSError):
            self.close()
            raise
        wall = (time.perf_counter() - started) * 1000
        for cookie in r.msg.get_all("Set-Cookie") or []:
            first = cookie.split(";", 1)[0]
            if "=" in first:
                k, v = first.split("=", 1)
                attrs = cookie.lower()
                if v == "" or "max-age=0" in attrs or "expires=thu, 01 jan 1970" in attrs:
                    self.cookies.pop(k.strip(), None)
                else:
                    self.cookies[k.strip()] = v.strip()
        if (r.getheader("Connection") or "").lower() == "close":
            self.close()
        return Page(r.status, r.getheaders(), data, wall)

    def sign_in(self, token: str) -> dict[str, Any]:
        form = self.request("GET", "/sign-in")
        if form.status != 200:
            raise RuntimeError(f"GET /sign-in answered {form.status}: {form.body[:300]!r}")
        finder = _FormFinder()
        finder.feed(form.body.decode(errors="replace"))
        if "csrf" not in finder.inputs:
            raise RuntimeError("GET /sign-in: no hidden csrf input in the form")
        body = urllib.parse.urlencode({"csrf": finder.inputs["csrf"], "token": token, "next": "/"}).encode()
        answer = self.request("POST", "/sign-in", body, {"Content-Type": "application/x-www-form-urlencoded"})
        if answer.status not in (302, 303) or "modelreg_session" not in self.cookies:
            raise RuntimeError(f"POST /sign-in answered {answer.status} (cookies {sorted(self.cookies)}): "
                               f"{answer.body[:300]!r}")
        return {"sign_in_status": answer.status, "location": answer.header("location"),
                "sign_in_render_ms": form.render_ms}


def ui_present(base: str) -> bool:
    c = UIClient(base, timeout=30)
    try:
        p = c.request("GET", "/sign-in")
        return p.status == 200 and b"<form" in p.body
    except (OSError, http.client.HTTPException):
        return False
    finally:
        c.close()


# ---------------------------------------------------------------------------------------------------------------------
# Measurement helpers


def pct(values: list[float], q: float) -> float:
    """Nearest-rank percentile of sorted values."""
    if not values:
        return float("nan")
    k = max(0, min(len(values) - 1, int(-(-q * len(values) // 100)) - 1))
    return values[k]


def summary(values: list[float]) -> dict[str, float]:
    v = sorted(values)
    if not v:
        return {}
    return {"p50": round(pct(v, 50), 3), "p95": round(pct(v, 95), 3), "p99": round(pct(v, 99), 3),
            "max": round(v[-1], 3), "mean": round(sum(v) / len(v), 3), "n": len(v)}


class CpuMeter:
    """CPU used during a measurement by the server, PostgreSQL, this script and everything else (in cores)."""

    def __init__(self, server_pid: int, postmaster: int) -> None:
        self.server_pid, self.postmaster = server_pid, postmaster
        self.pg_pids = [postmaster, *harness.descendants(postmaster)]
        self.t = time.monotonic()
        self.machine = harness.machine_busy_seconds()
        self.server = harness.cpu_seconds([server_pid])
        self.pg = harness.cpu_seconds(self.pg_pids)
        self.me = time.process_time()

    def stop(self) -> dict[str, float]:
        dt = time.monotonic() - self.t
        pg_pids = sorted(set(self.pg_pids) | {self.postmaster, *harness.descendants(self.postmaster)})
        server = harness.cpu_seconds([self.server_pid]) - self.server
        pg = harness.cpu_seconds(pg_pids) - self.pg
        me = time.process_time() - self.me
        machine = harness.machine_busy_seconds() - self.machine
        return {"seconds": dt, "server_cpu_s": server, "postgres_cpu_s": pg, "client_cpu_s": me,
                "other_cores": max(0.0, machine - server - pg - me) / dt if dt > 0 else 0.0}


def wait_for_quiet(limit: float, ours, threshold: float = 0.3) -> dict[str, float]:
    """Waits up to `limit` seconds for the machine to be quiet (less than `threshold` cores busy, ours included: the
    server's background work after the seeding, a checkpoint or autovacuum, disturbs the pages as much as another
    process would); returns the last reading, split into ours (server and PostgreSQL) and the rest."""
    deadline = time.monotonic() + limit
    while True:
        pids = ours()
        b0, o0, t0 = harness.machine_busy_seconds(), harness.cpu_seconds(pids), time.monotonic()
        time.sleep(2)
        dt = time.monotonic() - t0
        busy = (harness.machine_busy_seconds() - b0) / dt
        mine = (harness.cpu_seconds(pids) - o0) / dt
        reading = {"busy_cores": round(busy, 2), "ours": round(mine, 2), "others": round(max(0.0, busy - mine), 2)}
        if busy < threshold or time.monotonic() >= deadline:
            return reading
        log(f"waiting for a quiet machine: {busy:.2f} cores busy ({mine:.2f} our server and PostgreSQL, "
            f"{max(0.0, busy - mine):.2f} other processes)")


# ---------------------------------------------------------------------------------------------------------------------
# Pages


def pages_to_measure(seed: dict[str, Any], target: str, owner: str) -> list[tuple[str, str]]:
    m = urllib.parse.quote(target)
    at = urllib.parse.quote(seed["midpoint"] or "2025-05-01T00:00:00Z")
    return [
        ("models, first page", "/"),
        ("models, page 100", "/?page=100"),
        (f"search, a word in {seed['with_search_word']} descriptions", f"/?q={SEARCH_WORD}"),
        ("models by last change", "/?sort=-changed"),
        (f"models of one owner", f"/?owner={urllib.parse.quote(owner)}"),
        ("models as of mid-seeding", f"/?at={at}"),
        ("one model (2 versions, aliases)", f"/models/{m}"),
        ("one version", f"/models/{m}/versions/1"),
        ("history, first page", "/history"),
        ("history of one model", f"/history?model={m}"),
        ("reports", "/reports"),
    ]


def page_facts(body: bytes) -> dict[str, Any]:
    text = body.decode(errors="replace")
    facts: dict[str, Any] = {"bytes": len(body)}
    m = re.search(r'id="model-count"[^>]*>([^<]*)<', text)
    if m:
        facts["model_count"] = m.group(1).strip()
    for key, pattern in (("model_rows", r"data-model="), ("event_rows", r"data-position="), ("version_rows", r"data-version="),
                         ("alias_rows", r"data-alias=")):
        n = len(re.findall(pattern, text))
        if n:
            facts[key] = n
    if 'id="as-of-banner"' in text:
        facts["as_of_banner"] = True
    if "role=\"alert\"" in text:
        facts["error_alert"] = True
    m = re.search(r'id="chain-status"[^>]*>([^<]*)<', text)
    if m:
        facts["chain_status"] = m.group(1).strip()
    return facts


class PgStats:
    """pg_stat_statements in the bench's database: statements and database time per page."""

    def __init__(self, cluster: harness.PostgresCluster, database: str, enabled: bool) -> None:
        self.cluster, self.database, self.enabled = cluster, database, enabled
        if enabled:
            try:
                cluster.psql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", database)
            except subprocess.CalledProcessError as error:
                warn(f"pg_stat_statements unavailable ({error.stderr.strip()[:200]}); no per-page database time")
                self.enabled = False

    def reset(self) -> None:
        if self.enabled:
            self.cluster.psql("SELECT pg_stat_statements_reset()", self.database)

    def read(self, requests: int) -> dict[str, Any]:
        if not self.enabled:
            return {}
        sql = ("SELECT calls, total_exec_time, rows, regexp_replace(left(query, 300), '\\s+', ' ', 'g') "
               "FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid "
               f"WHERE d.datname = '{self.database}' AND query NOT LIKE '%pg_stat_statements%' "
               "ORDER BY total_exec_time DESC")
        rows = self.cluster.rows(sql, self.database)
        calls = sum(int(r[0]) for r in rows)
        total = sum(float(r[1]) for r in rows)
        top = [{"calls_per_request": round(int(r[0]) / requests, 2), "ms_per_request": round(float(r[1]) / requests, 3),
                "rows_per_call": round(int(r[2]) / max(1, int(r[0])), 1), "query": r[3]} for r in rows[:5]]
        return {"statements_per_request": round(calls / requests, 2), "db_ms_per_request": round(total / requests, 3),
                "top": top}


def measure_page(c: UIClient, path: str, args, meter_args, pgstats: PgStats) -> dict[str, Any]:
    """`args.warmup` then `args.requests` sequential GETs; a page so slow that they would not fit in the time budgets
    (--warmup-budget, --page-budget) gets fewer, at least one warm-up and --min-requests measured."""
    first = None
    t0 = time.monotonic()
    warmed = 0
    for _ in range(args.warmup):
        p = c.request("GET", path)
        warmed += 1
        first = first or p
        if time.monotonic() - t0 > args.warmup_budget:
            break
    pgstats.reset()
    meter = CpuMeter(*meter_args)
    render, wall, statuses, sizes = [], [], {}, []
    others: dict[str, list[float]] = {}
    missing_timing = 0
    t0 = time.monotonic()
    for i in range(args.requests):
        if i >= args.min_requests and time.monotonic() - t0 > args.page_budget:
            break
        p = c.request("GET", path)
        first = first or p
        statuses[p.status] = statuses.get(p.status, 0) + 1
        wall.append(p.wall_ms)
        sizes.append(len(p.body))
        timings = p.timings
        for k, v in timings.items():
            if k != "render":
                others.setdefault(k, []).append(v)
        r = timings.get("render")
        if r is None:
            missing_timing += 1
        else:
            render.append(r)
    n = len(wall)
    cpu = meter.stop()
    db = pgstats.read(n)
    return {
        "path": path, "requests": n, "requests_planned": args.requests, "warmup": warmed,
        "seconds": round(cpu["seconds"], 1), "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "errors": sum(v for k, v in statuses.items() if k != 200), "missing_server_timing": missing_timing,
        "render_ms": summary(render), "wall_ms": summary(wall),
        "other_server_timing_ms": {k: summary(v) for k, v in others.items()}, "bytes": round(sum(sizes) / n),
        "server_cpu_ms_per_request": round(1000 * cpu["server_cpu_s"] / n, 3),
        "postgres_cpu_ms_per_request": round(1000 * cpu["postgres_cpu_s"] / n, 3),
        "other_cores": round(cpu["other_cores"], 2), "db": db, "facts": page_facts(first.body) if first else {},
        "content_type": first.header("content-type") if first else None,
    }


def explain_slow(cluster: harness.PostgresCluster, ui: UIClient, pages: dict[str, dict[str, Any]], min_ms: float) -> None:
    """After the measurements: for each page over the target, two more requests with auto_explain on (plans with
    actual times of every statement over `min_ms`), the plans from PostgreSQL's log kept in the page's JSON. Not
    part of the measured numbers (EXPLAIN ANALYZE's instrumentation slows the statements it explains)."""
    slow = [p for p in pages.values() if p["render_ms"] and p["render_ms"]["p95"] > TARGET_MS]
    if not slow:
        return
    settings = {"log_min_messages": "log", "auto_explain.log_min_duration": f"{min_ms:g}ms", "auto_explain.log_analyze": "on",
                "auto_explain.log_buffers": "on", "auto_explain.log_timing": "on"}
    for k, v in settings.items():
        cluster.psql(f"ALTER SYSTEM SET {k} = '{v}'")
    cluster.psql("SELECT pg_reload_conf()")
    time.sleep(1)
    try:
        for page in slow:
            very_slow = page["render_ms"]["p50"] > 5000
            # A statement cancelled by the server's statement timeout logs no plan; per-node timing would make
            # a statement near the timeout pass it, so very slow pages are explained with row counts only.
            cluster.psql(f"ALTER SYSTEM SET auto_explain.log_timing = '{'off' if very_slow else 'on'}'")
            cluster.psql("SELECT pg_reload_conf()")
            time.sleep(0.5)
            start = cluster.logfile.stat().st_size
            for _ in range(1 if very_slow else 2):
                ui.request("GET", page["path"])
            time.sleep(0.5)
            with open(cluster.logfile, "rb") as f:
                f.seek(start)
                text = f.read().decode(errors="replace")
            plans = [chunk.strip() for chunk in re.split(r"\n(?=\S+ \S+ \S+ \[\d+\] LOG:  duration: )", "\n" + text)
                     if "plan:" in chunk]
            # The last request's plans (warm); cut long ones.
            page["slow_statement_plans"] = [p[:8000] for p in (plans if very_slow else plans[len(plans) // 2:])][:6]
            if not plans:
                page["slow_statement_plans"] = ["no statement plan logged (a statement cancelled by the statement "
                                                "timeout logs none)"]
    finally:
        for k in settings:
            cluster.psql(f"ALTER SYSTEM RESET {k}")
        cluster.psql("SELECT pg_reload_conf()")


# ---------------------------------------------------------------------------------------------------------------------
# Raw PostgreSQL reference


def raw_reference(cluster: harness.PostgresCluster, database: str, warmup: int, n: int) -> dict[str, Any]:
    """The models list's query as one would write it, timed by psql (\\timing: round trip to the server and the rows
    read, over TCP like the server's connections) and by EXPLAIN ANALYZE (PostgreSQL's own execution time)."""
    # Unaligned, without headers: psql's aligned format measuring column widths is not part of the query's cost.
    script = "\\pset format unaligned\n\\pset tuples_only on\n\\timing on\n\\o /dev/null\n" + f"{RAW_SQL};\n" * (warmup + n)
    timed = run_psql_script(cluster, database, script)
    times = [float(x) for x in re.findall(r"^Time: ([0-9.]+) ms", timed, re.M)][warmup:]
    script = f"EXPLAIN (ANALYZE, BUFFERS) {RAW_SQL};\n" * (warmup + n)
    explained = run_psql_script(cluster, database, script)
    execution = [float(x) for x in re.findall(r"Execution Time: ([0-9.]+) ms", explained)][warmup:]
    plan = [line.strip() for line in explained.split("Execution Time")[0].strip().splitlines()
            if line.strip() and line.strip() != "QUERY PLAN" and not line.startswith("---")]
    return {"sql": RAW_SQL, "psql_timing_ms": summary(times), "explain_execution_ms": summary(execution), "plan": plan}


def run_psql_script(cluster: harness.PostgresCluster, database: str, script: str) -> str:
    path = cluster.root / f"script-{uuid.uuid4().hex[:8]}.sql"
    path.write_text(script)
    os.chmod(path, 0o644)
    try:
        out = subprocess.run(
            harness.as_postgres([str(harness.PG_BIN / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
                                 "-p", str(cluster.port), "-U", "postgres", "-d", database, "-f", str(path)]),
            check=True, capture_output=True, text=True, timeout=600, cwd=cluster.root)
        return out.stdout
    finally:
        path.unlink(missing_ok=True)


# ---------------------------------------------------------------------------------------------------------------------
# Report


def fmt(x: float | None) -> str:
    if x is None or x != x:
        return "—"
    return f"{x:.2f}" if x < 10 else f"{x:.1f}" if x < 100 else f"{x:,.0f}"


def render_markdown(results: dict[str, Any]) -> str:
    meta, seed = results["meta"], results.get("seed", {})
    lines = [
        "# UI pages with 10,000 models (bench/ui/run.sh)" if meta["models"] == 10_000 else
        f"# UI pages with {meta['models']:,} models (bench/ui/run.sh)",
        "",
        f"Machine: {meta['machine']}. PostgreSQL 15, private cluster, fsync={meta['pg_fsync']}, "
        f"collation {meta.get('pg_collation', '?')} (as the embedded cluster); "
        f"`modelreg serve --demo` ({meta['binary']}, built {meta['binary_mtime']}). "
        f"Started {meta['started']}.",
    ]
    if seed:
        lines += [
            "",
            "## Seeding through /v1",
            "",
            f"{seed['clients']} concurrent keep-alive clients (Python threads, http.client), {len(OWNERS)} owners and "
            f"{len(REVIEWERS)} reviewers created with POST /v1/principals; "
            f"`production` set only after a reviewer's approval (the reviewer holds `approver` granted by the owner).",
            "",
            "| what | count | p50 ms | p99 ms |",
            "|---|---:|---:|---:|",
        ]
        for kind, k in seed["per_kind"].items():
            lines.append(f"| {kind} | {k['requests']:,} | {fmt(k['p50_ms'])} | {fmt(k['p99_ms'])} |")
        lines += [
            "",
            f"**{seed['models']:,} models in {seed['seconds']:,.1f} s: {seed['models_per_second']:,.0f} models/s, "
            f"{seed['requests']:,} requests at {seed['requests_per_second']:,.0f} req/s** "
            f"({seed['versions']:,} versions, {seed['production']:,} in production, {seed['staging']:,} in staging, "
            f"{seed['viewer_grants']:,} viewer grants; '{SEARCH_WORD}' in {seed['with_search_word']} descriptions).",
        ]
        if seed.get("other_cores_during") is not None:
            lines.append(f"Other processes used {seed['other_cores_during']:.2f} cores on average during the seeding.")
    pages = results.get("pages")
    raw = results.get("raw_postgres")
    if results.get("pages_skipped"):
        lines += ["", f"Pages not measured: {results['pages_skipped']}"]
    if pages:
        rp = raw["psql_timing_ms"]["p50"] if raw else None
        lines += [
            "",
            "## Pages",
            "",
            f"Signed in through the UI as the demo's admin (sees every model). Each page: {meta['warmup']} warm-up requests, then "
            f"{meta['requests']} sequential GETs from one keep-alive client (*n*: fewer when a page is so slow that they "
            f"would not fit in {meta.get('page_budget', 120):.0f} s, at least {meta.get('min_requests', 3)}). *Server* is `Server-Timing: render;dur` (the "
            f"server's time for the page), *client* the wall time of the request at the client. *DB* is the database's own "
            f"execution time per request (pg_stat_statements), *stmts* the statements per request. *÷ raw* is the server "
            f"p50 over the raw query's psql p50 (the last rows of the table). DB and stmts are left out for a page "
            f"with errors (a statement cancelled by the statement timeout is not counted). Target: under "
            f"{TARGET_MS:.0f} ms of server time.",
            "",
            "| page | path | n | server p50 ms | p95 | p99 | max | client p50 ms | p95 | p99 | max | DB ms | stmts | KB | ÷ raw |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for title, p in pages.items():
            r, w = p["render_ms"], p["wall_ms"]
            over = r and r.get("p95", 0) > TARGET_MS
            mark = "**" if over else ""
            ratio = f"{r['p50'] / rp:,.0f}×" if r and rp else "—"
            db = p.get("db") or {}
            flags = ""
            if p["errors"]:
                flags += f" (**{p['errors']} errors** {p['statuses']})"
            if p["missing_server_timing"]:
                flags += f" ({p['missing_server_timing']} without Server-Timing)"
            if p["other_cores"] > 0.3:
                flags += "*"
            if p["errors"]:  # statements cancelled by the statement timeout are not in pg_stat_statements
                db = {}
            lines.append(
                f"| {title}{flags} | `{p['path']}` | {p['requests']} | {mark}{fmt(r.get('p50'))}{mark} | {mark}{fmt(r.get('p95'))}{mark} | "
                f"{fmt(r.get('p99'))} | {fmt(r.get('max'))} | {fmt(w.get('p50'))} | {fmt(w.get('p95'))} | {fmt(w.get('p99'))} | "
                f"{fmt(w.get('max'))} | {fmt(db.get('db_ms_per_request'))} | {fmt(db.get('statements_per_request'))} | "
                f"{p['bytes'] / 1024:,.0f} | {ratio} |")
        if raw:
            t, e = raw["psql_timing_ms"], raw["explain_execution_ms"]
            lines.append(f"| raw PostgreSQL: `SELECT … FROM models ORDER BY name LIMIT 50`, psql `\\timing` | | {t.get('n')} | "
                         f"{fmt(t.get('p50'))} | {fmt(t.get('p95'))} | {fmt(t.get('p99'))} | {fmt(t.get('max'))} | | | | | | | | 1× |")
            lines.append(f"| raw PostgreSQL: the same, `EXPLAIN ANALYZE` execution time | | {e.get('n')} | "
                         f"{fmt(e.get('p50'))} | {fmt(e.get('p95'))} | {fmt(e.get('p99'))} | {fmt(e.get('max'))} | | | | | | | | |")
        slow = [(t, p) for t, p in pages.items() if p["render_ms"] and p["render_ms"]["p95"] > TARGET_MS]
        tails = [(t, p) for t, p in pages.items() if p["render_ms"] and p["render_ms"]["p95"] <= TARGET_MS < p["render_ms"]["max"]]
        lines.append("")
        if slow:
            lines.append(f"**Over {TARGET_MS:.0f} ms (server p95):** " + "; ".join(
                f"{t} (`{p['path']}`: p50 {fmt(p['render_ms']['p50'])}, p95 {fmt(p['render_ms']['p95'])} ms; "
                f"DB {fmt((p.get('db') or {}).get('db_ms_per_request'))} ms in "
                f"{fmt((p.get('db') or {}).get('statements_per_request'))} statements; server CPU "
                f"{fmt(p['server_cpu_ms_per_request'])} ms, PostgreSQL CPU {fmt(p['postgres_cpu_ms_per_request'])} ms per page)"
                for t, p in slow) + ".")
        else:
            lines.append(f"Every page's server p95 is under {TARGET_MS:.0f} ms.")
        if tails:
            lines.append("Single requests over the target (max only): " + ", ".join(
                f"{t} ({fmt(p['render_ms']['max'])} ms)" for t, p in tails) + ".")
        contended = [t for t, p in pages.items() if p["other_cores"] > 0.3]
        if contended:
            lines.append(f"\\* other processes used more than 0.3 cores while measuring: {', '.join(contended)}.")
    if results.get("error"):
        lines += ["", f"**The run failed:** {results['error']}"]
    lines.append("")
    return "\n".join(lines)


def machine() -> str:
    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores, {mem_gb:.0f} GiB, {platform.system()} {platform.release()}"


# ---------------------------------------------------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--models", type=int, default=10_000, help="models to seed (default 10000)")
    p.add_argument("--clients", type=int, default=8, help="concurrent seeding clients (default 8)")
    p.add_argument("--requests", type=int, default=200, help="measured requests per page (default 200)")
    p.add_argument("--warmup", type=int, default=20, help="warm-up requests per page (default 20)")
    p.add_argument("--page-budget", type=float, default=120,
                   help="seconds of measured requests per page; a slower page gets fewer requests (default 120)")
    p.add_argument("--warmup-budget", type=float, default=30, help="seconds of warm-up per page at most (default 30)")
    p.add_argument("--min-requests", type=int, default=3, help="measured requests per page at least (default 3)")
    p.add_argument("--seed", type=int, default=20261127, help="random seed of the generated registry")
    p.add_argument("--two-version-share", type=float, default=0.35, help="models with two versions (default 0.35)")
    p.add_argument("--one-version-share", type=float, default=0.15, help="models with one version (default 0.15)")
    p.add_argument("--production-share", type=float, default=0.4, help="of the models with versions, in production")
    p.add_argument("--staging-share", type=float, default=0.5, help="of the models with versions, in staging")
    p.add_argument("--viewer-share", type=float, default=0.1, help="models with a viewer grant to a colleague")
    p.add_argument("--search-share", type=float, default=0.01, help=f"descriptions with '{SEARCH_WORD}' (default 0.01)")
    p.add_argument("--seed-only", action="store_true", help="seed and report the seeding; measure no page")
    p.add_argument("--pages", default="", help="only the pages whose path contains one of these comma-separated strings")
    p.add_argument("--modelreg-bin", default=os.environ.get("MODELREG_BIN", str(REPO / ".build-release" / "release" / "modelreg")))
    p.add_argument("--no-copy-bin", action="store_true",
                   help="run the binary in place (default: a private copy, so that a rebuild during the run is harmless)")
    p.add_argument("--pg-fsync", choices=["on", "off"], default="on", help="PostgreSQL fsync (default on, as the product)")
    p.add_argument("--no-analyze", action="store_true", help="skip VACUUM ANALYZE between seeding and measuring")
    p.add_argument("--no-pg-stats", action="store_true", help="no pg_stat_statements (per-page database time)")
    p.add_argument("--no-explain-slow", dest="explain_slow", action="store_false",
                   help="after measuring, do not collect auto_explain plans for pages over the target")
    p.add_argument("--explain-min-ms", type=float, default=5, help="auto_explain threshold for --explain-slow (default 5)")
    p.add_argument("--serve-args", default="", help="extra `modelreg serve` flags")
    p.add_argument("--log-level", default="info", help="modelreg serve --log-level (default info, the product's default)")
    p.add_argument("--wait-quiet", type=float, default=120,
                   help="seconds to wait before measuring pages for other processes to leave the CPU (default 120)")
    p.add_argument("--json", nargs="?", const="-", default=None, metavar="FILE",
                   help="write the results as JSON to FILE; without FILE, JSON on stdout instead of the table")
    p.add_argument("--out", default=str(HERE), help="directory for results.md and results.json (default bench/ui)")
    p.add_argument("--no-save", action="store_true", help="do not write results.md and results.json")
    p.add_argument("-v", "--verbose", action="store_true", help="progress on stderr even when stdout is not a terminal")
    p.add_argument("--keep", action="store_true", help="keep the cluster's directory (MODELREG_SYSTEM_KEEP)")
    return p.parse_args()


def main() -> int:
    global VERBOSE
    args = parse_args()
    VERBOSE = args.verbose or sys.stdout.isatty()
    if args.keep:
        os.environ["MODELREG_SYSTEM_KEEP"] = "1"
    harness.install_signal_handlers()
    binary = Path(args.modelreg_bin)
    if not binary.exists():
        print(f"no modelreg binary at {binary} (--modelreg-bin or MODELREG_BIN)", file=sys.stderr)
        return 2
    started = datetime.datetime.now().isoformat(timespec="seconds")
    binary_mtime = datetime.datetime.fromtimestamp(binary.stat().st_mtime).isoformat(timespec="seconds")
    # Everything this run writes (the binary's copy, the cluster, the server's directory) lives in one directory
    # outside /tmp's modelreg-* names, which other tools' clean-ups remove.
    scratch = Path(tempfile.mkdtemp(prefix="bench-ui-", dir=os.environ.get("BENCH_UI_TMPDIR", "/var/tmp")))
    os.chmod(scratch, 0o755)  # PostgreSQL runs as `postgres` under root and must reach its data directory
    tempfile.tempdir = str(scratch)  # harness.PostgresCluster makes its directory with tempfile
    harness.register_cleanup(lambda: shutil.rmtree(scratch, ignore_errors=True) if not args.keep else None)
    if not args.no_copy_bin:
        copy = scratch / "modelreg"
        shutil.copy2(binary, copy)
        os.environ["MODELREG_BIN"] = str(copy)
    else:
        os.environ["MODELREG_BIN"] = str(binary)

    results: dict[str, Any] = {"meta": {
        "machine": machine(), "models": args.models, "clients": args.clients, "requests": args.requests,
        "warmup": args.warmup, "seed": args.seed, "pg_fsync": args.pg_fsync, "binary": str(binary),
        "binary_mtime": binary_mtime, "started": started, "analyze": not args.no_analyze,
        "page_budget": args.page_budget, "warmup_budget": args.warmup_budget, "min_requests": args.min_requests,
    }}

    cluster = harness.PostgresCluster()
    server = None
    code = 0
    try:
        cluster.init()  # --locale=C like the product's cluster: a name sort in another collation costs several times more
        with open(cluster.data / "postgresql.auto.conf", "a") as f:
            # fsync as the product's embedded cluster runs it (durable: fsync, full_page_writes and synchronous_commit
            # on; the harness's own default is fsync off for tests).
            f.write(f"fsync = {args.pg_fsync}\nfull_page_writes = {args.pg_fsync}\nsynchronous_commit = on\n"
                    "max_locks_per_transaction = 256\n")
            if not args.no_pg_stats:
                # auto_explain stays off (log_min_duration -1) unless --explain-slow turns it on after the measurements.
                f.write("shared_preload_libraries = 'pg_stat_statements,auto_explain'\npg_stat_statements.track = top\n"
                        "pg_stat_statements.track_utility = off\n")
        cluster.start()
        postmaster = int((cluster.data / "postmaster.pid").read_text().split()[0])
        database = "bench_ui"
        cluster.create_database(database)
        results["meta"]["pg_collation"] = cluster.scalar("SELECT datcollate FROM pg_database WHERE datname = current_database()",
                                                         database)
        log(f"PostgreSQL on 127.0.0.1:{cluster.port} (fsync={args.pg_fsync}, collation {results['meta']['pg_collation']})")

        workdir = scratch / "server"
        extra = ["--demo", "--demo-dir", str(REPO / "demo"), *shlex.split(args.serve_args)]
        server = harness.Server(cluster.url(database), workdir, extra, log_level=args.log_level)
        t0 = time.monotonic()
        base = server.start(timeout=180)
        token_file = workdir / ".modelreg" / "admin-token"
        if token_file.exists():
            admin = token_file.read_text().strip()
        else:
            m = re.search(r"admin token:\s+(\S+)", server.log_text())
            if not m:
                raise RuntimeError(f"no admin token from `modelreg serve --demo` ({token_file} missing, none in the log)")
            admin = m.group(1)
        with open(f"/proc/{server.pid}/cmdline", "rb") as f:
            results["meta"]["serve_command"] = shlex.join(a.decode() for a in f.read().split(b"\0") if a)
        results["meta"]["start_seconds"] = round(time.monotonic() - t0, 1)
        log(f"server up at {base} in {results['meta']['start_seconds']} s; demo admin token from {token_file}")

        # ---- seeding
        seeder = Seeder(base, admin, args)
        seeder.principals()
        plans = make_plans(args, random.Random(args.seed), seeder.artifacts)
        log(f"seeding {args.models:,} models with {args.clients} clients")
        meter = CpuMeter(server.pid, postmaster)
        seed = seeder.run(plans)
        cpu = meter.stop()
        seed["other_cores_during"] = round(cpu["other_cores"], 2)
        seed["server_cores"] = round(cpu["server_cpu_s"] / cpu["seconds"], 2)
        seed["postgres_cores"] = round(cpu["postgres_cpu_s"] / cpu["seconds"], 2)
        seed["client_cores"] = round(cpu["client_cpu_s"] / cpu["seconds"], 2)
        results["seed"] = seed
        counted = cluster.scalar("SELECT count(*) FROM models", database)
        seed["models_in_database"] = int(counted)
        seed["events_in_ledger"] = int(cluster.scalar("SELECT count(*) FROM ledger_events", database))
        log(f"seeded {seed['models']:,} models ({counted} in the database with the demo's) in {seed['seconds']} s: "
            f"{seed['models_per_second']} models/s, {seed['requests_per_second']} req/s")

        # The target model: two versions, production and staging, in the middle of the names.
        rich = sorted((p for p in plans if len(p.versions) == 2 and p.production and p.staging), key=lambda p: p.name)
        target = (rich[len(rich) // 2] if rich else sorted(plans, key=lambda p: p.name)[len(plans) // 2]).name
        owner = max(OWNERS, key=lambda o: o[3])[0]
        results["meta"]["target_model"] = target
        results["meta"]["owner_filter"] = owner

        if not args.no_analyze:
            t1 = time.monotonic()
            cluster.psql("VACUUM ANALYZE", database, timeout=900)
            results["meta"]["vacuum_analyze_seconds"] = round(time.monotonic() - t1, 1)
        cluster.psql("CHECKPOINT", database)

        # ---- pages
        if args.seed_only:
            results["pages_skipped"] = "--seed-only"
        elif not ui_present(base):
            results["pages_skipped"] = "this binary has no UI (GET /sign-in is not an HTML form)"
            warn(f"pages not measured: {results['pages_skipped']}")
            code = 3
        else:
            results["meta"]["busy_cores_before_pages"] = wait_for_quiet(
                args.wait_quiet, lambda: [server.pid, postmaster, *harness.descendants(postmaster)])
            results["raw_postgres"] = raw_reference(cluster, database, args.warmup, args.requests)
            log(f"raw PostgreSQL: psql p50 {results['raw_postgres']['psql_timing_ms'].get('p50')} ms, "
                f"EXPLAIN ANALYZE p50 {results['raw_postgres']['explain_execution_ms'].get('p50')} ms")
            ui = UIClient(base)
            results["sign_in"] = ui.sign_in(admin)
            pgstats = PgStats(cluster, database, not args.no_pg_stats)
            results["pages"] = {}
            wanted = [w for w in args.pages.split(",") if w]
            for title, path in pages_to_measure(seed, target, owner):
                if wanted and not any(w in path for w in wanted):
                    continue
                log(f"page {path}")
                page = measure_page(ui, path, args, (server.pid, postmaster), pgstats)
                results["pages"][title] = page
                r = page["render_ms"]
                log(f"  server p50 {fmt(r.get('p50'))} p95 {fmt(r.get('p95'))} p99 {fmt(r.get('p99'))} max "
                    f"{fmt(r.get('max'))} ms; client p50 {fmt(page['wall_ms'].get('p50'))} ms; "
                    f"{page['statuses']}; {page['facts']}")
                if page["errors"]:
                    code = 1
            if args.explain_slow and not args.no_pg_stats:
                try:
                    explain_slow(cluster, ui, results["pages"], args.explain_min_ms)
                except Exception as error:  # noqa: BLE001 - a diagnosis must not lose the measurements
                    warn(f"--explain-slow failed: {error!r}")
            ui.close()
        mem = server.sample_memory()
        results["server_memory_mb"] = {"rss": round(mem.get("VmRSS", 0) / 1024, 1), "peak": round(mem.get("VmHWM", 0) / 1024, 1)}
    except Exception as error:  # noqa: BLE001 - report, clean up, exit non-zero
        warn(f"failed: {error}")
        if server is not None:
            tail = server.log_text()[-2000:]
            if tail:
                warn(f"server log tail:\n{tail}")
        results["error"] = str(error)
        code = 1
    finally:
        if server is not None:
            server.stop()
        cluster.destroy()
    results["meta"]["finished"] = datetime.datetime.now().isoformat(timespec="seconds")

    table = render_markdown(results)
    text = json.dumps(results, indent=2) + "\n"
    # A run that failed after measuring pages still saves them (the error is in both files); one that failed
    # earlier keeps the last results.
    if not args.no_save and ("error" not in results or results.get("pages")):
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        (out / "results.json").write_text(text)
        (out / "results.md").write_text(table)
    if args.json == "-":
        sys.stdout.write(text)
    else:
        if args.json:
            Path(args.json).write_text(text)
        sys.stdout.write(table)
    return code


if __name__ == "__main__":
    sys.exit(main())
