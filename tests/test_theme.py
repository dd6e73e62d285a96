"""The partnership's own look (issue 18 §3): its logo becomes every icon and the manifest's icons, its accent
colours appear on the pages, and colours under which text would be unreadable are refused in Dutch."""

from __future__ import annotations

import io
import json
import re
import shutil

import pytest
from PIL import Image
from playwright.sync_api import expect
from werkplek.errors import ContentError
from werkplek.icons import AA, DARK, LIGHT, contrast
from werkplek.pipeline import build, load

from .helpers import FIXTURES, ROOT, edit, new_device, open_page, problems_of, static_server

LOGO_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
    '<rect width="100" height="100" fill="#7a1f5c"/><circle cx="50" cy="50" r="30" fill="#ffffff"/></svg>'
)
PLUM, PINK, BAR = "#7a1f5c", "#f0a8d8", "#4b0f38"


def rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def css_var(block: str, name: str) -> str:
    return re.search(rf"--{name}:\s*(#[0-9a-fA-F]{{6}})", block).group(1).lower()


def test_contrast_is_wcags_and_the_checked_pairs_are_the_stylesheets():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#0b5cad", "#ffffff") == pytest.approx(6.6, abs=0.1)  # as main.css says of --accent
    css = (ROOT / "static" / "css" / "main.css").read_text(encoding="utf-8")
    light, dark = css.split("@media (prefers-color-scheme: dark)", 1)
    assert {"bg": css_var(light, "bg"), "accent-fg": css_var(light, "accent-fg")} == LIGHT
    assert {"bg": css_var(dark, "bg"), "accent-fg": css_var(dark, "accent-fg")} == DARK
    # The default accents pass the check they would get as a partnership's colours.
    for accent, theme in ((css_var(light, "accent"), LIGHT), (css_var(dark, "accent"), DARK)):
        assert min(contrast(accent, theme["bg"]), contrast(accent, theme["accent-fg"])) >= AA


def own_look(content, logo_name="logo.svg", logo_bytes: bytes | None = None):
    (content / logo_name).write_bytes(LOGO_SVG.encode() if logo_bytes is None else logo_bytes)

    def change(site):
        site.update(logo=logo_name, theme_color=BAR, accent_color=PLUM, accent_color_dark=PINK)

    edit(content / "site.yml", change)


def test_a_logo_becomes_every_icon_and_the_accent_colours_reach_the_pages(content_copy, tmp_path, browser):
    own_look(content_copy)
    site = tmp_path / "site"
    build(content_copy, site)
    assert not list(tmp_path.glob(".werkplek-static-*"))  # the copy of static/ the icons were drawn in is gone
    icons = site / "static" / "icons"
    default = ROOT / "static" / "icons"
    for name, size in (
        ("icon-192.png", 192),
        ("icon-512.png", 512),
        ("icon-maskable-512.png", 512),
        ("apple-touch-icon.png", 180),
    ):
        image = Image.open(icons / name)
        assert image.size == (size, size), name
        assert (icons / name).read_bytes() != (default / name).read_bytes(), name
    # The logo fills the plain icons; the maskable one has it inside the safe zone on the theme colour, and
    # the iOS icon has no transparency.
    assert Image.open(icons / "icon-512.png").convert("RGB").getpixel((5, 5)) == rgb(PLUM)
    maskable = Image.open(icons / "icon-maskable-512.png").convert("RGB")
    assert maskable.getpixel((5, 5)) == rgb(BAR) and maskable.getpixel((256, 256)) == (255, 255, 255)
    assert maskable.getpixel((256, 130)) == rgb(PLUM)  # the logo's edge, well inside the 40% circle
    assert Image.open(icons / "apple-touch-icon.png").mode == "RGB"
    assert (icons / "icon.svg").read_text(encoding="utf-8") == LOGO_SVG
    manifest = json.loads((site / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert manifest["theme_color"] == BAR
    for icon in manifest["icons"]:
        assert (site / icon["src"]).is_file()
    # The worker precaches the new icons under their own hashes, and check-deploy finds the site whole.
    from werkplek import deploy_check

    with static_server(site, "partnerschap") as url:
        assert deploy_check.check_deployment(url, timeout=15, parallel=6).exit_code == 0
        for scheme, colour in (("light", PLUM), ("dark", PINK)):
            context, page, errors = new_device(browser, color_scheme=scheme)
            try:
                open_page(page, url)
                link = page.locator("main a[href]").first
                expect(link).to_have_css("color", "rgb({}, {}, {})".format(*rgb(colour)))
                expect(page.locator("link[rel='icon']")).to_have_attribute("type", "image/svg+xml")
            finally:
                context.close()
            assert not errors, errors


def png(width: int, height: int, colour=(122, 31, 92, 255), kind="PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGBA" if kind == "PNG" else "RGB", (width, height), colour[: 4 if kind == "PNG" else 3]).save(out, kind)
    return out.getvalue()


def test_a_png_logo_gives_a_small_png_favicon(content_copy, tmp_path):
    own_look(content_copy, "logo.png", png(600, 600))
    build(content_copy, tmp_path / "site")
    favicon = tmp_path / "site" / "static" / "icons" / "icon-32.png"
    assert Image.open(favicon).size == (32, 32)
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="icon" href="static/icons/icon-32.png" type="image/png">' in html


@pytest.mark.parametrize(
    "name, data, expected",
    [
        ("logo.png", png(600, 400), "logo.png: het logo is niet vierkant (600 × 400 px)"),
        (
            "logo.png",
            png(256, 256),
            "logo.png: het logo is 256 px breed; nodig is minstens 512 px (het grootste icoon)",
        ),
        ("logo.png", png(600, 600, kind="JPEG"), "logo.png: het bestand is geen PNG maar JPEG"),
        ("logo.png", b"geen plaatje", "logo.png: het bestand is geen leesbare PNG"),
        ("logo.svg", b"<svg", "logo.svg: het SVG-bestand kon niet getekend worden (geen geldige SVG?)"),
        (
            "logo.svg",
            LOGO_SVG.replace("0 0 100 100", "0 0 200 100").encode(),
            "logo.svg: het logo is niet vierkant (viewBox 200 × 100)",
        ),
    ],
)
def test_a_logo_that_cannot_be_an_icon_is_refused_in_dutch(content_copy, name, data, expected):
    own_look(content_copy, name, data)
    problems = problems_of(content_copy)
    assert [p for p in problems if p.endswith(f"site.yml: logo: {expected}")] and len(problems) == 1, problems


def test_unreadable_colours_a_missing_or_unused_logo_are_refused_with_file_and_line(content_copy):
    (content_copy / "oud-logo.png").write_bytes(png(600, 600))

    def change(site):
        site.update(accent_color=PINK, accent_color_dark=PLUM, logo="weg.svg")

    edit(content_copy / "site.yml", change)
    with pytest.raises(ContentError) as caught:
        load(content_copy)
    text = caught.value.format_message()
    assert "niet gebruikt: zet 'logo: oud-logo.png' in site.yml, of haal het bestand weg" in text
    assert "logo: 'weg.svg' bestaat niet" in text
    line = next(
        i
        for i, t in enumerate((content_copy / "site.yml").read_text().splitlines(), 1)
        if t.startswith("accent_color:")
    )
    assert re.search(
        rf"site\.yml:{line}: accent_color: #f0a8d8 is in het lichte thema als linkkleur op de achtergrond \(#ffffff\) "
        r"niet goed leesbaar: contrast 1\.\d:1, nodig is minstens 4,5:1 \(WCAG AA\)",
        text,
    ), text
    assert "accent_color_dark: #7a1f5c is in het donkere thema als linkkleur op de achtergrond (#111418)" in text


def test_what_a_partnership_calls_things_comes_from_its_content_and_ours_never_stands_in(
    tmp_path, full_partnership_site
):
    """The words of the default partnership ("werkplekleren", "Begeleidingsdomeinen") are its content: another
    partnership's site says its own words, or the sentence without them."""
    fixture = FIXTURES / "partnership-full"
    site = full_partnership_site
    pages = {p: (site / p / "index.html").read_text(encoding="utf-8") for p in ("", "rollen/", "domeinen/", "zoeken/")}
    for page, html in pages.items():
        assert "werkplekleren" not in html.lower() and "Begeleidingsdomein" not in html, page
    assert '<p class="lead">Wie doet wat? ' in pages["rollen/"]
    assert ">Domeinen</a>" in pages[""]  # the menu: the neutral name when the content gives none
    content = tmp_path / "content"
    shutil.copytree(fixture, content)

    def words(site_yml):
        site_yml["words"] = {"domains": "Ontwikkelgebieden", "practice": "het leren in de school"}

    edit(content / "site.yml", words)
    build(content, tmp_path / "eigen")
    home = (tmp_path / "eigen" / "index.html").read_text(encoding="utf-8")
    assert ">Ontwikkelgebieden</a>" in home
    assert "<h1>Ontwikkelgebieden</h1>" in (tmp_path / "eigen" / "domeinen" / "index.html").read_text(encoding="utf-8")
    roles = (tmp_path / "eigen" / "rollen" / "index.html").read_text(encoding="utf-8")
    assert "Wie doet wat bij het leren in de school?" in roles
