"""axe-core (from the npm registry, run in real Chromium) on every page type, light and dark."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from .helpers import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGE_TYPES = {
    "start": "",
    "planning": "planning/hr-n2-2025-2026/",
    "planning-voorbeelddata": "planning/nh-ipabo-2025-2026/",
    "planning-lijst": "planning/",
    "rollen": "rollen/",
    "rol": "rollen/wpb/",
    "domeinen": "domeinen/",
    "domein": "domeinen/pedagogiek/",
    "pagina": "toegankelijkheid/",
    "mijn-gegevens": "mijn-gegevens/",
    "offline": "offline/",
    "formulieren": "formulieren/",
    "formulier": "formulieren/zelfscan-werkplekopleider/",
    "radar": "formulieren/radar/werkplekopleider/",
    "zoeken": "zoeken/",
    "herinneringen": "herinneringen/",
    "inzet": "inzet/",
    "scholen": "school/",
    "bronnen": "bronnen/",
    "school": "school/voorbeeldcollege/",
    "traject": "ontwikkeling/werkplekopleider/",
    "ontvangen": "ontvangen/",
    "studenten": "studenten/",
    "lesbezoek": "lesbezoek/",
    "groeidossier": "groeidossier/",
}


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_no_axe_violations(browser, site_url, name, scheme):
    context = browser.new_context(color_scheme=scheme, locale="nl-NL", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.clock.set_fixed_time(dt.datetime(2025, 11, 20, 12, 0))
    page.goto(site_url + PAGE_TYPES[name])
    page.wait_for_selector("html[data-ready]", state="attached")
    if name == "start":  # the state a returning user sees: role chosen, a task ticked
        page.get_by_label("Werkplekbegeleider (WPB)", exact=True).check()
        page.locator("section.period-now:visible [data-role='wpb'] input[type=checkbox]").first.check()
    if name in ("planning", "planning-voorbeelddata"):
        page.locator("details.about summary").click()
    violations = []
    if name == "ontvangen":  # with no entry in the address: what it is, and the field to paste a link into
        page.locator("[data-paste-section]").wait_for()
        violations += axe_violations(page)
    if name in ("formulier", "radar", "ontvangen"):  # with answers, so the results, the radar and a gap show
        page.goto(site_url + PAGE_TYPES["formulier"])
        page.wait_for_selector("html[data-ready]", state="attached")
        for group in page.locator(".form-section [data-kind='scale']").all()[:8]:
            group.locator("input[value='6']").check()
        page.get_by_role("button", name="Afronden").click()  # and the list of what is missing
        page.locator("[data-missing]").wait_for()
        page.locator("[data-results] svg").wait_for()
        # The share area with a link, its code, the long-link warning and the QR code shown.
        page.get_by_label("Beveilig met een code").check()
        page.get_by_role("button", name="Maak de link").click()
        page.locator("[data-share-code]").filter(has_text=re.compile(r"\w")).wait_for()
        link = page.locator("[data-share-link]").input_value()
        entry_url = page.url
        page.evaluate("document.querySelector('[data-share-long]').hidden = false")
        page.get_by_role("button", name="Toon als QR-code").click()
        page.locator("[data-share-qr-image] svg").wait_for()
        if name == "radar":
            page.goto(site_url + PAGE_TYPES["radar"])
            page.wait_for_selector("html[data-ready]", state="attached")
        if name == "ontvangen":  # the shared entry as received: code first, then the entry
            page.goto(link)
            page.locator("[data-code-form]").wait_for()
            violations += axe_violations(page)
            page.get_by_label("Code").fill("FOUT22")
            page.get_by_role("button", name="Openen").click()
            page.locator("[data-received-status]").filter(has_text="klopt niet").wait_for()
            violations += axe_violations(page)
            page.goto(entry_url)  # the same entry as a plain link
            page.wait_for_selector("html[data-ready]", state="attached")
            page.get_by_label("Beveilig met een code").uncheck()
            page.get_by_role("button", name="Maak de link").click()
            page.locator("[data-share-status]").filter(has_text="De link is klaar.").wait_for()
            page.goto(page.locator("[data-share-link]").input_value())
            page.locator("[data-entry-view] [data-results] svg").wait_for()
            page.get_by_role("button", name="Bewaar op dit apparaat").click()
            page.locator("[data-save-result] a").wait_for()
    if name == "zoeken":  # with results: marked titles and snippets, the count
        page.get_by_label("Zoekwoord").fill("student")
        page.locator("[data-search-results] mark").first.wait_for()
    page.wait_for_load_state("networkidle")
    # Also check what only shows at times: the offline badge and the update notice.
    page.evaluate("document.querySelectorAll('[data-offline-badge], [data-update]').forEach(e => e.hidden = false)")
    if name == "ontvangen":  # and the iOS Safari notice
        page.evaluate("document.querySelector('[data-ios-tab]').hidden = false")
    violations += axe_violations(page)
    assert violations == []
    context.close()


def test_axe_finds_a_real_violation(browser, site_url):
    """The check itself works: a checkbox stripped of its label is reported."""
    page = browser.new_page()
    page.goto(site_url + "rollen/wpb/")
    page.evaluate("document.querySelector('.checklist label').remove()")
    assert "label" in {v["id"] for v in axe_violations(page)}
    page.close()


def test_keyboard_reaches_the_checklist(page, site_url):
    page.goto(site_url + "rollen/wpb/")
    page.wait_for_selector("html[data-ready]", state="attached")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Naar de inhoud"
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "checkbox":
            break
    assert page.evaluate("document.activeElement.type") == "checkbox"
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.checked") is True


def test_a_form_can_be_filled_in_by_keyboard_alone(page, site_url):
    page.goto(site_url + "formulieren/kijkwijzer-pedagogiek/")
    page.wait_for_selector("html[data-ready]", state="attached")
    active = "document.activeElement.name || document.activeElement.textContent"
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "student":
            break
    page.keyboard.type("Sam de Vries")
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "respectvol":
            break
    assert page.evaluate(active) == "respectvol"
    page.keyboard.press("ArrowRight")  # arrow keys choose within the group
    chosen = page.evaluate("document.querySelector('input[name=respectvol]:checked').value")
    assert chosen in ("1", "2")
    page.wait_for_function("document.querySelector('[data-save-state]').textContent.startsWith('Opgeslagen')")
    # The choice is committed (not only the name typed before it) before the reload.
    page.wait_for_function(
        """async (value) => {
        const storage = await import(new URL(document.documentElement.dataset.root + 'static/js/lib/storage.js', document.baseURI).href);
        const entry = await storage.getEntry(new URL(location.href).searchParams.get('invulling'));
        return Boolean(entry) && entry.answers.respectvol === value;
    }""",
        arg=chosen,
        polling=50,
    )
    page.reload()
    page.wait_for_selector("html[data-ready]", state="attached")
    assert page.get_by_role("textbox", name="Student (verplicht)").input_value() == "Sam de Vries"
    assert page.evaluate("document.querySelector('input[name=respectvol]:checked').value") == chosen
