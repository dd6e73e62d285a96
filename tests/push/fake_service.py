"""Fake push services on 127.0.0.1, for the push tests.

`FakePushService` answers as a real push service does: it checks the VAPID JWT against the service's public
key and decrypts each message (aes128gcm) with the key of the `Device` it was sent to, keeping a `Delivery`
for every message; its answers, delays and holds are set per test. `HostileService` misbehaves on purpose,
on raw sockets: it drip-feeds or floods its answer, depending on the request's path.

`SUBJECT` (the contact address in the tests' VAPID keys, which the fake service checks) and the base64url
helpers live here so that this module depends on no other test module."""

from __future__ import annotations

import base64
import dataclasses
import json
import os
import re
import socket
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import http_ece
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

SUBJECT = "mailto:beheer@werkplek.test"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclasses.dataclass
class Device:
    """A browser's side of a subscription: a fresh P-256 key pair and auth secret."""

    endpoint: str
    private_key: ec.EllipticCurvePrivateKey
    auth: bytes

    @classmethod
    def new(cls, endpoint: str) -> Device:
        return cls(endpoint, ec.generate_private_key(ec.SECP256R1()), os.urandom(16))

    def subscription(self) -> dict[str, Any]:
        point = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return {
            "endpoint": self.endpoint,
            "expirationTime": None,
            "keys": {"p256dh": b64url(point), "auth": b64url(self.auth)},
        }


@dataclasses.dataclass
class Delivery:
    path: str
    origin: str
    headers: dict[str, str]
    claims: dict[str, Any]
    message: dict[str, Any]


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # many senders connect at once; socketserver's default backlog is 5


class FakePushService:
    def __init__(self, vapid_public_key: str) -> None:
        self.vapid_public_key = vapid_public_key
        self.devices: dict[str, Device] = {}
        self.statuses: dict[str, tuple[int, dict[str, str]]] = {}
        self.delivered: list[Delivery] = []
        self.problems: list[str] = []
        self.requests = 0
        self.connections = 0
        self.delay = 0.0
        self.gate: threading.Event | None = None  # when set, every request waits for it before answering
        self.hold_after: int | None = None  # accept this many, then hold every later request unanswered
        self.accepted = 0
        self.held = 0
        self.release = threading.Event()
        self.lock = threading.Lock()
        service = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as real push services

            def setup(self) -> None:
                super().setup()
                with service.lock:
                    service.connections += 1

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with service.lock:
                    service.requests += 1
                    hold = service.hold_after is not None and service.accepted >= service.hold_after
                    if hold:
                        service.held += 1
                    else:
                        service.accepted += 1
                if hold:  # never answered: the push service did not accept this message
                    service.release.wait(30)
                    self.close_connection = True
                    return
                if service.gate is not None:
                    service.gate.wait(30)
                if service.delay:
                    time.sleep(service.delay)
                status, extra = service.statuses.get(self.path, (201, {}))
                if status == 201:
                    try:
                        delivery = service.check(self.path, dict(self.headers), body)
                    except Exception as exc:  # noqa: BLE001 - any failed check is a test failure
                        with service.lock:
                            service.problems.append(f"{self.path}: {exc!r}")
                        status = 400
                    else:
                        with service.lock:
                            service.delivered.append(delivery)
                self.send_response(status)
                for name, value in extra.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def device(self, name: str, host: str = "127.0.0.1") -> Device:
        device = Device.new(f"http://{host}:{self.port}/{name}")
        self.devices[f"/{name}"] = device
        return device

    def check(self, path: str, headers: dict[str, str], body: bytes) -> Delivery:
        """What a real push service checks, and what the browser does with the body."""
        headers = {k.lower(): v for k, v in headers.items()}
        origin = f"http://{headers['host']}"
        match = re.fullmatch(r"vapid t=([^,]+),k=([A-Za-z0-9_-]+)", headers["authorization"])
        assert match, headers["authorization"]
        token, key = match.groups()
        assert key == self.vapid_public_key, "k= is not the service's public key"
        signed, _, signature = token.rpartition(".")
        raw = b64decode(signature)
        public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64decode(self.vapid_public_key))
        public.verify(  # raises InvalidSignature
            encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big")),
            signed.encode(),
            ec.ECDSA(hashes.SHA256()),
        )
        header, claims = (json.loads(b64decode(part)) for part in signed.split("."))
        assert header == {"typ": "JWT", "alg": "ES256"}
        assert claims["aud"] == origin, (claims, origin)
        assert claims["sub"] == SUBJECT
        assert time.time() < claims["exp"] <= time.time() + 12 * 3600 + 5
        assert int(headers["ttl"]) >= 24 * 3600
        assert headers["urgency"] in {"very-low", "low", "normal", "high"}
        assert re.fullmatch(r"[A-Za-z0-9_-]{1,32}", headers["topic"])
        assert headers["content-encoding"] == "aes128gcm"
        device = self.devices[path]
        plain = http_ece.decrypt(body, private_key=device.private_key, auth_secret=device.auth, version="aes128gcm")
        return Delivery(path, origin, headers, claims, json.loads(plain))

    def count_by_path(self) -> Counter[str]:
        return Counter(d.path for d in self.delivered)

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


DRIP_INTERVAL = 0.05  # seconds between two dripped bytes
DRIP_FOR = 12.0  # a dripping answer gives up after this long (so a test of the unfixed code still ends)
HUGE = 256 * 1024 * 1024  # bytes a flooding answer offers


class HostileService:
    """`/drip-head`: a status line, then one header byte every DRIP_INTERVAL, never the end of the headers.
    `/drip-body`: a 400 with a long body that comes one byte at a time.
    `/flood`: a 201 announcing HUGE bytes and sending them as fast as the reader takes them.
    `/flood-400`: the same as a chunked 400, the answer the sender reads to log it."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.05)
        self.port = self.listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.stop = threading.Event()
        self.written: Counter[str] = Counter()  # bytes of answer written, per path
        self.requests: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.threads: list[threading.Thread] = []
        self.accepter = threading.Thread(target=self._accept, daemon=True)
        self.accepter.start()

    def _accept(self) -> None:
        deadline = time.monotonic() + 120  # never outlives a test run
        while not self.stop.is_set() and time.monotonic() < deadline:
            try:
                conn, _ = self.listener.accept()
            except (TimeoutError, OSError):
                continue
            thread = threading.Thread(target=self._handle, args=(conn,), daemon=True)
            self.threads.append(thread)
            thread.start()

    def _read_request(self, conn: socket.socket) -> str | None:
        conn.settimeout(5)
        data = b""
        while b"\r\n\r\n" not in data and len(data) < 65536:
            chunk = conn.recv(4096)
            if not chunk:
                return None
            data += chunk
        head, _, rest = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        length = next((int(line.split(":", 1)[1]) for line in lines if line.lower().startswith("content-length:")), 0)
        while len(rest) < length:
            chunk = conn.recv(65536)
            if not chunk:
                return None
            rest += chunk
        return lines[0].split()[1]

    def _send(self, conn: socket.socket, path: str, data: bytes) -> None:
        conn.sendall(data)
        with self.lock:
            self.written[path] += len(data)

    def _handle(self, conn: socket.socket) -> None:
        with conn:
            try:
                path = self._read_request(conn)
                if path is None:
                    return
                with self.lock:
                    self.requests[path] += 1
                if path.startswith("/drip"):
                    head = (
                        b"HTTP/1.1 201 Created\r\nX-Drip: "
                        if path == "/drip-head"
                        else b"HTTP/1.1 400 Bad Request\r\nContent-Length: 100000\r\n\r\n"
                    )
                    self._send(conn, path, head)
                    until = time.monotonic() + DRIP_FOR
                    while not self.stop.is_set() and time.monotonic() < until:
                        self._send(conn, path, b"x")
                        self.stop.wait(DRIP_INTERVAL)
                elif path.startswith("/flood"):
                    block = b"0" * 65536
                    if path == "/flood":
                        self._send(conn, path, f"HTTP/1.1 201 Created\r\nContent-Length: {HUGE}\r\n\r\n".encode())
                        for _ in range(HUGE // len(block)):
                            self._send(conn, path, block)
                    else:
                        self._send(conn, path, b"HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\n\r\n")
                        chunk = b"%x\r\n%s\r\n" % (len(block), block)
                        for _ in range(HUGE // len(block)):
                            self._send(conn, path, chunk)
                        self._send(conn, path, b"0\r\n\r\n")
                else:
                    self._send(conn, path, b"HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n")
            except OSError:
                return  # the reader hung up: what a bounded reader should do

    def close(self) -> None:
        self.stop.set()
        self.listener.close()
        for thread in self.threads:
            thread.join(10)
        self.accepter.join(10)
