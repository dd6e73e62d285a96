"""Search (zoeken/): the index the build writes holds everything a reader looks for, each with a URL
that resolves in the build; in Chromium it finds as you type, without diacritics, and offline."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import yaml
from playwright.sync_api import expect
from werkplek.precache import built_worker

from .helpers import (
    CONTENT,
    FIXTURES,
    load_index,
    open_page,
    pick_role,
    result_for,
    results,
    search,
    static_server,
    wait_for_worker,
)

WORD = re.compile(r"[^\W\d_]{6,}")


def content_files(kind: str, content: Path = CONTENT) -> dict[str, dict]:
    folder = content / kind
    if not folder.is_dir():
        return {}
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.yml"))}


def expected_documents(content: Path) -> dict[str, tuple[str, str]]:
    """id -> (kind, title) for everything in the content that search must find, read from the YAML."""
    out: dict[str, tuple[str, str]] = {}
    for role_id, role in content_files("roles", content).items():
        out[f"rol:{role_id}"] = ("Rol", role["name"])
        for field, kind in (("tasks", "Taak"), ("competences", "Bekwaamheid")):
            for item in role.get(field, []):
                out[f"rol:{role_id}:{item['id']}"] = (kind, item["text"])
    for programme_id, programme in content_files("programmes", content).items():
        for period in programme["periods"]:
            for task in period.get("tasks", []):
                out[f"taak:{programme_id}:{period['id']}:{task['id']}"] = ("Taak", task["title"])
    for domain_id, domain in content_files("domains", content).items():
        out[f"domein:{domain_id}"] = ("Domein", domain["name"])
    for form_id, form in content_files("forms", content).items():
        out[f"formulier:{form_id}"] = ("Formulier", form["title"])
        for section in form["sections"]:
            for item in section["items"]:
                out[f"formulier:{form_id}:{item['id']}"] = ("Vraag", item["text"])
    for page_id, page in content_files("pages", content).items():
        out[f"pagina:{page_id}"] = ("Pagina", page["title"])
    for school_id, school in content_files("schools", content).items():
        out[f"school:{school_id}"] = ("School", school["name"])
    for document_id, document in content_files("documents", content).items():
        out[f"bron:{document_id}"] = ("Bron", document["title"])
    for track_id, track in content_files("tracks", content).items():
        out[f"traject:{track_id}"] = ("Traject", track["title"])
        for werkvorm in track["werkvormen"]["items"]:
            out[f"werkvorm:{track_id}:{werkvorm['id']}"] = ("Werkvorm", werkvorm["name"])
    return out


# -- the index ------------------------------------------------------------------------------------


def test_index_holds_every_role_task_domain_form_item_and_page(built_site):
    docs = load_index(built_site)
    ids = [doc["id"] for doc in docs]
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]
    expected = expected_documents(CONTENT)
    assert set(ids) == set(expected)
    for doc in docs:
        kind, title = expected[doc["id"]]
        assert doc["kind"] == kind, doc
        assert doc["title"].startswith(title.strip()), doc  # a role adds its abbreviation
        assert set(doc) <= {"id", "kind", "title", "text", "url", "context"}
        assert all(isinstance(v, str) for v in doc.values())
    kinds = Counter(doc["kind"] for doc in docs)
    assert set(kinds) == {
        "Rol",
        "Taak",
        "Bekwaamheid",
        "Domein",
        "Formulier",
        "Vraag",
        "Pagina",
        "School",
        "Traject",
        "Werkvorm",
        "Bron",
    }


def test_index_texts_come_from_the_content(built_site):
    """What is searched beyond the title: a role's summary, a domain's description, a page's sections."""
    docs = {doc["id"]: doc for doc in load_index(built_site)}
    for role_id, role in content_files("roles").items():
        assert docs[f"rol:{role_id}"]["text"] == role["summary"].strip()
    for domain_id, domain in content_files("domains").items():
        assert docs[f"domein:{domain_id}"]["text"] == domain["description"].strip()
    for page_id, page in content_files("pages").items():
        text = docs[f"pagina:{page_id}"]["text"]
        assert text.startswith(page["intro"].strip())
        for section in page.get("sections", []):
            assert section["heading"] in text
            for paragraph in section.get("paragraphs", []):
                assert paragraph.strip() in text


def test_every_url_resolves_in_the_build(built_site):
    """Each URL is relative to the site root and names a built page; an anchor names an element on it.
    Form pages (formulieren/<id>/) are built on another branch: until they are in the build, their
    URLs are checked for their form only, and from then on like every other URL."""
    forms_built = (built_site / "formulieren").is_dir()
    for doc in load_index(built_site):
        url = doc["url"]
        assert not url.startswith(("/", "http:", "https:", "../")), doc
        path, _, anchor = url.partition("#")
        assert path == "" or path.endswith("/"), doc
        if doc["kind"] in ("Formulier", "Vraag") and not forms_built:
            form_id, _, item_id = doc["id"].removeprefix("formulier:").partition(":")
            assert url == f"formulieren/{form_id}/" + (f"#{item_id}" if item_id else ""), doc
            continue
        page = built_site / path / "index.html"
        assert page.is_file(), doc
        if anchor:
            assert f'id="{anchor}"' in page.read_text(encoding="utf-8"), doc


def test_index_is_in_the_precache_and_compact(built_site):
    urls = {u for u, _ in built_worker(built_site)["files"]}
    assert {
        "zoeken/",
        "zoeken/index.json",
        "static/vendor/minisearch/minisearch.js",
        "static/vendor/minisearch/LICENSE.txt",
        "static/js/pages/search.js",
        "static/js/lib/search-text.js",
    } <= urls
    raw = (built_site / "zoeken" / "index.json").read_bytes()
    assert b"\n " not in raw  # no indentation


def test_only_the_search_page_loads_minisearch(built_site):
    for page in built_site.rglob("index.html"):
        assert "minisearch" not in page.read_text(encoding="utf-8").lower(), page
    main = (built_site / "static/js/main.js").read_text(encoding="utf-8")
    assert "import('./pages/search.js')" in main and "from './pages/search.js'" not in main


def test_another_partnership_has_no_domains_or_forms_in_its_index(partnership_site):
    docs = load_index(partnership_site)
    assert {doc["id"] for doc in docs} == set(expected_documents(FIXTURES / "partnership"))
    assert {doc["kind"] for doc in docs} == {"Rol", "Taak", "Bekwaamheid"}  # no Domein, Formulier, Pagina
    html = (partnership_site / "zoeken" / "index.html").read_text(encoding="utf-8")
    assert "domeinen" not in html and "formulieren" not in html
    for doc in docs:
        assert (partnership_site / doc["url"].partition("#")[0] / "index.html").is_file(), doc


# -- in Chromium ----------------------------------------------------------------------------------


def rare_word(docs: list[dict[str, str]], doc: dict[str, str]) -> str:
    """The word of doc's text that the fewest other documents contain (so the task is in the top results)."""
    counts = Counter(w.lower() for d in docs for w in set(WORD.findall(d["title"] + " " + d["text"])))
    return min(WORD.findall(doc["text"]), key=lambda w: (counts[w.lower()], w))


def test_typing_a_word_from_a_tasks_text_finds_the_task(page, site_url, built_site):
    docs = load_index(built_site)
    task = next(d for d in docs if d["id"].startswith("taak:") and len(WORD.findall(d["text"])) >= 3)
    word = rare_word(docs, task)
    open_page(page, site_url + "zoeken/")
    search(page, word)
    found = result_for(page, task["url"])
    found.wait_for()
    expect(found.locator(".result-kind")).to_have_text(re.compile("^" + re.escape("Taak · ")), use_inner_text=True)
    expect(found.get_by_role("link")).to_have_text(task["title"], use_inner_text=True)
    assert word.lower() in [m.lower() for m in found.locator(".result-text mark").all_inner_texts()]
    count = results(page).count()
    status = page.locator("[data-search-status]")
    expected = "1 resultaat voor" if count == 1 else f"{count} resultaten voor"
    page.wait_for_function("t => document.querySelector('[data-search-status]').textContent.includes(t)", arg=expected)
    expect(status).to_have_attribute("aria-live", "polite")
    # The link goes where the task lives, and lands on its checkbox.
    found.get_by_role("link").click()
    page.wait_for_url(re.compile(re.escape(task["url"].partition("#")[0]) + "#"))
    assert page.evaluate("document.querySelector(':target').dataset.key") == task["id"]


def test_a_word_without_its_diacritics_finds_the_role(page, site_url, built_site):
    role = next(d for d in load_index(built_site) if d["kind"] == "Rol" and "ö" in d["title"])
    word = next(w for w in role["title"].split() if "ö" in w)  # "Coördinerend"
    plain = word.replace("ö", "o").lower()  # "coordinerend"
    open_page(page, site_url + "zoeken/")
    search(page, plain)
    found = result_for(page, role["url"])
    found.wait_for()
    expect(found.locator(".result-kind")).to_have_text("Rol", use_inner_text=True)
    expect(found.locator("mark").first).to_have_text(
        word, use_inner_text=True
    )  # the match is marked as the content spells it
    # A role outranks the tasks that merely mention the word.
    expect(results(page).locator(".result-kind").first).to_have_text("Rol", use_inner_text=True)
    # Prefix and a typo also find it.
    search(page, plain[:5])
    result_for(page, role["url"]).wait_for()
    search(page, plain[:-3] + "x" + plain[-2:])  # one letter wrong
    result_for(page, role["url"]).wait_for()


def test_words_find_together_and_nothing_found_says_so(page, site_url, built_site):
    open_page(page, site_url + "zoeken/")
    search(page, "qqqzzz")
    page.wait_for_function("document.querySelector('[data-search-status]').textContent.includes('Niets gevonden')")
    expect(results(page)).to_have_count(0)
    # Two words: only documents with both; Dutch stop words do not narrow the search.
    docs = load_index(built_site)
    role = next(d for d in docs if d["kind"] == "Rol" and len(WORD.findall(d["text"])) >= 2)
    first, second = WORD.findall(role["text"])[:2]
    search(page, f"{first} de {second}")
    result_for(page, role["url"]).wait_for()
    search(page, "")
    page.wait_for_function("document.querySelector('[data-search-status]').textContent.includes('Typ een woord')")
    expect(results(page)).to_have_count(0)


def test_search_works_offline_after_one_search(page, context, site_url):
    """Changed with issue 17: the index (the whole partnership's text) is kept from the first search on."""
    open_page(page, site_url)
    pick_role(page, "Coördinerend schoolopleider (CSO)")
    open_page(page, site_url + "zoeken/")
    wait_for_worker(page)
    loaded = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    assert not any("minisearch" in url or "index.json" in url for url in loaded)  # not before a search starts
    # Offline before any search: the page says what it needs.
    context.set_offline(True)
    page.reload()
    page.wait_for_selector("html[data-ready]", state="attached")
    search(page, "coordinerend")
    expect(page.locator("[data-search-status]")).to_contain_text("nadat je hier één keer met internet hebt gezocht")
    # One search online, then it works without the internet.
    context.set_offline(False)
    page.reload()
    page.wait_for_selector("html[data-ready]", state="attached")
    search(page, "coordinerend")
    result_for(page, "rollen/cso/").wait_for()
    context.set_offline(True)
    page.reload()
    page.wait_for_selector("html[data-ready]", state="attached")
    search(page, "coordinerend")
    result_for(page, "rollen/cso/").wait_for()
    # From the results to the page, still offline.
    result_for(page, "rollen/cso/").get_by_role("link").click()
    page.wait_for_url("**/rollen/cso/")
    expect(page.locator("h1")).to_have_text(
        re.compile("^" + re.escape("Coördinerend schoolopleider")), use_inner_text=True
    )


def test_query_in_the_address_and_keyboard(page, site_url):
    open_page(page, site_url + "zoeken/?q=co%C3%B6rdinerend")
    expect(page.get_by_label("Zoekwoord")).to_have_value("coördinerend")
    result_for(page, "rollen/cso/").wait_for()
    links = results(page).get_by_role("link")
    box = page.get_by_label("Zoekwoord")
    box.focus()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.href") == links.nth(0).evaluate("a => a.href")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.href") == links.nth(1).evaluate("a => a.href")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "zoekterm"
    # Enter goes to the first result; typing keeps the address in step, so Back returns to the same search.
    box.press_sequentially(" school")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.closest('[data-search-results]') !== null")
    assert "q=co%C3%B6rdinerend+school" in page.url


def test_without_javascript_it_says_so_and_links_to_the_lists(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "zoeken/")
    expect(page.locator("main")).to_contain_text("Zoeken werkt alleen met JavaScript", use_inner_text=True)
    for name in ("Planning", "Rollen", "Begeleidingsdomeinen"):
        expect(page.get_by_role("main").get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(page.get_by_label("Zoekwoord")).to_be_hidden()
    context.close()


def test_every_page_links_to_search(built_site):
    for page in built_site.rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        here = page.parent == built_site / "zoeken"
        link = r'<a href="\./" aria-current="page">Zoeken</a>' if here else r'<a href="(\.\./)*zoeken/">Zoeken</a>'
        assert re.search(link, html), page


def test_another_partnership_searches(page, partnership_site):
    with static_server(partnership_site, "noord") as url:
        open_page(page, url + "zoeken/")
        search(page, "stagiair begeleidt")
        result_for(page, "rollen/mentor/").wait_for()
        search(page, "stageplan")
        found = result_for(page, "rollen/stagiair/#v--taak--noord--p1--plan")
        found.wait_for()
        expect(found.locator(".result-kind")).to_have_text(re.compile("^" + re.escape("Taak · ")), use_inner_text=True)
