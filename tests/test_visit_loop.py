"""The lesson visit, person to person (issue 16), in Chromium with three browser profiles: the student plans a
visit and invites; the WPB opens the invitation offline and finds the kijkwijzer filled in with what the student
knows and their own name; the answer goes back sealed to the student's device, is filed under her visit and moves
her requirement progress; a third profile cannot open it. What someone else wrote is read-only for the student;
a newer version from its author replaces it, marked. No request ever carries an entry, a name or a key."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .helpers import new_device, open_page, ready, wait_for_worker

STUDENT, OBSERVER = "Anna de Vries", "Piet Jansen"


def who_am_i(page, url: str, name: str, role: str) -> None:
    """'Wie ben je?' on the start page: name and role, stored as this device's profile."""
    open_page(page, url)
    picker = page.locator("[data-picker]")
    if not picker.evaluate("d => d.open"):
        picker.locator("summary").click()
    page.get_by_label("Mijn naam").fill(name)
    page.get_by_label("Mijn naam").blur()
    page.get_by_label(role, exact=True).check()
    page.wait_for_function(
        """async ([name]) => {
            const s = await import(new URL(document.documentElement.dataset.root + 'static/js/lib/storage.js', document.baseURI).href);
            const p = await s.loadProfile();
            return p && p.name === name && p.role;
        }""",
        arg=[name],
        polling=50,
    )


def plan_visit(page, url: str) -> str:
    """The student plans a visit by her WPB with the kijkwijzer pedagogiek; returns the invitation link."""
    open_page(page, url + "lesbezoek/")
    planner = page.locator("[data-planner]:visible")
    planner.get_by_label("Datum van de les (verplicht)").fill("2026-03-12")
    planner.get_by_label("Begintijd").fill("09:15")
    planner.get_by_label("School", exact=True).fill("De Regenboog")
    planner.get_by_label("Klas of groep").fill("groep 5")
    planner.get_by_label("Vak", exact=True).fill("rekenen")
    planner.get_by_label("Werkplekbegeleider (WPB)").check()
    planner.get_by_label("Kijkwijzer pedagogiek").check()
    planner.get_by_label("Mijn leervraag of kijkpunt").fill("Stel ik open vragen?")
    planner.get_by_role("button", name="Bewaar het lesbezoek").click()
    link = page.locator("[data-visit-link]").first
    expect(link).to_have_value(re.compile(r"lesbezoek/#u1\."))
    return link.input_value()


def answer_link(page, before: str = "") -> str:
    page.get_by_role("button", name="Maak het antwoord").click()
    field = page.locator("[data-answer-link]")
    expect(field).to_have_value(re.compile(r"ontvangen/#a1\."))
    expect(field).not_to_have_value(before)
    return field.input_value()


def test_a_visit_goes_from_invitation_to_answer_only_to_her_device(browser, site_url, tmp_path):
    devices = [new_device(browser) for _ in range(3)]
    contexts = [context for context, _, _ in devices]
    student, observer, other = (page for _, page, _ in devices)
    requests: list[tuple[str, str, bytes | None]] = []
    for ctx in contexts:
        ctx.on("request", lambda r: requests.append((r.method, r.url, r.post_data_buffer)))
    for page in (student, observer, other):
        page.clock.set_fixed_time("2026-03-02T10:00:00+01:00")
    try:
        who_am_i(student, site_url, STUDENT, "Student")
        invitation = plan_visit(student, site_url)
        assert len(invitation) < 1200  # one QR code a phone reads off a screen

        # The WPB has visited the site once (so it is on the phone), then opens the invitation offline.
        who_am_i(observer, site_url, OBSERVER, "Werkplekbegeleider (WPB)")
        wait_for_worker(observer)
        contexts[1].set_offline(True)
        open_page(observer, invitation)
        invite = observer.locator("[data-invitation]")
        expect(invite.locator("[data-invitation-status]")).to_have_text(re.compile("Je bent uitgenodigd"))
        expect(invite.locator("[data-invitation-details]")).to_contain_text(STUDENT)
        expect(invite.locator("[data-invitation-details]")).to_contain_text("Stel ik open vragen?")
        invite.get_by_role("link", name="Vul in: Kijkwijzer pedagogiek").click()
        ready(observer)
        # Nothing to retype: who, when, where and the focus come from the invitation, the observer from the profile.
        expect(observer.get_by_label("Student (verplicht)")).to_have_value(STUDENT)
        expect(observer.locator("input[name='datum']")).to_have_value("2026-03-12")
        expect(observer.get_by_label("School", exact=True)).to_have_value("De Regenboog")
        expect(observer.locator("input[name='observator']")).to_have_value(re.compile(f"^{OBSERVER}"))
        expect(observer.locator("[data-visit-note]")).to_contain_text(STUDENT)
        for item in observer.locator("[data-kind='scale']").all():
            item.locator("input[value='3']").check()
        # An ordinary kijkwijzer: about 1,500 characters of tops, tips and feedforward.
        for name, words in (
            ("tops", "Je stelde open vragen en wachtte op antwoord. "),
            ("tips", "Geef de stille leerlingen vaker de beurt. "),
            ("feedforward", "Volgende les: plan drie open vragen vooraf. "),
        ):
            observer.locator(f"textarea[name='{name}']").fill((words * 12)[:500])
        observer.get_by_role("button", name="Afronden").click()
        expect(observer.locator("[data-missing]")).to_be_hidden()
        expect(observer.locator("[data-entry-state]")).to_have_text("afgerond")
        expect(observer.locator("[data-share]")).to_be_hidden()  # no plain link around the seal
        answer = answer_link(observer)

        # Face to face: the WPB shows the answer as a series of codes, the student scans what the screen shows.
        observer.get_by_role("button", name="Laat de codes scannen").click()
        series = observer.locator("[data-answer-qr-box]")
        counter = series.locator("[data-series-counter]")
        expect(counter).to_have_text(re.compile(r"^Code 1 van \d+$"))
        total = int(counter.inner_text().rsplit(" ", 1)[1])
        assert 2 <= total <= 5, total
        shots = []
        for i in range(1, total + 1):
            expect(counter).to_have_text(f"Code {i} van {total}")
            shots.append(tmp_path / f"code-{i}.png")
            series.locator(f"[data-series-code='{i}'] svg").screenshot(path=shots[-1])
            series.get_by_role("button", name="Volgende").click()
        open_page(student, site_url + "lesbezoek/")
        student.get_by_role("button", name="Scan de codes").click()
        student.get_by_label("Kies een foto van de code").set_input_files([str(shot) for shot in reversed(shots)])
        student.wait_for_url(re.compile(r"ontvangen/#a1\."))
        ready(student)
        # Filed under her visit, read-only, and her progress moves.
        expect(student.locator("[data-received-status]")).to_contain_text("bewaard op dit apparaat, bij je lesbezoek")
        open_page(student, site_url + "lesbezoek/")
        visit = student.locator("[data-visit]").first
        expect(visit.locator("[data-answered]")).to_contain_text(f"ontvangen van {OBSERVER} (werkplekbegeleider)")
        visit.locator("[data-answered] a").click()
        ready(student)
        expect(student.locator("[data-received]")).to_contain_text(f"Ontvangen van {OBSERVER}")
        expect(student.locator("input[name='datum']")).to_be_disabled()
        expect(student.get_by_role("button", name="Weer bewerken")).to_be_hidden()
        expect(student.get_by_role("button", name="Afronden")).to_be_hidden()
        open_page(student, site_url)
        rule = student.locator("[data-requirement='kijkwijzers-p3']")
        expect(rule.locator("[data-req-status]")).to_contain_text(
            "Kijkwijzer didactiek en Kijkwijzer vakdidactiek ontbreken nog"
        )
        expect(rule.locator("[data-done]")).to_have_text("1")

        # A third profile cannot read it: with no key of its own, or with another device's key.
        open_page(other, answer)
        expect(other.locator("[data-received-status]")).to_contain_text("nooit een lesbezoek gepland")
        who_am_i(other, site_url, "Iemand Anders", "Student")
        plan_visit(other, site_url)
        open_page(other, answer)
        expect(other.locator("[data-received-status]")).to_contain_text("Dit antwoord is niet voor dit apparaat")
        expect(other.locator("[data-entry-view]")).to_be_hidden()

        # Half an hour later the WPB corrects a score and sends again: the student's copy is replaced, marked.
        for page in (student, observer):
            page.clock.set_fixed_time("2026-03-02T10:30:00+01:00")
        observer.get_by_role("button", name="Weer bewerken").click()
        observer.locator("[data-kind='scale']").first.locator("input[value='4']").check()
        observer.get_by_role("button", name="Afronden").click()
        expect(observer.locator("[data-entry-state]")).to_have_text("afgerond")
        newer = answer_link(observer, before=answer)
        open_page(student, newer)
        expect(student.locator("[data-received-status]")).to_contain_text("bijgewerkt")
        student.get_by_role("link", name="Open het antwoord").click()
        ready(student)
        expect(student.locator("[data-received-replaced]")).to_be_visible()
        expect(student.locator("[data-kind='scale']").first.locator("input[value='4']")).to_be_checked()
        # The old answer link, opened again, does not bring the older version back.
        open_page(student, answer)
        expect(student.locator("[data-received-status]")).to_contain_text("stond al op dit apparaat")

        # Her report of the conversation goes back the same way: sealed for the key the WPB's answer brought.
        open_page(student, site_url + "lesbezoek/")
        student.locator("[data-visit]").first.get_by_role("link", name="Schrijf: Verslag driehoeksgesprek").click()
        ready(student)
        expect(student.get_by_label("Student (verplicht)")).to_have_value(STUDENT)
        student.get_by_label("Wie waren erbij? (verplicht)").fill(f"{OBSERVER} (werkplekbegeleider)")
        student.locator("textarea[name='de-les']").fill(
            "Open vragen gingen goed; de stille leerlingen kwamen weinig aan bod."
        )
        student.locator("textarea[name='afspraken']").fill("Volgende les drie open vragen vooraf plannen.")
        student.get_by_role("button", name="Afronden").click()
        expect(student.locator("[data-entry-state]")).to_have_text("afgerond")
        expect(student.get_by_role("heading", name=f"Stuur je verslag naar {OBSERVER}")).to_be_visible()
        expect(student.locator("[data-share]")).to_be_visible()  # for whoever sent no answer: link and code
        student.get_by_role("button", name="Maak het verslag klaar").click()
        field = student.locator("[data-answer-link]")
        expect(field).to_have_value(re.compile(r"ontvangen/#a1\."))
        report = field.input_value()
        open_page(observer, report)
        expect(observer.locator("[data-received-status]")).to_contain_text("bewaard op dit apparaat")
        open_page(observer, site_url + "lesbezoek/")
        sent = observer.locator("[data-visit] [data-report]")
        expect(sent).to_contain_text(f"Verslag driehoeksgesprek: ontvangen van {STUDENT} (student)")
        sent.get_by_role("link").click()
        ready(observer)
        expect(observer.locator("[data-received]")).to_contain_text(f"Ontvangen van {STUDENT}")
        expect(observer.locator("textarea[name='afspraken']")).to_be_disabled()
        # Forwarded to anyone else, or opened on her own device, it stays closed.
        for page in (other, student):
            open_page(page, report)
            expect(page.locator("[data-received-status]")).to_contain_text("Dit antwoord is niet voor dit apparaat")
    finally:
        for ctx in contexts:
            ctx.close()
    errors = [error for _, _, page_errors in devices for error in page_errors]
    assert not errors, errors
    # No server saw an entry, a name or a key: only GETs of the site's own files, no bodies, no names.
    origin = site_url.split("/", 3)[:3]
    for method, url, body in requests:
        url = url.removeprefix("blob:")  # the decoder's worker, made in the page from its own file
        assert method == "GET" and body is None, (method, url)
        assert url.split("/", 3)[:3] == origin, url
        assert "Anna" not in url and "Piet" not in url and "#" not in url, url
