"""Render the PNG app icons from the SVG sources (static/icons/icon.svg, pwa/icons/) with headless Chromium.

The PNGs are committed (the build only copies them); run this again after changing an SVG:
    .venv/bin/python pwa/render_icons.py
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
ICONS = HERE.parent / "static" / "icons"
# output name -> (source svg, size in px). icon.svg is also the favicon, so it lives in static/.
TARGETS = {
    "icon-192.png": (ICONS / "icon.svg", 192),
    "icon-512.png": (ICONS / "icon.svg", 512),
    "icon-maskable-512.png": (HERE / "icons" / "icon-maskable.svg", 512),
    "apple-touch-icon.png": (HERE / "icons" / "icon-maskable.svg", 180),  # iOS rounds corners; no transparency
}
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def main() -> None:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for name, (source, size) in TARGETS.items():
            page = browser.new_page(viewport={"width": size, "height": size})
            svg = source.read_text(encoding="utf-8")
            page.set_content(
                "<style>html,body{margin:0;background:transparent}svg{display:block;width:100vw;height:100vh}</style>"
                + svg
            )
            page.screenshot(path=str(ICONS / name), omit_background=True)
            page.close()
            print(ICONS / name)
        browser.close()


if __name__ == "__main__":
    main()
