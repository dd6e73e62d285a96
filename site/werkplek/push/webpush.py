"""Message encryption for Web Push (RFC 8291, `aes128gcm` of RFC 8188), what pywebpush's `WebPusher.encode`
does with `http_ece`, without its per-message overhead (copying the subscription, HKDF objects, header dicts).

Per message, as the RFC requires: a fresh ephemeral P-256 key pair and a fresh random salt. The body is one
record (record size 4096) with the sender's public key as key id; a payload too large for one record goes
through `http_ece.encrypt` itself. The end-to-end test decrypts the result with `http_ece.decrypt`.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import os
import struct

import http_ece
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

RECORD_SIZE = 4096
_CURVE = ec.SECP256R1()
_ECDH = ec.ECDH()
_KEY_INFO = b"Content-Encoding: aes128gcm\x00"
_NONCE_INFO = b"Content-Encoding: nonce\x00"
_MAX_SINGLE_RECORD = RECORD_SIZE - 17  # 16 bytes of tag, 1 delimiter byte


def _b64decode(text: str) -> bytes:
    """base64url with or without padding, as browsers give the keys; raises ValueError."""
    try:
        return base64.urlsafe_b64decode(text.encode("ascii") + b"=" * (-len(text) % 4))
    except (binascii.Error, UnicodeEncodeError) as exc:
        raise ValueError(f"geen geldige base64url-sleutel ({exc})") from None


def _hkdf_one_block(salt: bytes, ikm: bytes, info: bytes, length: int) -> bytes:
    """HKDF-SHA256 (RFC 5869) for at most 32 bytes of output: extract, then the first expand block."""
    prk = hmac.digest(salt, ikm, "sha256")
    return hmac.digest(prk, info + b"\x01", "sha256")[:length]


def encrypt(data: bytes, p256dh: str, auth: str) -> bytes:
    """The aes128gcm body for one subscription (its `p256dh` and `auth` keys, base64url).
    Raises ValueError for keys that cannot be used."""
    receiver = _b64decode(p256dh)
    auth_secret = _b64decode(auth)
    if len(receiver) != 65:
        raise ValueError("de p256dh-sleutel is geen ongecomprimeerd P-256-punt")
    receiver_key = ec.EllipticCurvePublicKey.from_encoded_point(_CURVE, receiver)  # ValueError if not on the curve
    server_key = ec.generate_private_key(_CURVE)
    if len(data) > _MAX_SINGLE_RECORD:
        return http_ece.encrypt(data, private_key=server_key, dh=receiver, auth_secret=auth_secret,
                                version="aes128gcm", rs=RECORD_SIZE)
    sender = server_key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    shared = server_key.exchange(_ECDH, receiver_key)
    ikm = _hkdf_one_block(auth_secret, shared, b"WebPush: info\x00" + receiver + sender, 32)
    salt = os.urandom(16)
    prk = hmac.digest(salt, ikm, "sha256")
    key = hmac.digest(prk, _KEY_INFO + b"\x01", "sha256")[:16]
    nonce = hmac.digest(prk, _NONCE_INFO + b"\x01", "sha256")[:12]
    sealed = AESGCM(key).encrypt(nonce, data + b"\x02", None)  # the last (and only) record: delimiter 2
    return salt + struct.pack("!LB", RECORD_SIZE, len(sender)) + sender + sealed
