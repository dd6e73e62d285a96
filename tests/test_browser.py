"""Real Chromium against the built site served under a sub-path."""

from __future__ import annotations

import datetime as dt
import re

from playwright.sync_api import expect
from werkplek.pipeline import build

from .helpers import open_page, ready, static_server, wait_until_stored

AMSTERDAM = dt.timezone(dt.timedelta(hours=1))


def at(page, day: str) -> None:
    """Freeze the page's clock at noon on `day` (Amsterdam)."""
    y, m, d = map(int, day.split("-"))
    page.clock.set_fixed_time(dt.datetime(y, m, d, 12, 0, tzinfo=AMSTERDAM))


def choose_role(page, name: str) -> None:
    page.get_by_label(name, exact=True).check()


def test_the_start_page_says_how_far_the_deadline_is_once(page, site_url):
    at(page, "2025-11-05")  # a week before the deadline of Periode 1 (12 November)
    open_page(page, site_url)
    choose_role(page, "Werkplekbegeleider (WPB)")
    period = page.locator("[data-now] section.period-now:visible")
    expect(period.locator("[data-days-left]")).to_have_text("over 7 dagen", use_inner_text=True)
    expect(period).to_contain_text("Deadline student: wo 12 november 2025 Deadline over 7 dagen", use_inner_text=True)
    text = " ".join(period.inner_text().split())
    assert text.count("over 7 dagen") == 1, text
    open_page(page, site_url + "planning/")  # the planning has no such line: the date says it there
    expect(page.locator("main")).to_contain_text("wo 12 november 2025 (over 7 dagen)", use_inner_text=True)


def test_choose_role_tick_tasks_reload_and_they_stay(page, site_url):
    at(page, "2025-10-01")
    open_page(page, site_url)
    expect(page.locator("[data-now]")).to_be_hidden()
    choose_role(page, "Werkplekbegeleider (WPB)")

    now = page.locator("[data-now]")
    period = now.locator("section.period-now:visible")
    expect(period.locator("h3")).to_have_text("Periode 1", use_inner_text=True)
    expect(period.locator("[data-days-left]")).to_have_text("over 42 dagen", use_inner_text=True)
    tasks = period.locator("[data-role='wpb'] input[type=checkbox]")
    count = tasks.count()
    assert count >= 3
    expect(period.locator("[data-role='student']")).to_be_hidden()

    tasks.nth(0).check()
    tasks.nth(2).check()
    wait_until_stored(page, 2, role="wpb")
    expect(period.locator("[data-role='wpb'] .progress-line")).to_have_text(
        f"2 van {count} afgevinkt", use_inner_text=True
    )

    page.reload()
    ready(page)
    expect(page.get_by_label("Werkplekbegeleider (WPB)", exact=True)).to_be_checked()
    # folded once a role is known
    expect(page.locator("[data-picker]")).not_to_have_attribute("open", re.compile(""))
    tasks = page.locator("section.period-now:visible [data-role='wpb'] input[type=checkbox]")
    for i in range(count):
        expect(tasks.nth(i)).to_be_checked(checked=i in (0, 2))
    assert page.locator("section.period-now:visible [data-role='wpb'] progress").evaluate("p => p.value") == 2

    # The same period tasks on the role page share the ticks.
    page.get_by_role("link", name="Alle taken en bekwaamheden van mijn rol").click()
    page.wait_for_url("**/rollen/wpb/")
    ready(page)
    block = page.locator(".period-block").filter(has_text="Periode 1")
    boxes = block.locator("input[type=checkbox]")
    for i in range(count):
        expect(boxes.nth(i)).to_be_checked(checked=i in (0, 2))


def test_role_checklist_ticks_persist_with_progress(page, site_url):
    open_page(page, site_url + "rollen/so/")
    section = page.locator("section[aria-labelledby='bekwaamheden']")
    boxes = section.locator("input[type=checkbox]")
    total = boxes.count()
    assert total > 0
    for i in range(3):
        boxes.nth(i).check()
    wait_until_stored(page, 3)
    page.reload()
    ready(page)
    section = page.locator("section[aria-labelledby='bekwaamheden']")
    expect(section.locator("input:checked")).to_have_count(3)
    expect(section.locator(".progress-line")).to_have_text(f"3 van {total} afgevinkt", use_inner_text=True)
    # Unticking is stored too.
    section.locator("input:checked").first.uncheck()
    wait_until_stored(page, 2)
    page.reload()
    ready(page)
    expect(page.locator("section[aria-labelledby='bekwaamheden'] input:checked")).to_have_count(2)


def test_after_the_school_year_the_start_page_says_so(page, site_url):
    at(page, "2026-11-23")
    open_page(page, site_url)
    choose_role(page, "Student")
    note = page.locator("[data-state='after']:visible")  # of the chosen programme (the first, by default)
    expect(note).to_be_visible()
    expect(note).to_contain_text("Het schooljaar 2025-2026", use_inner_text=True)
    expect(note).to_contain_text("29 mei 2026", use_inner_text=True)
    expect(page.locator("section.period-now:visible")).to_have_count(0)


def test_before_the_first_period_shows_what_comes(page, site_url):
    at(page, "2025-08-15")
    open_page(page, site_url)
    choose_role(page, "Instituutsopleider (IO)")
    expect(page.locator("[data-state='before']:visible")).to_contain_text(
        "begint in september 2025", use_inner_text=True
    )
    period = page.locator("section.period-now:visible")
    expect(period.locator("h3")).to_have_text("Periode 1", use_inner_text=True)
    expect(period.locator("[data-role='io']")).to_be_visible()


def test_between_periods(page, tmp_path, content_copy):
    programme = content_copy / "programmes" / "hr-n2-2025-2026.yml"
    programme.write_text(programme.read_text().replace('start: "2026-02"', 'start: "2026-03"'))
    out = tmp_path / "between"
    build(content_copy, out)
    with static_server(out) as url:
        at(page, "2026-02-20")
        open_page(page, url)
        choose_role(page, "Student")
        note = page.locator("[data-state='between']:visible")
        expect(note).to_have_text(
            re.compile(
                "^" + re.escape("Periode 2 is afgelopen (deadline 4 februari 2026). Periode 3 begint in maart 2026")
            ),
            use_inner_text=True,
        )
        expect(page.locator("section.period-now:visible h3")).to_have_text("Periode 3", use_inner_text=True)


def test_planning_marks_today_and_filters_by_role(page, site_url):
    at(page, "2025-11-20")
    open_page(page, site_url + "planning/hr-n2-2025-2026/")
    periods = page.locator("li.period")
    expect(periods).to_have_count(4)
    for i, status in enumerate(["afgelopen", "nu bezig", "komt nog", "komt nog"]):
        expect(periods.nth(i).locator("[data-status]:visible")).to_have_text(status, use_inner_text=True)
    expect(periods.nth(1)).to_have_attribute("aria-current", "date")
    marker = periods.nth(1).locator(".today-marker")
    expect(marker).to_have_text("Vandaag do 20 november 2025", use_inner_text=True)

    page.get_by_label("Toon taken van").select_option(label="Schoolopleider")
    visible_roles = {s.get_attribute("data-role") for s in page.locator(".role-tasks:visible").all()}
    assert visible_roles == {"so"}
    page.get_by_label("Toon taken van").select_option(label="alle rollen")
    assert {s.get_attribute("data-role") for s in page.locator(".role-tasks:visible").all()} == {
        "student",
        "wpb",
        "so",
        "io",
    }


def test_planning_filter_starts_at_the_chosen_role(page, site_url):
    open_page(page, site_url)
    choose_role(page, "Student")
    wait_until_stored(page, 0, role="student")
    page.get_by_role("link", name="Planning", exact=True).first.click()
    page.wait_for_url("**/planning/hr-n2-2025-2026/")  # planning/ forwards to the programme chosen with the role
    ready(page)
    expect(page.get_by_label("Toon taken van")).to_have_value("student")


def test_pages_read_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    page.goto(site_url)
    expect(page.locator("main")).to_contain_text("Zonder JavaScript", use_inner_text=True)
    page.goto(site_url + "rollen/wpb/")
    expect(page.locator("main")).to_contain_text("Taken", use_inner_text=True)
    expect(page.locator("main")).to_contain_text("Periode 1", use_inner_text=True)
    page.goto(site_url + "planning/")  # without JavaScript: the list of programmes, each a link
    page.get_by_role("link", name="Werkplekleren Niveau 2").click()
    expect(page.locator("main")).to_contain_text("12 november 2025", use_inner_text=True)
    expect(page.locator("li.period")).to_have_count(4)
    context.close()


def test_html_in_content_is_shown_as_text(page, tmp_path, content_copy):
    role = content_copy / "roles" / "student.yml"
    role.write_text(
        role.read_text().replace("name: Student", "name: 'Student <img src=x onerror=\"document.title=`gehackt`\">'")
    )
    out = tmp_path / "html"
    build(content_copy, out)
    with static_server(out) as url:
        open_page(page, url + "rollen/student/")
        expect(page.locator("h1")).to_have_text(
            'Student <img src=x onerror="document.title=`gehackt`">', use_inner_text=True
        )
        expect(page.locator("main img")).to_have_count(0)
        assert page.title() != "gehackt"
