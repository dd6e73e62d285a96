"""The app's own Dutch on every built page (the default site and both other partnerships): no "(en)" or
"(s)" plurals, no "?." after a question, abbreviations in capitals ("WPB", never "wpb"), and no "OP 2"
without its explanation. Text from content is left out first: the sources keep their own words ("De wpb
laat mij reflecteren" in the katern's statements, "Coördinator(en) ICT" in the schoolportret)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml

from .helpers import CONTENT, FIXTURES, built_pages

SCRIPT = re.compile(r"<(script|style)\b[^>]*>.*?</\1>", re.S)
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # an id, not text
TAG = re.compile(r"<[^>]+>")
LABELS = re.compile(r'\s(?:aria-label|title|alt|placeholder)="([^"]*)"')
CHECKS = {
    "'(en)' or '(s)' for a plural": re.compile(r"\((?:en|s)\)"),
    "'?.' after a question": re.compile(r"[?!]\s*\."),
    "an abbreviation in lower case": re.compile(r"\b(?:wpb|so|io|cso|cio)\b"),
    "'OP' for a period": re.compile(r"\bOP \d"),
}


def content_strings(folder: Path) -> list[str]:
    """Every text in a content tree, longest first."""
    found: set[str] = set()

    def walk(value) -> None:
        if isinstance(value, str):
            text = " ".join(value.split())
            if len(text) >= 3 and not SLUG.fullmatch(text):
                found.add(text)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for path in folder.rglob("*.yml"):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return sorted(found, key=len, reverse=True)


def own_words(page: str, strings: list[str]) -> str:
    """The page's text and labels, with every content text replaced by a mark (its last character kept,
    so that '?.' after a question from content still shows)."""
    page = SCRIPT.sub(" ", page)
    text = " ".join(html.unescape(TAG.sub(" ", page) + " " + " ".join(LABELS.findall(page))).split())
    for string in strings:
        if string in text:
            text = text.replace(string, " ¶" + (string[-1] if string[-1] in "?!." else " "))
    return text


@pytest.fixture(scope="module")
def sites(built_site, partnership_site, full_partnership_site) -> dict[str, tuple[Path, Path]]:
    return {
        "default": (built_site, CONTENT),
        "partnership": (partnership_site, FIXTURES / "partnership"),
        "partnership-full": (full_partnership_site, FIXTURES / "partnership-full"),
    }


@pytest.mark.parametrize("name", ["default", "partnership", "partnership-full"])
def test_the_apps_own_words_on_every_page(sites, name):
    site, content = sites[name]
    strings = content_strings(content)
    problems = []
    for path, page in built_pages(site).items():
        text = own_words(page, strings)
        for what, pattern in CHECKS.items():
            for match in pattern.finditer(text):
                problems.append(f"{path}: {what}: …{text[max(0, match.start() - 50) : match.end() + 20]}…")
    assert problems == []


def test_the_check_itself_finds_what_it_looks_for():
    strings = content_strings(CONTENT)
    page = '<p>2 invulling(en) <span aria-label="over de wpb">x</span> Wat ging goed?.</p><p>De wpb laat mij reflecteren op mijn handelen in de klas.</p>'
    text = own_words(page, strings + ["Wat ging goed?"])
    assert [what for what, pattern in CHECKS.items() if pattern.search(text)] == [
        "'(en)' or '(s)' for a plural",
        "'?.' after a question",
        "an abbreviation in lower case",
    ]


def test_the_period_abbreviation_is_explained_in_the_content():
    """The app says 'periode 2 of 3'; the one place that names the handleiding's 'OP' explains it."""
    text = (CONTENT / "programmes" / "hr-n2-2025-2026.yml").read_text(encoding="utf-8")
    assert "onderwijsperioden van de hogeschool; de\n  handleiding noemt ze OP 1 tot en met OP 4" in text
