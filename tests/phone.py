"""A phone in headless Chromium (390 × 844, touch) that records console errors and every request."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from playwright.sync_api import Browser, BrowserContext, Page

PHONE = {"width": 390, "height": 844}


@dataclass
class Phone:
    page: Page
    context: BrowserContext
    base: str
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def open(self, path: str) -> Page:
        self.page.goto(self.base + path)
        self.page.wait_for_load_state("networkidle")
        return self.page

    def foreign(self) -> list[str]:
        """Requests that went anywhere but the site under test."""
        local = ("data:", "blob:", "about:", self.base) if self.base.startswith("http") else ("data:", "blob:", "about:", "file:")
        return [url for url in self.requests if not url.startswith(local)]


@contextmanager
def phone(browser: Browser, base: str, **options: object) -> Iterator[Phone]:
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, **options)  # type: ignore[arg-type]
    page = context.new_page()
    device = Phone(page, context, base)
    page.on("console", lambda m: m.type == "error" and device.errors.append(m.text))
    page.on("pageerror", lambda e: device.errors.append(str(e)))
    context.on("request", lambda r: device.requests.append(r.url))
    try:
        yield device
    finally:
        context.close()


@contextmanager
def recording_page(browser: Browser, base: str) -> Iterator[Page]:
    """A fresh phone's page with ``errors`` and ``foreign`` (requests to other hosts) lists attached."""
    with phone(browser, base) as device:
        page = device.page
        page.errors = device.errors  # type: ignore[attr-defined]
        page.foreign = []  # type: ignore[attr-defined]
        device.context.on("request", lambda r: r.url.startswith((base, "data:", "blob:", "about:")) or page.foreign.append(r.url))  # type: ignore[attr-defined]
        yield page
