"""Every page fits a phone: at 320, 360 and 390 px no built page is wider than the screen (wide tables
scroll in their own box), also with entries that fill the results and the radar; the update banner is
on screen; radar labels are at least 12 px."""

from __future__ import annotations

import pytest

from .helpers import built_pages, ready

WIDTHS = (320, 360, 390)

# Entries with every rating answered, made from the site's own answer rules, so the results tables and the
# radar are drawn with real rows (a page without entries hides them).
FILL = """async () => {
    const root = new URL(document.documentElement.dataset.root, document.baseURI);
    const rulesCode = await import(new URL('static/js/lib/answer-rules.js', root).href);
    const forms = Object.keys(JSON.parse(document.getElementById('formulieren-gegevens').textContent));
    const rules = await rulesCode.loadAnswerRules(forms);
    const storage = await import(new URL('static/js/lib/storage.js', root).href);
    const at = new Date().toISOString();
    const entries = Object.entries(rules).map(([form, groups]) => ({
        id: crypto.randomUUID(), form, version: 'x', created: at, updated: at, state: 'concept', completed: null,
        meta: Object.fromEntries(Object.entries(groups.meta).filter(([, r]) => r.kind === 'text')
            .map(([id]) => [id, 'Bea Beatrix-Bernadette van den Berghe-Bouwmeester'])),
        answers: Object.fromEntries(Object.entries(groups.answers).filter(([, r]) => r.kind === 'scale')
            .map(([id, r], i) => [id, String(i % r.points + 1)])),
    }));
    await storage.putEntries(entries);
    return entries.map((e) => [e.form, e.id]);
}"""

WIDER = """() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll('body *')].filter((el) => {
        const box = el.getBoundingClientRect();
        return box.width > 0 && box.right > width + 1 && !el.closest('.table-scroll, .visually-hidden');
    }).slice(0, 3).map((el) => `${el.tagName.toLowerCase()}.${el.className} (${Math.round(el.getBoundingClientRect().right)} px)`);
    return { scroll: document.documentElement.scrollWidth, width, wide };
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_is_wider_than_a_phone(browser, built_site, site_url, width):
    context = browser.new_context(
        viewport={"width": width, "height": 740}, locale="nl-NL", is_mobile=True, has_touch=True, device_scale_factor=2
    )
    page = context.new_page()
    page.goto(site_url + "formulieren/")
    ready(page)
    filled = dict(page.evaluate(FILL))
    urls = [path.removesuffix("index.html") for path in built_pages(built_site)]
    urls += [f"formulieren/{form}/?invulling={id}" for form, id in filled.items()]
    too_wide = {}
    for url in urls:
        page.goto(site_url + url)
        ready(page)
        found = page.evaluate(WIDER)
        if found["scroll"] > found["width"]:
            too_wide[url] = found
    assert not too_wide, too_wide

    # The radar with entries: drawn, its labels readable, its table scrolls to the last column.
    page.goto(site_url + "formulieren/radar/werkplekopleider/")
    ready(page)
    sizes = page.locator(".radar-label").evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().height / e.querySelectorAll('tspan').length)"
    )
    assert sizes and min(sizes) >= 12, sizes
    box = page.locator(".table-scroll")
    last = box.locator("th", has_text="Grootste verschil")
    last.scroll_into_view_if_needed()
    assert last.is_visible()

    # The update banner sits on the screen, not beside it.
    page.evaluate("document.querySelector('[data-update]').hidden = false")
    banner = page.locator("[data-update]").bounding_box()
    assert banner["x"] >= 0 and banner["x"] + banner["width"] <= width
    assert banner["y"] + banner["height"] <= 740
    context.close()
