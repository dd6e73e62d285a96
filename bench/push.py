"""Push service throughput on loopback: 10,000 subscriptions through the HTTP API, then one `send-due` run
that sends each of them a real, encrypted, VAPID-signed reminder to a fake push service.

The API runs as `werkplek push serve` in its own process, the fake push service in another (so neither
shares the sender's interpreter lock); only 127.0.0.1 is used, and every loop is bounded by the count.

    .venv/bin/python bench/push.py [--subscriptions 10000] [--clients 8]
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import multiprocessing
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "site"))

from werkplek.push import netguard  # noqa: E402
from werkplek.push.keys import init_keys  # noqa: E402
from werkplek.push import sender  # noqa: E402
from werkplek.push.sender import WORKERS, send_due  # noqa: E402
from werkplek.push.store import PushStore  # noqa: E402

CONTENT = ROOT / "content"
PROGRAMME = "hr-n2-2025-2026"
NOW = dt.datetime(2026, 1, 28, 9, 0)  # a week before the deadline of Periode 2: one reminder per subscription


def fake_push_service(port_out, count) -> None:  # runs in its own process
    """A minimal HTTP/1.1 keep-alive server on asyncio: as little CPU per request as possible, so the
    machine's cores go to the sender being measured. Answers 201 to a POST that carries a VAPID token."""
    import asyncio

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                headers = dict(line.split(":", 1) for line in lines[1:] if ":" in line)
                headers = {k.strip().lower(): v.strip() for k, v in headers.items()}
                await reader.readexactly(int(headers.get("content-length", "0")))
                ok = lines[0].startswith("POST ") and headers.get("authorization", "").startswith("vapid t=")
                if ok:
                    with count.get_lock():
                        count.value += 1
                writer.write(b"HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n" if ok
                             else b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    async def main() -> None:
        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        port_out.put(server.sockets[0].getsockname()[1])
        async with server:
            await server.serve_forever()

    asyncio.run(main())


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def device_keys(n: int) -> list[tuple[str, str]]:
    keys = []
    for _ in range(n):
        point = ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
        keys.append((b64url(point), b64url(os.urandom(16))))
    return keys


def _server_cpu(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscriptions", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=8, help="parallel subscribing clients")
    args = parser.parse_args()
    os.environ[netguard.INSECURE_ENV] = "1"  # the fake push service is http on 127.0.0.1

    ctx = multiprocessing.get_context("spawn")
    count = ctx.Value("i", 0)
    port_out = ctx.Queue()
    fake = ctx.Process(target=fake_push_service, args=(port_out, count), daemon=True)
    fake.start()
    push_port = port_out.get(timeout=30)

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "push-data"
        init_keys(data, "mailto:beheer@werkplek.test")
        api_port = free_port()
        api = subprocess.Popen(
            [sys.executable, "-m", "werkplek", "push", "serve", "--data", str(data), "--content", str(CONTENT),
             "--port", str(api_port), "--limit-client", "0", "--limit-total", "0"],  # 10,000 from one address
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            api_url = f"http://127.0.0.1:{api_port}"
            for _ in range(300):
                try:
                    if requests.get(f"{api_url}/healthz", timeout=1).ok:
                        break
                except requests.RequestException:
                    time.sleep(0.1)
            keys = device_keys(args.subscriptions)
            local = threading.local()

            def subscribe(i: int) -> int:
                session = getattr(local, "session", None) or requests.Session()
                local.session = session
                p256dh, auth = keys[i]
                body = {"subscription": {"endpoint": f"http://127.0.0.1:{push_port}/push/{i}",
                                         "keys": {"p256dh": p256dh, "auth": auth}},
                        "programme": PROGRAMME, "role": ("student", "wpb", "so", "io")[i % 4]}
                return session.post(f"{api_url}/api/subscriptions", json=body, timeout=30).status_code

            server_cpu = _server_cpu(api.pid)
            start = time.perf_counter()
            with ThreadPoolExecutor(args.clients) as pool:
                statuses = list(pool.map(subscribe, range(args.subscriptions)))
            subscribe_s = time.perf_counter() - start
            server_cpu = _server_cpu(api.pid) - server_cpu
        finally:
            api.terminate()
            api.wait(10)
        assert statuses.count(201) == args.subscriptions, {s: statuses.count(s) for s in set(statuses)}
        stored = PushStore(data).count_subscriptions()
        assert stored == args.subscriptions, stored

        start = time.perf_counter()
        report = send_due(data, CONTENT, now=NOW)
        send_s = time.perf_counter() - start
        assert report.counts["sent"] == args.subscriptions, report.summary()
        assert count.value == args.subscriptions, count.value
        again = send_due(data, CONTENT, now=NOW)
        assert again.counts["sent"] == 0 and count.value == args.subscriptions

    fake.terminate()
    load = os.getloadavg()[0]
    n = args.subscriptions
    print(f"{n:,} subscriptions, {args.clients} clients, {sender.PROCESSES} sending processes x {WORKERS} "
          f"threads, {os.cpu_count()} cores, load average {load:.1f} at the end")
    print("| step | count | seconds | per second | CPU ms each (service) |")
    print("|---|---:|---:|---:|---:|")
    print(f"| subscribe (POST /api/subscriptions to `push serve`) | {n:,} | {subscribe_s:.2f} | "
          f"{n / subscribe_s:,.0f} | {server_cpu / n * 1000:.2f} |")
    print(f"| send-due (encrypt, POST, journal, ledger) | {report.counts['sent']:,} | {send_s:.2f} | "
          f"{report.counts['sent'] / send_s:,.0f} | {report.cpu_seconds / n * 1000:.2f} |")
    print(f"VAPID tokens signed in the run: {report.signed_tokens}; a second run sent {again.counts['sent']}.")
    print("CPU ms each: processor time the service itself spent per subscription or notification (the clients "
          "and the fake push service not counted); unlike the rates it hardly depends on other load.")


if __name__ == "__main__":
    main()
