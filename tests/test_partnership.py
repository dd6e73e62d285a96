"""Another partnership's content (tests/fixtures/partnership): other roles, groups and periods that start
on a day, no domains and no pages. It builds and reads right with no code of ours assuming our content."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter

import pytest
from playwright.sync_api import expect
from werkplek.pipeline import build

from .helpers import FIXTURES, open_page, ready, static_server, wait_until_stored
from .helpers import built_pages as pages

PARTNERSHIP = FIXTURES / "partnership"
AMSTERDAM = dt.timezone(dt.timedelta(hours=1))


@pytest.fixture(scope="module")
def partnership_url(partnership_site):
    with static_server(partnership_site, "noord") as url:
        yield url


def test_no_domains_and_no_pages_build_without_links_to_them(partnership_site):
    assert not (partnership_site / "domeinen").exists()
    built = pages(partnership_site)
    assert set(built) == {
        "index.html",
        "planning/index.html",
        "rollen/index.html",
        "rollen/stagiair/index.html",
        "rollen/mentor/index.html",
        "rollen/coach/index.html",
        "offline/index.html",
        "mijn-gegevens/index.html",
        "zoeken/index.html",
        "herinneringen/index.html",
    }
    # No forms: no formulieren/ pages and no links to them.
    assert not (partnership_site / "formulieren").exists()
    assert all("formulieren/" not in html for html in built.values())
    for name, html in built.items():
        assert "domeinen" not in html and "Domeinen" not in html, name


def test_site_names_and_colours_come_from_site_yml(partnership_site):
    offline = (partnership_site / "offline/index.html").read_text(encoding="utf-8")
    assert "Alles van Stagewijzer Noord zelf werkt wel zonder internet" in offline
    assert "Werkplek" not in re.sub(r"<script.*?</script>", "", offline, flags=re.S)
    assert '<meta name="theme-color" content="#6b2c91" media="(prefers-color-scheme: light)">' in offline
    assert '<meta name="theme-color" content="#1d1024" media="(prefers-color-scheme: dark)">' in offline
    manifest = json.loads((partnership_site / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert (manifest["name"], manifest["short_name"], manifest["theme_color"]) == (
        "Stagewijzer Noord",
        "Stagewijzer",
        "#6b2c91",
    )


def test_roles_are_grouped_as_the_content_says_and_counts_match(partnership_site):
    html = (partnership_site / "rollen/index.html").read_text(encoding="utf-8")
    assert re.findall(r"<h2>(.*?)</h2>", html) == ["Wie leert", "Wie begeleidt", "Overige rollen"]
    cards = dict(re.findall(r'<a href="(\w+)/">.*?</a></h3>.*?<p class="meta">(.*?)</p>', html, re.S))
    assert cards == {"stagiair": "2 taken", "mentor": "2 taken", "coach": "1 bekwaamheid"}
    coach = (partnership_site / "rollen/coach/index.html").read_text(encoding="utf-8")
    assert "Bron:" not in coach


def test_ids_are_unique_on_every_page_even_when_keys_look_alike(partnership_site, built_site):
    for site in (partnership_site, built_site):
        for name, html in pages(site).items():
            ids = Counter(re.findall(r'\sid="([^"]+)"', html))
            assert [i for i, n in ids.items() if n > 1] == [], f"{site.name}/{name}"
    mentor = (partnership_site / "rollen/mentor/index.html").read_text(encoding="utf-8")
    assert 'id="v--taak--noord--p1--kijkwijzer-invullen"' in mentor
    assert 'id="v--taak--noord--p1-kijkwijzer--invullen"' in mentor


def at(page, day: str) -> None:
    y, m, d = map(int, day.split("-"))
    page.clock.set_fixed_time(dt.datetime(y, m, d, 12, 0, tzinfo=AMSTERDAM))


def test_dutch_dates_with_tomorrow_in_chromium(page, partnership_url):
    at(page, "2026-11-23")
    open_page(page, partnership_url)
    page.get_by_label("Mentor (MT)", exact=True).check()
    before = page.locator("[data-state='before']")
    expect(before).to_contain_text("Blok A begint op dinsdag 24 november 2026 (morgen).", use_inner_text=True)
    period = page.locator("section.period-now:visible")
    expect(period.locator("h3")).to_have_text("Blok A", use_inner_text=True)
    expect(period.locator(".dates")).to_contain_text("Start: di 24 november 2026 (morgen)", use_inner_text=True)
    # The picker folded away after the tap, so "Nu" is what the phone shows first.
    expect(page.locator("[data-picker]")).not_to_have_attribute("open", re.compile(""))
    expect(page.locator("[data-chosen-role]")).to_have_text("Mentor (MT)", use_inner_text=True)

    open_page(page, partnership_url + "planning/")
    first = page.locator("li.period").first
    expect(first.locator(".dates")).to_contain_text("Start: di 24 november 2026 (morgen)", use_inner_text=True)
    expect(first.locator("[data-status='future']")).to_be_visible()

    at(page, "2026-12-15")
    page.reload()
    ready(page)
    expect(page.locator("li.period").first.locator(".dates")).to_contain_text("(over 3 dagen)", use_inner_text=True)


def test_look_alike_tasks_tick_separately(page, partnership_url):
    open_page(page, partnership_url + "rollen/mentor/")
    page.get_by_label("Kijkwijzer invullen in blok A").check()
    wait_until_stored(page, 1)
    expect(page.get_by_label("Kijkwijzer invullen in blok B")).not_to_be_checked()
    page.reload()
    ready(page)
    expect(page.get_by_label("Kijkwijzer invullen in blok A")).to_be_checked()
    expect(page.get_by_label("Kijkwijzer invullen in blok B")).not_to_be_checked()


def test_a_partnership_with_forms_of_its_own_fills_them_in(tmp_path, page):
    """Another partnership adds a form, a radar-free one with its own scale and roles, with YAML alone:
    it renders, its task offers it, and it is filled in and read back in Chromium."""
    import shutil

    from .helpers import fill_every_item, read_every_item, saved, static_server

    content = tmp_path / "content"
    shutil.copytree(PARTNERSHIP, content)
    (content / "forms").mkdir()
    (content / "documents").mkdir()
    (content / "documents" / "handboek.yml").write_text(
        "title: Handboek mentoren Noord\nshort: Handboek Noord\nsummary: Wat mentoren doen.\n", encoding="utf-8"
    )
    (content / "forms" / "lesbezoek.yml").write_text(
        "title: Lesbezoek Noord\n"
        "summary: Wat de mentor in een les van de stagiair ziet.\n"
        "source: handboek\n"
        "filled_by: [mentor]\n"
        "about: stagiair\n"
        "scales:\n"
        "  drie: {labels: [nog niet, bijna, ja]}\n"
        "metadata:\n"
        "  - {id: datum, kind: date, text: Datum, required: true}\n"
        "sections:\n"
        "  - id: les\n"
        "    title: De les\n"
        "    items:\n"
        "      - {id: doel, kind: scale, scale: drie, text: Het lesdoel is duidelijk.}\n"
        "      - {id: orde, kind: scale, scale: drie, text: Er is rust in de klas.}\n"
        "      - {id: tip, kind: text, size: long, text: Eén tip}\n"
        "      - {id: besproken, kind: check, text: Nabesproken met de stagiair}\n",
        encoding="utf-8",
    )
    programme = content / "programmes" / "noord.yml"
    programme.write_text(
        programme.read_text().replace(
            "        title: Kijkwijzer invullen in blok A\n",
            "        title: Kijkwijzer invullen in blok A\n        forms: [lesbezoek]\n",
        )
    )
    out = tmp_path / "out"
    build(content, out)
    assert (out / "formulieren" / "lesbezoek" / "index.html").is_file()
    mentor = (out / "rollen" / "mentor" / "index.html").read_text(encoding="utf-8")
    assert "Start lesbezoek Noord" in mentor
    with static_server(out, "noord") as url:
        open_page(page, url + "formulieren/lesbezoek/")
        expected = fill_every_item(page)
        saved(page)
        page.reload()
        ready(page)
        assert read_every_item(page) == expected
        expect(page.locator("[data-results-table] tbody tr")).to_have_count(1)
