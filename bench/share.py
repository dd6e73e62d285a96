"""Share-link length in real Chromium: how long the link to a filled-in entry is, and whether it fits a QR code.

    .venv/bin/python bench/share.py

Builds the default site, serves it on 127.0.0.1 under /stage/ and fills in, with realistic Dutch text,
a kijkwijzer (every rating, the lesson details, about 600 characters of tops and tips and a feedforward)
and the zelfscan (every rating, the details, a choice and a learning question). Then it makes the link
the way a user does ("Maak de link", with and without "Beveilig met een code") and reads it from the
page; the QR check is the app's own (static/js/lib/qr.js: at most version 25), and the version the link
would need is taken from the same vendored encoder. Aim (issue 8): a kijkwijzer with 600 characters of
tops and tips in under 2,000 characters of link.
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
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
