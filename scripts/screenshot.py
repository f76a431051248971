"""The README's picture, made from the build: build the bundled plans (or take a built site),
open a view in Debian's Chromium through Playwright once its layout has settled, and save the
screen.

    python scripts/screenshot.py                              # docs/agency-network.png
    python scripts/screenshot.py --page overview.html --out /tmp/overview.png
    python scripts/screenshot.py --site out/site              # a site already built

Nothing is fetched: the pages are opened from file:// with their own Content-Security-Policy,
and every request that leaves the site folder is refused. The layout is seeded, so the same
build gives the same picture; look at it before committing it.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser_support import ARGS, CHROMIUM, SETTLE_MS  # noqa: E402

VIEWPORT = {"width": 1400, "height": 900}


def build(into: Path) -> Path:
    """The default build (the bundled Henan plan, both language versions) into `into`."""
    subprocess.run([sys.executable, "-m", "graph", "build", "-o", str(into)], check=True, cwd=ROOT)
    return into / "site"


def shoot(site: Path, page: str, out: Path) -> list[str]:
    """Save page of site as a PNG at out; returns what went wrong on the page (console errors,
    requests leaving the site), which should be nothing."""
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    base = site.resolve().as_uri() + "/"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        tab = browser.new_context(viewport=VIEWPORT).new_page()
        tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        tab.on("pageerror", lambda e: problems.append(str(e)))

        def route(r: object) -> None:
            url = r.request.url  # type: ignore[attr-defined]
            if url.startswith(base):
                r.continue_()  # type: ignore[attr-defined]
            else:
                problems.append(f"refused {url}")
                r.abort()  # type: ignore[attr-defined]

        tab.route("**/*", route)
        tab.goto(base + page)
        if page != "index.html":
            tab.wait_for_function("() => window.plankg && window.plankg.settled", timeout=SETTLE_MS)
        out.parent.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(out))
        browser.close()
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--page", default="agency-network.html", help="the page of the site")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "agency-network.png")
    parser.add_argument("--site", type=Path, help="a built site folder (default: build one)")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing: apt-get install chromium fonts-noto-cjk", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site or build(Path(tmp))
        problems = shoot(site, args.page, args.out)
    for problem in problems:
        print(f"{args.page}: {problem}", file=sys.stderr)
    print(f"wrote {args.out}")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
