"""Reminders in the app: calendar files from the build, the herinneringen/ page with and without a push
service, and the service worker showing a delivered push and opening its page on a click."""

from __future__ import annotations

import re
import shutil
import threading

import pytest
from icalendar import Calendar
from playwright.sync_api import expect
from werkplek.pipeline import build
from werkplek.push.api import create_push_app
from werkplek.push.keys import init_keys
from werkzeug.serving import make_server

from .helpers import CONTENT, open_page, serve_directory, wait_for_worker


def test_calendar_files_are_built_and_linked(built_site):
    planning = (built_site / "planning" / "hr-n2-2025-2026" / "index.html").read_text(encoding="utf-8")
    reminders = (built_site / "herinneringen" / "index.html").read_text(encoding="utf-8")
    for html, up in ((planning, "../../"), (reminders, "../")):
        assert "Zet in mijn agenda" in html
        assert f'href="{up}agenda/hr-n2-2025-2026.ics"' in html
        assert f'href="{up}agenda/hr-n2-2025-2026/wpb.ics"' in html
    assert "agenda/nh-ipabo-2025-2026" not in planning  # a programme's planning offers its own calendars
    assert "data-push-url" not in reminders  # no push_url in site.yml: the calendar files only
    calendar = Calendar.from_ical((built_site / "agenda/hr-n2-2025-2026/wpb.ics").read_bytes())
    deadlines = sorted(
        e.decoded("dtstart").isoformat() for e in calendar.walk("VEVENT") if "Deadline" in str(e["summary"])
    )
    assert deadlines == ["2025-11-12", "2026-02-04", "2026-04-22", "2026-05-29"]


def test_without_a_push_service_the_page_offers_the_calendar_once_or_as_a_subscription(page, site_url):
    open_page(page, site_url + "herinneringen/")
    main = page.locator("main")
    # nothing promises notifications on the phone
    expect(main).not_to_contain_text("melding", ignore_case=True, use_inner_text=True)
    expect(main).to_contain_text("Zet eenmalig in je agenda", use_inner_text=True)
    expect(main).to_contain_text("Abonneer je agenda", use_inner_text=True)
    expect(page.locator("a[download][href='../agenda/hr-n2-2025-2026/wpb.ics']")).to_be_visible()
    link = page.get_by_role("link", name="Abonneer je op deze agenda")
    field = page.get_by_label(re.compile("Via URL"))
    root = site_url.split("://", 1)[1]
    expect(link).to_have_attribute("href", f"webcal://{root}agenda/hr-n2-2025-2026.ics")
    expect(field).to_have_value(f"{site_url}agenda/hr-n2-2025-2026.ics")
    page.get_by_label("Welke agenda").select_option(label="Werkplekleren Niveau 2 2025-2026: Werkplekbegeleider")
    expect(link).to_have_attribute("href", f"webcal://{root}agenda/hr-n2-2025-2026/wpb.ics")
    expect(field).to_have_value(f"{site_url}agenda/hr-n2-2025-2026/wpb.ics")
    # The address is the file itself, at a path without a version: what a calendar app fetches each day.
    response = page.request.get(field.input_value())
    assert response.ok and response.headers["content-type"].startswith("text/calendar")
    assert "hr-n2-2025-2026-p2-deadline-wpb@werkplek" in response.text().replace("\r\n ", "")


def test_the_role_chosen_on_the_start_page_is_the_calendar_offered(page, site_url):
    open_page(page, site_url)
    page.get_by_label("Schoolopleider (SO)", exact=True).check()
    page.wait_for_function("localStorage.length > 0")
    open_page(page, site_url + "herinneringen/")
    expect(page.get_by_label(re.compile("Via URL"))).to_have_value(f"{site_url}agenda/hr-n2-2025-2026/so.ics")


@pytest.fixture
def push_service(tmp_path):
    """The real push service on loopback, allowing the test site's origin."""
    servers = []

    def start(origin: str) -> str:
        init_keys(tmp_path / "push-data", "mailto:beheer@school.example")
        app = create_push_app(tmp_path / "push-data", CONTENT, [origin])
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}/"

    yield start
    for server in servers:
        server.shutdown()


def test_reminders_page_talks_to_the_push_service(context, tmp_path, push_service):
    www = tmp_path / "www"
    page = context.new_page()
    with serve_directory(www) as root:
        origin = root.rstrip("/")
        service = push_service(origin)
        build(CONTENT, www / "stage", push_url=service)
        open_page(page, root + "stage/herinneringen/")
        status = page.locator("[data-push-status]")
        status.filter(has_text="Herinneringen staan uit.").wait_for()
        expect(page.get_by_role("button", name="Herinneringen aanzetten")).to_be_enabled()
        # Headless Chromium here has no route to a real push service, so subscribing fails: the page says so.
        context.grant_permissions(["notifications"], origin=origin)
        page.get_by_role("button", name="Herinneringen aanzetten").click()
        status.filter(has_text="Aanzetten lukte niet").wait_for(timeout=20000)

        # A push service that cannot be reached: the page says so, and nothing else breaks.
        build(CONTENT, www / "pabo", push_url="http://127.0.0.1:9/")
        open_page(page, root + "pabo/herinneringen/")
        status.filter(has_text="niet bereikbaar").wait_for()
        expect(page.get_by_role("button", name="Herinneringen aanzetten")).to_be_disabled()
        expect(page.locator("a[href='../agenda/hr-n2-2025-2026.ics']")).to_be_visible()


def test_the_worker_shows_a_push_and_a_click_opens_its_page(context, built_site, tmp_path):
    www = tmp_path / "www"
    shutil.copytree(built_site, www / "stage")
    page = context.new_page()
    with serve_directory(www) as root:
        origin = root.rstrip("/")
        context.grant_permissions(["notifications"], origin=origin)
        open_page(page, root + "stage/")
        wait_for_worker(page)
        cdp = context.new_cdp_session(page)
        registrations = []
        cdp.on("ServiceWorker.workerRegistrationUpdated", lambda e: registrations.extend(e["registrations"]))
        cdp.send("ServiceWorker.enable")
        page.wait_for_function("navigator.serviceWorker.controller !== null")
        for _ in range(50):
            if registrations:
                break
            page.wait_for_timeout(100)
        registration = next(r for r in registrations if r["scopeURL"].endswith("/stage/"))
        payload = (
            '{"web_push": 8030, "notification": {"title": "Nog 7 dagen", "body": "Deadline van Periode 2 '
            '(woensdag 4 februari)", "navigate": "planning/#periode--hr-n2-2025-2026--p2", "tag": "d-p2"}, '
            '"url": "planning/#periode--hr-n2-2025-2026--p2", "tag": "d-p2"}'
        )
        # In the worker itself: wait for the notification it showed, read it, and click it (the worker's own
        # notificationclick handler runs and takes the open app to the page it names; opening a new window
        # would need the user activation of a real click, which a test cannot give). DevTools' delivery is
        # fire-and-forget and was seen to get lost on a loaded machine: deliver again, at most three times.
        [worker] = [w for w in context.service_workers if "/stage/sw.js" in w.url]
        shown = None
        for _ in range(3):
            cdp.send(
                "ServiceWorker.deliverPushMessage",
                {"origin": origin, "registrationId": registration["registrationId"], "data": payload},
            )
            shown = worker.evaluate("""async () => {
                for (let i = 0; i < 200; i += 1) {
                    const [notification] = await self.registration.getNotifications();
                    if (notification) {
                        self.dispatchEvent(new NotificationEvent('notificationclick', { notification }));
                        const { title, body, tag } = notification;
                        return { title, body, tag, url: notification.data.url };
                    }
                    await new Promise((resolve) => setTimeout(resolve, 25));
                }
                return null;
            }""")
            if shown is not None:
                break
        assert shown == {
            "title": "Nog 7 dagen",
            "body": "Deadline van Periode 2 (woensdag 4 februari)",
            "tag": "d-p2",
            "url": root + "stage/planning/#periode--hr-n2-2025-2026--p2",
        }
        # planning/ forwards to the programme the anchor names
        page.wait_for_url(root + "stage/planning/hr-n2-2025-2026/#periode--hr-n2-2025-2026--p2")
        page.wait_for_selector("html[data-ready]", state="attached")
        expect(page.locator("h1")).to_have_text("Planning: Werkplekleren Niveau 2", use_inner_text=True)
        assert page.evaluate("navigator.serviceWorker.ready.then(r => r.getNotifications()).then(n => n.length)") == 0
