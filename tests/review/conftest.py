"""Fixtures of the review tests: a real headless Chromium, and small inputs.

The browser is Debian's ``/usr/bin/chromium`` driven by Playwright's Python
package (never a browser Playwright downloads).  Without it, browser tests
skip and say how to install it (CI installs it in .ci/run).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

# The tests import their input builders (handmade.py, synth.py) from this folder.
sys.path.insert(0, str(Path(__file__).resolve().parent))

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_MISSING = "chromium not installed: apt-get install chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(CHROMIUM_MISSING)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright not installed: pip install -e '.[test]'")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Opened:
    """A review page open in a browser tab, with what it tried to do."""

    def __init__(self, browser, path: Path, width: int = 1280, fragment: str = ""):
        self.context = browser.new_context(viewport={"width": width, "height": 900})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.url = path.resolve().as_uri()
        self.page.goto(self.url + fragment)
        self.page.wait_for_function("document.documentElement.dataset.ready === '1'")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def open_page(browser):
    """``open_page(path, width=..., fragment=...)`` -> ``Opened``; closed after."""
    opened = []

    def open_(path: Path, **kw) -> Opened:
        o = Opened(browser, path, **kw)
        opened.append(o)
        return o
    yield open_
    for o in opened:
        o.close()

