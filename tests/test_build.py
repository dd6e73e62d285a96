"""The build: complete, relative, deterministic, and it never damages the previous output."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin

import pytest
import yaml
from werkplek import pipeline
from werkplek.errors import BuildError, ContentError
from werkplek.pipeline import build

from .helpers import CONTENT, ROOT, static_server, tree_digest


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_page_is_a_directory_index(built_site):
    pages = [str(p.relative_to(built_site)) for p in html_files(built_site)]
    assert all(p.endswith("index.html") for p in pages)
    # start, planning + 2 programmes, rollen + 12 roles, domeinen + 20 domains, toegankelijkheid, mijn-gegevens, offline,
    # formulieren + 15 forms + 1 radar, herinneringen, zoeken, inzet, school + 1 portrait, ontwikkeling/werkplekopleider, ontvangen, bronnen,
    # lesbezoek, studenten, groeidossier
    assert (
        len(pages) == 1 + 1 + 2 + 1 + 12 + 1 + 20 + 1 + 1 + 1 + 1 + 15 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1
    )
    assert "toegankelijkheid/index.html" in pages


def test_no_root_relative_urls(built_site):
    for page in html_files(built_site):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r'(href|src)="/', text), page
        assert '<html lang="nl"' in text


def test_two_builds_are_byte_identical(tmp_path, built_site):
    build(CONTENT, tmp_path / "b")  # the session's own build of the same content is the other one
    assert tree_digest(built_site) == tree_digest(tmp_path / "b")


def test_failed_content_keeps_previous_output(tmp_path, content_copy):
    out = tmp_path / "out"
    build(content_copy, out)
    before = tree_digest(out)
    (content_copy / "roles" / "wpb.yml").write_text("name: [kapot\n", encoding="utf-8")
    with pytest.raises(ContentError):
        build(content_copy, out)
    assert tree_digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "out"]  # no staging left behind


def test_failure_while_freezing_keeps_previous_output(tmp_path, monkeypatch):
    out = tmp_path / "out"
    build(CONTENT, out)
    before = tree_digest(out)

    def broken_freeze(app, store, destination):
        (destination / "half.html").write_text("half geschreven")
        raise RuntimeError("schijf vol")

    monkeypatch.setattr(pipeline, "freeze_site", broken_freeze)
    with pytest.raises(BuildError, match="schijf vol"):
        build(CONTENT, out)
    assert tree_digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_link_to_a_missing_page_fails_the_build(tmp_path, monkeypatch):
    """Frozen-Flask follows every url() the templates write; one that 404s stops the build."""
    from werkplek import store as store_module

    original = store_module.Store.domain

    def lose_one_domain(self, domain_id):
        return None if domain_id == "ict" else original(self, domain_id)

    monkeypatch.setattr(store_module.Store, "domain", lose_one_domain)  # its page 404s; links to it remain
    with pytest.raises(BuildError, match="404"):
        build(CONTENT, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_output_may_not_overwrite_the_sources(tmp_path, content_copy):
    with pytest.raises(BuildError, match="overschrijven"):
        build(content_copy, content_copy)
    with pytest.raises(BuildError, match="overschrijven"):
        build(content_copy, content_copy.parent)


def test_output_replaces_only_an_empty_folder_or_an_earlier_build(tmp_path, content_copy):
    documents = tmp_path / "Documenten"
    documents.mkdir()
    (documents / "scriptie.docx").write_bytes(b"vier jaar werk")
    before = tree_digest(documents)
    with pytest.raises(BuildError, match="bestaat al en is geen eerdere build van Werkplek"):
        build(content_copy, documents)
    assert tree_digest(documents) == before

    empty = tmp_path / "leeg"
    empty.mkdir()
    build(content_copy, empty)
    assert (empty / "index.html").is_file() and (empty / ".werkplek-build").is_file()
    build(content_copy, empty)  # its own earlier build may be replaced

    with pytest.raises(BuildError, match="ligt in"):
        build(content_copy, content_copy / "build")
    assert not (content_copy / "build").exists()
    afile = tmp_path / "bestand"
    afile.write_text("x")
    with pytest.raises(BuildError, match="is een bestand"):
        build(content_copy, afile)


def test_build_script_reports_errors_in_dutch_and_exits_1(tmp_path, content_copy):
    out = tmp_path / "out"
    ok = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--content", str(content_copy), "--out", str(out)],
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0, ok.stderr
    assert "bestanden geschreven" in ok.stdout
    before = tree_digest(out)
    data = yaml.safe_load((content_copy / "roles" / "so.yml").read_text())
    del data["name"]
    (content_copy / "roles" / "so.yml").write_text(yaml.safe_dump(data, allow_unicode=True))
    bad = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--content", str(content_copy), "--out", str(out)],
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 1
    assert f"{content_copy / 'roles' / 'so.yml'}:1: name: verplicht veld ontbreekt" in bad.stderr  # line of the mapping
    assert "De inhoud bevat 1 fout; er is niets gebouwd." in bad.stderr
    assert "Traceback" not in bad.stderr
    assert bad.stderr.startswith("Fout: ")
    assert tree_digest(out) == before


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name):
                self.urls.append(attrs[name])


def fetch(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url) as response:
        return response.status, response.read()


def test_every_link_and_asset_resolves_under_a_sub_path(built_site):
    with static_server(built_site, prefix="school/stage") as base:
        seen: dict[str, _Links] = {}
        queue = [base, base + "offline/"]  # the offline page is reached through the service worker
        fragments: list[tuple[str, str, str]] = []
        while queue:
            url = queue.pop()
            if url in seen:
                continue
            status, body = fetch(url)
            assert status == 200, url
            parser = _Links()
            if url.endswith("/") or url.endswith(".html"):
                parser.feed(body.decode("utf-8"))
            seen[url] = parser
            for link in parser.urls:
                target, fragment = urldefrag(urljoin(url, link))
                assert target.startswith(base), f"{url} links outside the site: {link}"
                if fragment:
                    fragments.append((url, target, fragment))
                queue.append(target)
        for source, target, fragment in fragments:
            assert fragment in seen[target].ids, f"{source} links to a missing anchor {target}#{fragment}"
    pages = {u for u in seen if u.endswith("/")}
    assert len(pages) == len(html_files(built_site)), "every page is reachable by links"


def test_a_folder_with_files_the_last_build_did_not_write_is_refused_and_left_alone(tmp_path, content_copy):
    """A school did `cp -r build/. webroot` (the marker came along) and added its own files; the next
    build into webroot deleted them. The marker lists what the build wrote; anything else stops it."""
    build(content_copy, tmp_path / "build")
    webroot = tmp_path / "webroot"
    shutil.copytree(tmp_path / "build", webroot)
    (webroot / "favicon-school.ico").write_bytes(b"eigen icoon")
    (webroot / "nieuws").mkdir()
    (webroot / "nieuws" / "index.html").write_text("eigen nieuws", encoding="utf-8")
    before = tree_digest(webroot)
    with pytest.raises(BuildError) as caught:
        build(content_copy, webroot)
    message = str(caught.value.format_message())
    assert message.startswith(
        f"De map {webroot} bevat 2 bestanden die de vorige build van Werkplek er niet schreef "
        "(favicon-school.ico, nieuws/index.html)"
    ), message
    assert tree_digest(webroot) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build", "content", "webroot"]  # no staging left

    # a built file changed by hand is not the build's either
    (webroot / "favicon-school.ico").unlink()
    shutil.rmtree(webroot / "nieuws")
    (webroot / "offline" / "index.html").write_text("met de hand aangepast", encoding="utf-8")
    before = tree_digest(webroot)
    with pytest.raises(BuildError, match=r"bevat 1 bestand dat de vorige build .* gewijzigd .*offline/index.html"):
        build(content_copy, webroot)
    assert tree_digest(webroot) == before

    # only the build's own files (one removed by hand is fine): replaced
    (webroot / "offline" / "index.html").unlink()
    (webroot / "toegankelijkheid" / "index.html").unlink()
    build(content_copy, webroot)
    assert tree_digest(webroot) == tree_digest(tmp_path / "build")


def test_an_earlier_build_with_the_old_one_line_marker_is_checked_against_its_worker(tmp_path, content_copy):
    """Builds before the marker listed its files wrote one line; their sw.js lists every file instead."""
    out = tmp_path / "out"
    build(content_copy, out)
    (out / ".werkplek-build").write_text("Gemaakt door werkplek build (versie 0123456789abcdef).\n", encoding="utf-8")
    build(content_copy, out)  # its own files only: replaced
    (out / ".werkplek-build").write_text("Gemaakt door werkplek build (versie 0123456789abcdef).\n", encoding="utf-8")
    (out / ".htaccess").write_text("Header set X-Eigen 1\n", encoding="utf-8")
    before = tree_digest(out)
    with pytest.raises(
        BuildError, match=r"bevat 1 bestand dat de vorige build van Werkplek er niet schreef \(.htaccess\)"
    ):
        build(content_copy, out)
    assert tree_digest(out) == before


def test_a_file_added_while_building_stops_the_swap(tmp_path, content_copy, monkeypatch):
    out = tmp_path / "out"
    build(content_copy, out)
    before_freeze = pipeline.freeze_site

    def freeze_while_someone_uploads(app, store, destination):
        (out / "upload.pdf").write_bytes(b"%PDF")
        return before_freeze(app, store, destination)

    monkeypatch.setattr(pipeline, "freeze_site", freeze_while_someone_uploads)
    with pytest.raises(BuildError, match="upload.pdf"):
        build(content_copy, out)
    assert (out / "upload.pdf").read_bytes() == b"%PDF"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "out"]


def test_the_table_of_pages_is_what_the_build_writes_and_what_content_may_not_take(built_site, content_copy):
    """pages.py is the one list of pages: every route is in it, every page kind the default site has is
    built, and every first URL segment it names, plus the calendars' agenda/, is refused as a page id."""
    from werkplek.app import create_app
    from werkplek.pages import PAGES, reserved_names
    from werkplek.pipeline import DEFAULT_PWA, DEFAULT_STATIC, load
    from werkplek.store import Store

    store = Store(load(CONTENT))
    app = create_app(store, DEFAULT_STATIC, DEFAULT_PWA)
    routes = {rule.endpoint for rule in app.url_map.iter_rules()} - {"static"}
    assert routes == {page.endpoint for page in PAGES}
    with app.test_request_context():
        from flask import url_for

        for page in PAGES:
            for values in page.urls(store):
                path = url_for(page.endpoint, **values).lstrip("/")
                built = built_site / (path + "index.html" if path.endswith("/") or not path else path)
                assert built.is_file(), (page.endpoint, path)
    assert {"agenda", "static", "rollen", "ontvangen", "bronnen"} <= reserved_names()
    for name in ("agenda", "ontvangen"):
        page = content_copy / "pages" / f"{name}.yml"
        page.write_text((content_copy / "pages" / "toegankelijkheid.yml").read_text(encoding="utf-8"), encoding="utf-8")
    from .helpers import problems_of

    assert sorted(problems_of(content_copy)) == sorted(
        f"{content_copy / 'pages' / f'{name}.yml'}: de naam '{name}' is al in gebruik door de app; kies een andere bestandsnaam"
        for name in ("agenda", "ontvangen")
    )
