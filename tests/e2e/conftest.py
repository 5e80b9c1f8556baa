"""Browser tests: the real app under gunicorn (one gevent worker) and Debian's Chromium driven by Playwright."""

import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from badgeathon.gunicorn_conf import command

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEMO_PASSWORD = "mot-de-passe-e2e"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped with code {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port} after {timeout} s")


@dataclass
class Server:
    url: str
    env: dict
    process: subprocess.Popen
    log: Path

    def cli(self, *args: str) -> str:
        return subprocess.run(
            [str(Path(sys.executable).with_name("badgeathon")), *args],
            env=self.env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_server(
    tmp: Path, database_url: str | None = None, redis_url: str = "", port: int | None = None, prepare: bool = True
) -> Server:
    """Migrate, load the demo and serve the app exactly as `make run` does (badgeathon/gunicorn_conf.py)."""
    port = port or free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url or f"sqlite:///{tmp / 'e2e.db'}",
        "REDIS_URL": redis_url,
        "SECRET_KEY": "e2e-secret-" + "0123456789abcdef" * 2,
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        "DEMO_PASSWORD": DEMO_PASSWORD,
    }
    env.pop("CI", None)
    server = Server(f"http://127.0.0.1:{port}", env, None, tmp / f"server-{port}.log")  # type: ignore[arg-type]
    if prepare:
        server.cli("db", "upgrade")
        server.cli("demo")
    with open(server.log, "w") as log:  # gunicorn keeps its own copy of the file for its life
        server.process = subprocess.Popen(
            command(f"127.0.0.1:{port}"), env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
        )
    wait_for_port(port, server.process)
    return server


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    server = start_server(tmp_path_factory.mktemp("e2e"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        pytest.fail(f"Chromium not found at {CHROMIUM}: `make test` installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


# Chromium logs each Content-Security-Policy violation to the console ("Refused to …"); the event says more.
REPORT_CSP_VIOLATIONS = """document.addEventListener("securitypolicyviolation", (event) => console.error(
  `CSP violation: ${event.effectiveDirective} blocked ${event.blockedURI || "inline"} `
  + `at ${event.sourceFile || event.documentURI}:${event.lineNumber}`));"""


def is_csp_violation(text: str) -> bool:
    return "Content Security Policy" in text or text.startswith(("CSP violation", "Refused to"))


class Pages:
    """Pages in fresh browser contexts (their own cookies), French by default, that record every
    Content-Security-Policy violation: every browser test checks the CSP."""

    def __init__(self, browser):
        self.browser, self.contexts, self.violations = browser, [], []

    def watch(self, message):
        if is_csp_violation(message.text):
            self.violations.append(f"{message.page.url if message.page else '?'}: {message.text}")

    def __call__(self, **options):
        options = {
            "locale": "fr-FR",
            "timezone_id": "Europe/Paris",
            "viewport": {"width": 1280, "height": 900},
            **options,
        }
        context = self.browser.new_context(**options)
        context.set_default_timeout(10000)
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        context.on("console", self.watch)
        self.contexts.append(context)
        return context.new_page()

    def close(self) -> None:
        for context in self.contexts:
            context.close()
        if self.violations:
            pytest.fail("Content-Security-Policy violations:\n" + "\n".join(self.violations), pytrace=False)


@pytest.fixture
def new_page(browser):
    """new_page(**context_options) -> a page in a fresh browser context; a CSP violation on any of them fails the
    test."""
    pages = Pages(browser)
    yield pages
    pages.close()


def check_accessibility(page, name: str) -> None:
    """axe-core, WCAG 2 A and AA: no violation at all. Also keeps a screenshot to look at."""
    from axe_playwright_python.sync_playwright import Axe

    screenshot(page, name)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}})
    assert results.violations_count == 0, f"{name}: {results.generate_report()}"


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


# --- the steps everyone takes, shared by the browser tests ----------------------------------------------------------


def sign_in_as_organiser(page, server) -> None:
    """The demo's organiser signs in; the page ends on the list of events."""
    from playwright.sync_api import expect

    page.goto(server.url + "/login")
    page.get_by_label("Adresse e-mail").fill("organisatrice@badgeathon.example")
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Événements", level=1)).to_be_visible()


def join_team(page, base_url: str, code: str, name: str) -> None:
    """A participant joins a team with its code; the page ends on the team's page."""
    import re

    from playwright.sync_api import expect

    page.goto(f"{base_url}/join/{code}")
    page.get_by_label("Votre nom (visible par votre équipe)").fill(name)
    page.get_by_role("button", name="Rejoindre l'équipe").click()
    expect(page.get_by_role("heading", name=re.compile("Équipe « "), level=1)).to_be_visible()
