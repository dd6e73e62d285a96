"""The push service's HTTP API: a small Flask app, separate from the static site.

    GET    /api/key            {"publicKey": "<base64url>"}
    POST   /api/subscriptions  {"subscription": {"endpoint", "keys": {"p256dh", "auth"}}, "programme", "role",
                                "days_before": [7, 1, 0], "token"}  -> 201 (with a "token" when one is issued)
    DELETE /api/subscriptions  {"endpoint", "token"} -> 204
    GET    /healthz            {"status": "ok"}

Every body is validated with pydantic; every error is JSON with a Dutch message and a 4xx status.

Only the browser that subscribed can change or remove its subscription: the first subscribe returns a
random token (the store keeps only its hash), and every later subscribe or unsubscribe for that endpoint
must bring it (403 otherwise). A subscription stored before tokens existed is claimed by the first
subscribe that comes for it (the app re-posts on every visit), and until then can be removed without one.
Subscribe and unsubscribe are rate-limited per client address and in total (429 with Retry-After).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import ipaddress
import logging
import math
import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec
from flask import Flask, Response, jsonify, request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.middleware.proxy_fix import ProxyFix

from ..dutch import JSON_WORDING, pydantic_message
from . import netguard
from .keys import load_keys
from .store import PushStore, TokenRefused

MAX_BODY = 16 * 1024
MAX_DAYS_BEFORE = 60
DEFAULT_DAYS_BEFORE = [7, 1, 0]

log = logging.getLogger("werkplek.push")

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]
Base64Url = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]+={0,2}$", max_length=200)]
Token = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{43}$")]  # 32 bytes, base64url, no padding


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def _b64decode(value: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        raise ValueError("geen geldige base64url") from None


class Keys(Strict):
    p256dh: Base64Url
    auth: Base64Url

    @field_validator("p256dh")
    @classmethod
    def _point(cls, value: str) -> str:
        raw = _b64decode(value)
        try:
            ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw)
        except ValueError:
            raise ValueError("geen geldige P-256-sleutel van de browser (65 bytes, base64url)") from None
        if len(raw) != 65:
            raise ValueError("geen geldige P-256-sleutel van de browser (65 bytes, base64url)")
        return value

    @field_validator("auth")
    @classmethod
    def _secret(cls, value: str) -> str:
        if len(_b64decode(value)) != 16:
            raise ValueError("het auth-geheim moet 16 bytes zijn (base64url)")
        return value


class PushSubscriptionJSON(Strict):
    """What the browser's PushSubscription.toJSON() gives."""

    endpoint: Annotated[str, StringConstraints(min_length=1, max_length=netguard.MAX_ENDPOINT_LENGTH)]
    expirationTime: float | None = None  # noqa: N815 (the browser's name)
    keys: Keys


class SubscribeBody(Strict):
    subscription: PushSubscriptionJSON
    programme: Slug
    role: Slug
    days_before: list[Annotated[int, Field(ge=0, le=MAX_DAYS_BEFORE)]] = Field(
        default_factory=lambda: list(DEFAULT_DAYS_BEFORE), min_length=1, max_length=10
    )
    token: Token | None = None


class UnsubscribeBody(Strict):
    endpoint: Annotated[str, StringConstraints(min_length=1, max_length=netguard.MAX_ENDPOINT_LENGTH)]
    token: Token | None = None


NOT_YOURS = (
    "Dit abonnement kan alleen worden gewijzigd of afgemeld vanuit de browser die het heeft "
    "aangemeld (de sleutel ontbreekt of klopt niet)."
)


@dataclass(frozen=True)
class Limits:
    """Subscribes and unsubscribes per minute: per client address (an IPv6 client by its /64), and for the
    whole service; 0 switches a limit off. Both allow a burst of that many and then refill evenly.
    `proxies`: how many reverse proxies in front of the service add X-Forwarded-For (0: use the socket's
    address; behind one nginx: 1). The limits hold per process: two WSGI workers allow twice the total."""

    per_client: int = 60
    total: int = 600
    proxies: int = 0

    @classmethod
    def from_env(cls, environ: dict[str, str] | os._Environ[str] = os.environ) -> Limits:
        values = {}
        for field_name, name in (
            ("per_client", "WERKPLEK_PUSH_LIMIT_CLIENT"),
            ("total", "WERKPLEK_PUSH_LIMIT_TOTAL"),
            ("proxies", "WERKPLEK_PUSH_PROXIES"),
        ):
            text = environ.get(name, "").strip()
            if not text:
                continue
            if not text.isdigit():
                raise ValueError(f"{name} moet een geheel getal van 0 of meer zijn, niet {text!r}")
            values[field_name] = int(text)
        return cls(**values)


class RateLimiter:
    """Token buckets: one per client and one for all. Thread-safe; the clock is replaceable for tests."""

    MAX_CLIENTS = 100_000  # buckets kept; beyond that, full ones (and then the oldest) are forgotten

    def __init__(self, limits: Limits, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self.clock = clock
        self._lock = threading.Lock()
        self._clients: dict[str, tuple[float, float]] = {}  # client -> (tokens, when)
        self._total: tuple[float, float] | None = None

    @staticmethod
    def client_of(address: str | None) -> str:
        try:
            ip = ipaddress.ip_address((address or "").split("%", 1)[0])
        except ValueError:
            return address or "?"
        if isinstance(ip, ipaddress.IPv6Address):
            if ip.ipv4_mapped is not None:
                return str(ip.ipv4_mapped)
            return str(ipaddress.IPv6Network((ip, 64), strict=False))  # one household or host has a /64
        return str(ip)

    @staticmethod
    def _level(bucket: tuple[float, float] | None, per_minute: int, now: float) -> float:
        if bucket is None:
            return float(per_minute)
        tokens, when = bucket
        return min(float(per_minute), tokens + (now - when) * per_minute / 60.0)

    def check(self, address: str | None) -> tuple[str, int] | None:
        """None if the request may go ahead (and it is counted), else which limit and the seconds to wait."""
        client = self.client_of(address)
        per_client, total = self.limits.per_client, self.limits.total
        with self._lock:
            now = self.clock()
            mine = self._level(self._clients.get(client), per_client, now) if per_client else math.inf
            everyone = self._level(self._total, total, now) if total else math.inf
            if mine < 1:
                return "client", max(1, math.ceil((1 - mine) * 60 / per_client))
            if everyone < 1:
                return "total", max(1, math.ceil((1 - everyone) * 60 / total))
            if per_client:
                self._clients[client] = (mine - 1, now)
                if len(self._clients) > self.MAX_CLIENTS:
                    self._forget(now)
            if total:
                self._total = (everyone - 1, now)
        return None

    def _forget(self, now: float) -> None:
        per_client = self.limits.per_client
        self._clients = {c: b for c, b in self._clients.items() if self._level(b, per_client, now) < per_client}
        if len(self._clients) > self.MAX_CLIENTS:
            newest = sorted(self._clients.items(), key=lambda item: item[1][1])[-self.MAX_CLIENTS // 2 :]
            self._clients = dict(newest)


class BadRequest(Exception):
    def __init__(self, status: int, message: str, problems: list[dict[str, str]] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.problems = problems or []


def _field(loc: Iterable[Any]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + str(part)
    return out


def _dutch(error: dict[str, Any]) -> str:
    return pydantic_message(error, JSON_WORDING)


def _validate(model: type[Strict], raw: bytes) -> Any:
    try:
        return model.model_validate_json(raw)
    except ValidationError as exc:
        errors = exc.errors()
        if any(e["type"] in ("json_invalid", "json_type") for e in errors):
            raise BadRequest(400, "De aanvraag is geen geldige JSON.") from None
        problems = [{"field": _field(e["loc"]) or "(hele aanvraag)", "message": _dutch(e)} for e in errors]
        raise BadRequest(400, "De aanvraag klopt niet.", problems) from None


def read_body() -> bytes:
    """The request body, at most MAX_BODY bytes, also when it comes chunked without a Content-Length
    (Werkzeug would silently cut such a body off at the limit instead of refusing it)."""
    length = request.content_length
    if length is not None:
        if length > MAX_BODY:
            raise RequestEntityTooLarge()
        return request.get_data(cache=False)
    if not request.environ.get("wsgi.input_terminated"):
        return b""  # no length and no end marker: WSGI gives no safe way to read it
    stream = request.environ["wsgi.input"]
    chunks: list[bytes] = []
    size = 0
    while size <= MAX_BODY:
        chunk = stream.read(MAX_BODY + 1 - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > MAX_BODY:
        raise RequestEntityTooLarge()
    return b"".join(chunks)


def _normalise_origin(origin: str) -> str:
    parts = urlsplit(origin.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/"):
        raise ValueError(f"geen geldige herkomst {origin!r}: geef scheme en host, zoals https://school.nl")
    return f"{parts.scheme}://{parts.netloc}".lower()


def create_push_app(
    data_dir: Path, content_dir: Path, allow_origins: Iterable[str] = (), limits: Limits | None = None
) -> Flask:
    """The push service. `allow_origins` are the sites (scheme://host[:port]) allowed to call it from a
    browser; requests with any other Origin header are refused. `limits`: see `Limits` (defaults)."""
    from ..pipeline import load  # the only part of the build the push service uses

    data_dir = Path(data_dir)
    keys = load_keys(data_dir)
    content = load(Path(content_dir))
    store = PushStore(data_dir)
    origins = {_normalise_origin(o) for o in allow_origins}
    limits = limits or Limits()
    limiter = RateLimiter(limits)

    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.extensions["werkplek_push_store"] = store
    app.extensions["werkplek_push_limiter"] = limiter
    if limits.proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=limits.proxies)  # type: ignore[method-assign]

    def error(status: int, message: str, problems: list[dict[str, str]] | None = None) -> Response:
        body: dict[str, Any] = {"error": message}
        if problems:
            body["problems"] = problems
        response = jsonify(body)
        response.status_code = status
        return response

    def body_of(model: type[Strict]) -> Any:
        if request.mimetype != "application/json":
            raise BadRequest(415, "Stuur de gegevens als JSON (Content-Type: application/json).")
        return _validate(model, read_body())

    @app.before_request
    def check_origin() -> Response | None:
        origin = request.headers.get("Origin")
        if origin is not None and origin.lower() not in origins:
            return error(403, "Deze site mag de herinneringendienst niet gebruiken (herkomst niet toegestaan).")
        if request.method == "OPTIONS":
            return Response(status=204)
        return None

    @app.before_request
    def rate_limit() -> Response | None:
        if request.path != "/api/subscriptions" or request.method not in ("POST", "DELETE"):
            return None
        refused = limiter.check(request.remote_addr)
        if refused is None:
            return None
        which, seconds = refused
        if which == "client":
            message = f"Te veel aanvragen vanaf dit adres; probeer het over {seconds} seconden opnieuw."
        else:
            message = (
                f"De herinneringendienst krijgt nu te veel aanvragen; probeer het over {seconds} seconden opnieuw."
            )
        response = error(429, message)
        response.headers["Retry-After"] = str(seconds)
        return response

    @app.after_request
    def cors(response: Response) -> Response:
        origin = request.headers.get("Origin")
        response.vary.add("Origin")
        if origin is not None and origin.lower() in origins:
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Access-Control-Expose-Headers"] = "Retry-After"
            if request.method == "OPTIONS":
                response.headers["Access-Control-Allow-Methods"] = "GET, POST, DELETE"
                response.headers["Access-Control-Allow-Headers"] = "Content-Type"
                response.headers["Access-Control-Max-Age"] = "86400"
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    @app.errorhandler(BadRequest)
    def bad_request(exc: BadRequest) -> Response:
        return error(exc.status, exc.message, exc.problems)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Response:
        messages = {
            400: "De aanvraag klopt niet.",
            404: "Dit adres bestaat niet in de herinneringendienst.",
            405: "Deze methode is hier niet toegestaan.",
            413: f"De aanvraag is te groot (maximaal {MAX_BODY // 1024} KB).",
            415: "Stuur de gegevens als JSON (Content-Type: application/json).",
            429: "Te veel aanvragen; probeer het later opnieuw.",
        }
        return error(exc.code or 400, messages.get(exc.code or 400, "De aanvraag kan niet worden verwerkt."))

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> Response:
        log.exception("onverwachte fout")
        return error(500, "Er ging iets mis in de herinneringendienst; probeer het later opnieuw.")

    @app.get("/api/key")
    def public_key() -> Response:
        return jsonify({"publicKey": keys.public_key})

    @app.post("/api/subscriptions")
    def subscribe() -> tuple[Response, int]:
        body: SubscribeBody = body_of(SubscribeBody)
        problems = []
        programme = content.programmes.get(body.programme)
        if programme is None:
            problems.append({"field": "programme", "message": f"onbekend programma {body.programme!r}"})
        if body.role not in content.roles:
            problems.append({"field": "role", "message": f"onbekende rol {body.role!r}"})
        endpoint = body.subscription.endpoint
        try:
            netguard.check_endpoint(endpoint)
        except (netguard.EndpointRefused, netguard.EndpointUnresolved) as exc:
            problems.append({"field": "subscription.endpoint", "message": str(exc)})
        if problems:
            raise BadRequest(400, "De aanvraag klopt niet.", problems)
        days = sorted(set(body.days_before), reverse=True)
        try:
            sub, created, token = store.subscribe(
                endpoint,
                body.subscription.keys.p256dh,
                body.subscription.keys.auth,
                body.programme,
                body.role,
                days,
                dt.datetime.now(dt.UTC),
                body.token,
            )
        except TokenRefused:
            raise BadRequest(403, NOT_YOURS) from None
        answer: dict[str, Any] = {
            "status": "aangemeld" if created else "bijgewerkt",
            "programme": sub.programme,
            "role": sub.role,
            "days_before": list(sub.days_before),
        }
        if token is not None:
            answer["token"] = token  # shown once: the browser keeps it, the store only its hash
        return jsonify(answer), 201

    @app.delete("/api/subscriptions")
    def unsubscribe() -> Response:
        body: UnsubscribeBody = body_of(UnsubscribeBody)
        try:
            store.unsubscribe(body.endpoint, body.token)
        except TokenRefused:
            raise BadRequest(403, NOT_YOURS) from None
        return Response(status=204)

    @app.get("/healthz")
    def health() -> Response:
        return jsonify({"status": "ok"})

    return app
