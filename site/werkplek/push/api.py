"""The push service's HTTP API: a small Flask app, separate from the static site.

    GET    /api/key            {"publicKey": "<base64url>"}
    POST   /api/subscriptions  {"subscription": {"endpoint", "keys": {"p256dh", "auth"}}, "programme", "role",
                                "days_before": [7, 1, 0]}  -> 201
    DELETE /api/subscriptions  {"endpoint"} -> 204
    GET    /healthz            {"status": "ok"}

Every body is validated with pydantic; every error is JSON with a Dutch message and a 4xx status.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec
from flask import Flask, Response, jsonify, request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from . import netguard
from .keys import load_keys
from .store import PushStore

MAX_BODY = 16 * 1024
MAX_DAYS_BEFORE = 60
DEFAULT_DAYS_BEFORE = [7, 1, 0]

log = logging.getLogger("werkplek.push")

# pydantic's error types in plain Dutch; placeholders come from the error's ctx.
MESSAGES = {
    "json_invalid": "geen geldige JSON",
    "json_type": "geen geldige JSON",
    "missing": "verplicht veld ontbreekt",
    "extra_forbidden": "onbekend veld",
    "string_type": "moet tekst zijn",
    "string_too_short": "mag niet leeg zijn",
    "string_too_long": "is te lang (maximaal {max_length} tekens)",
    "string_pattern_mismatch": "heeft niet de verwachte vorm",
    "int_type": "moet een geheel getal zijn",
    "list_type": "moet een lijst zijn",
    "model_type": "moet een object zijn (met velden tussen accolades)",
    "model_attributes_type": "moet een object zijn (met velden tussen accolades)",
    "dict_type": "moet een object zijn (met velden tussen accolades)",
    "too_short": "moet minstens {min_length} element(en) bevatten",
    "too_long": "mag hoogstens {max_length} element(en) bevatten",
    "greater_than_equal": "moet minstens {ge} zijn",
    "less_than_equal": "mag hoogstens {le} zijn",
    "none_required": "moet null zijn",
}

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]
Base64Url = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]+={0,2}$", max_length=200)]


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


class UnsubscribeBody(Strict):
    endpoint: Annotated[str, StringConstraints(min_length=1, max_length=netguard.MAX_ENDPOINT_LENGTH)]


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
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind in MESSAGES:
        return MESSAGES[kind].format(**ctx)
    return "ongeldige waarde"


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


def create_push_app(data_dir: Path, content_dir: Path, allow_origins: Iterable[str] = ()) -> Flask:
    """The push service. `allow_origins` are the sites (scheme://host[:port]) allowed to call it from a
    browser; requests with any other Origin header are refused."""
    from ..pipeline import load  # the only part of the build the push service uses

    data_dir = Path(data_dir)
    keys = load_keys(data_dir)
    content = load(Path(content_dir))
    store = PushStore(data_dir)
    origins = {_normalise_origin(o) for o in allow_origins}

    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.extensions["werkplek_push_store"] = store

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

    @app.after_request
    def cors(response: Response) -> Response:
        origin = request.headers.get("Origin")
        response.vary.add("Origin")
        if origin is not None and origin.lower() in origins:
            response.headers["Access-Control-Allow-Origin"] = origin
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
        sub, created = store.save_subscription(
            endpoint, body.subscription.keys.p256dh, body.subscription.keys.auth,
            body.programme, body.role, days, dt.datetime.now(dt.timezone.utc),
        )
        return jsonify({
            "status": "aangemeld" if created else "bijgewerkt",
            "programme": sub.programme, "role": sub.role, "days_before": list(sub.days_before),
        }), 201

    @app.delete("/api/subscriptions")
    def unsubscribe() -> Response:
        body: UnsubscribeBody = body_of(UnsubscribeBody)
        store.delete_subscription(body.endpoint)
        return Response(status=204)

    @app.get("/healthz")
    def health() -> Response:
        return jsonify({"status": "ok"})

    return app
