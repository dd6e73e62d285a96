"""Sharing an entry as a link (issue 8) in real Chromium: two separate browser profiles stand for two
devices. The link holds the entry in its fragment; the receiving device opens it offline, with and
without a code; broken links are refused with a message and store nothing; the QR code on screen
decodes to the same link; iOS Safari explains itself and the app can paste a link."""

from __future__ import annotations

import functools
import io
import re
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urldefrag

import pytest
from playwright.sync_api import expect

from .helpers import CLS, fill_every_item, new_device, open_page, pick_role, read_every_item, saved

FORM = "kijkwijzer-didactiek"
FORM_TITLE = "Kijkwijzer didactiek"
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/18.0 Mobile/15E148 Safari/604.1"
)
STORAGE = "import(new URL(document.documentElement.dataset.root + 'static/js/lib/storage.js', document.baseURI).href)"


def stored_entries(page) -> list[dict]:
    return page.evaluate(f"async () => (await {STORAGE}).listEntries()")


def make_link(page, with_code: bool = False) -> tuple[str, str | None]:
    """Click "Maak de link" in the share area; the link and the code (as shown) once it is there."""
    box = page.locator("[data-share]")
    box.get_by_label("Beveilig met een code").set_checked(with_code)
    box.get_by_role("button", name="Maak de link").click()
    box.locator("[data-share-status]").filter(has_text="De link is klaar").wait_for()
    link = box.get_by_label(re.compile("^De link")).input_value()
    code = box.locator("[data-share-code]").inner_text() if with_code else None
    return link, code


class _RecordingHandler(SimpleHTTPRequestHandler):
    """A static file server that writes down everything a browser sends it: request line, headers, body."""

    log: list[str]

    def log_message(self, *args) -> None:
        pass

    def parse_request(self) -> bool:
        ok = super().parse_request()
        length = int(self.headers.get("Content-Length") or 0) if ok else 0
        body = self.rfile.read(length).decode("latin-1") if length else ""
        self.log.append(f"{self.requestline}\n{self.headers}\n{body}")
        return ok


@pytest.fixture
def recorded_site(built_site, tmp_path):
    """The site under /stage/ on a server that records every request; yields (url, log)."""
    shutil.copytree(built_site, tmp_path / "www" / "stage")
    log: list[str] = []
    handler = type("Handler", (_RecordingHandler,), {"log": log})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(tmp_path / "www")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/stage/", log
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def filled(browser, site_url):
    """A sending device with every item of the kijkwijzer answered and saved; yields (page, answers)."""
    context, page, errors = new_device(browser, permissions=["clipboard-read", "clipboard-write"])
    open_page(page, site_url + f"formulieren/{FORM}/")
    answers = fill_every_item(page)
    saved(page)
    yield page, answers
    context.close()
    assert not errors


def entry_view(page) -> str:
    page.locator("[data-entry-view]").wait_for()
    return page.locator("[data-entry-view]").inner_text()


@pytest.mark.parametrize("with_code", [False, True], ids=["plain", "code"])
def test_round_trip_to_a_second_device_that_is_offline(browser, recorded_site, with_code):
    site_url, server_log = recorded_site
    sending, sender, sender_errors = new_device(browser)
    open_page(sender, site_url + f"formulieren/{FORM}/")
    answers = fill_every_item(sender)
    saved(sender)
    sent: list = []
    sender.on("request", lambda r: sent.append(r))
    box = sender.locator("[data-share]")
    expect(box.locator("h2")).to_contain_text("Deel met de student", use_inner_text=True)
    expect(box).to_contain_text("Wie de link heeft, kan de invulling lezen", use_inner_text=True)
    link, code = make_link(sender, with_code)
    assert link.startswith(site_url + "ontvangen/#" + ("e1." if with_code else "d1."))
    if with_code:
        assert re.fullmatch(r"[A-HJ-NP-Z2-9]{3} [A-HJ-NP-Z2-9]{3}", code), code
        assert code.replace(" ", "") not in link
    entry_id = re.search(r"invulling=([0-9a-f-]{36})", sender.url).group(1)

    context, page, errors = new_device(browser)
    received: list = []
    open_page(page, site_url)
    pick_role(page, "Student")  # changed with issue 17: what she receives is in her role's offline groups
    context.set_offline(True)
    page.on("request", lambda r: received.append(r))
    page.goto(link)
    if with_code:
        page.locator("[data-received-status]").filter(has_text="beveiligd met een code").wait_for()
        wrong = "AAA AAA" if code != "AAA AAA" else "BBB BBB"
        page.get_by_label("Code").fill(wrong)
        page.get_by_role("button", name="Openen").click()
        page.locator("[data-received-status]").filter(has_text="Deze code klopt niet").wait_for()
        expect(page.locator("[data-entry-view]")).to_be_hidden()
        assert stored_entries(page) == []
        page.get_by_label("Code").fill(code.lower())  # as someone types it over
        page.get_by_role("button", name="Openen").click()
    text = entry_view(page)
    assert FORM_TITLE in text
    expect(page.locator("[data-ios-tab]")).to_be_hidden()  # not iOS Safari
    # Every answer is shown under its question, in the words of the form page.
    for name, value in answers.items():
        if isinstance(value, str) and not re.fullmatch(r"\d|\d{4}-\d\d-\d\d", value):
            assert value in text, name
    first = page.locator("[data-entry-sections] dt").first
    expect(first).to_have_text(
        re.compile("^" + re.escape("De student maakt aan het begin duidelijk")), use_inner_text=True
    )
    scale = answers["lesdoel"]
    labels = ["nog niet zichtbaar", "deels zichtbaar", "zichtbaar", "sterk zichtbaar"]
    expect(first.locator("xpath=following-sibling::dd[1]")).to_have_text(
        f"{scale} van 4: {labels[int(scale) - 1]}", use_inner_text=True
    )
    expect(page.locator("[data-results] tbody tr")).to_have_count(4)
    assert stored_entries(page) == []  # shown, not stored, until asked

    page.get_by_role("button", name="Bewaar op dit apparaat").click()
    page.locator("[data-save-result]").filter(has_text="Bewaard op dit apparaat").wait_for()
    [entry] = stored_entries(page)
    assert entry["id"] == entry_id and entry["form"] == FORM
    page.get_by_role("button", name="Bewaar op dit apparaat").click()
    page.locator("[data-save-result]").filter(has_text="staat deze invulling al").wait_for()
    page.locator("[data-save-result] a").click()
    page.wait_for_selector("html[data-ready]", state="attached")
    assert entry_id in page.url
    assert read_every_item(page) == answers  # offline, on the other device, every answer

    context.close()
    sending.close()
    assert not errors and not sender_errors

    # Nothing carried the entry anywhere. The browsers asked only this site, only GET, nothing while
    # making the link; the server saw no piece of the link and no answer in any request line, header
    # or body (the fragment never leaves the browser). (The entry's id is in the form page's own
    # address, so the Referer of a request from that page names it: no content, and not new here.)
    assert sent == [] or all(urldefrag(r.url).url.startswith(site_url + "static/") for r in sent)
    for request in sent + received:
        assert request.method == "GET" and not request.post_data, request.url
        assert request.url.startswith(site_url), request.url
    payload = link.split("#", 1)[1]
    secrets = [payload[:40], payload[-40:]] + [v[:12] for v in answers.values() if isinstance(v, str) and len(v) > 12]
    assert server_log
    for line in server_log:
        for secret in secrets:
            assert secret not in line, (secret, line)


def test_a_newer_edit_replaces_the_stored_entry_and_an_older_link_does_not(browser, site_url, filled):
    sender, _ = filled
    first_link, _ = make_link(sender)
    context, page, errors = new_device(browser)
    page.goto(first_link)
    entry_view(page)
    assert page.evaluate(CLS) == 0  # what the script revealed moved nothing that was on screen
    page.get_by_role("button", name="Bewaar op dit apparaat").click()
    page.locator("[data-save-result]").filter(has_text="Bewaard op dit apparaat").wait_for()

    # The sender edits: the link on screen is stale and says so; a new one carries the edit.
    sender.get_by_role("textbox", name=re.compile("^Tops")).fill("Na het nagesprek aangevuld: sterke start.")
    sender.locator("[data-share-status]").filter(has_text="De invulling is gewijzigd").wait_for()
    expect(sender.locator("[data-share-result]")).to_be_hidden()
    saved(sender)
    second_link, _ = make_link(sender)
    assert second_link != first_link
    page.goto(second_link)
    assert "Na het nagesprek aangevuld" in entry_view(page)
    page.get_by_role("button", name="Bewaar op dit apparaat").click()
    page.locator("[data-save-result]").filter(has_text="Bijgewerkt").wait_for()
    page.goto(first_link)
    entry_view(page)
    page.get_by_role("button", name="Bewaar op dit apparaat").click()
    page.locator("[data-save-result]").filter(has_text="staat deze invulling al").wait_for()
    [entry] = stored_entries(page)
    assert entry["answers"]["tops"] == "Na het nagesprek aangevuld: sterke start."
    context.close()
    assert not errors


def test_ticking_the_code_asks_for_a_new_link_and_does_not_call_the_entry_changed(browser, site_url, filled):
    sender, _ = filled
    make_link(sender)
    [before] = stored_entries(sender)
    share = sender.locator("[data-share]")
    status = share.locator("[data-share-status]")
    share.get_by_label("Beveilig met een code").check()
    status.filter(has_text="Je koos nu met code: maak de link opnieuw.").wait_for()
    expect(share.locator("[data-share-result]")).to_be_hidden()  # the link without a code is gone from the screen
    share.get_by_label("Beveilig met een code").uncheck()
    status.filter(has_text="Je koos nu zonder code: maak de link opnieuw.").wait_for()  # the choice changed back
    _, code = make_link(sender, with_code=True)
    assert code
    share.get_by_label("Beveilig met een code").uncheck()
    status.filter(has_text="Je koos nu zonder code").wait_for()
    expect(status).not_to_contain_text("gewijzigd", use_inner_text=True)
    # The entry itself was not touched: not saved again, not marked as changed.
    assert stored_entries(sender) == [before]
    expect(sender.locator("[data-save-state]")).to_have_text(re.compile("^Opgeslagen"), use_inner_text=True)


def test_broken_links_each_get_their_message_and_store_nothing(browser, site_url, filled):
    sender, _ = filled
    link, _ = make_link(sender)
    base, payload = link.split("#", 1)
    middle = len(payload) // 2
    unknown_form = sender.evaluate("""async () => {
        const share = await import(new URL(document.documentElement.dataset.root + 'static/js/lib/share-link.js', document.baseURI).href);
        const entry = { id: crypto.randomUUID(), form: 'bestaat-niet', version: 'x', created: new Date().toISOString(),
            updated: new Date().toISOString(), state: 'concept', completed: null, meta: {}, answers: { vraag: 'antwoord' } };
        return share.encodeEntry(entry);
    }""")
    cases = {
        "truncated": (link[:-300], "niet compleet"),  # as a mail program cuts it
        "damaged": (
            f"{base}#{payload[:middle]}{'B' if payload[middle] == 'A' else 'A'}{payload[middle + 1 :]}",
            "beschadigd",
        ),
        "newer": (f"{base}#d2.{payload[3:]}", "nieuwere versie"),
        "not a link of the app": (f"{base}#hallo", "beschadigd"),
        "unknown form": (f"{base}#{unknown_form}", "bestaat-niet"),
    }
    context, page, errors = new_device(browser)
    for name, (url, words) in cases.items():
        page.goto(site_url)  # a real navigation each time, not only a new fragment
        page.goto(url)
        page.wait_for_selector("html[data-ready]", state="attached")
        status = page.locator("[data-received-status]")
        status.filter(has_text=words).wait_for()
        expect(status, name).to_contain_text("Er is niets bewaard", use_inner_text=True)
        expect(page.locator("[data-entry-view]"), name).to_be_hidden()
        expect(page.get_by_role("button", name="Bewaar op dit apparaat"), name).to_be_hidden()
        expect(page.get_by_label("Plak hier de link die je kreeg"), name).to_be_visible()
        assert stored_entries(page) == [], name
    # The good link pasted into the field on this page opens the entry in place.
    page.get_by_label("Plak hier de link die je kreeg").fill(f"Hier is hij: {link}.")
    page.get_by_role("button", name="Openen").click()
    entry_view(page)
    expect(page.get_by_label("Plak hier de link die je kreeg")).to_be_hidden()
    expect(page.locator("[data-received-status]")).not_to_contain_text("niets bewaard", use_inner_text=True)
    context.close()
    assert not errors


def decode_qr(png: bytes) -> str:
    import zxingcpp
    from PIL import Image

    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert len(results) == 1, results
    return results[0].text


@pytest.mark.parametrize("size", ["short", "full"])
def test_the_qr_code_on_screen_decodes_to_the_link(browser, site_url, size):
    # A phone screen: 412 CSS pixels wide at 2 device pixels each.
    context, page, errors = new_device(browser, viewport={"width": 412, "height": 823}, device_scale_factor=2)
    open_page(page, site_url + f"formulieren/{FORM}/")
    if size == "short":
        page.locator("#veld--student").fill("Sam de Vries")
        page.get_by_role("textbox", name=re.compile("^Tops")).fill(
            "Heldere uitleg met een goed voorbeeld uit de praktijk."
        )
    else:  # every item, and 600 characters of tops and tips: near the largest QR code we draw
        fill_every_item(page)
        for field, sentence in (
            ("Tops", "De uitleg was helder en stap voor stap opgebouwd. "),
            ("Tips", "Geef na een denkvraag meer denktijd aan de hele klas. "),
        ):
            page.get_by_role("textbox", name=re.compile(f"^{field}")).fill((sentence * 6)[:300])
    saved(page)
    requests: list = []
    page.on("request", lambda r: requests.append(r))
    link, _ = make_link(page, with_code=size == "full")
    page.get_by_role("button", name="Toon als QR-code").click()
    image = page.locator("[data-share-qr-image] svg")
    image.wait_for()
    expect(image).to_have_attribute("role", "img")
    expect(image).to_have_attribute("aria-label", re.compile("."))
    version = int(image.get_attribute("data-version"))
    assert version <= 14 if size == "short" else version >= 20, version  # the dense case is tested too
    assert decode_qr(image.screenshot()) == link
    if size == "full":  # the densest code the app draws (version 25) still reads off this screen
        densest = link.split("#")[0] + "#d1." + "x7Kq" * ((1273 - len(link.split("#")[0]) - 4) // 4)
        drawn = page.evaluate(
            """async (text) => {
            const qr = await import(new URL(document.documentElement.dataset.root + 'static/js/lib/qr.js', document.baseURI).href);
            return qr.drawQr(document.querySelector('[data-share-qr-image]'), text)
                && document.querySelector('[data-share-qr-image] svg').dataset.version;
        }""",
            densest,
        )
        assert drawn == "25"
        assert decode_qr(image.screenshot()) == densest
    # Making the link and the QR code loads only this site's own modules (the encoder on first use);
    # the link goes nowhere.
    assert all(
        r.url.startswith(site_url + "static/js/") or r.url.startswith(site_url + "static/vendor/lean-qr/")
        for r in requests
    ), [r.url for r in requests]
    assert all(link.split("#")[1][:40] not in r.url and not r.post_data for r in requests)
    context.close()
    assert not errors


def test_an_entry_too_large_for_a_qr_code_says_so_and_offers_the_link(browser, site_url):
    import random

    context, page, errors = new_device(browser)
    open_page(page, site_url + f"formulieren/{FORM}/")
    words = (
        "leerlingen",
        "uitleg",
        "opdracht",
        "klas",
        "vraag",
        "tempo",
        "instructie",
        "voorbeeld",
        "feedback",
        "samenwerken",
        "doel",
        "aandacht",
        "bord",
        "tijd",
        "niveau",
        "rust",
        "start",
        "afsluiting",
    )
    rng = random.Random(8)
    for field in ("Tops", "Tips", "Feedforward"):
        text = " ".join(rng.choice(words) + str(rng.randint(1, 99)) for _ in range(160))
        page.get_by_role("textbox", name=re.compile(f"^{field}")).fill(text)
    saved(page)
    link, _ = make_link(page)
    share = page.locator("[data-share]")
    long_note = share.locator("[data-share-long]")
    expect(long_note).to_be_visible()
    expect(long_note).to_contain_text(f"{len(link):,}".replace(",", "."), use_inner_text=True)
    share.get_by_role("button", name="Toon als QR-code").click()
    too_big = share.locator("[data-share-qr-too-big]")
    too_big.wait_for()
    expect(too_big).to_contain_text("te groot voor een QR-code", use_inner_text=True)
    expect(too_big.get_by_role("link", name="Mijn gegevens")).to_be_visible()
    expect(share.locator("[data-share-qr-box]")).to_be_hidden()
    expect(share.get_by_label(re.compile("^De link"))).to_have_value(link)  # the link is still there to share
    context.close()
    assert not errors


def test_share_sheet_where_present_copy_elsewhere_and_nothing_to_share_before_filling_in(browser, site_url):
    context, page, errors = new_device(browser, permissions=["clipboard-read", "clipboard-write"])
    page.add_init_script("navigator.share = async (data) => { window.sharedData = data; };")
    open_page(page, site_url + f"formulieren/{FORM}/")
    share = page.locator("[data-share]")
    share.get_by_role("button", name="Maak de link").click()
    share.locator("[data-share-status]").filter(has_text="Vul eerst iets in").wait_for()
    expect(share.locator("[data-share-result]")).to_be_hidden()
    page.locator("#veld--student").fill("Sam de Vries")
    saved(page)
    link, _ = make_link(page)
    share.get_by_role("button", name="Deel de link").click()
    share.locator("[data-share-status]").filter(has_text="De link is gedeeld").wait_for()
    assert page.evaluate("window.sharedData") == {"title": FORM_TITLE, "url": link}
    share.get_by_role("button", name="Kopieer de link").click()
    share.locator("[data-share-status]").filter(has_text="gekopieerd").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == link
    context.close()
    assert not errors


def test_without_a_share_sheet_there_is_only_copy(browser, site_url):
    context, page, errors = new_device(browser)
    open_page(page, site_url + f"formulieren/{FORM}/")
    page.locator("#veld--student").fill("Sam de Vries")
    saved(page)
    make_link(page)
    assert page.evaluate("typeof navigator.share") == "undefined"  # desktop Linux Chromium has none
    expect(page.get_by_role("button", name="Deel de link")).to_be_hidden()
    expect(page.get_by_role("button", name="Kopieer de link")).to_be_visible()
    context.close()
    assert not errors


def test_ios_safari_explains_its_separate_storage_and_the_app_pastes_the_link(browser, site_url, filled):
    sender, answers = filled
    link, _ = make_link(sender)

    # In Safari on an iPhone the link opens outside the app: the page says so and copies the link.
    safari, page, errors = new_device(
        browser,
        user_agent=IPHONE,
        permissions=["clipboard-read", "clipboard-write"],
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    page.goto(link)
    entry_view(page)
    notice = page.locator("[data-ios-tab]")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Safari bewaart gegevens los van", use_inner_text=True)
    notice.get_by_role("button", name="Kopieer de link").click()
    notice.locator("[data-copy-status]").filter(has_text="Gekopieerd").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == link
    safari.close()
    assert not errors

    # The app on the home screen: "Plak een gedeelde invulling" on formulieren/ reads the clipboard.
    app, page, errors = new_device(browser, permissions=["clipboard-read", "clipboard-write"])
    open_page(page, site_url + "formulieren/")
    page.evaluate("text => navigator.clipboard.writeText(text)", f"Kijk je even? {link}")
    page.get_by_role("button", name="Plak een gedeelde invulling").click()
    assert answers["tops"] in entry_view(page)
    page.get_by_role("button", name="Bewaar op dit apparaat").click()
    page.locator("[data-save-result]").filter(has_text="Bewaard op dit apparaat").wait_for()
    # Text without a link in it gets a message and the field to paste into.
    open_page(page, site_url + "formulieren/")
    page.evaluate("navigator.clipboard.writeText('zomaar wat tekst')")
    page.get_by_role("button", name="Plak een gedeelde invulling").click()
    page.locator("[data-paste-status]").filter(has_text="staat geen gedeelde invulling").wait_for()
    app.close()
    assert not errors

    # Where the clipboard may not be read, the same button opens a field to paste into.
    other, page, errors = new_device(browser)
    open_page(page, site_url + "formulieren/")
    page.get_by_role("button", name="Plak een gedeelde invulling").click()
    field = page.get_by_label("Plak hier de link die je kreeg")
    field.wait_for()
    assert page.evaluate("document.activeElement.id") == "gedeelde-link"
    field.fill(link)
    page.get_by_role("button", name="Openen").click()
    assert answers["tops"] in entry_view(page)
    other.close()
    assert not errors
