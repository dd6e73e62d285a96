"""An offline copy sized for one user (issue 17 §3): the build puts every file in an offline group (pages.py,
precache.py); the worker keeps the core at once, the user's programme and role once she picks them, and any
other file of the build once it is opened, each checked against its hash."""

from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect
from werkplek.pages import CORE, PAGES, both_group, page_group, programme_group, role_group, user_groups
from werkplek.pipeline import build
from werkplek.precache import built_file, built_worker

from .helpers import (
    CONTENT,
    FIXTURES,
    cached_urls,
    group_urls,
    new_device,
    open_page,
    pick_role,
    ready,
    serve_directory,
    wait_for_worker,
)

NOT_OFFLINE = "Deze pagina is niet offline beschikbaar"
OTHER_VERSION = "Deze pagina hoort bij een nieuwe versie"
DURING_THE_YEAR = "2026-03-02T10:00:00+01:00"  # within the default programme: the start page shows "Nu"


def groups_of(site: Path) -> dict[str, set[str]]:
    """URL -> the groups sw.js puts it in."""
    worker = built_worker(site)
    out: dict[str, set[str]] = {url: set() for url, _ in worker["files"]}
    for group, indices in worker["groups"].items():
        for i in indices:
            out[worker["files"][i][0]].add(group)
    return out


def content_ids(content: Path, kind: str) -> set[str]:
    return {p.stem for p in (content / kind).glob("*.yml")}


# -- the groups, from the content ----------------------------------------------------------


@pytest.mark.parametrize("content", [CONTENT, FIXTURES / "partnership-full"], ids=["default", "partnership-full"])
def test_groups_come_from_the_content(content, tmp_path):
    site = tmp_path / "build"
    build(content, site)
    groups = groups_of(site)
    programmes, roles = content_ids(content, "programmes"), content_ids(content, "roles")
    allowed = {CORE} | {programme_group(p) for p in programmes} | {role_group(r) for r in roles}
    allowed |= {both_group(p, r) for p in programmes for r in roles}
    pages = {name for name in set().union(*groups.values()) if name.startswith("page:")}
    assert {page_group("pages.form"), page_group("pages.radar")} <= pages
    assert set().union(*groups.values()) - pages <= allowed
    # Core: what every user reaches at once, and everything those pages load.
    core = {url for url, found in groups.items() if CORE in found}
    assert {"./", "planning/", "formulieren/", "offline/", "mijn-gegevens/", "manifest.webmanifest"} <= core
    assert {"static/css/main.css", "static/js/main.js", "static/js/lib/storage.js", "static/js/pages/home.js"} <= core
    # A core file is in no other group: the groups say what a user keeps besides the core.
    assert all(found == {CORE} for found in groups.values() if CORE in found)
    # Every role page is its role's; every form page is in some user's groups (or cached when opened).
    for role in roles:
        assert groups[f"rollen/{role}/"] == {role_group(role)}
    # The search index is the whole partnership's text: kept only once the user has searched.
    assert groups["zoeken/index.json"] == set()
    assert groups["static/vendor/minisearch/minisearch.js"] == set()
    # Calendars: a programme's to its programme, a role's in it to both.
    for url in groups:
        found = re.fullmatch(r"agenda/([^/]+)/([^/]+)\.ics", url)
        if found:
            assert groups[url] == {both_group(found[1], found[2])}
        elif re.fullmatch(r"agenda/([^/]+)\.ics", url):
            assert groups[url] == {programme_group(url[len("agenda/") : -len(".ics")])}


def test_a_form_goes_to_who_fills_it_in_and_its_questions_to_who_receives_it(built_site):
    groups = groups_of(built_site)
    for path in (CONTENT / "forms").glob("*.yml"):
        form = yaml.safe_load(path.read_text(encoding="utf-8"))
        page, questions = groups[f"formulieren/{path.stem}/"], groups[f"formulieren/{path.stem}/vragen.json"]
        for role in form["filled_by"]:
            assert any(g.endswith(role_group(role)) for g in page), (path.stem, role)
        about = form.get("about")
        if about and about not in form["filled_by"]:
            assert any(g.endswith(role_group(about)) for g in questions), (path.stem, about)


def test_every_page_kind_says_its_groups():
    """A new kind of page must decide where it goes offline: the table has a groups function for each."""
    assert all(callable(kind.groups) for kind in PAGES)
    assert user_groups("p", "r") == [CORE, "programme:p", "role:r", "programme:p role:r"]
    assert user_groups(None, None) == [CORE]


# -- in the browser --------------------------------------------------------------------------


def site_copy(built_site: Path, tmp_path: Path) -> Path:
    www = tmp_path / "www"
    shutil.copytree(built_site, www / "stage")
    return www


def test_a_first_visit_keeps_the_core_and_nothing_else(browser, built_site, tmp_path):
    context, page, errors = new_device(browser)
    try:
        with serve_directory(site_copy(built_site, tmp_path)) as root:
            open_page(page, root + "stage/")
            wait_for_worker(page)
            cached = cached_urls(page)
        core = group_urls(built_site, ["core"])
        assert core <= cached
        assert cached - core <= {".werkplek-profile", "sw-files.json"}
        assert "rollen/wpb/" not in cached and "zoeken/index.json" not in cached
        assert not errors
    finally:
        context.close()


@pytest.mark.parametrize(
    ("programme", "role"),
    [
        ("hr-n2-2025-2026", "Werkplekbegeleider (WPB)"),
        ("hr-n2-2025-2026", "Student"),
        ("nh-ipabo-2025-2026", "Studiebegeleider"),  # the other programme, a role only it has tasks for
    ],
)
def test_every_link_of_her_start_page_works_offline(browser, built_site, tmp_path, programme, role):
    context, page, errors = new_device(browser)
    page.clock.set_fixed_time(DURING_THE_YEAR)
    try:
        with serve_directory(site_copy(built_site, tmp_path)) as root:
            base = root + "stage/"
            open_page(page, base)
            wait_for_worker(page)
            picker = page.locator("[data-picker]")
            if not picker.evaluate("d => d.open"):
                picker.locator("summary").click()
            page.get_by_label("Mijn opleiding").select_option(programme)
            assert pick_role(page, role)[0] == programme
            expect(page.locator("[data-now] .period-now:visible")).to_have_count(1)
            links = page.locator("a:visible").evaluate_all("links => links.map((a) => a.href.split('#')[0])")
        mine = sorted({href for href in links if href.startswith(base) and not href.endswith(".ics")})
        assert len(mine) > 15  # the navigation, the cards, her tasks' forms and domains, the footer
        context.set_offline(True)
        for href in mine:
            page.goto(href)
            ready(page)
            heading = page.locator("h1")
            expect(heading, href).not_to_have_text(NOT_OFFLINE, use_inner_text=True)
        assert not errors
    finally:
        context.close()


def test_another_roles_page_works_offline_once_opened(browser, built_site, tmp_path):
    context, page, errors = new_device(browser)
    try:
        with serve_directory(site_copy(built_site, tmp_path)) as root:
            base = root + "stage/"
            open_page(page, base)
            wait_for_worker(page)
            pick_role(page, "Werkplekbegeleider (WPB)")
            assert "rollen/so/" not in cached_urls(page)
            open_page(page, base + "rollen/so/")
            expect(page.locator("h1")).to_have_text("Schoolopleider (SO)", use_inner_text=True)
            assert "rollen/so/" in cached_urls(page)
        context.set_offline(True)
        open_page(page, base + "rollen/so/")
        expect(page.locator("h1")).to_have_text("Schoolopleider (SO)", use_inner_text=True)
        page.goto(base + "rollen/io/")  # never opened here
        expect(page.locator("h1")).to_have_text(NOT_OFFLINE, use_inner_text=True)
        assert not errors
    finally:
        context.close()


def test_a_new_version_fills_her_groups_before_it_takes_over(browser, tmp_path, content_copy):
    www = tmp_path / "www"
    build(content_copy, www / "stage")
    requests: list[str] = []
    context, page, errors = new_device(browser)
    try:
        with serve_directory(www, requests) as root:
            base = root + "stage/"
            open_page(page, base)
            wait_for_worker(page)
            programme, role = pick_role(page, "Werkplekbegeleider (WPB)")
            open_page(page, base + "rollen/so/")  # opened once: kept in the next version too
            open_page(page, base + f"rollen/{role}/")
            before = page.locator("h1").inner_text()
            old = dict(built_worker(www / "stage")["files"])

            path = content_copy / "roles" / f"{role}.yml"
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            data["name"] = "Begeleider op de werkplek"
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
            build(content_copy, www / "stage")
            new = built_worker(www / "stage")["version"]

            del requests[:]
            page.reload()
            ready(page)
            expect(page.locator("[data-update]")).to_be_visible(timeout=20000)
            # Only what changed is downloaded: a file with the same bytes is copied from the old version.
            changed = {url for url, digest in built_worker(www / "stage")["files"] if old.get(url) != digest}
            asked = {r.removeprefix("/stage/") or "./" for r in requests} - {"sw.js", "sw-files.json"}
            assert asked - {f"rollen/{role}/"} <= changed | {p for p in asked if p.startswith("packs/")}, asked
            assert "static/css/main.css" not in asked and "./" in changed
            # Installed and waiting: the new version's cache holds her groups, the old one still serves.
            expect(page.locator("h1")).to_have_text(before, use_inner_text=True)
            waiting = set(
                page.evaluate(
                    """async (name) => {
                        const root = new URL(document.documentElement.dataset.root, document.baseURI).href;
                        return (await (await caches.open(name)).keys()).map((r) => r.url.slice(root.length));
                    }""",
                    f"werkplek:/stage/:{new}",
                )
            )
            assert group_urls(www / "stage", user_groups(programme, role)) <= waiting
            assert "rollen/so/" in waiting and "rollen/io/" not in waiting

            with page.expect_navigation():
                page.get_by_role("button", name="vernieuwen").click()
            ready(page)
            expect(page.locator("h1")).to_contain_text("Begeleider op de werkplek")
            assert {r for r in asked if r.startswith("packs/")}  # most of her copy changed: it came in packs

            # A small change (one question of one form): that page alone, not its group's pack.
            form = content_copy / "forms" / "kijkwijzer-pedagogiek.yml"
            form.write_text(form.read_text(encoding="utf-8").replace("Hoe staat de student", "Hoe staat zij"))
            old = dict(built_worker(www / "stage")["files"])
            build(content_copy, www / "stage")
            new = built_worker(www / "stage")["version"]
            changed = {url for url, digest in built_worker(www / "stage")["files"] if old.get(url) != digest}
            assert "formulieren/kijkwijzer-pedagogiek/" in changed and len(changed) < 5, changed
            del requests[:]
            page.reload()
            ready(page)
            expect(page.locator("[data-update]")).to_be_visible(timeout=20000)
            asked = {r.removeprefix("/stage/") or "./" for r in requests} - {"sw.js", "sw-files.json"}
            hers = {url or "./" for url in group_urls(www / "stage", user_groups(programme, role))}
            assert asked - {f"rollen/{role}/"} == changed & hers
            with page.expect_navigation():
                page.get_by_role("button", name="vernieuwen").click()
            ready(page)
        context.set_offline(True)
        open_page(page, base + "formulieren/kijkwijzer-pedagogiek/")
        expect(page.get_by_text("Hoe staat zij voor de groep?")).to_be_visible()
        for url in (f"rollen/{role}/", "rollen/so/", "planning/"):
            open_page(page, base + url)
            expect(page.locator("h1")).not_to_have_text(NOT_OFFLINE, use_inner_text=True)
        assert page.evaluate("caches.keys()") == [f"werkplek:/stage/:{new}"]
        assert not errors
    finally:
        context.close()


def tamper(site: Path, url: str) -> None:
    """Other bytes for one file, on its own and in the pack that holds it (same length there, so the
    pack's other files still read)."""
    path = built_file(site, url)
    path.write_bytes(path.read_bytes() + b"<!-- other bytes -->\n")
    worker = built_worker(site)
    index = [u for u, _ in worker["files"]].index(url)
    for pack, members in worker["packs"].values():
        offset = 0
        for i, size in members:
            if i == index:
                data = bytearray(gzip.decompress((site / pack).read_bytes()))
                data[offset + size - 2] ^= 1
                (site / pack).write_bytes(gzip.compress(bytes(data)))
            offset += size


def unpacked(site: Path, pack: str) -> dict[str, bytes]:
    """What a pack holds: URL -> bytes."""
    worker = built_worker(site)
    data, out, offset = gzip.decompress((site / pack).read_bytes()), {}, 0
    for path, members in worker["packs"].values():
        if path == pack:
            for i, size in members:
                out[worker["files"][i][0]] = data[offset : offset + size]
                offset += size
    return out


def test_every_group_is_one_pack_of_its_files_as_built(built_site):
    worker = built_worker(built_site)
    groups, packs = worker["groups"], worker["packs"]
    for group, indices in groups.items():
        # A programme and role together: what her programme's or role's pack brings is not in it again.
        programme, _, role = group.partition(" ")
        elsewhere = set(groups.get(programme, [])) | set(groups.get(role, [])) if role else set()
        own = set(indices) - elsewhere
        if group.startswith("page:") or len(own) < 2:  # kept with a page opened once; a lone file
            assert group not in packs, group
            continue
        pack, members = packs[group]
        assert {i for i, _ in members} == own, group
        held = unpacked(built_site, pack)
        assert len(held) == len(members)
        for url, data in held.items():
            assert data == built_file(built_site, url).read_bytes(), url
    assert len(packs) >= 1 + 2 + 5  # the core, both programmes, their roles
    assert "./" in {worker["files"][i][0] for i, _ in packs["core"][1]}


def test_her_copy_comes_as_a_few_packs(browser, built_site, tmp_path):
    worker = built_worker(built_site)
    packs = worker["packs"]
    requests: list[str] = []
    context, page, errors = new_device(browser)
    try:
        with serve_directory(site_copy(built_site, tmp_path), requests) as root:
            base = root + "stage/"
            open_page(page, base)
            wait_for_worker(page)
            first = [r.removeprefix("/stage/") for r in requests]
            assert first.count(packs["core"][0]) == 1
            # The page and what it loads come from the network before the worker is there; the rest of
            # the core only in its pack.
            loaded = set(page.evaluate("performance.getEntriesByType('resource').map((e) => e.name)"))
            alone = {r for r in first if not r.startswith("packs/")} - {"", "sw.js", "sw-files.json"}
            assert alone <= {u.removeprefix(base) for u in loaded}, alone - {u.removeprefix(base) for u in loaded}
            del requests[:]
            programme, role = pick_role(page, "Werkplekbegeleider (WPB)")
            names = user_groups(programme, role)[1:]
            asked = sorted(r.removeprefix("/stage/") for r in requests)
            assert asked == sorted(packs[g][0] for g in names if g in packs), asked
            assert group_urls(built_site, user_groups(programme, role)) <= cached_urls(page)
        context.set_offline(True)
        open_page(page, base + "formulieren/kijkwijzer-pedagogiek/")
        expect(page.locator("h1")).to_contain_text("Kijkwijzer")
        open_page(page, base + f"rollen/{role}/")
        expect(page.locator("h1")).not_to_have_text(NOT_OFFLINE, use_inner_text=True)
        assert not errors
    finally:
        context.close()


def test_without_its_packs_the_copy_comes_file_by_file(browser, built_site, tmp_path):
    """A host that lost or refuses the packs: the worker fetches each file on its own, as checked as ever."""
    www = site_copy(built_site, tmp_path)
    shutil.rmtree(www / "stage" / "packs")
    requests: list[str] = []
    context, page, errors = new_device(browser)
    try:
        with serve_directory(www, requests) as root:
            base = root + "stage/"
            open_page(page, base)
            wait_for_worker(page)
            programme, role = pick_role(page, "Student")
            cached = cached_urls(page)
            assert group_urls(built_site, user_groups(programme, role)) <= cached
            assert "rollen/wpb/" not in cached  # another role's page
            assert "/stage/rollen/student/" in requests
        context.set_offline(True)
        open_page(page, base + "rollen/student/")
        expect(page.locator("h1")).not_to_have_text(NOT_OFFLINE, use_inner_text=True)
        assert not errors
    finally:
        context.close()


def test_a_file_with_other_bytes_is_refused_in_every_group(browser, built_site, tmp_path):
    groups = groups_of(built_site)
    core_page = "planning/"
    assert (
        groups[core_page] == {CORE}
        and groups["rollen/wpb/"] == {role_group("wpb")}
        and groups["rollen/so/"] == {role_group("so")}
    )
    # Core: the first install fails, and the page says offline use is not ready.
    www = site_copy(built_site, tmp_path / "core")
    tamper(www / "stage", core_page)
    context, page, _ = new_device(browser)
    try:
        with serve_directory(www) as root:
            open_page(page, root + "stage/")
            expect(page.locator('[data-notice="no-offline"]')).to_be_visible(timeout=20000)
            assert page.evaluate("navigator.serviceWorker.controller") is None
    finally:
        context.close()

    # Her role's group and a page opened later: the worker refuses each, keeps neither.
    www = site_copy(built_site, tmp_path / "groups")
    tamper(www / "stage", "rollen/wpb/")
    tamper(www / "stage", "rollen/so/")
    context, page, _ = new_device(browser)
    try:
        with serve_directory(www) as root:
            base = root + "stage/"
            open_page(page, base)
            wait_for_worker(page)
            picker = page.locator("[data-picker]")
            if not picker.evaluate("d => d.open"):
                picker.locator("summary").click()
            page.get_by_label("Werkplekbegeleider (WPB)", exact=True).check()
            expect(page.locator("html")).to_have_attribute("data-offline", "failed", timeout=20000)
            expect(page.locator('[data-notice="no-offline"]')).to_be_visible()
            page.goto(base + "rollen/so/")
            expect(page.locator("h1")).to_have_text(OTHER_VERSION, use_inner_text=True)
            cached = cached_urls(page)
            assert "rollen/wpb/" not in cached and "rollen/so/" not in cached
            assert group_urls(built_site, ["core"]) <= cached
    finally:
        context.close()
