"""What a person waits for in the browser: headless Chromium against `placeboard serve`.

    python bench/bench_browser.py [--store var/placeboard.duckdb] [--repeats 10]

Cases (the issue's browser bars):
- the Oldham area profile and the Oldham scorecard, "fully rendered": from the start of
  navigation (the browser's own clock, performance.now()) until Dash has no callback
  pending, no component is marked loading, and the page's content is in the document
  (the profile's rows; the scorecard grid's rows);
- the indicator page's ranking table: from the click on its button until the grid's rows
  are drawn.

Each case runs once with the server's caches and the browser's cache cold ("first"),
then `--repeats` times as a returning visitor (browser cache warm; a fresh navigation
each time; the server's query and page caches as the earlier visits left them). Reported
in milliseconds beside the server's own time for the same requests (the sum of the
responses' durations as the browser's Resource Timing saw them), so the two can be told
apart. Not a timed test: numbers vary by machine.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from bench.bench_serve import free_port, start, stop
from dashboard.common.config import DEFAULT_STORE

BARS = {"page": 2000.0, "ranking": 1000.0}
CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"

# True once Dash has settled and the page's content (a CSS selector) is in the document.
SETTLED = """
function settled(selector) {
  if (!window.store) { return false; }
  const state = window.store.getState();
  if (state.isLoading) { return false; }
  const pending = Object.assign({}, state.callbacks);
  delete pending.stored; delete pending.completed;
  if ([].concat(...Object.values(pending)).length) { return false; }
  if (document.querySelector('[data-dash-is-loading="true"]')) { return false; }
  return document.querySelector(selector) !== null;
}
"""

# Resolves with performance.now() at the first check the page is settled (checks every
# 5 ms), and the summed duration of the Dash requests the page has made so far.
WAIT = SETTLED + """
const [selector, done] = arguments;
const server = () => performance.getEntriesByType('resource')
  .filter(e => e.name.includes('/_dash-update-component') || e.name.includes('/_dash-layout'))
  .reduce((sum, e) => sum + (e.responseEnd - e.requestStart), 0);
(function check() {
  if (settled(selector)) { done([performance.now(), server()]); }
  else { setTimeout(check, 5); }
})();
"""

# Clicks a button and resolves with the time until a selector's element is drawn.
CLICK = SETTLED + """
const [button, selector, done] = arguments;
const before = performance.getEntriesByType('resource').length;
const started = performance.now();
document.querySelector(button).click();
(function check() {
  if (document.querySelector(selector) !== null && settled(selector)) {
    const server = performance.getEntriesByType('resource').slice(before)
      .filter(e => e.name.includes('/_dash-update-component'))
      .reduce((sum, e) => sum + (e.responseEnd - e.requestStart), 0);
    done([performance.now() - started, server]);
  } else { setTimeout(check, 5); }
})();
"""

PAGES = [  # (name, path, the selector of the page's content)
    ("Oldham area profile", "/area/E08000004", ".profile-row .value"),
    ("Oldham scorecard", "/scorecard/oldham",
     "#scorecard-grid .ag-center-cols-container .ag-row"),
]
RANKING = ("ranking table after its button", "/indicator/employment-rate?area=E08000004",
           "#indicator-ranking-button",
           "#indicator-ranking-table .ag-center-cols-container .ag-row")


def browser() -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--window-size=1280,1000"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_script_timeout(60)
    return driver


def open_page(driver: webdriver.Chrome, url: str, selector: str) -> tuple[float, float]:
    """(ms from navigation start until settled, ms of server responses)."""
    driver.get("about:blank")
    driver.get(url)
    return tuple(driver.execute_async_script(WAIT, selector))


def open_ranking(driver: webdriver.Chrome, base: str) -> tuple[float, float]:
    _, path, button, rows = RANKING
    open_page(driver, base + path, button)
    return tuple(driver.execute_async_script(CLICK, button, rows))


def row(name: str, first: tuple[float, float], samples: list[tuple[float, float]],
        bar: float) -> str:
    waits = sorted(s[0] for s in samples)
    p95 = waits[min(len(waits) - 1, round(0.95 * (len(waits) - 1)))]
    server = statistics.median(s[1] for s in samples)
    verdict = "ok" if max(first[0], p95) <= bar else "OVER"
    return (f"| {name:<34} | {first[0]:>8.0f} | {statistics.median(waits):>8.0f} | "
            f"{p95:>8.0f} | {server:>10.0f} | {bar:>6.0f} | {verdict:>5} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", default=str(DEFAULT_STORE))
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    if not (Path(CHROMIUM).exists() and Path(DRIVER).exists()):
        raise SystemExit("needs Debian's chromium and chromium-driver (make browser-deps)")

    rows = []
    with tempfile.TemporaryDirectory(prefix="placeboard-bench-browser-") as folder:
        workdir = Path(folder)
        store = workdir / "placeboard.duckdb"
        shutil.copy(args.store, store)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = start("gunicorn", store, port, workdir, args.workers, args.threads)
        driver = browser()
        try:
            for name, path, selector in PAGES:
                first = open_page(driver, base + path, selector)
                samples = [open_page(driver, base + path, selector)
                           for _ in range(args.repeats)]
                rows.append(row(name, first, samples, BARS["page"]))
            first = open_ranking(driver, base)
            samples = [open_ranking(driver, base) for _ in range(args.repeats)]
            rows.append(row(RANKING[0], first, samples, BARS["ranking"]))
        finally:
            driver.quit()
            stop(server)

    print(f"headless Chromium, placeboard serve ({args.workers} workers x {args.threads} "
          f"threads), n={args.repeats} after the first; milliseconds")
    print(f"| {'case':<34} | {'first':>8} | {'p50':>8} | {'p95':>8} | {'server p50':>10} "
          f"| {'bar':>6} | {'':>5} |")
    print(f"|{'-' * 36}|" + "|".join("-" * w for w in (10, 10, 10, 12, 8, 7)) + "|")
    for line in rows:
        print(line)
    print("first: caches cold; p50/p95: returning visitor; server p50: the summed time of "
          "the Dash requests (layout and callbacks) as the browser saw them")


if __name__ == "__main__":
    main()
