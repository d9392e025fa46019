"""The real server in headless Chromium: every page opens in both languages without an exception.

Full-page screenshots land in tests/screenshots/ (git-ignored) for a person to look at.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT, build_city
from workforce import demo, i18n
from workforce.pages import PAGES

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "tests" / "screenshots"
# Page file, and its URL path (the default page is served at the root).
ROUTES = tuple((page.script, "" if page.name == "overview" else page.name) for page in PAGES)
READY = "[data-testid=stApp][data-test-script-state=notRunning]"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists() and not os.environ.get("CI"),
        reason="no /usr/bin/chromium (Debian's chromium); CI must have it",
    ),
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def _server(
    database: Path | str, accounts: Path | None = None, settings: dict | None = None
) -> Iterator[str]:
    """``streamlit run dashboard.py`` on a free port with WORKFORCE_DB (and ``settings``) set; yields its
    base URL."""
    port = _free_port()
    accounts = accounts or database.parent / f"{database.stem}-accounts.sqlite"
    env = {
        **os.environ,
        "WORKFORCE_DB": str(database),
        "WORKFORCE_ACCOUNTS": str(accounts),
        "WORKFORCE_DEMO": "1",
        **(settings or {}),
    }
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "dashboard.py",
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as answer:
                    if answer.read() == b"ok":
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                output = process.stdout.read() if process.stdout else ""
                pytest.fail(f"the dashboard did not start:\n{output}")
            time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def databases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The demo (realistic sizes) as a lake, the quick start's store, and the small hand-built city as a
    database file."""
    folder = tmp_path_factory.mktemp("browser")
    return {"demo": demo.build(folder / "demo"), "city": build_city(folder / "city.duckdb")}


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless Debian chromium driven by Playwright (never a downloaded browser)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
        )
        yield launched
        launched.close()


def _sign_in(page: object, username: str = "demo-admin") -> None:
    """Sign in through the real form with a demo account (demo mode: the password is the username)."""
    page.wait_for_selector(READY, timeout=60_000)
    page.locator("[data-testid=stTextInput] input").nth(0).fill(username)
    page.locator("[data-testid=stTextInput] input").nth(1).fill(username)
    page.locator("[data-testid=stFormSubmitButton] button").click()
    page.wait_for_selector(
        "[data-testid=stSidebar] button:has-text('Выйти'), "
        "[data-testid=stSidebar] button:has-text('Sign out')",
        timeout=60_000,
    )
    page.wait_for_selector(READY, timeout=60_000)


def _open(browser: object, url: str, shot: Path, username: str = "demo-admin") -> tuple[list[str], str]:
    """Open a URL, sign in, wait for the script and charts, take a screenshot.

    Returns the exceptions shown and the page's title (its first heading).
    """
    page = browser.new_page(viewport={"width": 1440, "height": 1000}, locale="ru-RU")
    try:
        page.goto(url, wait_until="domcontentloaded")
        _sign_in(page, username)
        page.wait_for_selector(READY, timeout=60_000)
        page.wait_for_timeout(300)
        page.wait_for_selector(READY, timeout=60_000)
        with contextlib.suppress(Exception):  # every chart drawn, but those in a hidden tab (they never are)
            page.wait_for_function(
                "() => [...document.querySelectorAll('[data-testid=stPlotlyChart]')]"
                ".every(c => c.offsetParent === null || c.querySelector('.main-svg'))",
                timeout=15_000,
            )
        page.wait_for_timeout(300)
        height = page.evaluate(
            "() => Math.max(...[...document.querySelectorAll("
            "'[data-testid=stMain], [data-testid=stMainBlockContainer], [data-testid=stSidebarContent]')]"
            ".map(e => e.scrollHeight), 1000)"
        )
        page.set_viewport_size({"width": 1440, "height": min(int(height) + 40, 12_000)})
        page.wait_for_timeout(500)
        page.screenshot(path=str(shot), full_page=True)
        errors = [e.inner_text() for e in page.query_selector_all("[data-testid=stException]")]
        return errors, page.locator("h1").first.inner_text()
    finally:
        page.close()


@pytest.mark.parametrize("dataset", ["demo", "city"])
def test_every_page_opens_in_both_languages_without_an_exception(databases, browser, dataset):
    """Every page in each language once over the two datasets: on the demo (a lake) the pages alternate
    Russian and English, on the small city (a database file) the other way round."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems = {}
    opened = 0
    with _server(databases[dataset]) as base:
        for index, (page_file, route) in enumerate(ROUTES):
            if not (ROOT / page_file).exists():
                continue
            langs = ("ru", "en")
            for lang in [langs[(index + (dataset == "city")) % 2]]:
                name = f"{dataset}-{route or 'overview'}-{lang}.png"
                found, title = _open(browser, f"{base}/{route}?lang={lang}", SHOTS / name)
                opened += 1
                if found:
                    problems[name] = found
                expected = i18n.t(f"{route or 'overview'}.title", lang)
                if title != expected:
                    problems[name] = [f"opened {title!r} instead of {expected!r}"]
    assert opened >= 6 // 2
    assert problems == {}


# What a city official sees on the demo: pages under disclosure control, with one filter each where
# it changes what is shown (a withheld split, a filter not applied to another's employer).
CITY_VIEWS = (
    ("", "program=TECHNO"),
    ("trends", "institution=MIET-C"),
    ("employers", "employer=BINNOPHARM&program=TECHNO"),
    ("pipeline", ""),
    ("figures", ""),
    ("cohorts", "institution=STT"),
)


def test_a_city_official_opens_every_page_under_disclosure_control(databases, browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems = {}
    with _server(databases["demo"]) as base:
        for route, query in CITY_VIEWS:
            name = f"demo-city-{route or 'overview'}-en.png"
            found, title = _open(browser, f"{base}/{route}?lang=en&{query}", SHOTS / name, "demo-city")
            expected = i18n.t(f"{route or 'overview'}.title", "en")
            if found or title != expected:
                problems[name] = [*found, f"title {title!r}"]
    assert problems == {}


@pytest.mark.parametrize("route", ["pipeline", "data"])
def test_a_fresh_server_opens_a_deep_link_first(databases, browser, route):
    SHOTS.mkdir(parents=True, exist_ok=True)
    with _server(databases["city"]) as base:  # nothing has opened this server before the link
        found, title = _open(browser, f"{base}/{route}?lang=en", SHOTS / f"city-first-{route}-en.png")
    assert found == []
    assert title == i18n.t(f"{route}.title", "en")


def test_a_copied_link_opens_the_same_filters(databases, browser):
    with _server(databases["city"]) as base:
        page = browser.new_page(viewport={"width": 1440, "height": 1000})
        try:
            page.goto(f"{base}/trends?lang=en&program=P1&year_from=2025", wait_until="domcontentloaded")
            _sign_in(page)
            page.wait_for_selector(READY, timeout=60_000)
            page.wait_for_timeout(500)
            program = page.locator("[data-testid=stSidebar] [data-testid=stSelectbox]").first
            assert "Техностажировка" in program.inner_text() + (program.locator("input").input_value() or "")
            assert "program=P1" in page.url and "year_from=2025" in page.url
            assert page.locator("h1").first.inner_text() == "City trends"
            assert "Language" in page.locator("[data-testid=stSidebar]").inner_text()
        finally:
            page.close()


def test_downloads_give_the_tables_data(databases, browser):
    with _server(databases["city"]) as base:
        page = browser.new_page(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
        try:
            page.goto(f"{base}/?program=P1", wait_until="domcontentloaded")
            _sign_in(page)
            page.wait_for_selector(READY, timeout=60_000)
            with page.expect_download() as csv:
                page.get_by_role("button", name="CSV").first.click()
            assert csv.value.suggested_filename == "participants_by_program.csv"
            text = Path(csv.value.path()).read_bytes().decode("utf-8-sig").splitlines()
            assert text[0].startswith("Год;Код программы;Программа;Участники")
            assert any(line.startswith("2025;P1;Техностажировка;3;") for line in text)
            with page.expect_download() as xlsx:
                page.get_by_role("button", name="Excel").first.click()
            assert Path(xlsx.value.path()).read_bytes()[:2] == b"PK"
        finally:
            page.close()


def test_a_click_on_the_district_map_chooses_the_district(databases, browser):
    """On City trends, clicking Зеленоград's tile sets the district filter: the link and the map follow."""
    with _server(databases["city"]) as base:
        page = browser.new_page(viewport={"width": 1440, "height": 1000})
        try:
            page.goto(f"{base}/trends?lang=en", wait_until="domcontentloaded")
            _sign_in(page)
            page.wait_for_selector(READY, timeout=60_000)
            tile = page.locator("[data-testid=stPlotlyChart] g.textpoint text", has_text="Зелен").first
            tile.scroll_into_view_if_needed()
            page.wait_for_timeout(500)
            box = tile.bounding_box()
            page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            page.wait_for_timeout(300)
            page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            page.wait_for_function("() => location.search.includes('district=')", timeout=30_000)
            page.wait_for_selector(READY, timeout=60_000)
            assert "district=%D0%97%D0%B5%D0%BB%D0%B5%D0%BD%D0%BE%D0%B3%D1%80%D0%B0%D0%B4" in page.url
            assert (
                "Chose the district Зеленоград in the filters."
                in page.locator("[data-testid=stMain]").inner_text()
            )
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / "city-trends-map-clicked-en.png"), full_page=True)
        finally:
            page.close()


def test_every_page_prints_without_the_sidebar_and_within_the_sheet(databases, browser):
    """Print media: no sidebar, header or download buttons, and no chart wider than the printed page
    (landscape A4 at the 0.75 a browser shrinks a wide page by). The PDF's pages are kept as PNG."""
    sheet = int((297 - 20) / 25.4 * 96 / 0.75)  # the printable width in CSS pixels at that scale
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems = {}
    with _server(databases["demo"]) as base:
        for _, route in ROUTES:
            page = browser.new_page(viewport={"width": sheet, "height": 1000})
            try:
                page.goto(f"{base}/{route}?lang=ru", wait_until="domcontentloaded")
                _sign_in(page)
                page.wait_for_selector(READY, timeout=60_000)
                page.emulate_media(media="print")
                page.wait_for_timeout(700)
                hidden = page.evaluate(
                    "() => ['stSidebar', 'stHeader', 'stDownloadButton'].map(id => "
                    "[...document.querySelectorAll(`[data-testid=${id}]`)]"
                    ".every(e => getComputedStyle(e).display === 'none'))"
                )
                widest = page.evaluate(
                    "() => Math.max(0, ...[...document.querySelectorAll('[data-testid=stPlotlyChart], "
                    "[data-testid=stDataFrame], [data-testid=stMetric]')]"
                    ".map(e => e.getBoundingClientRect().right))"
                )
                if hidden != [True, True, True] or widest > sheet:
                    problems[route or "overview"] = {"hidden": hidden, "widest": widest}
                pdf = SHOTS / f"print-{route or 'overview'}.pdf"
                page.pdf(path=str(pdf), prefer_css_page_size=True, scale=0.75, print_background=True)
                assert pdf.read_bytes().startswith(b"%PDF")
                if shutil.which("pdftoppm"):
                    subprocess.run(
                        ["pdftoppm", "-r", "60", "-png", str(pdf), str(SHOTS / pdf.stem)], check=True
                    )
            finally:
                page.close()
    assert problems == {}
