"""Share-link length in real Chromium: how long the link to a filled-in entry is, and whether it fits a QR code.

    .venv/bin/python bench/share.py

Builds the default site, serves it on 127.0.0.1 under /stage/ and fills in, with realistic Dutch text,
a kijkwijzer (every rating, the lesson details, about 600 characters of tops and tips and a feedforward)
and the zelfscan (every rating, the details, a choice and a learning question). Then it makes the link
the way a user does ("Maak de link", with and without "Beveilig met een code") and reads it from the
page; the QR check is the app's own (static/js/lib/qr.js: at most version 25), and the version the link
would need is taken from the same vendored encoder. Aim (issue 8): a kijkwijzer with 600 characters of
tops and tips in under 2,000 characters of link.

Then the series of QR codes (issue 16): a kijkwijzer answer with 1,500 characters of text, as the link an
observer sends back after a lesson visit (a1: the entry with its visit fields, deflated and encrypted with
AES-GCM; the ephemeral public key is random bytes of the real size). The link is split into parts
(lib/qr-parts.js), every part is drawn as on a phone (412 CSS px, 2 device pixels each) and screenshotted,
and the scanner's decoder (static/vendor/qr-scanner, its worker: Chromium on Linux has no BarcodeDetector)
reads each screenshot: the first read (with starting the worker) and the median of 5 more.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "site"))
sys.path.insert(0, str(ROOT))

from werkplek.pipeline import build

from tests.helpers import CHROMIUM, CHROMIUM_ARGS, static_server

AIM = 2000

TEXTS = {
    "kijkwijzer-didactiek": {
        "student": "Noor van den Berg",
        "school": "OSG De Meerwaarde",
        "klas": "2 havo B",
        "vak": "Wiskunde",
        "datum": "2025-11-12",
        "observator": "Marieke de Jong, werkplekbegeleider",
        "kijkpunt": "Hoe kan ik beter nagaan of alle leerlingen de uitleg begrijpen?",
        "tops": "Je opende de les met een helder lesdoel op het bord en kwam daar aan het eind op terug. De uitleg "
        "over breuken bouwde je stap voor stap op, met een voorbeeld uit de keuken dat de leerlingen "
        "herkenden. Tijdens het zelfstandig werken liep je gericht rond en gaf je korte, concrete "
        "feedback aan wie vastliep.",
        "tips": "De leerlingen kregen weinig denktijd: na een vraag koos je vaak binnen twee seconden iemand met "
        "een vinger omhoog. Laat eerst iedereen nadenken en het antwoord op een wisbordje schrijven. "
        "Zorg ook dat de snelle rekenaars na de basisopdracht een uitdagende vervolgopdracht klaar "
        "hebben liggen, zodat ze niet gaan wachten.",
        "feedforward": "Volgende les: na elke denkvraag tien seconden wachten en de wisbordjes gebruiken; een "
        "plusopdracht klaarleggen voor de snelle groep.",
    },
    "zelfscan-werkplekopleider": {
        "werkplekbegeleider": "Marieke de Jong",
        "school": "OSG De Meerwaarde",
        "datum": "2025-11-12",
        "leervraag": "Hoe voer ik een nagesprek zo dat de student zelf de belangrijkste leerpunten benoemt, in "
        "plaats van dat ik ze aanreik? Ik wil oefenen met open vragen en met stiltes laten vallen.",
    },
}

# The series: the kijkwijzer above with longer tops, tips and feedforward, 1,500 characters of text in all.
SERIES_FORM = "kijkwijzer-didactiek"
SERIES_TEXT = 1500
BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
SERIES_MORE = {
    "tops": " In het middendeel gaf je de groep een korte opdracht in tweetallen, waarbij je de rollen duidelijk "
    "verdeelde. De overgangen tussen de lesfasen verliepen rustig, omdat je vooraf aankondigde wat er ging "
    "komen en hoeveel tijd er was.",
    "tips": " Bij de nabespreking kwamen steeds dezelfde leerlingen aan het woord. Gebruik eens de beurtstokjes "
    "of laat tweetallen eerst samen een antwoord formuleren. Schrijf de kernbegrippen van de uitleg op het "
    "bord, zodat leerlingen er tijdens het werken op kunnen terugvallen.",
    "feedforward": " Bespreek na afloop met je werkplekbegeleider welke denkvragen het beste werkten.",
}

FILL = """async (texts) => {
  const form = document.querySelector('form[data-form]');
  for (const item of form.querySelectorAll('[data-item]')) {
    const name = item.dataset.item;
    if (item.dataset.kind === 'scale') {
      const inputs = [...item.querySelectorAll('input[type=radio]')].filter((i) => i.value !== 'nvt');
      const input = inputs[(name.length * 7) % inputs.length];   // a spread of ratings, the same every run
      input.checked = true;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    } else if (item.dataset.kind === 'choice') {
      const input = item.querySelector('input[type=radio], input[type=checkbox]');
      input.checked = true;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    } else if (name in texts) {
      const field = item.querySelector('input, textarea');
      field.value = texts[name];
      field.dispatchEvent(new Event('input', { bubbles: true }));
    }
  }
  const storage = await import(new URL(document.documentElement.dataset.root + 'static/js/lib/storage.js', document.baseURI).href);
  await storage.whenSaved();
}"""

QR = """async (link) => {
  const root = new URL(document.documentElement.dataset.root, document.baseURI);
  const qr = await import(new URL('static/js/lib/qr.js', root).href);
  const lean = await import(new URL('static/vendor/lean-qr/index.js', root).href);
  const code = lean.generate(link, { minCorrectionLevel: lean.correction.L });
  return { fits: qr.qrCode(link) !== null, needed: (code.size - 17) / 4, max: qr.MAX_VERSION };
}"""


# The a1 answer link for the stored entry (issue 16): the entry with its visit fields, deflated and sealed
# with AES-GCM as the e1 link does (share-link.js), and a random 65-byte ephemeral public key in front.
ANSWER_LINK = """async (id) => {
  const root = new URL(document.documentElement.dataset.root, document.baseURI);
  const storage = await import(new URL('static/js/lib/storage.js', root).href);
  const share = await import(new URL('static/js/lib/share-link.js', root).href);
  const entry = await storage.getEntry(id);
  Object.assign(entry, {
    about: { id: crypto.randomUUID(), name: 'Noor van den Berg' },
    author: { id: crypto.randomUUID(), name: 'Marieke de Jong', role: 'wpb' },
    visit: crypto.randomUUID(), received: null,
  });
  const sealed = await share.encodeEntry(entry, share.generateCode());  // e1.<n>.<salt>.<iv>.<data>
  const epk = share.toBase64url(crypto.getRandomValues(new Uint8Array(65)));
  const rest = `${epk}.${sealed.split('.').slice(2).join('.')}`;
  return new URL(`lesbezoek/#a1.${rest.length}.${rest}`, root).href;
}"""

# The parts of a link, each drawn with the app's qr.js into its own box; returns the parts and their versions.
DRAW_PARTS = """async (link) => {
  const root = new URL(document.documentElement.dataset.root, document.baseURI);
  const { splitParts } = await import(new URL('static/js/lib/qr-parts.js', root).href);
  const { drawQr } = await import(new URL('static/js/lib/qr.js', root).href);
  const main = document.querySelector('main');
  return splitParts(link).map((part, i) => {
    const box = Object.assign(document.createElement('div'), { className: 'qr', id: `deel-${i + 1}` });
    main.prepend(box);
    drawQr(box, part);
    return { part, version: Number(box.querySelector('svg').dataset.version) };
  });
}"""

# Read screenshots (base64 PNGs) with the scanner's decoder: the first read and the median of `runs` more, in ms.
DECODE = """async ({ pngs, runs }) => {
  const root = new URL(document.documentElement.dataset.root, document.baseURI);
  const { default: QrScanner } = await import(new URL('static/vendor/qr-scanner/qr-scanner.min.js', root).href);
  const engine = await QrScanner.createQrEngine();
  const rows = [];
  for (const png of pngs) {
    const blob = new Blob([Uint8Array.from(atob(png), (c) => c.charCodeAt(0))], { type: 'image/png' });
    const read = async () => {
      const start = performance.now();
      const { data } = await QrScanner.scanImage(blob, { qrEngine: engine, returnDetailedScanResult: true });
      return [performance.now() - start, data];
    };
    const [first, text] = await read();
    const times = [];
    for (let i = 0; i < runs; i += 1) times.push((await read())[0]);
    times.sort((a, b) => a - b);
    rows.push({ text, first, median: times[Math.floor(runs / 2)] });
  }
  return { engine: engine instanceof Worker ? 'worker (jsQR)' : 'BarcodeDetector', rows };
}"""


def read_series(page, link: str) -> tuple[list[dict], str, int]:
    """`link` as a series of QR codes on `page`: one row per code (part, version, read times), the decoder
    used, and the width of a screenshot in pixels."""
    import base64

    page.evaluate("document.querySelectorAll('[id^=deel-]').forEach((box) => box.remove())")
    parts = page.evaluate(DRAW_PARTS, link)
    shots = [page.locator(f"#deel-{i + 1} svg").screenshot() for i in range(len(parts))]
    size = round(page.locator("#deel-1 svg").bounding_box()["width"] * 2)
    decoded = page.evaluate(DECODE, {"pngs": [base64.b64encode(s).decode() for s in shots], "runs": 5})
    for part, row in zip(parts, decoded["rows"], strict=True):
        assert row["text"] == part["part"], "a code did not read back"
        row.update(part)
    return decoded["rows"], decoded["engine"], size


def series(browser, url: str) -> list[tuple[str, int, list[dict], str, int]]:
    """The kijkwijzer answer as a series of QR codes, and a 2,600-character link (the upper end issue 16
    names): per link what it is, its length, one row per code, the decoder used, the screenshot width."""
    import random

    texts = {k: v + SERIES_MORE.get(k, "") for k, v in TEXTS[SERIES_FORM].items()}
    text_chars = sum(len(v) for v in texts.values())
    assert abs(text_chars - SERIES_TEXT) <= 25, text_chars
    context = browser.new_context(locale="nl-NL", viewport={"width": 412, "height": 823}, device_scale_factor=2)
    page = context.new_page()
    page.goto(f"{url}formulieren/{SERIES_FORM}/")
    page.wait_for_selector("html[data-ready]", state="attached")
    page.evaluate(FILL, texts)
    entry_id = re.search(r"invulling=([0-9a-f-]{36})", page.url).group(1)
    answer = page.evaluate(ANSWER_LINK, entry_id)
    rng = random.Random(16)
    head = answer[: answer.index("#") + 1] + "a1.2600."
    upper = head + "".join(rng.choice(BASE64URL) for _ in range(2600 - len(head)))
    links = [(f"{SERIES_FORM}, {text_chars:,} characters of text (a1)", answer), ("random base64url", upper)]
    results = [(what, len(link), *read_series(page, link)) for what, link in links]
    context.close()
    return results


def make_link(page, with_code: bool) -> str:
    page.locator("[data-share-with-code]").set_checked(with_code)
    page.get_by_role("button", name="Maak de link").click()
    page.locator("[data-share-status]").filter(has_text="De link is klaar").wait_for(timeout=60000)
    return page.locator("[data-share-link]").input_value()


def main() -> int:
    from playwright.sync_api import sync_playwright

    out = Path(tempfile.mkdtemp(prefix="werkplek-bench-")) / "build"
    build(ROOT / "content", out)
    rows = []
    with static_server(out, "stage") as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        for form, texts in TEXTS.items():
            page = browser.new_context(locale="nl-NL").new_page()
            page.goto(f"{url}formulieren/{form}/")
            page.wait_for_selector("html[data-ready]", state="attached")
            page.evaluate(FILL, texts)
            entry_id = re.search(r"invulling=([0-9a-f-]{36})", page.url).group(1)
            entry = page.evaluate(
                """async (id) => (await import(new URL(document.documentElement.dataset.root
                + 'static/js/lib/storage.js', document.baseURI).href)).getEntry(id)""",
                entry_id,
            )
            text_chars = sum(len(v) for v in texts.values())
            tops_tips = sum(len(texts.get(k, "")) for k in ("tops", "tips"))
            for with_code in (False, True):
                link = make_link(page, with_code)
                qr = page.evaluate(QR, link)
                rows.append(
                    (
                        form,
                        "met code" if with_code else "zonder code",
                        len(entry["answers"]) + len(entry["meta"]),
                        text_chars,
                        tops_tips,
                        len(json.dumps(entry, ensure_ascii=False).encode()),
                        len(link),
                        qr,
                    )
                )
            page.context.close()
        series_results = series(browser, url)
        browser.close()

    print(f"Share links, default site served at {url}, Chromium headless\n")
    print(
        "| form | link | answers | text chars (tops+tips) | entry JSON B | link chars | QR version needed | QR (≤ v25) |"
    )
    print("|---|---|---:|---:|---:|---:|---:|:---:|")
    ok = True
    for form, kind, answers, chars, tops_tips, json_bytes, length, qr in rows:
        if form.startswith("kijkwijzer"):
            ok &= length < AIM
        print(
            f"| {form} | {kind} | {answers} | {chars:,} ({tops_tips:,}) | {json_bytes:,} | {length:,} | "
            f"{qr['needed']} | {'ja' if qr['fits'] else 'nee'} |"
        )
    print(
        f"\nAim (kijkwijzer with ~600 characters of tops and tips under {AIM:,} characters of link):",
        "met" if ok else "NOT met",
    )

    engine, size = series_results[0][3], series_results[0][4]
    print(
        f"\nSeries of QR codes (lib/qr-parts.js, at most 500 characters a part), screenshots {size} px wide "
        f"(412 CSS px at 2 device pixels), read in Chromium with the scanner's decoder ({engine}):\n"
    )
    print("| link | link chars | code | part chars | QR version | first read ms | median of 5 ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for what, length, rows, _, _ in series_results:
        for i, row in enumerate(rows, start=1):
            print(
                f"| {what} | {length:,} | {i} van {len(rows)} | {len(row['part']):,} | {row['version']} | "
                f"{row['first']:.0f} | {row['median']:.0f} |"
            )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
