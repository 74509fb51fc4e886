#!/usr/bin/env python3
"""The web UI in a real browser: Debian's headless Chromium, driven through selenium and Debian's chromedriver.

Starts a private PostgreSQL cluster and `modelreg serve --demo` (tests/system/harness.py), reads the demo's admin
token from what the server prints, and walks the UI the way a person would: signing in, the models list with search
and filters, a model page, a version page, time travel, a prediction and its enquiry, the history, the reports, the
phone layout, labels of every form control, the skip link, and signing out. Every check is on the DOM the server
sent, as the UI contract of issue 7 names it (routes, ids, classes), never just "the page loaded".

    tests/browser/run.sh                                    # the venv, then this
    python test_browser.py                                  # MODELREG_BIN (default <repo>/.build/debug/modelreg)
    python test_browser.py --base-url http://127.0.0.1:8080 --token TOKEN   # a server already running the demo

One line per step; a failed step says what was expected and what the page had, and leaves the page's source in
<repo>/.modelreg/browser-failure-<step>.html (and a screenshot next to it). Screenshots of the passing pages go to
docs/screenshots/. The last line is `browser: N passed, N failed, N skipped`; exit status 0 only if nothing failed.
"""

from __future__ import annotations

import argparse
import base64
import csv
import hashlib
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
DEMO = REPO / "demo"
ARTIFACTS = REPO / ".modelreg"
sys.path.insert(0, str(REPO / "tests" / "system"))

import harness  # noqa: E402  (tests/system/harness.py, standard library only)

# selenium-manager must never run (it would download a browser and a driver): the driver's path is given to Service
# below, which skips it; SE_OFFLINE keeps it offline should anything still reach it.
os.environ["SE_OFFLINE"] = "true"

from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import NoSuchElementException, TimeoutException, WebDriverException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.remote.webelement import WebElement  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM_BIN", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER_BIN", "/usr/bin/chromedriver")
WIDTH, HEIGHT = 1280, 900
PHONE = (390, 844)
SCREENSHOT_MAX_HEIGHT = 2000  # a long page is cut here: the screenshots stay small
NAVIGATION_TIMEOUT = 20.0
SESSION_COOKIE = "modelreg_session"
TIME_TRAVEL_AT = "2025-05-01T00:00"

DEMO_MODELS = {"mpg", "am-classifier", "fuel-economy"}


def out(line: str) -> None:
    print(f"browser: {line}", flush=True)


class StepFailed(AssertionError):
    pass


class RunTimeout(BaseException):
    """The whole run's bound (SIGALRM); a BaseException so that no step's `except Exception` swallows it."""


def fail(what: str, expected: str, got: str) -> None:
    raise StepFailed(f"{what}\n      expected: {expected}\n      got:      {got}")


def check(condition: bool, what: str, expected: str, got: Any) -> None:
    """A check the rest of the step depends on: the step stops here."""
    if not condition:
        fail(what, expected, str(got))


SOFT: list[str] = []  # the failed expectations of the running step


def expect(condition: bool, what: str, expected: str, got: Any) -> bool:
    """A check the rest of the step does not depend on: noted, and the step goes on (and fails at its end)."""
    if not condition:
        SOFT.append(f"{what}\n      expected: {expected}\n      got:      {got}")
    return condition


def cut(text: str, n: int = 600) -> str:
    text = re.sub(r"\s+", " ", text or "").strip()
    return text if len(text) <= n else text[:n] + f"... ({len(text)} chars)"


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def numbers_in(text: str) -> list[str]:
    return re.findall(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?", text)


def close_to(shown: str, expected: float) -> bool:
    """`shown` (as the page prints it, rounded to its decimals) is `expected` rounded, give or take the last digit."""
    try:
        value = float(shown)
    except ValueError:
        return False
    decimals = len(shown.split(".", 1)[1]) if "." in shown and "e" not in shown.lower() else 0
    if decimals < 2 and "e" not in shown.lower():
        return False  # "22" for 21.6085 is not an answer to check against
    tolerance = 0.5 * 10 ** (-decimals) + 1e-9 * abs(expected) if decimals else 1e-9 * abs(expected)
    return abs(value - expected) <= tolerance + 1e-12


def parse_instant(text: str) -> datetime | None:
    """RFC 3339 or datetime-local (read as UTC), as the contract accepts them."""
    text = (text or "").strip()
    if not text:
        return None
    t = text.replace("Z", "+00:00").replace(" ", "T")
    for candidate in (t, t + ":00"):
        try:
            value = datetime.fromisoformat(candidate)
        except ValueError:
            continue
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    return None


# ---------------------------------------------------------------------------------------------------------------------
# The demo's own numbers: the first mtcars row and what the OLS gives for it


def first_mtcars_row() -> dict[str, str]:
    with open(DEMO / "mtcars" / "mtcars.csv", newline="") as f:
        return next(csv.DictReader(f))


def ols_features() -> list[str]:
    """The variables of the OLS's terms (`C(cyl)[4]` -> cyl, `hp` -> hp), from reference_params.json."""
    params = json.loads((DEMO / "mtcars" / "reference_params.json").read_text())["ols_mpg"]["params"]
    features: set[str] = set()
    for term in params:
        if term == "Intercept":
            continue
        for part in term.split(":"):
            m = re.fullmatch(r"C\((\w+)\)\[.*\]", part)
            features.add(m.group(1) if m else part)
    return sorted(features)


def reference_prediction(row_name: str) -> float:
    for item in json.loads((DEMO / "mtcars" / "reference_predictions.json").read_text()):
        if item["row"] == row_name:
            return float(item["ols_mpg"])
    raise RuntimeError(f"no reference prediction for {row_name!r}")


# ---------------------------------------------------------------------------------------------------------------------
# JavaScript run in the page

LABELS_JS = r"""
const problems = [];
const controls = Array.from(document.querySelectorAll('input, select, textarea, button'));
let checked = 0;
const describe = (el) => {
  const type = (el.getAttribute('type') || '').toLowerCase();
  return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.name ? '[name="' + el.name + '"]' : '')
    + (type ? '[type=' + type + ']' : '') + ' in ' + (el.form ? 'form' + (el.form.getAttribute('id') ? '#' + el.form.getAttribute('id') : '')
    + '[action="' + (el.form.getAttribute('action') || '') + '"]' : 'no form');
};
const textOf = (ids) => (ids || '').split(/\s+/).filter(Boolean)
  .map(id => document.getElementById(id)).filter(Boolean).map(e => e.textContent.trim()).join(' ').trim();
for (const el of controls) {
  const type = (el.getAttribute('type') || '').toLowerCase();
  if (el.tagName === 'INPUT' && type === 'hidden') continue;
  checked++;
  const aria = (el.getAttribute('aria-label') || '').trim();
  const labelledBy = textOf(el.getAttribute('aria-labelledby'));
  if (el.tagName === 'BUTTON' || (el.tagName === 'INPUT' && ['submit', 'button', 'reset', 'image'].includes(type))) {
    const name = aria || labelledBy || (el.tagName === 'BUTTON' ? el.textContent.trim() : '')
      || (type === 'image' ? (el.getAttribute('alt') || '') : (el.value || (type === 'submit' ? 'Submit' : '')))
      || (el.getAttribute('title') || '');
    if (!name.trim()) problems.push(describe(el) + ': a button without a name (text, value, aria-label)');
    continue;
  }
  const labels = Array.from(el.labels || []).map(l => l.textContent.trim()).filter(Boolean);
  if (!labels.length && !aria && !labelledBy)
    problems.push(describe(el) + ': no label (label[for], a wrapping <label>, aria-label or aria-labelledby)');
}
for (const l of document.querySelectorAll('label[for]')) {
  if (!document.getElementById(l.htmlFor)) problems.push('label[for="' + l.htmlFor + '"] ("' + l.textContent.trim() + '") names no element');
}
return {checked: checked, problems: problems};
"""

OVERFLOW_JS = r"""
const vw = arguments[0];  // the phone's width: a page wider than it makes the phone zoom out (innerWidth grows)
const scrollsX = (el) => { const s = getComputedStyle(el).overflowX; return s === 'auto' || s === 'scroll' || s === 'hidden' || s === 'clip'; };
const inScroller = (el) => { for (let p = el.parentElement; p && p !== document.body && p !== document.documentElement; p = p.parentElement) if (scrollsX(p)) return p; return null; };
const sticking = [];
for (const el of document.body.querySelectorAll('*')) {
  const r = el.getBoundingClientRect();
  if (r.width === 0 || r.right <= vw + 1) continue;
  if (inScroller(el)) continue;
  let p = el.parentElement, reported = false;
  for (; p && p !== document.body; p = p.parentElement) if (sticking.includes(p)) { reported = true; break; }
  if (!reported) sticking.push(el);
}
const tables = Array.from(document.querySelectorAll('table')).map(t => {
  const s = inScroller(t);
  return 'table' + (t.id ? '#' + t.id : '') + ' ' + Math.round(t.getBoundingClientRect().width) + 'px wide'
    + (s ? ' inside a scroll container ' + s.tagName.toLowerCase() + (s.id ? '#' + s.id : '') + (s.className ? '.' + String(s.className).split(' ').join('.') : '') : '');
});
return {
  innerWidth: window.innerWidth,
  docScrollWidth: document.documentElement.scrollWidth,
  bodyScrollWidth: document.body.scrollWidth,
  viewportMeta: (document.querySelector('meta[name=viewport]') || {content: null}).content,
  sticking: sticking.slice(0, 8).map(el => el.tagName.toLowerCase() + (el.getAttribute('id') ? '#' + el.getAttribute('id') : '')
    + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '')
    + (el.closest('[id]') ? ' in #' + el.closest('[id]').getAttribute('id') : '')
    + ' right edge at ' + Math.round(el.getBoundingClientRect().right) + 'px'),
  tables: tables,
};
"""

SVG_JS = r"""
const svg = arguments[0];
const r = svg.getBoundingClientRect();
const shapes = svg.querySelectorAll('path, rect, circle, line, polyline, polygon, ellipse, text').length;
const title = svg.querySelector(':scope > title');
return {width: r.width, height: r.height, shapes: shapes, role: svg.getAttribute('role'),
        title: title ? title.textContent.trim() : null, labelledby: svg.getAttribute('aria-labelledby'),
        label: svg.getAttribute('aria-label')};
"""


# ---------------------------------------------------------------------------------------------------------------------
# The browser


class Browser:
    def __init__(self, base: str) -> None:
        self.base = base.rstrip("/")
        self.profile = Path(tempfile.mkdtemp(prefix="modelreg-browser-profile-"))
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--window-size={WIDTH},{HEIGHT}",
                         f"--user-data-dir={self.profile}", "--lang=en-US", "--no-first-run", "--no-default-browser-check",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         "--hide-scrollbars"):
            options.add_argument(argument)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.service = Service(executable_path=CHROMEDRIVER, log_output=str(ARTIFACTS / "browser-chromedriver.log"))
        self.driver: webdriver.Chrome | None = None
        self._cleanup = harness.register_cleanup(self.close)
        self.driver = webdriver.Chrome(service=self.service, options=options)
        self.driver.set_page_load_timeout(NAVIGATION_TIMEOUT)
        self.d = self.driver
        self.navigations: list[dict[str, Any]] = []  # every page load: url, Server-Timing entries

    # -- processes ----------------------------------------------------------------------------------------------------

    def _descendants(self) -> list[int]:
        """chromedriver and everything under it (chromium and its helpers), by pid, while they are still there."""
        proc = getattr(self.service, "process", None)
        if proc is None:
            return []
        return [proc.pid, *harness.descendants(proc.pid)]

    def close(self) -> None:
        harness.unregister_cleanup(self._cleanup)
        pids = self._descendants()
        if self.driver is not None:
            try:
                self.driver.quit()
            except Exception:  # noqa: BLE001 - the browser may already be gone
                pass
            self.driver = None
        time.sleep(0.2)
        for pid in pids:
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    cmdline = f.read()
                with open(f"/proc/{pid}/stat") as f:
                    state = f.read().rsplit(")", 1)[1].split()[0]
            except OSError:
                continue
            if state != "Z" and (b"chrom" in cmdline):
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        shutil.rmtree(self.profile, ignore_errors=True)

    # -- navigation ---------------------------------------------------------------------------------------------------

    def url(self, path: str) -> str:
        return path if path.startswith("http") else self.base + path

    def go(self, path: str) -> None:
        self.d.get(self.url(path))
        self._loaded()

    def _loaded(self) -> None:
        WebDriverWait(self.d, NAVIGATION_TIMEOUT, ignored_exceptions=(WebDriverException,)).until(
            lambda d: d.execute_script("return document.readyState") == "complete")
        try:
            timing = self.d.execute_script(
                "const n = performance.getEntriesByType('navigation')[0];"
                "return n ? {type: n.type, contentType: document.contentType,"
                " server: (n.serverTiming || []).map(t => ({name: t.name, duration: t.duration}))} : null;")
        except WebDriverException:
            timing = None
        self.navigations.append({"url": self.d.current_url, "timing": timing})

    def submit(self, button: WebElement, what: str) -> None:
        """Clicks a submit button and waits for the next page."""
        # A mark on this document's window: the next page's window does not have it.
        mark = uuid.uuid4().hex
        self.d.execute_script("window.__modelregBrowserTest = arguments[0];", mark)
        before = self.d.current_url
        button.click()

        def next_page(d) -> bool:
            try:
                return d.execute_script("return window.__modelregBrowserTest || null;") != mark
            except WebDriverException:  # the old document went away while asking
                return False

        try:
            WebDriverWait(self.d, NAVIGATION_TIMEOUT, poll_frequency=0.05).until(next_page)
        except TimeoutException:
            invalid = self.d.execute_script(
                "return Array.from(document.querySelectorAll(':invalid')).filter(e => e.tagName !== 'FORM')"
                ".map(e => (e.name || e.id) + ': ' + e.validationMessage)")
            fail(f"{what}: submitting", f"a new page within {NAVIGATION_TIMEOUT:.0f} s",
                 f"still on {before}" + (f"; the browser refused the form: {invalid}" if invalid else ""))
        self._loaded()

    def submit_form(self, form_css: str, what: str) -> None:
        form = self.one(form_css)
        buttons = form.find_elements(By.CSS_SELECTOR, "button:not([type]), button[type=submit], input[type=submit]")
        check(bool(buttons), f"{what}: the submit button of {form_css}", "a button[type=submit] in the form (without one a "
              "form with two text fields cannot be sent without JavaScript)", cut(form.get_attribute("outerHTML")))
        self.submit(buttons[0], what)

    @property
    def path(self) -> str:
        return urllib.parse.urlsplit(self.d.current_url).path

    @property
    def query(self) -> dict[str, list[str]]:
        return urllib.parse.parse_qs(urllib.parse.urlsplit(self.d.current_url).query, keep_blank_values=True)

    # -- the DOM ------------------------------------------------------------------------------------------------------

    def all(self, css: str, within: WebElement | None = None) -> list[WebElement]:
        return (within or self.d).find_elements(By.CSS_SELECTOR, css)

    def one(self, css: str, within: WebElement | None = None) -> WebElement:
        try:
            return (within or self.d).find_element(By.CSS_SELECTOR, css)
        except NoSuchElementException:
            fail(f"`{css}` on {self.path}", "an element matching it", f"none; the page: {self.summary()}")
            raise  # unreachable

    def text(self, css: str, within: WebElement | None = None) -> str:
        return squash(self.one(css, within).get_attribute("textContent"))

    def summary(self) -> str:
        try:
            title = self.d.title
            h1 = [squash(e.get_attribute("textContent")) for e in self.all("h1")]
            alerts = [squash(e.get_attribute("textContent")) for e in self.all(".error, [role=alert]")]
            body = self.d.execute_script("return document.body ? document.body.innerText : document.documentElement.outerHTML")
        except WebDriverException as error:
            return f"(could not read the page: {error.msg})"
        parts = [f"url {self.d.current_url}", f"title {title!r}"]
        if h1:
            parts.append(f"h1 {h1}")
        if alerts:
            parts.append(f"alerts {alerts}")
        parts.append(f"text {cut(body, 400)!r}")
        return "; ".join(parts)

    def outer(self, css: str) -> str:
        found = self.all(css)
        return cut(found[0].get_attribute("outerHTML")) if found else f"no `{css}` on the page ({self.summary()})"

    def cookie(self, name: str) -> dict[str, Any] | None:
        return self.d.get_cookie(name)

    def screenshot(self, path: Path) -> None:
        """The page at 1280 wide, as tall as it is up to SCREENSHOT_MAX_HEIGHT (the viewport's own size on a phone)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        width, height = self.d.execute_script(
            "return [window.innerWidth, Math.max(document.documentElement.scrollHeight, window.innerHeight)]")
        if width < WIDTH:
            self.d.save_screenshot(str(path))
            return
        shot = self.d.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True, "fromSurface": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": min(height, SCREENSHOT_MAX_HEIGHT), "scale": 1}})
        path.write_bytes(base64.b64decode(shot["data"]))

    def http_get(self, path: str) -> tuple[int, dict[str, str], bytes]:
        """A GET outside the browser with the browser's session cookie (downloads the browser would save to disk)."""
        cookie = self.cookie(SESSION_COOKIE)
        request = urllib.request.Request(self.url(path), headers={"Cookie": f"{SESSION_COOKIE}={cookie['value']}"} if cookie else {})
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                return answer.status, dict(answer.headers), answer.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()


# ---------------------------------------------------------------------------------------------------------------------
# The walk through the UI


class Walk:
    def __init__(self, browser: Browser, token: str, api_token: str, screenshots: Path | None) -> None:
        self.b = browser
        self.token = token
        self.api = harness.Client(browser.base, api_token, timeout=30)
        self.screenshots = screenshots
        self.passed = 0
        self.failed = 0
        self.skipped = 0
        self.failures: list[str] = []
        self.ok: set[str] = set()
        self.visited: list[str] = []  # GET pages seen while signed in, for the label check
        self.label_problems: dict[str, list[str]] = {}
        self.prediction_id = ""
        self.prediction_shown = ""
        self.row = first_mtcars_row()
        self.expected_mpg = reference_prediction(self.row["model"])

    # -- running ------------------------------------------------------------------------------------------------------

    def step(self, slug: str, name: str, fn: Callable[[], None], needs: tuple[str, ...] = ()) -> None:
        missing = [n for n in needs if n not in self.ok]
        if missing:
            self.skipped += 1
            out(f"skip {name} (needs: {', '.join(missing)})")
            return
        started = time.monotonic()
        SOFT.clear()
        try:
            fn()
            if SOFT:
                raise StepFailed(SOFT.pop(0))
        except Exception as error:  # noqa: BLE001 - every failure is reported the same way
            self.failed += 1
            details = [str(error) if isinstance(error, StepFailed) else f"{type(error).__name__}: {error}", *SOFT]
            SOFT.clear()
            self.failures.extend(f"{name}: {d.splitlines()[0] if d else ''}" for d in details)
            out(f"FAIL {name} ({time.monotonic() - started:.2f} s)")
            for d in details:
                out(f"    - {d}")
            if not isinstance(error, StepFailed):
                traceback.print_exc(file=sys.stdout)
            self._save_failure(slug)
            return
        self.passed += 1
        self.ok.add(slug)
        out(f"ok   {name} ({time.monotonic() - started:.2f} s)")

    def _save_failure(self, slug: str) -> None:
        try:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            html = ARTIFACTS / f"browser-failure-{slug}.html"
            html.write_text(f"<!-- {self.b.d.current_url} -->\n" + self.b.d.page_source)
            self.b.d.save_screenshot(str(ARTIFACTS / f"browser-failure-{slug}.png"))
            out(f"      the page: {html}")
        except Exception as error:  # noqa: BLE001
            out(f"      (could not save the page: {error!r})")

    def shot(self, name: str) -> None:
        """A screenshot for docs/screenshots/, only of a page that passed its checks so far."""
        if self.screenshots is not None and not SOFT:
            self.b.screenshot(self.screenshots / name)

    def visit(self, path: str) -> None:
        self.b.go(path)
        self.remember()

    def remember(self) -> None:
        url = self.b.d.current_url
        if self.b.path != "/sign-in" and url not in self.visited:
            self.visited.append(url)

    def run(self) -> None:
        s = self.step
        s("signed-out", "a signed-out visit to /models/mpg goes to the sign-in page with next=/models/mpg", self.signed_out_redirect)
        s("bad-token", "a wrong token, and the right one with a forged csrf, are refused on the sign-in page", self.bad_token, needs=("signed-out",))
        s("sign-in", "sign in with the admin token: back at the models list, #signed-in-as admin, session cookie", self.sign_in)
        s("header", "the header: nav#main-nav links, the time-travel form", self.header, needs=("sign-in",))
        s("models", "models list: mpg, am-classifier, fuel-economy; live versions; the count", self.models, needs=("sign-in",))
        s("search", "search q=fuel narrows the list to fuel-economy", self.search, needs=("sign-in",))
        s("filters", "filters: production=yes, a tag, sort by -name", self.filters, needs=("sign-in",))
        s("model", "model page /models/mpg: aliases, versions, timeline and metric chart, grants", self.model, needs=("sign-in",))
        s("version", "version page /models/mpg/versions/2: card, signature, metrics, lineage, artifact sha256", self.version,
          needs=("sign-in",))
        s("time-travel", f"time travel: /models/fuel-economy at {TIME_TRAVEL_AT} shows production v2, links carry at=",
          self.time_travel, needs=("sign-in",))
        s("back-to-now", "back to now: fuel-economy production v4, no banner", self.back_to_now, needs=("time-travel page",))
        s("predict", "a prediction through form#predict on /models/mpg/versions/2 with the first mtcars row", self.predict,
          needs=("sign-in",))
        s("enquiry", "the enquiry page of that prediction: model, version, inputs, output", self.enquiry, needs=("prediction made",))
        s("enquiry-lookup", "the enquiry lookup form finds the prediction by id", self.enquiry_lookup, needs=("prediction made",))
        s("history", "history: events, chain verified, state-after links, a filter", self.history, needs=("sign-in",))
        s("reports", "reports: charts, inventory and events downloads", self.reports, needs=("sign-in",))
        s("error-page", "an unknown model, version and path are HTML error pages with an alert", self.error_page, needs=("sign-in",))
        s("phone", f"phone width {PHONE[0]}x{PHONE[1]}: the models page (and the others) do not overflow sideways", self.phone, needs=("sign-in",))
        s("skip-link", "keyboard: the first Tab reaches a.skip-link to #main, Enter follows it", self.skip_link, needs=("sign-in",))
        s("labels", "every form control on every visited page has a label", self.labels, needs=("sign-in",))
        s("server-timing", "every page carries Server-Timing: render", self.server_timing, needs=("sign-in",))
        s("csrf", "forged csrf: a prediction and a sign-out are refused (403 page), nothing logged, the session stays", self.csrf, needs=("sign-in",))
        s("sign-out", "sign out: back at sign-in, cookie gone, / redirects to sign-in", self.sign_out, needs=("sign-in",))

    # -- session ------------------------------------------------------------------------------------------------------

    def sign_in_page_checks(self, what: str) -> WebElement:
        form = self.b.one("form#sign-in")
        check((form.get_attribute("method") or "").lower() == "post", f"{what}: form#sign-in method", "post",
              form.get_attribute("method"))
        check(urllib.parse.urlsplit(form.get_attribute("action") or "").path == "/sign-in", f"{what}: form#sign-in action",
              "/sign-in", form.get_attribute("action"))
        token = self.b.one("input#token[name=token]", form)
        check(token.get_attribute("type") == "password", f"{what}: input#token type", "password", token.get_attribute("type"))
        csrf = self.b.all("input[type=hidden][name=csrf]", form)
        check(bool(csrf) and bool(csrf[0].get_attribute("value")), f"{what}: the hidden csrf field",
              "input[type=hidden][name=csrf] with a value", self.b.outer("form#sign-in"))
        self.b.one("button[type=submit], input[type=submit]", form)
        return form

    def signed_out_redirect(self) -> None:
        self.b.go("/models/mpg")
        check(self.b.path == "/sign-in", "a signed-out GET /models/mpg", "a redirect to /sign-in", self.b.d.current_url)
        check(self.b.query.get("next") == ["/models/mpg"], "the sign-in URL's next", "next=/models/mpg", self.b.d.current_url)
        form = self.sign_in_page_checks("sign-in page")
        hidden = self.b.all("input[name=next]", form)
        check(bool(hidden) and hidden[0].get_attribute("value") == "/models/mpg", "the form's hidden next",
              'input[name=next] value "/models/mpg"', hidden[0].get_attribute("outerHTML") if hidden else "no input[name=next]")
        result = self.b.d.execute_script(LABELS_JS)
        self.label_problems[self.b.d.current_url] = result["problems"]

    def bad_token(self) -> None:
        self.b.go("/sign-in")
        self.sign_in_page_checks("sign-in page")
        self.b.one("input#token").send_keys("mr_not-a-real-token-" + uuid.uuid4().hex)
        self.b.submit_form("form#sign-in", "sign in with a wrong token")
        check(self.b.cookie(SESSION_COOKIE) is None or not self.b.cookie(SESSION_COOKIE).get("value"),
              "the session cookie after a wrong token", "none", self.b.cookie(SESSION_COOKIE))
        alerts = [e for e in self.b.all(".error[role=alert]") if e.is_displayed()]
        check(bool(alerts), "the page after a wrong token", "a visible .error[role=alert]", self.b.summary())
        check(bool(self.b.all("form#sign-in")), "the page after a wrong token", "the sign-in form again, to retry", self.b.summary())
        # Login CSRF: the right token with a forged csrf must not sign this browser in.
        self.b.d.execute_script("arguments[0].value = 'forged-' + arguments[1];",
                                self.b.one("form#sign-in input[type=hidden][name=csrf]"), uuid.uuid4().hex)
        self.b.one("input#token").clear()
        self.b.one("input#token").send_keys(self.token)
        self.b.submit_form("form#sign-in", "sign in with a forged csrf")
        expect(self.b.cookie(SESSION_COOKIE) is None or not self.b.cookie(SESSION_COOKIE).get("value"),
               "the session cookie after a forged csrf", "none (the sign-in refused)", self.b.cookie(SESSION_COOKIE))
        alerts = [e for e in self.b.all(".error[role=alert]") if e.is_displayed()]
        expect(bool(alerts), "the page after signing in with a forged csrf", "a visible .error[role=alert] (403)", self.b.summary())

    def sign_in(self) -> None:
        self.b.go("/")
        check(self.b.path == "/sign-in", "a signed-out GET /", "a redirect to /sign-in", self.b.d.current_url)
        check(self.b.query.get("next", ["/"]) == ["/"], "the sign-in URL's next", "next=/ (or none)", self.b.d.current_url)
        self.sign_in_page_checks("sign-in page")
        self.b.one("input#token").send_keys(self.token)
        self.b.submit_form("form#sign-in", "sign in")
        check(self.b.path == "/", "the page after signing in", "the models list at /", f"{self.b.d.current_url}: {self.b.summary()}")
        self.b.one("table#models")
        who = self.b.text("#signed-in-as")
        check(re.search(r"\badmin\b", who) is not None, "#signed-in-as", "the principal's name, admin", who)
        cookie = self.b.cookie(SESSION_COOKIE)
        check(cookie is not None, f"the {SESSION_COOKIE} cookie", "set", self.b.d.get_cookies())
        check(cookie.get("httpOnly") is True, f"{SESSION_COOKIE} HttpOnly", "true", cookie)
        check(str(cookie.get("sameSite")).lower() == "strict", f"{SESSION_COOKIE} SameSite", "Strict", cookie)
        check(self.token not in cookie.get("value", ""), f"{SESSION_COOKIE} value", "a session id, not the token itself",
              "the cookie holds the bearer token")
        self.remember()

    # -- header and models --------------------------------------------------------------------------------------------

    def header(self) -> None:
        self.visit("/")
        nav = self.b.one("nav#main-nav")
        links = {squash(a.get_attribute("textContent")): urllib.parse.urlsplit(a.get_attribute("href")).path
                 for a in self.b.all("a[href]", nav)}
        for label, path in (("Models", "/"), ("History", "/history"), ("Reports", "/reports"), ("Enquiries", "/enquiries")):
            expect(path in links.values(), f"nav#main-nav link to {path}", f"a link {label!r} -> {path}", links)
        form = self.b.one("form#time-travel")
        expect((form.get_attribute("method") or "get").lower() == "get", "form#time-travel method", "get", form.get_attribute("method"))
        at = self.b.one("input#at[name=at]", form)
        expect(at.get_attribute("type") == "datetime-local", "input#at type", "datetime-local", at.get_attribute("outerHTML"))
        self.b.one("form#sign-out")

    def model_rows(self) -> dict[str, WebElement]:
        return {r.get_attribute("data-model"): r for r in self.b.all("table#models tbody tr[data-model]")}

    def row_names(self) -> list[str]:
        return [r.get_attribute("data-model") for r in self.b.all("table#models tbody tr[data-model]")]

    def models(self) -> None:
        self.visit("/")
        rows = self.model_rows()
        check(DEMO_MODELS <= set(rows), "table#models tbody tr[data-model]", f"rows for {sorted(DEMO_MODELS)}",
              f"rows {sorted(rows)}: {self.b.outer('table#models')}")
        for name, row in rows.items():
            link = self.b.one("td.name a", row)
            expect(urllib.parse.urlsplit(link.get_attribute("href")).path == f"/models/{name}", f"td.name a of {name}",
                   f"href /models/{name}", link.get_attribute("outerHTML"))
            for cell in ("td.versions", "td.live", "td.aliases", "td.format", "td.owner", "td.risk-tier", "td.approval", "td.last-change"):
                self.b.one(cell, row)
        live = {name: self.b.text("td.live", row) for name, row in rows.items()}
        expect(re.search(r"\bv2\b", live["mpg"]) is not None, "td.live of mpg", "v2 (production)", live["mpg"])
        expect(re.search(r"\bv4\b", live["fuel-economy"]) is not None, "td.live of fuel-economy", "v4 (production since 2026-06-15)",
               live["fuel-economy"])
        expect(re.search(r"\bv\d", live["am-classifier"]) is None, "td.live of am-classifier", "no live version (no production alias)",
               live["am-classifier"])
        versions = self.b.text("td.versions", rows["mpg"])
        expect(re.search(r"\b2\b", versions) is not None, "td.versions of mpg", "2", versions)
        # The UI puts production in the live column and the other aliases in td.aliases.
        aliases = self.b.text("td.aliases", rows["mpg"])
        expect(re.search(r"staging\W*v?1\b", aliases) is not None, "td.aliases of mpg", "staging → v1", aliases)
        owner = self.b.text("td.owner", rows["mpg"])
        expect("alice" in owner.lower(), "td.owner of mpg", "alice", owner)
        risk = self.b.text("td.risk-tier", rows["mpg"])
        expect("low" in risk.lower(), "td.risk-tier of mpg", "low (from the card)", risk)
        fmt = self.b.text("td.format", rows["mpg"])
        expect("linear" in fmt, "td.format of mpg", "linear (the live version's format)", fmt)
        approval = self.b.text("td.approval", rows["mpg"])
        expect(re.search(r"approved", approval, re.I) is not None, "td.approval of mpg", "approved (bob, for production)", approval)
        count = self.b.text("#model-count")
        expect(re.search(rf"\b{len(rows)}\b", count) is not None, "#model-count", f"{len(rows)} models", count)
        self.shot("models.png")

    def search(self) -> None:
        self.visit("/")
        q = self.b.one("form#model-search input#q[name=q]")
        q.send_keys("fuel")
        self.b.submit_form("form#model-search", "search")
        self.remember()
        check(self.b.query.get("q") == ["fuel"], "the URL after searching", "q=fuel", self.b.d.current_url)
        # Full text over names and descriptions: mpg's description says "Fuel consumption", so it matches too.
        check(sorted(self.row_names()) == ["fuel-economy", "mpg"], "table#models rows for q=fuel",
              "fuel-economy (its name) and mpg (its description: \"Fuel consumption...\"), not am-classifier",
              f"{self.row_names()}: {self.b.outer('table#models')}")
        count = self.b.text("#model-count")
        expect(re.search(r"\b2\b", count) is not None, "#model-count for q=fuel", "2 models", count)
        expect(self.b.one("input#q").get_attribute("value") == "fuel", "input#q after searching", "keeps 'fuel'",
               self.b.one("input#q").get_attribute("outerHTML"))
        self.visit("/?q=economy")
        expect(self.row_names() == ["fuel-economy"], "table#models rows for q=economy", "only fuel-economy", self.row_names())
        expect(re.search(r"\b1\b", self.b.text("#model-count")) is not None, "#model-count for q=economy", "1 model",
               self.b.text("#model-count"))
        # Full text reaches the cards too: "Motor Trend" is in mpg's card (intended use), not in its name or description.
        self.visit("/?q=" + urllib.parse.quote("Motor Trend"))
        check("mpg" in self.row_names(), "table#models rows for q=Motor Trend (words of mpg's card)", "mpg among them",
              self.row_names())

    def filters(self) -> None:
        self.visit("/")
        Select(self.b.one("form#model-search select#has-production[name=production]")).select_by_value("yes")
        self.b.submit_form("form#model-search", "filter production=yes")
        self.remember()
        check(self.b.query.get("production") == ["yes"], "the URL after the production filter", "production=yes", self.b.d.current_url)
        check(sorted(self.row_names()) == ["fuel-economy", "mpg"], "rows with production=yes", "fuel-economy and mpg",
              self.row_names())
        self.visit("/")
        self.b.one("form#model-search input#tag[name=tag]").send_keys("team=econometrics")
        self.b.submit_form("form#model-search", "filter tag=team=econometrics")
        self.remember()
        check(self.row_names() == ["mpg"], "rows with tag team=econometrics", "only mpg", self.row_names())
        self.visit("/")
        Select(self.b.one("form#model-search select#sort[name=sort]")).select_by_value("-name")
        self.b.submit_form("form#model-search", "sort -name")
        self.remember()
        names = [n for n in self.row_names() if n in DEMO_MODELS]
        check(names == ["mpg", "fuel-economy", "am-classifier"], "row order with sort=-name",
              "mpg, fuel-economy, am-classifier", self.row_names())

    # -- a model and a version ----------------------------------------------------------------------------------------

    def svg_drawn(self, css: str, needs_title: bool) -> dict[str, Any]:
        svg = self.b.one(css)
        info = self.b.d.execute_script(SVG_JS, svg)
        check(info["width"] > 0 and info["height"] > 0 and info["shapes"] > 0, f"{css}", "drawn: a size and shapes in it",
              f"{info}: {cut(svg.get_attribute('outerHTML'), 300)}")
        if needs_title:
            check(info["role"] == "img", f"{css} role", "img", info)
            check(bool(info["title"]), f"{css} <title>", "a title that says what it shows", info)
        return info

    def model(self) -> None:
        self.visit("/models/mpg")
        expect(self.b.text("h1") == "mpg", "h1", "mpg", self.b.text("h1"))
        description = self.b.text("#description")
        expect("Fuel consumption" in description, "#description", "mpg's description", description)
        tags = self.b.text("#tags")
        expect("transport" in tags and "econometrics" in tags, "#tags", "domain=transport, team=econometrics", tags)
        for alias, version in (("production", "v2"), ("staging", "v1")):
            cell = self.b.all(f"table#aliases tr[data-alias={alias}] td.version")
            expect(bool(cell) and squash(cell[0].get_attribute("textContent")) == version, f"alias {alias}", version,
                   self.b.outer("table#aliases"))
        versions = sorted(r.get_attribute("data-version") for r in self.b.all("table#versions tr[data-version]"))
        expect(versions == ["1", "2"], "table#versions tr[data-version]", "versions 1 and 2", f"{versions}: {self.b.outer('table#versions')}")
        for r in self.b.all("table#versions tr[data-version]"):
            n = r.get_attribute("data-version")
            hrefs = [urllib.parse.urlsplit(a.get_attribute("href")).path for a in self.b.all("a[href]", r)]
            expect(f"/models/mpg/versions/{n}" in hrefs, f"the row of version {n}", f"a link to /models/mpg/versions/{n}", hrefs)
        self.svg_drawn("svg#timeline", needs_title=True)
        self.svg_drawn("svg#metric-chart", needs_title=False)
        options = [o.get_attribute("value") for o in self.b.all("form#metric-choice select#metric[name=metric] option")]
        expect(bool(options), "form#metric-choice select#metric", "the metrics to chart", self.b.outer("form#metric-choice"))
        grants = self.b.text("section#grants")
        expect("bob" in grants, "section#grants (admin sees it)", "bob's approver grant", cut(grants))
        self.b.one("section#usage")
        for form in ("form#set-alias", "form#grant", "form#register-version"):
            self.b.one(form)  # the admin may act, and this is now, not the past
        enctype = self.b.one("form#register-version").get_attribute("enctype")
        expect(enctype == "multipart/form-data", "form#register-version enctype", "multipart/form-data", enctype)
        self.shot("model.png")

    def artifact_sha256_from_api(self) -> str | None:
        answer = self.api.request("GET", "/v1/models/mpg/versions/2")
        if answer.status != 200:
            return None

        def find(value: Any) -> str | None:
            if isinstance(value, dict):
                for key in ("artifact_sha256", "sha256"):
                    if isinstance(value.get(key), str):
                        return value[key]
                for v in value.values():
                    if (found := find(v)) is not None:
                        return found
            return None

        return find(answer.json)

    def version(self) -> None:
        self.visit("/models/mpg/versions/2")
        h1 = self.b.text("h1")
        expect("mpg" in h1 and re.search(r"\b(v|version\s*)2\b", h1, re.I) is not None, "h1", "the model and version (mpg, v2)", h1)
        card = self.b.text("section#card")
        expect("Estimate fuel consumption" in card and "low" in card, "section#card", "the card: purpose, risk tier low", cut(card))
        signature = self.b.text("section#signature")
        missing = [f for f in ols_features() if re.search(rf"\b{re.escape(f)}\b", signature) is None]
        expect(not missing, "section#signature", f"the inputs {', '.join(ols_features())} (a linear version's signature is "
               "derived from its terms)", cut(signature))
        metrics = self.b.text("section#metrics")
        expect(re.search(r"r[ _-]?squared|R²", metrics, re.I) is not None and "0.8" in metrics, "section#metrics",
               "r_squared 0.857...", cut(metrics))
        lineage = self.b.text("section#lineage")
        expect("mtcars-ols-2" in lineage, "section#lineage", "run id mtcars-ols-2", cut(lineage))
        sha = self.b.text("code#artifact-sha256")
        expect(re.fullmatch(r"[0-9a-f]{64}", sha) is not None, "code#artifact-sha256", "64 lowercase hex digits", sha)
        expected = self.artifact_sha256_from_api()
        expect(expected is None or sha == expected, "code#artifact-sha256", f"{expected} (as /v1 says)", sha)
        artifact = self.b.text("section#artifact")
        expect(re.search(r"\d", artifact.replace(sha, "")) is not None, "section#artifact", "the size", cut(artifact))
        download = self.b.one("a#artifact-download").get_attribute("href")
        status, _, body = self.b.http_get(download)
        expect(status == 200 and hashlib.sha256(body).hexdigest() == sha, f"GET {download} with the session",
               f"200 and bytes whose sha256 is {sha}", f"{status}, sha256 {hashlib.sha256(body).hexdigest()}, {body[:120]!r}")
        approvals = self.b.text("section#approvals")
        expect("bob" in approvals and "production" in approvals, "section#approvals", "bob's approval for production", cut(approvals))
        count = self.b.text("#prediction-count")
        expect(re.search(r"\d", count) is not None, "#prediction-count", "a number", count)
        self.b.one("form#approve")
        self.shot("version.png")

    # -- time travel --------------------------------------------------------------------------------------------------

    def production_of_fuel_economy(self) -> str:
        cell = self.b.all("table#aliases tr[data-alias=production] td.version")
        return squash(cell[0].get_attribute("textContent")) if cell else f"no production row: {self.b.outer('table#aliases')}"

    def time_travel(self) -> None:
        self.visit("/models/fuel-economy")
        expect(self.production_of_fuel_economy() == "v4", "fuel-economy production now (before travelling)", "v4",
               self.production_of_fuel_economy())
        expect(not self.b.all("#as-of-banner"), "#as-of-banner now", "absent", self.b.outer("#as-of-banner"))
        form = self.b.one("form#time-travel")
        action = urllib.parse.urlsplit(form.get_attribute("action") or self.b.d.current_url).path
        expect(action == "/models/fuel-economy", "form#time-travel action", "the current path /models/fuel-economy", action)
        at = self.b.one("input#at", form)
        # A datetime-local field is filled as its picker would fill it: typing into it depends on the locale.
        value = self.b.d.execute_script("arguments[0].value = arguments[1]; return arguments[0].value;", at, TIME_TRAVEL_AT)
        check(value == TIME_TRAVEL_AT, "input#at accepts the date", TIME_TRAVEL_AT, value)
        self.b.submit_form("form#time-travel", "time travel")
        self.remember()
        check(self.b.path == "/models/fuel-economy", "the page after time travel", "/models/fuel-economy", self.b.d.current_url)
        page_at = parse_instant((self.b.query.get("at") or [""])[0])
        want = parse_instant(TIME_TRAVEL_AT)
        check(page_at == want, "the URL's at", f"at={TIME_TRAVEL_AT}", self.b.d.current_url)
        self.ok.add("time-travel page")  # back-to-now can go on from here whatever else fails below
        banner = self.b.one("#as-of-banner")
        expect(banner.is_displayed(), "#as-of-banner", "visible", self.b.outer("#as-of-banner"))
        expect(banner.get_attribute("role") == "status", "#as-of-banner role", "status", self.b.outer("#as-of-banner"))
        text = squash(banner.get_attribute("textContent"))
        expect("2025-05-01" in text, "#as-of-banner text", "As recorded on 2025-05-01 00:00 UTC", text)
        expect(self.production_of_fuel_economy() == "v2", "fuel-economy production at 2025-05-01", "v2",
               self.production_of_fuel_economy())
        expect(self.b.one("input#at").get_attribute("value").startswith(TIME_TRAVEL_AT), "input#at while travelling",
               f"keeps {TIME_TRAVEL_AT}", self.b.one("input#at").get_attribute("outerHTML"))
        back = self.b.one("a#back-to-now").get_attribute("href")
        parts = urllib.parse.urlsplit(back)
        expect(parts.path == "/models/fuel-economy" and "at" not in urllib.parse.parse_qs(parts.query)
               and "known_at" not in urllib.parse.parse_qs(parts.query), "a#back-to-now", "/models/fuel-economy without at", back)
        lacking, internal = [], 0
        origin = urllib.parse.urlsplit(self.b.base)
        for a in self.b.all("a[href]"):
            raw = a.get_attribute("href") or ""
            href = urllib.parse.urlsplit(raw)
            if a.get_attribute("id") == "back-to-now" or (href.scheme, href.netloc) != (origin.scheme, origin.netloc):
                continue
            if (a.get_dom_attribute("href") or "").startswith("#"):
                continue  # a fragment of this page (the skip link)
            if href.path.startswith("/exports/") or href.path.startswith("/v1/") or a.get_dom_attribute("download") is not None:
                continue  # files, not pages of the registry as it stood
            internal += 1
            link_at = parse_instant((urllib.parse.parse_qs(href.query).get("at") or [""])[0])
            if link_at != want:
                lacking.append(f"{squash(a.get_attribute('textContent'))!r} -> {a.get_dom_attribute('href')}")
        expect(internal > 0, "internal links while travelling", "some", 0)
        expect(not lacking, f"internal links while travelling ({internal})", f"every one carrying at={TIME_TRAVEL_AT}",
               f"{len(lacking)} without it: {lacking[:10]}")
        for form_css in ("form#set-alias", "form#grant", "form#register-version"):
            expect(not self.b.all(form_css), f"{form_css} while travelling", "absent (the past is read only)", self.b.outer(form_css))
        self.shot("time-travel.png")

    def back_to_now(self) -> None:
        self.b.submit(self.b.one("a#back-to-now"), "back to now")
        self.remember()
        expect(self.b.path == "/models/fuel-economy" and "at" not in self.b.query, "the page after back-to-now",
               "/models/fuel-economy without at", self.b.d.current_url)
        expect(not self.b.all("#as-of-banner"), "#as-of-banner after back-to-now", "absent", self.b.outer("#as-of-banner"))
        expect(self.production_of_fuel_economy() == "v4", "fuel-economy production now", "v4", self.production_of_fuel_economy())

    # -- a prediction and its enquiry ---------------------------------------------------------------------------------

    def predict(self) -> None:
        self.visit("/models/mpg/versions/2")
        form = self.b.one("form#predict")
        check((form.get_attribute("method") or "").lower() == "post", "form#predict method", "post", form.get_attribute("method"))
        csrf = self.b.all("input[type=hidden][name=csrf]", form)
        check(bool(csrf) and bool(csrf[0].get_attribute("value")), "form#predict csrf", "a hidden csrf with a value",
              self.b.outer("form#predict"))
        fields = {e.get_attribute("name"): e for e in self.b.all("[name^='x.']", form)}
        wanted = {f"x.{f}" for f in ols_features()}
        check(set(fields) == wanted, "form#predict feature fields", f"exactly {sorted(wanted)}", f"{sorted(fields)}: {self.b.outer('form#predict')}")
        for name, field in fields.items():
            value = self.row[name[2:]]
            if field.tag_name == "select":
                choice = Select(field)
                try:
                    choice.select_by_value(value)
                except NoSuchElementException:
                    choice.select_by_visible_text(value)
            else:
                field.clear()
                field.send_keys(value)
        self.b.submit_form("form#predict", "predict")
        # The UI answers the POST at the form's action, /models/mpg/versions/2/predict, with the version page.
        check(self.b.path in ("/models/mpg/versions/2", "/models/mpg/versions/2/predict") and "mpg v2" in self.b.text("h1"),
              "the page after predicting", "the version page of mpg v2 again", f"{self.b.d.current_url}: {self.b.summary()}")
        result = self.b.text("#prediction-result")
        shown = numbers_in(result)
        check(any(close_to(n, self.expected_mpg) for n in shown), "#prediction-result",
              f"{self.expected_mpg:.6f} (statsmodels' prediction for {self.row['model']}, to the decimals shown)", result)
        self.prediction_shown = next(n for n in shown if close_to(n, self.expected_mpg))
        link = self.b.one("a#enquiry-link").get_attribute("href")
        m = re.fullmatch(r"/enquiries/([^/?#]+)", urllib.parse.urlsplit(link).path)
        check(m is not None, "a#enquiry-link", "a link to /enquiries/{prediction id}", link)
        self.prediction_id = urllib.parse.unquote(m.group(1))
        self.ok.add("prediction made")
        for name in fields:
            after = self.b.all(f"form#predict [name='{name}']")
            check(bool(after), f"form#predict after predicting", f"the field {name} again, for the next prediction",
                  self.b.outer("form#predict"))

    def check_enquiry(self, what: str) -> str:
        article = self.b.one("article#enquiry")
        text = squash(article.get_attribute("innerText") or article.get_attribute("textContent"))
        expect(re.search(r"\bmpg\b", text) is not None, f"{what}: the model", "mpg", cut(text))
        expect(re.search(r"\bv2\b|version\W*2\b", text, re.I) is not None, f"{what}: the version", "v2 / version 2", cut(text))
        expect(any(close_to(n, self.expected_mpg) for n in numbers_in(text)), f"{what}: the output",
               f"{self.prediction_shown} (as the version page showed it)", cut(text))
        for feature in ols_features():
            value = self.row[feature]
            expect(any(n == value or (re.fullmatch(r"-?\d+(\.\d+)?", value) and float(n) == float(value)) for n in numbers_in(text)),
                   f"{what}: the input {feature}", value, cut(text))
        expect(re.search(r"\badmin\b", text) is not None, f"{what}: who asked", "admin", cut(text))
        expect(re.search(r"\bbob\b", text) is not None, f"{what}: the approval in force", "bob's approval of v2 for production",
               cut(text))
        return text

    def enquiry(self) -> None:
        self.b.submit(self.b.one("a#enquiry-link"), "follow a#enquiry-link")
        self.remember()
        check(urllib.parse.unquote(self.b.path) == f"/enquiries/{self.prediction_id}", "the enquiry page", f"/enquiries/{self.prediction_id}",
              self.b.d.current_url)
        self.check_enquiry("article#enquiry")
        self.shot("enquiry.png")

    def enquiry_lookup(self) -> None:
        self.visit("/enquiries")
        self.b.one("form#enquiry-lookup input#prediction-id[name=id]").send_keys(self.prediction_id)
        self.b.submit_form("form#enquiry-lookup", "enquiry lookup")
        self.remember()
        self.check_enquiry("article#enquiry found by the lookup")

    # -- history, reports, errors -------------------------------------------------------------------------------------

    def history(self) -> None:
        self.visit("/history")
        rows = self.b.all("table#events tbody tr[data-position]")
        check(len(rows) > 0, "table#events tbody tr[data-position]", "the ledger's events", self.b.outer("table#events"))
        positions = [r.get_attribute("data-position") for r in rows]
        expect(all(p and p.isdigit() for p in positions), "data-position", "ledger positions (numbers)", positions[:10])
        status = self.b.text("#chain-status")
        expect(re.search(r"\bverified\b", status, re.I) is not None and not re.search(r"\bnot\b|broken|fail", status, re.I),
               "#chain-status", "Chain verified", status)
        first = squash(rows[0].get_attribute("textContent"))
        expect(re.search(r"[0-9a-f]{8,}", first) is not None, "an events row", "its hash", first)
        states = self.b.all("table#events a.state-after")
        expect(bool(states), "a.state-after links", "one per model event", self.b.outer("table#events tbody tr"))
        bad = [a.get_attribute("href") for a in states
               if not urllib.parse.urlsplit(a.get_attribute("href")).path.startswith("/models/")
               or not ({"at", "known_at"} & set(urllib.parse.parse_qs(urllib.parse.urlsplit(a.get_attribute("href")).query)))]
        expect(not bad, "a.state-after", "a model page with at= or known_at= (as it stood after the event)", bad[:5])
        self.shot("history.png")
        # The filter: fuel-economy's events are some, not all, of the ledger.
        form = self.b.one("form#history-filter")
        model = self.b.one("[name=model]", form)
        if model.tag_name == "select":
            Select(model).select_by_value("fuel-economy")
        else:
            model.send_keys("fuel-economy")
        self.b.submit_form("form#history-filter", "history filter model=fuel-economy")
        self.remember()
        expect(self.b.query.get("model") == ["fuel-economy"], "the URL after filtering", "model=fuel-economy", self.b.d.current_url)
        filtered = [r.get_attribute("data-position") for r in self.b.all("table#events tbody tr[data-position]")]
        expect(bool(filtered) and set(filtered) != set(positions), "events of fuel-economy",
               "some rows, not the same as the unfiltered page", f"{len(filtered)} rows: {filtered[:10]}")
        hrefs = [a.get_attribute("href") for a in self.b.all("table#events a.state-after")]
        others = [h for h in hrefs if not urllib.parse.urlsplit(h).path.startswith("/models/fuel-economy")]
        expect(not others, "a.state-after of the filtered events", "fuel-economy's page only", others[:5])

    def reports(self) -> None:
        self.visit("/reports")
        charts = self.b.all("svg.report-chart")
        expect(bool(charts), "svg.report-chart", "the period report's charts", self.b.summary())
        for i, chart in enumerate(charts):
            info = self.b.d.execute_script(SVG_JS, chart)
            expect(info["width"] > 0 and info["height"] > 0 and info["shapes"] > 0, f"svg.report-chart #{i + 1}",
                   "drawn: a size and shapes in it", f"{info}: {cut(chart.get_attribute('outerHTML'), 300)}")
        for css, path in (("a#download-inventory", "/exports/inventory.csv"), ("a#download-events", "/exports/events.jsonl")):
            href = self.b.one(css).get_attribute("href")
            expect(urllib.parse.urlsplit(href).path == path, f"{css} href", path, href)
        status, headers, body = self.b.http_get(self.b.one("a#download-inventory").get_attribute("href"))
        text = body.decode("utf-8", "replace")
        first_line = text.splitlines()[0] if text else ""
        expect(status == 200 and all(n in text for n in DEMO_MODELS) and "," in first_line,
               "GET /exports/inventory.csv with the session", "200, a CSV naming the three models",
               f"{status} {headers.get('Content-Type')}: {text[:300]!r}")
        self.shot("reports.png")

    def error_page(self) -> None:
        # A model that does not exist, a version that does not exist, a path the UI does not have.
        for path in ("/models/no-such-model-" + uuid.uuid4().hex[:6], "/models/mpg/versions/99", "/no-such-page"):
            self.b.go(path)
            kind = self.b.d.execute_script("return document.contentType")
            alerts = [e for e in self.b.all(".error[role=alert]") if e.is_displayed()]
            body = self.b.d.execute_script("return document.body ? document.body.innerText : ''")
            expect(kind == "text/html" and bool(alerts) and not body.lstrip().startswith("{") and "Fatal error" not in body,
                   f"GET {path}", "an HTML page (text/html) with a visible .error[role=alert] in words, not JSON or a trace",
                   f"{kind}: {cut(body, 200)!r}")
            if path.startswith("/models/"):
                expect(bool(self.b.all("nav#main-nav")), f"GET {path}", "a page of the site, with nav#main-nav to go on from",
                       self.b.summary())

    # -- layout and accessibility -------------------------------------------------------------------------------------

    def phone(self) -> None:
        self.b.d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                 {"width": PHONE[0], "height": PHONE[1], "deviceScaleFactor": 1, "mobile": True})
        try:
            self.b.go("/")
            info = self.b.d.execute_script(OVERFLOW_JS, PHONE[0])
            expect("width=device-width" in (info["viewportMeta"] or ""), "<meta name=viewport>", "width=device-width",
                   info["viewportMeta"])
            expect(max(info["innerWidth"], info["docScrollWidth"], info["bodyScrollWidth"]) <= PHONE[0],
                   "the page's width on a phone", f"no wider than the {PHONE[0]} px screen (a wide table may scroll in its own box)",
                   f"layout viewport {info['innerWidth']} px, document {info['docScrollWidth']} px, body {info['bodyScrollWidth']} px; "
                   f"sticking out: {info['sticking']}; tables: {info['tables']}")
            expect(DEMO_MODELS <= set(self.row_names()), "the models on a phone", "all three", self.row_names())
            self.shot("models-phone.png")
            # The other pages a phone user reaches, held to the same.
            pages = ["/models/mpg", "/models/mpg/versions/2", "/models/fuel-economy?at=2025-05-01T00:00", "/history", "/reports",
                     "/enquiries"] + ([f"/enquiries/{urllib.parse.quote(self.prediction_id)}"] if self.prediction_id else [])
            wide = []
            for path in pages:
                self.b.go(path)
                info = self.b.d.execute_script(OVERFLOW_JS, PHONE[0])
                if max(info["innerWidth"], info["docScrollWidth"], info["bodyScrollWidth"]) > PHONE[0]:
                    wide.append(f"{path}: document {info['docScrollWidth']} px, sticking out {info['sticking'][:4]}")
            expect(not wide, f"the other {len(pages)} pages on a phone", f"none wider than {PHONE[0]} px", wide)
        finally:
            self.b.d.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})

    def skip_link(self) -> None:
        self.b.go("/")
        ActionChains(self.b.d).send_keys(Keys.TAB).perform()
        focused = self.b.d.switch_to.active_element
        html = cut(focused.get_attribute("outerHTML"), 300)
        check("skip-link" in (focused.get_attribute("class") or "").split() and focused.tag_name == "a",
              "the element the first Tab focuses", "a.skip-link", html)
        check(focused.get_dom_attribute("href") == "#main", "a.skip-link href", "#main", html)
        check(bool(self.b.all("#main")), "#main", "the element the skip link goes to", "none")
        main = self.b.one("#main")
        check(main.tag_name == "main" or main.get_attribute("role") == "main", "#main", "the main landmark (<main> or role=main)",
              cut(main.get_attribute("outerHTML"), 200))
        rect = self.b.d.execute_script(
            "const r = arguments[0].getBoundingClientRect(); return [r.left, r.top, r.width, r.height, innerWidth, innerHeight];", focused)
        left, top, width, height, vw, vh = rect
        check(width > 0 and height > 0 and left >= 0 and top >= 0 and left < vw and top < vh, "a.skip-link when focused",
              "visible on screen (it may hide until focused)", f"box {rect[:4]} in a {vw}x{vh} viewport")
        ActionChains(self.b.d).send_keys(Keys.ENTER).perform()
        WebDriverWait(self.b.d, 5).until(lambda d: d.execute_script("return location.hash") == "#main")
        hash_now = self.b.d.execute_script("return location.hash")
        check(hash_now == "#main", "Enter on the skip link", "location #main", hash_now)

    def labels(self) -> None:
        problems: list[str] = []
        for url, found in self.label_problems.items():
            problems.extend(f"{urllib.parse.urlsplit(url).path}: {p}" for p in found)
        empty = []
        controls = 0
        for url in self.visited:
            self.b.go(url)
            result = self.b.d.execute_script(LABELS_JS)
            controls += result["checked"]
            if result["checked"] == 0:
                empty.append(url)
            parts = urllib.parse.urlsplit(self.b.d.current_url)
            where = parts.path + (f"?{parts.query}" if parts.query else "")
            problems.extend(f"{where}: {p}" for p in result["problems"])
        check(not empty, "form controls on the signed-in pages", "some on each (the time-travel form at least)", empty)
        out(f"      {controls} controls on {len(self.visited)} signed-in pages, and the sign-in page")
        unique = list(dict.fromkeys(problems))
        check(not unique, f"labels of the form controls on {len(self.visited) + len(self.label_problems)} pages",
              "a label for every control", f"{len(unique)} without:\n        " + "\n        ".join(unique[:25]))

    def server_timing(self) -> None:
        missing = []
        seen = 0
        for nav in self.b.navigations:
            timing = nav.get("timing")
            if not timing or timing.get("contentType") != "text/html":
                continue  # the contract asks it of every HTML response
            seen += 1
            if not any(t["name"] == "render" for t in timing["server"]):
                missing.append(f"{nav['url']} ({timing['server']})")
        check(seen > 0, "page loads", "some", 0)
        durations = [t["duration"] for nav in self.b.navigations if nav.get("timing") for t in nav["timing"]["server"] if t["name"] == "render"]
        if durations:
            out(f"      {seen} HTML page loads; server render time median {sorted(durations)[len(durations) // 2]:.1f} ms, "
                f"max {max(durations):.1f} ms")
        check(not missing, f"Server-Timing on {seen} page loads", "render;dur=... on each", f"{len(missing)} without: {missing[:8]}")

    # -- the end of the session ---------------------------------------------------------------------------------------

    def prediction_count(self) -> str:
        return self.b.text("#prediction-count")

    def csrf(self) -> None:
        # A page's form: a prediction with a forged csrf is refused and nothing is logged.
        self.b.go("/models/mpg/versions/2")
        before = self.prediction_count()
        for name, field in {e.get_attribute("name"): e for e in self.b.all("form#predict [name^='x.']")}.items():
            if field.tag_name == "select":
                Select(field).select_by_value(self.row[name[2:]])
            else:
                field.clear()
                field.send_keys(self.row[name[2:]])
        self.b.d.execute_script("arguments[0].value = 'forged-' + arguments[1];",
                                self.b.one("form#predict input[type=hidden][name=csrf]"), uuid.uuid4().hex)
        self.b.submit_form("form#predict", "predict with a forged csrf")
        alerts = [e for e in self.b.all(".error[role=alert]") if e.is_displayed()]
        expect(bool(alerts) and not self.b.all("#prediction-result"), "the page after predicting with a forged csrf",
               "an HTML page with a visible .error[role=alert] (403), no #prediction-result", self.b.summary())
        self.b.go("/models/mpg/versions/2")
        expect(self.prediction_count() == before, "#prediction-count after the forged prediction", f"unchanged: {before}",
               self.prediction_count())
        # The header's sign-out form.
        self.b.go("/")
        form = self.b.one("form#sign-out")
        token = self.b.one("input[type=hidden][name=csrf]", form)
        self.b.d.execute_script("arguments[0].value = 'forged-' + arguments[1];", token, uuid.uuid4().hex)
        self.b.submit_form("form#sign-out", "sign out with a forged csrf")
        alerts = [e for e in self.b.all(".error[role=alert]") if e.is_displayed()]
        expect(bool(alerts), "the page after a forged csrf", "an HTML page with a visible .error[role=alert] (403)", self.b.summary())
        cookie = self.b.cookie(SESSION_COOKIE)
        expect(cookie is not None and bool(cookie.get("value")), "the session after a forged sign-out", "still there", cookie)
        self.b.go("/")
        expect(self.b.path == "/" and bool(self.b.all("#signed-in-as")), "/ after a forged sign-out", "still signed in",
               self.b.d.current_url)

    def sign_out(self) -> None:
        self.b.go("/")
        self.b.submit_form("form#sign-out", "sign out")
        check(self.b.path == "/sign-in", "the page after signing out", "/sign-in", self.b.d.current_url)
        cookie = self.b.cookie(SESSION_COOKIE)
        check(cookie is None or not cookie.get("value"), f"the {SESSION_COOKIE} cookie after signing out", "gone", cookie)
        self.b.go("/")
        check(self.b.path == "/sign-in", "GET / after signing out", "a redirect to /sign-in", self.b.d.current_url)
        self.b.one("form#sign-in")


# ---------------------------------------------------------------------------------------------------------------------


def admin_token_from(server: harness.Server) -> str:
    """`serve --demo` prints "admin token:  TOKEN" and keeps it in <workdir>/.modelreg/admin-token."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        m = re.search(r"admin token:\s+(\S+)", server.log_text())
        if m:
            return m.group(1)
        path = server.workdir / ".modelreg" / "admin-token"
        if path.is_file() and path.read_text().strip():
            return path.read_text().strip()
        time.sleep(0.1)
    raise RuntimeError(f"`serve --demo` printed no admin token; log:\n{server.log_text()[-3000:]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-url", help="a server already running with the demo data (default: start one)")
    parser.add_argument("--token", help="with --base-url: the demo's admin token")
    parser.add_argument("--no-screenshots", action="store_true", help="do not write docs/screenshots/")
    parser.add_argument("--screenshots", default=str(REPO / "docs" / "screenshots"), help="where the screenshots go")
    parser.add_argument("--timeout", type=float, default=float(os.environ.get("MODELREG_BROWSER_TIMEOUT", "600")),
                        help="the whole run's bound in seconds (default 600)")
    args = parser.parse_args()
    if args.base_url and not args.token:
        parser.error("--base-url needs --token")

    harness.install_signal_handlers()

    def on_alarm(_signum, _frame):
        raise RunTimeout(f"the browser test did not finish within {args.timeout:.0f} s")

    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(int(args.timeout))

    for stale in ARTIFACTS.glob("browser-failure-*"):
        stale.unlink()
    work = Path(tempfile.mkdtemp(prefix="modelreg-browser-"))
    harness.register_cleanup(lambda: None if os.environ.get("MODELREG_SYSTEM_KEEP") else shutil.rmtree(work, ignore_errors=True))
    started = time.monotonic()
    walk: Walk | None = None
    server: harness.Server | None = None
    try:
        if args.base_url:
            base, token = args.base_url.rstrip("/"), args.token
            out(f"against {base}")
        else:
            binary = harness.modelreg_bin()
            if not os.access(binary, os.X_OK):
                out(f"no server binary at {binary} (build it, or set MODELREG_BIN)")
                return 2
            cluster = harness.PostgresCluster()
            cluster.init()
            cluster.start()
            database = f"browser_{uuid.uuid4().hex[:8]}"
            cluster.create_database(database)
            server = harness.Server(cluster.url(database), work / "server", ["--demo", "--demo-dir", str(DEMO)])
            base = server.start(timeout=180)
            token = admin_token_from(server)
            out(f"against {binary} at {base} (demo seeded in {time.monotonic() - started:.1f} s)")
        browser = Browser(base)
        out(f"chromium {browser.d.capabilities.get('browserVersion')}, chromedriver "
            f"{browser.d.capabilities.get('chrome', {}).get('chromedriverVersion', '?').split(' ')[0]}")
        screenshots = None if args.no_screenshots else Path(args.screenshots)
        walk = Walk(browser, token, token, screenshots)
        walk.run()
    except RunTimeout as error:
        out(f"FAIL {error}")
        if walk:
            walk.failed += 1
        else:
            return 1
    finally:
        signal.alarm(0)
    if walk is None:
        return 1
    if walk.failed and server is not None:
        out("server log (last 30 lines):")
        for line in server.log_text().splitlines()[-30:]:
            out(f"  {line}")
    if walk.failures:
        out("failed steps:")
        for f in walk.failures:
            out(f"  {f}")
    out(f"finished in {time.monotonic() - started:.1f} s")
    out(f"{walk.passed} passed, {walk.failed} failed, {walk.skipped} skipped")
    return 0 if walk.failed == 0 else 1


if __name__ == "__main__":
    try:
        status = main()
    except Exception:  # noqa: BLE001 - the set-up failed (cluster, server, browser): say so, then clean up
        traceback.print_exc()
        out("0 passed, 1 failed, 0 skipped (the set-up failed)")
        status = 1
    harness._run_cleanups()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
