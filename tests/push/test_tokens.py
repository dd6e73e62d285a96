"""Changes and deletes need the token only the subscribing browser holds: only its hash is stored, no one without it
replaces the keys or unsubscribes, a subscription from before tokens is claimed by its next subscribe, and the
page (in Chromium, with a fake PushSubscription) keeps the token and sends it."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from ..helpers import CONTENT
from .fake_service import Device
from .helpers import _add, _body


def _files_text(folder: Path) -> str:
    return "".join(p.read_text(errors="replace") for p in folder.rglob("*") if p.is_file() and p.suffix == ".json")


def test_subscribing_returns_a_token_and_stores_only_its_hash(insecure, data_dir, app, push, store):
    import base64
    import hashlib

    client = app.test_client()
    device = push.device("phone")
    first = client.post("/api/subscriptions", json=_body(device))
    assert first.status_code == 201 and first.json["status"] == "aangemeld"
    token = first.json["token"]
    assert len(base64.urlsafe_b64decode(token + "=")) == 32
    assert token not in _files_text(data_dir)
    (sub,) = store.subscriptions()
    assert sub.token_hash == hashlib.sha256(token.encode()).hexdigest()
    again = client.post("/api/subscriptions", json=_body(device, token, days_before=[1]))
    assert again.status_code == 201 and again.json["status"] == "bijgewerkt" and "token" not in again.json
    assert store.subscriptions()[0].days_before == (1,)


def test_without_the_token_no_one_replaces_the_keys_or_unsubscribes(insecure, app, push, store):
    client = app.test_client()
    device = push.device("phone")
    token = client.post("/api/subscriptions", json=_body(device)).json["token"]
    (before,) = store.subscriptions()
    thief = Device.new(device.endpoint)  # knows the endpoint, brings keys of its own
    for stolen in (None, "A" * 43, token[:-1] + ("A" if token[-1] != "A" else "B")):
        answer = client.post("/api/subscriptions", json=_body(thief, stolen))
        assert answer.status_code == 403, answer.json
        assert "browser" in answer.json["error"] and "sleutel" in answer.json["error"]
        gone = client.delete(
            "/api/subscriptions", json={"endpoint": device.endpoint, **({"token": stolen} if stolen else {})}
        )
        assert gone.status_code == 403 and gone.json["error"]
    assert store.subscriptions() == [before]
    # the browser itself changes its keys, then unsubscribes
    renewed = Device.new(device.endpoint)
    assert client.post("/api/subscriptions", json=_body(renewed, token)).status_code == 201
    assert store.subscriptions()[0].p256dh == renewed.subscription()["keys"]["p256dh"]
    assert client.delete("/api/subscriptions", json={"endpoint": device.endpoint, "token": token}).status_code == 204
    assert store.subscriptions() == []
    assert client.delete("/api/subscriptions", json={"endpoint": device.endpoint, "token": token}).status_code == 204
    bad = client.post("/api/subscriptions", json=_body(device, "geen token!"))
    assert bad.status_code == 400 and bad.json["problems"][0]["field"] == "token"


def test_a_subscription_from_before_tokens_is_claimed_by_its_next_subscribe(insecure, app, push, store):
    client = app.test_client()
    old, other = push.device("old"), push.device("other")
    for device in (old, other):
        _add(store, device.endpoint, device)  # stored without a token, as before the upgrade
    assert all(s.token_hash == "" for s in store.subscriptions())
    claimed = client.post("/api/subscriptions", json=_body(old))  # the app re-posts on its next visit
    assert claimed.status_code == 201 and claimed.json["status"] == "bijgewerkt" and claimed.json["token"]
    assert client.post("/api/subscriptions", json=_body(old)).status_code == 403  # from now on: token needed
    assert client.post("/api/subscriptions", json=_body(old, claimed.json["token"])).status_code == 201
    # an unclaimed one can still be unsubscribed by its (old) app, as before
    assert client.delete("/api/subscriptions", json={"endpoint": other.endpoint}).status_code == 204
    assert [s.endpoint for s in store.subscriptions()] == [old.endpoint]


# A fake PushSubscription for the page: headless Chromium has no push service of its own. Its endpoint is
# the fake push service on loopback; its keys are a real P-256 key pair (the service checks them).
FAKE_PUSH = """
(() => {
  const init = %s;
  let current = null;
  const make = () => ({
    endpoint: init.endpoint,
    toJSON: () => ({ endpoint: init.endpoint, expirationTime: null, keys: init.keys }),
    unsubscribe: async () => { current = null; return true; },
  });
  PushManager.prototype.subscribe = async function () { current = make(); return current; };
  PushManager.prototype.getSubscription = async function () { return current; };
  Object.defineProperty(Notification, 'permission', { get: () => 'granted' });
})();
"""


def test_the_page_keeps_the_token_and_sends_it_to_change_and_unsubscribe(context, tmp_path, insecure, push):
    import json

    from werkplek.pipeline import build
    from werkplek.push.api import create_push_app
    from werkplek.push.keys import init_keys
    from werkplek.push.store import PushStore
    from werkzeug.serving import make_server

    from ..helpers import open_page, serve_directory

    device = push.device("browser")
    context.add_init_script(FAKE_PUSH % json.dumps(device.subscription()))
    www, data = tmp_path / "www", tmp_path / "push-data"
    page = context.new_page()
    with serve_directory(www) as root:
        init_keys(data, "mailto:beheer@school.example")
        server = make_server("127.0.0.1", 0, create_push_app(data, CONTENT, [root.rstrip("/")]), threaded=True)
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        thread.start()
        try:
            build(CONTENT, www / "stage", push_url=f"http://127.0.0.1:{server.server_port}/")
            store = PushStore(data)
            open_page(page, root + "stage/herinneringen/")
            status = page.locator("[data-push-status]")
            status.filter(has_text="Herinneringen staan uit.").wait_for()
            page.get_by_role("button", name="Herinneringen aanzetten").click()
            page.get_by_role("button", name="Herinneringen uitzetten").wait_for()
            (sub,) = store.subscriptions()
            assert sub.token_hash
            saved = page.evaluate("""() => new Promise((resolve) => {
                setTimeout(() => resolve('no answer from IndexedDB'), 5000);
                const name = `werkplek:${new URL(document.documentElement.dataset.root || './', document.baseURI).pathname}`;
                const open = indexedDB.open(name);
                open.onerror = () => resolve(String(open.error));
                open.onsuccess = () => {
                    try {
                        const get = open.result.transaction('prefs').objectStore('prefs').get('push-token');
                        get.onsuccess = () => resolve(get.result ?? null);
                        get.onerror = () => resolve(String(get.error));
                    } catch (error) {
                        resolve(String(error));
                    }
                };
            })""")
            assert isinstance(saved, dict), saved
            assert saved["endpoint"] == device.endpoint and len(saved["token"]) == 43
            # a change in the choices goes with the token (without it the service would answer 403)
            page.locator("input[name='days'][value='7']").uncheck()
            deadline = time.monotonic() + 10
            while store.subscriptions()[0].days_before == sub.days_before:
                assert time.monotonic() < deadline, "the change did not reach the service"
                page.wait_for_timeout(20)
            page.get_by_role("button", name="Herinneringen uitzetten").click()
            status.filter(has_text="Herinneringen staan uit.").wait_for()
            deadline = time.monotonic() + 10
            while store.subscriptions():
                assert time.monotonic() < deadline, "the unsubscribe did not reach the service"
                page.wait_for_timeout(20)
        finally:
            server.shutdown()
            server.server_close()
