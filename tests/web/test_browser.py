"""A real headless Chromium reads the seeds the way an editor would (Playwright, Debian's
chromium). Screenshots land in test-output/screenshots/."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsweave.web.app import create_app
from newsweave.web.settings import WebSettings
from newsweave.workspace import Workspace

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
    "--disable-dev-shm-usage",
]  # fmt: skip


@pytest.fixture(scope="module")
def server(seeded: Workspace) -> Iterator[str]:
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(WebSettings(db=seeded.store.location)), host="127.0.0.1",
                            port=port, log_level="warning")  # fmt: skip
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not instance.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert instance.started, "the web server did not start"
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=10)


def test_an_editor_reads_the_warsaw_story_and_the_banner_of_004(server: str) -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium (scripts/install does)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.goto(server + "/")
        assert page.locator("table.stories tbody tr").count() == 2
        page.screenshot(path=str(SCREENSHOTS / "1-story-list.png"), full_page=True)

        page.locator("table.stories tbody tr", has_text="Warsaw").locator("a").first.click()
        page.wait_for_load_state()
        assert "/stories/st-" in page.url
        dire = page.locator("table.variants span.sub", has_text="dire").first
        dire.scroll_into_view_if_needed()
        assert dire.is_visible()
        row = page.locator("tr.changed", has=page.locator("span.sub", has_text="dire")).first
        assert row.locator(".flag").inner_text() == "content word changed"
        # The substituted word is highlighted, the replaced one struck through.
        assert dire.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
        dark = page.locator("table.variants span.del", has_text="dark").first
        assert "line-through" in dark.evaluate("e => getComputedStyle(e).textDecorationLine")
        dire.screenshot(path=str(SCREENSHOTS / "2-dark-dire-variant.png"))
        page.screenshot(path=str(SCREENSHOTS / "2-warsaw-story.png"), full_page=True)

        page.goto(server + "/")
        page.locator("table.stories tbody tr", has_text="Brussels").locator("a").first.click()
        page.wait_for_load_state()
        page.locator("ol.sources a").first.click()
        page.wait_for_load_state()
        assert "/articles/" in page.url
        banner = page.locator("span.removed", has_text="0 out of 25,000")
        banner.scroll_into_view_if_needed()
        assert banner.is_visible()
        assert banner.locator(".reason").inner_text().lower() == "banner"
        colour = banner.evaluate("e => getComputedStyle(e).color")
        assert colour == "rgb(154, 154, 160)", colour  # greyed
        page.screenshot(path=str(SCREENSHOTS / "3-article-004-banner.png"), full_page=True)
        browser.close()
    assert (SCREENSHOTS / "3-article-004-banner.png").stat().st_size > 10_000
