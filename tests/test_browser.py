"""Real Chromium against the built site served under a sub-path."""

from __future__ import annotations

import datetime as dt

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
    assert period.locator("[data-days-left]").inner_text() == "over 7 dagen"
    text = " ".join(period.inner_text().split())
    assert text.count("over 7 dagen") == 1, text
    assert "Deadline student: wo 12 november 2025 Deadline over 7 dagen" in text
    open_page(page, site_url + "planning/")  # the planning has no such line: the date says it there
    assert "wo 12 november 2025 (over 7 dagen)" in " ".join(page.locator("main").inner_text().split())


def test_choose_role_tick_tasks_reload_and_they_stay(page, site_url):
    at(page, "2025-10-01")
    open_page(page, site_url)
    assert page.locator("[data-now]").is_hidden()
    choose_role(page, "Werkplekbegeleider (WPB)")

    now = page.locator("[data-now]")
    period = now.locator("section.period-now:visible")
    assert period.locator("h3").inner_text() == "Periode 1"
    assert period.locator("[data-days-left]").inner_text() == "over 42 dagen"
    tasks = period.locator("[data-role='wpb'] input[type=checkbox]")
    count = tasks.count()
    assert count >= 3
    assert period.locator("[data-role='student']").is_hidden()

    tasks.nth(0).check()
    tasks.nth(2).check()
    wait_until_stored(page, 2, role="wpb")
    assert period.locator("[data-role='wpb'] .progress-line").inner_text().strip() == f"2 van {count} afgevinkt"

    page.reload()
    ready(page)
    assert page.get_by_label("Werkplekbegeleider (WPB)", exact=True).is_checked()
    assert not page.locator("[data-picker]").get_attribute("open") is not None  # folded once a role is known
    tasks = page.locator("section.period-now:visible [data-role='wpb'] input[type=checkbox]")
    assert [tasks.nth(i).is_checked() for i in range(count)] == [i in (0, 2) for i in range(count)]
    assert page.locator("section.period-now:visible [data-role='wpb'] progress").evaluate("p => p.value") == 2

    # The same period tasks on the role page share the ticks.
    page.get_by_role("link", name="Alle taken en bekwaamheden van mijn rol").click()
    page.wait_for_url("**/rollen/wpb/")
    ready(page)
    block = page.locator(".period-block").filter(has_text="Periode 1")
    boxes = block.locator("input[type=checkbox]")
    assert [boxes.nth(i).is_checked() for i in range(count)] == [i in (0, 2) for i in range(count)]


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
    assert section.locator("input:checked").count() == 3
    assert section.locator(".progress-line").inner_text().strip() == f"3 van {total} afgevinkt"
    # Unticking is stored too.
    section.locator("input:checked").first.uncheck()
    wait_until_stored(page, 2)
    page.reload()
    ready(page)
    assert page.locator("section[aria-labelledby='bekwaamheden'] input:checked").count() == 2


def test_after_the_school_year_the_start_page_says_so(page, site_url):
    at(page, "2026-11-23")
    open_page(page, site_url)
    choose_role(page, "Student")
    note = page.locator("[data-state='after']")
    assert note.is_visible()
    assert "Het schooljaar 2025-2026" in note.inner_text()
    assert "29 mei 2026" in note.inner_text()
    assert page.locator("section.period-now:visible").count() == 0


def test_before_the_first_period_shows_what_comes(page, site_url):
    at(page, "2025-08-15")
    open_page(page, site_url)
    choose_role(page, "Instituutsopleider (IO)")
    assert "begint in september 2025" in page.locator("[data-state='before']").inner_text()
    period = page.locator("section.period-now:visible")
    assert period.locator("h3").inner_text() == "Periode 1"
    assert period.locator("[data-role='io']").is_visible()


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
        assert note.inner_text().startswith(
            "Periode 2 is afgelopen (deadline 4 februari 2026). Periode 3 begint in maart 2026"
        )
        assert page.locator("section.period-now:visible h3").inner_text() == "Periode 3"


def test_planning_marks_today_and_filters_by_role(page, site_url):
    at(page, "2025-11-20")
    open_page(page, site_url + "planning/")
    periods = page.locator("li.period")
    assert periods.count() == 4
    statuses = [periods.nth(i).locator("[data-status]:visible").inner_text() for i in range(4)]
    assert statuses == ["afgelopen", "nu bezig", "komt nog", "komt nog"]
    assert periods.nth(1).get_attribute("aria-current") == "date"
    marker = periods.nth(1).locator(".today-marker")
    assert marker.inner_text() == "Vandaag do 20 november 2025"

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
    page.wait_for_url("**/planning/")
    ready(page)
    assert page.get_by_label("Toon taken van").input_value() == "student"


def test_pages_read_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    page.goto(site_url)
    assert "Zonder JavaScript" in page.locator("main").inner_text()
    page.goto(site_url + "rollen/wpb/")
    text = page.locator("main").inner_text()
    assert "Taken" in text and "Periode 1" in text
    page.goto(site_url + "planning/")
    assert "12 november 2025" in page.locator("main").inner_text()
    assert page.locator("li.period").count() == 4
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
        assert page.locator("h1").inner_text() == 'Student <img src=x onerror="document.title=`gehackt`">'
        assert page.locator("main img").count() == 0
        assert page.title() != "gehackt"
