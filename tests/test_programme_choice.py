"""The programme is picked once, beside the role: in real Chromium, two devices, one at Noord-Holland and one
at Rotterdam, each see only their own programme on the start page, the planning, the role page, the
calendars and the groeidossier."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from .helpers import new_device, open_page

HR, NH = "hr-n2-2025-2026", "nh-ipabo-2025-2026"
AMSTERDAM = dt.timezone(dt.timedelta(hours=1))

SEEN = {
    NH: {
        "period": "Semester 1",
        "task": "Adviesformulier halverwege",
        "date": "Halverwege de periode: vr 14 november 2025 (voorbeelddatum)",
        "requirement": "Het adviesformulier twee keer ingevuld",
        "planning": "Planning: Werkplekleren Samen Opleiden Noord-Holland",
    },
    HR: {
        "period": "Periode 2",
        "task": "Voortgang bespreken voor tussentijdse evaluatie",
        "date": None,
        "requirement": "Minstens twee lesbezoeken door de werkplekbegeleider",
        "planning": "Planning: Werkplekleren Niveau 2",
    },
}


def choose(page, site_url: str, programme: str) -> None:
    page.clock.set_fixed_time(dt.datetime(2025, 11, 20, 12, 0, tzinfo=AMSTERDAM))
    open_page(page, site_url)
    page.get_by_label("Mijn opleiding").select_option(programme)
    page.get_by_label("Werkplekbegeleider (WPB)", exact=True).check()
    page.wait_for_function(  # the prefs mirror (localStorage) that every page reads before its first paint
        """([p]) => Object.keys(localStorage).some((k) => k.endsWith(':prefs')
            && JSON.parse(localStorage.getItem(k)).programme === p && JSON.parse(localStorage.getItem(k)).role === 'wpb')""",
        arg=[programme],
        polling=50,
    )


@pytest.fixture
def two_devices(browser):
    devices = [new_device(browser) for _ in range(2)]
    yield devices
    for context, _, errors in devices:
        context.close()
        assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.mark.parametrize("order", [(NH, HR), (HR, NH)], ids=["nh-then-hr", "hr-then-nh"])
def test_each_device_sees_only_the_programme_it_picked(two_devices, site_url, order):
    for (_, page, _), mine in zip(two_devices, order, strict=True):
        other = HR if mine == NH else NH
        choose(page, site_url, mine)

        # Start page: "Nu" is this programme's period, with its tasks and requirements for the WPB.
        now = page.locator("[data-now]")
        expect(now.locator(f"[data-programme='{mine}']")).to_be_visible()
        expect(now.locator(f"[data-programme='{other}']")).to_be_hidden()
        period = now.locator("section.period-now:visible")
        expect(period.locator("h3")).to_have_text(SEEN[mine]["period"], use_inner_text=True)
        expect(period).to_contain_text(SEEN[mine]["task"], use_inner_text=True)
        if SEEN[mine]["date"]:
            expect(period).to_contain_text(SEEN[mine]["date"], use_inner_text=True)
        visible = now.locator("[data-requirement]:visible")
        expect(visible.filter(has_text=SEEN[mine]["requirement"])).not_to_have_count(0)
        for item in visible.all():
            assert SEEN[other]["requirement"] not in item.inner_text()
        expect(now).not_to_contain_text(SEEN[other]["period"], use_inner_text=True)

        # Planning: planning/ forwards to this programme's page, which has nothing of the other.
        page.get_by_role("link", name="Planning", exact=True).first.click()
        page.wait_for_url(f"**/planning/{mine}/")
        expect(page.locator("h1")).to_have_text(SEEN[mine]["planning"], use_inner_text=True)
        main = page.locator("main")
        expect(main).to_contain_text(SEEN[mine]["task"], use_inner_text=True)
        expect(main).not_to_contain_text(SEEN[other]["period"], use_inner_text=True)
        expect(main).not_to_contain_text(SEEN[other]["requirement"], use_inner_text=True)
        expect(page.get_by_label("Toon taken van")).to_have_value("wpb")

        # The role page and the calendars follow the programme too.
        open_page(page, site_url + "rollen/wpb/")
        heading = page.locator(f".period-block[data-programme='{mine}'] h3").filter(has_text=SEEN[mine]["period"])
        expect(heading).to_be_visible()
        theirs = page.locator(f".period-block[data-programme='{other}']")
        assert theirs.count() >= 2
        for block in theirs.all():
            expect(block).to_be_hidden()
        open_page(page, site_url + "herinneringen/")
        expect(page.locator(f"[data-calendar='{mine}']")).to_be_visible()
        expect(page.locator(f"[data-calendar='{other}']")).to_be_hidden()
        expect(page.get_by_label("Google Agenda", exact=False)).to_have_value(f"{site_url}agenda/{mine}/wpb.ics")
        assert page.locator(f"[data-subscribe-choice] option[data-programme='{other}']").count() == 0

        # The groeidossier: her programme's periods and requirements, none of the other's.
        open_page(page, site_url + "groeidossier/")
        expect(page.locator(f"[data-dossier-programme='{mine}']")).to_be_visible()
        expect(page.locator(f"[data-dossier-programme='{other}']")).to_be_hidden()
        main = page.locator("main")
        expect(main).to_contain_text(SEEN[mine]["period"], use_inner_text=True)
        expect(main).to_contain_text(SEEN[mine]["requirement"], use_inner_text=True)
        expect(main).not_to_contain_text(SEEN[other]["period"], use_inner_text=True)
        expect(main).not_to_contain_text(SEEN[other]["requirement"], use_inner_text=True)


def test_a_reminder_link_opens_the_programme_it_names_whatever_was_picked(two_devices, site_url):
    _, page, _ = two_devices[0]
    choose(page, site_url, NH)
    page.goto(site_url + f"planning/#periode--{HR}--p2")
    page.wait_for_url(f"**/planning/{HR}/#periode--{HR}--p2")
    expect(page.locator(f"#periode--{HR}--p2")).to_be_visible()


def test_a_search_result_from_the_other_programme_still_shows_its_period(two_devices, site_url):
    _, page, _ = two_devices[0]
    choose(page, site_url, NH)
    open_page(page, site_url + f"rollen/wpb/#v--taak--{HR}--p2--voortgang-bespreken")
    expect(page.locator(f"#v--taak--{HR}--p2--voortgang-bespreken")).to_be_attached()
    block = page.locator(".period-block").filter(has=page.locator(f"#v--taak--{HR}--p2--voortgang-bespreken"))
    expect(block).to_be_visible()
    expect(page.locator(f".period-block[data-programme='{HR}']").filter(has_text="Periode 1").first).to_be_hidden()
