"""A long link as a numbered series of QR codes (issue 16), in real Chromium: one browser profile shows the
series (ui/qr-series.js) the way an observer's phone would, a second one reads screenshots of those codes
through the scanner's "Kies een foto van de code" (ui/scanner.js, with the vendored decoder: desktop
Chromium on Linux has no BarcodeDetector) and gets exactly the text back. The series runs by itself, pauses
under the mouse and steps by hand; parts of another series and codes of other apps are refused in Dutch.
The camera is tried with a stand-in stream that shows the same screenshots in turn.
No product page shows these widgets yet: the test puts them on formulieren/ itself."""

from __future__ import annotations

import base64
import random
import re
from datetime import datetime
from urllib.parse import urlsplit

from playwright.sync_api import expect

from .helpers import new_device, open_page

MODULE = "import(new URL(document.documentElement.dataset.root + 'static/js/{}', document.baseURI).href)"
BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def answer_link(length: int, seed: int) -> str:
    """A link of `length` characters shaped like an a1 answer link: random base64url in its fields."""
    rng = random.Random(seed)
    field = lambda n: "".join(rng.choice(BASE64URL) for _ in range(n))  # noqa: E731
    head = f"https://school.nl/stage/lesbezoek/#a1.1.{field(87)}.{field(22)}.{field(16)}."
    return head + field(length - len(head))


SHOW = f"""async ({{ text, id }}) => {{
    const {{ splitParts }} = await {MODULE.format("lib/qr-parts.js")};
    const {{ showSeries }} = await {MODULE.format("ui/qr-series.js")};
    const box = document.createElement('section');
    box.id = id;
    document.querySelector('main').prepend(box);
    const parts = splitParts(text);
    window.series = showSeries(box, parts);
    return parts;
}}"""

OPEN = f"""async () => {{
    const {{ openScanner }} = await {MODULE.format("ui/scanner.js")};
    document.getElementById('scanner')?.remove();
    const box = document.createElement('section');
    box.id = 'scanner';
    document.querySelector('main').prepend(box);
    window.received = [];
    window.scanner = openScanner(box, {{ onText: (text) => window.received.push(text) }});
    await window.scanner.ready;
}}"""


# getUserMedia answered with a canvas that shows the given PNGs (base64) in turn, each for 400 ms, in the
# middle of a 1280x720 picture: a camera held over the other phone.
CAMERA = """(pngs) => {
    const canvas = Object.assign(document.createElement('canvas'), { width: 1280, height: 720 });
    const context = canvas.getContext('2d');
    const images = pngs.map((png) => Object.assign(new Image(), { src: 'data:image/png;base64,' + png }));
    let shown = 0;
    const started = performance.now();
    setInterval(() => {
        shown = Math.floor((performance.now() - started) / 400) % images.length;
        context.fillStyle = '#777';
        context.fillRect(0, 0, canvas.width, canvas.height);
        const image = images[shown];
        if (image.complete) context.drawImage(image, (1280 - image.width) / 2, (720 - image.height) / 2);
    }, 50);
    navigator.mediaDevices.getUserMedia = async () => {
        const stream = canvas.captureStream(20);
        window.cameraTracks = stream.getTracks();
        return stream;
    };
}"""


def test_a_series_shown_on_one_phone_is_read_from_screenshots_on_another(browser, site_url, tmp_path):
    text = answer_link(2600, seed=16)
    # The observer's phone: a narrow screen, two device pixels per CSS pixel. Its clock is Playwright's,
    # so the test moves the series on without waiting 1.5 s a code.
    showing, shower, shower_errors = new_device(
        browser, viewport={"width": 320, "height": 640}, device_scale_factor=2, has_touch=True
    )
    requests: list[str] = []
    shower.on("request", lambda r: requests.append(r.url))
    shower.clock.install(time=datetime(2026, 12, 2, 9, 0))
    open_page(shower, site_url + "formulieren/")
    shower.clock.pause_at(datetime(2026, 12, 2, 10, 0))
    parts = shower.evaluate(SHOW, {"text": text, "id": "reeks"})
    total = len(parts)
    assert total == 6 and all(len(p.split(":", 1)[1]) <= 500 for p in parts), [len(p) for p in parts]
    assert all(re.fullmatch(rf"WP{i + 1}/{total}\.[A-Za-z0-9_-]{{4}}:.+", p) for i, p in enumerate(parts))

    series = shower.locator("#reeks")
    counter = series.locator("[data-series-counter]")
    expect(counter).to_have_text(f"Code 1 van {total}")
    expect(counter).to_have_attribute("aria-live", "off")  # not read out every 1.5 s while it runs
    expect(series.get_by_role("group", name=f"Reeks van {total} QR-codes")).to_be_visible()
    for name in ("Vorige", "Pauzeer", "Volgende"):
        expect(series.get_by_role("button", name=name)).to_be_visible()
    # Fits a 320 px screen: nothing sticks out, the code and the buttons are inside.
    assert shower.evaluate("document.documentElement.scrollWidth") <= 320
    for box in (series.locator(".qr:visible svg").bounding_box(), series.locator(".share-buttons").bounding_box()):
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320, box

    # Every code in turn, by itself: a screenshot of each, as the other phone's camera would see it.
    shots = []
    versions = []
    for i in range(1, total + 1):
        expect(counter).to_have_text(f"Code {i} van {total}")
        code = series.locator(f"[data-series-code='{i}']")
        expect(code).to_be_visible()
        svg = code.locator("svg")
        expect(svg).to_have_attribute("aria-label", f"QR-code {i} van {total}")
        versions.append(int(svg.get_attribute("data-version")))
        shot = tmp_path / f"code-{i}.png"
        svg.screenshot(path=shot)
        shots.append(shot)
        shower.clock.run_for(1500)
    expect(counter).to_have_text(f"Code 1 van {total}")  # and round again
    assert max(versions) <= 16, versions

    # By hand: Volgende and Vorige step (and are read out); the mouse over the series holds it; Pauzeer stops it.
    series.get_by_role("button", name="Volgende").click()
    expect(counter).to_have_text(f"Code 2 van {total}")
    expect(counter).to_have_attribute("aria-live", "polite")
    shower.clock.run_for(4500)  # the mouse is still on the button it clicked
    expect(counter).to_have_text(f"Code 2 van {total}")
    series.get_by_role("button", name="Vorige").click()
    series.get_by_role("button", name="Vorige").click()
    expect(counter).to_have_text(f"Code {total} van {total}")
    shower.locator("h1").hover()  # off the series: it runs on
    shower.clock.run_for(1500)
    expect(counter).to_have_text(f"Code 1 van {total}")
    series.get_by_role("button", name="Pauzeer").tap()
    expect(series.get_by_role("button", name="Doorgaan")).to_be_visible()
    shower.clock.run_for(6000)
    expect(counter).to_have_text(f"Code 1 van {total}")
    series.get_by_role("button", name="Doorgaan").tap()
    shower.clock.run_for(1500)
    expect(counter).to_have_text(f"Code 2 van {total}")

    # Two codes that are not part of this series: the first part of another one, and another app's code.
    strays = shower.evaluate(
        f"""async (texts) => {{
        const {{ splitParts }} = await {MODULE.format("lib/qr-parts.js")};
        const {{ drawQr }} = await {MODULE.format("lib/qr.js")};
        return texts.map((text, i) => {{
            const box = document.createElement('div');
            box.className = 'qr';
            box.id = 'los-' + i;
            document.querySelector('main').prepend(box);
            drawQr(box, i === 0 ? splitParts(text)[0] : text);
            return box.id;
        }});
    }}""",
        [answer_link(1300, seed=17), "https://example.org/kaartje"],
    )
    stray_shots = []
    for box_id in strays:
        stray_shots.append(tmp_path / f"{box_id}.png")
        shower.locator(f"#{box_id} svg").screenshot(path=stray_shots[-1])
    no_code = tmp_path / "geen-code.png"
    counter.screenshot(path=no_code)
    assert not any("qr-scanner" in url for url in requests)  # showing codes never loads the decoder
    showing.close()
    assert not shower_errors

    # The student's app: the scanner opens (no camera in this browser: it says so), and takes the screenshots.
    scanning, scanner, scanner_errors = new_device(browser)
    requests = []
    scanner.on("request", lambda r: requests.append(r.url))
    open_page(scanner, site_url + "formulieren/")
    assert not any("qr-scanner" in url for url in requests)  # a page never loads the decoder by itself
    scanner.evaluate(OPEN)
    assert [u.rsplit("/", 1)[1] for u in requests if "/static/vendor/qr-scanner/" in u] == [
        "qr-scanner.min.js",
        "qr-scanner-worker.min.js",  # no BarcodeDetector here: the decoder's own worker
    ]
    box = scanner.locator("#scanner")
    status = box.locator("[data-scan-status]")
    problem = box.locator("[data-scan-problem]")
    expect(problem).to_have_text(re.compile("^(Dit apparaat heeft geen camera|De app mag de camera niet gebruiken)"))
    photo = box.get_by_label("Kies een foto van de code")

    order = [3, 1, 6, 4, 2, 5]  # in any order
    for read, i in enumerate(order[:-1], start=1):
        photo.set_input_files(shots[i - 1])
        expect(status).to_have_text(f"{read} van {total} codes gelezen")
        expect(problem).to_have_text("")
    photo.set_input_files(shots[order[0] - 1])  # the same code again counts once
    expect(status).to_have_text(f"{len(order) - 1} van {total} codes gelezen")
    photo.set_input_files(stray_shots[0])
    expect(problem).to_have_text(re.compile("^Deze code hoort bij een andere reeks"))
    photo.set_input_files(stray_shots[1])
    expect(problem).to_have_text("Dit is geen code van Werkplek.")
    photo.set_input_files(no_code)
    expect(problem).to_have_text(re.compile("^Op deze foto staat geen leesbare code"))
    assert scanner.evaluate("window.received") == []
    photo.set_input_files(shots[order[-1] - 1])
    expect(status).to_have_text(f"Alle {total} codes gelezen.")
    expect(problem).to_have_text("")
    assert scanner.evaluate("window.received") == [text]  # exactly the link, once
    scanner.evaluate("window.scanner.close()")
    expect(box).to_be_empty()

    # The camera: here a stand-in stream that shows the same screenshots in turn, as the other phone does.
    scanner.evaluate(CAMERA, [base64.b64encode(shot.read_bytes()).decode() for shot in shots])
    scanner.evaluate(OPEN)
    expect(box.get_by_label("Camerabeeld")).to_be_visible()
    expect(status).to_have_text(f"Alle {total} codes gelezen.", timeout=20000)
    expect(box.get_by_label("Camerabeeld")).to_be_hidden()  # the camera is off once all are read
    assert scanner.evaluate("window.received") == [text]
    assert scanner.evaluate("window.cameraTracks.every((track) => track.readyState === 'ended')")
    # A camera the user did not allow gets its own message (here a browser that says no to every request).
    scanner.evaluate("""() => {
        navigator.mediaDevices.getUserMedia = async () => { throw new DOMException('', 'NotAllowedError'); };
    }""")
    scanner.evaluate(OPEN)
    expect(problem).to_have_text(re.compile("^De app mag de camera niet gebruiken"))
    scanning.close()
    assert not scanner_errors
    # Nothing from another site: this one's files, and blob: URLs the browser made here (the worker, the photos).
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(site_url))
    assert [u for u in requests if not u.startswith((site_url, f"blob:{origin}/"))] == []
