"""Screenshot pages of a built site at phone width: python tests/tools/screenshot.py SITE OUT PATH..."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from browser import launch, serve  # noqa: E402


def main() -> None:
    site, out, *paths = sys.argv[1:]
    Path(out).mkdir(parents=True, exist_ok=True)
    with serve(Path(site)) as base, launch() as browser:
        page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=1)
        for path in paths:
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            name = path.strip("/").replace("/", "_") or "home"
            page.screenshot(path=f"{out}/{name}.png", full_page="--full" in sys.argv[0:1] or True)
            print(f"{out}/{name}.png")


if __name__ == "__main__":
    main()
