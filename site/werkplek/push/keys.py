"""VAPID: the key pair in the data folder, the contact subject, and signed tokens per push service.

The private key is `vapid-private.pem` (mode 0600) in the data folder; it is never part of the static
build. The public key, base64url as the browser's `applicationServerKey` wants it, is in `vapid.json`
with the subject, and is what `GET /api/key` returns.
"""

from __future__ import annotations

import base64
import json
import os
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid02

PRIVATE_KEY = "vapid-private.pem"
PUBLIC_INFO = "vapid.json"
TOKEN_LIFETIME = 12 * 3600  # pywebpush's own limit; push services refuse more than 24 h
RESIGN_MARGIN = 3600  # sign again when a cached token has less than this left
# What py_vapid accepts too: a mailto: address, or an https: origin without a path.
SUBJECT = re.compile(r"^(mailto:[^@\s/]+@[\w%-]+(\.[\w%-]+)+|https://[\w-]+(\.[\w-]+)+)$", re.IGNORECASE)


class VapidError(Exception):
    """The data folder has no usable keys; the message says what to run."""


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def check_subject(subject: str) -> str:
    """A real `mailto:` address or `https:` URL: Apple refuses pushes without one."""
    if not SUBJECT.match(subject):
        raise VapidError(
            f"ongeldig contactadres {subject!r}: geef een echt e-mailadres als mailto:beheer@school.nl "
            "of een https-adres zoals https://school.nl (Apple weigert pushberichten zonder echt contactadres)"
        )
    return subject


@dataclass(frozen=True)
class VapidKeys:
    private_key: ec.EllipticCurvePrivateKey
    public_key: str  # base64url of the uncompressed P-256 point
    subject: str


def public_key_of(private_key: ec.EllipticCurvePrivateKey) -> str:
    raw = private_key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return b64url(raw)


def init_keys(data_dir: Path, subject: str | None) -> tuple[VapidKeys, bool]:
    """Create the key pair in `data_dir` unless it exists; set or keep the subject.
    Returns the keys and whether they were created now."""
    data_dir.mkdir(parents=True, exist_ok=True)
    private_path = data_dir / PRIVATE_KEY
    info_path = data_dir / PUBLIC_INFO
    created = False
    if private_path.exists():
        private_key = _read_private_key(private_path)
    else:
        if subject is None:
            raise VapidError(
                "geef bij de eerste keer een contactadres mee, bijvoorbeeld "
                "werkplek push init --data DIR --subject mailto:beheer@school.nl"
            )
        check_subject(subject)
        private_key = ec.generate_private_key(ec.SECP256R1())
        pem = private_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        # O_EXCL: two `init` runs at once never overwrite each other's key; mode 0600 from the start.
        fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
            handle.flush()
            os.fsync(handle.fileno())
        created = True
    old_subject = _read_info(info_path).get("subject") if info_path.exists() else None
    subject = check_subject(subject) if subject is not None else old_subject
    if subject is None:
        raise VapidError("er is nog geen contactadres: draai werkplek push init --subject mailto:beheer@school.nl")
    keys = VapidKeys(private_key, public_key_of(private_key), subject)
    info = {"publicKey": keys.public_key, "subject": keys.subject}
    temp = info_path.with_name(f".{info_path.name}.tmp")
    temp.write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    os.replace(temp, info_path)
    return keys, created


def load_keys(data_dir: Path) -> VapidKeys:
    private_path = data_dir / PRIVATE_KEY
    info_path = data_dir / PUBLIC_INFO
    if not private_path.exists() or not info_path.exists():
        raise VapidError(
            f"geen VAPID-sleutels in {data_dir}: draai eerst "
            f"werkplek push init --data {data_dir} --subject mailto:beheer@school.nl"
        )
    private_key = _read_private_key(private_path)
    info = _read_info(info_path)
    return VapidKeys(private_key, public_key_of(private_key), check_subject(str(info.get("subject", ""))))


def _read_private_key(path: Path) -> ec.EllipticCurvePrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (ValueError, TypeError) as exc:
        raise VapidError(f"{path}: geen leesbare privésleutel ({exc})") from None
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
        raise VapidError(f"{path}: geen P-256-sleutel")
    return key


def _read_info(path: Path) -> dict[str, str]:
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        raise VapidError(f"{path}: geen geldige JSON") from None
    return info if isinstance(info, dict) else {}


class VapidSigner:
    """Signs one VAPID token per push service origin and reuses it for every message to that origin
    (signing per message would cost an ECDSA signature each time). Thread-safe.

    pywebpush's `webpush()` mutates the claims dict it gets; we sign with py_vapid directly and build a
    fresh claims dict for every token, with `aud` the origin, `exp` 12 h ahead and the real subject."""

    def __init__(self, keys: VapidKeys, clock=time.time) -> None:
        self._vapid = Vapid02(keys.private_key)
        self._subject = keys.subject
        self._clock = clock
        self._cache: dict[str, tuple[dict[str, str], int]] = {}
        self._lock = threading.Lock()
        self.signed = 0  # how many tokens were signed, for the tests and the benchmark

    def headers(self, origin: str) -> dict[str, str]:
        now = int(self._clock())
        with self._lock:
            cached = self._cache.get(origin)
            if cached and cached[1] - now > RESIGN_MARGIN:
                return dict(cached[0])
            claims = {"aud": origin, "exp": now + TOKEN_LIFETIME, "sub": self._subject}
            headers = self._vapid.sign(claims)
            self._cache[origin] = (headers, claims["exp"])
            self.signed += 1
            return dict(headers)
