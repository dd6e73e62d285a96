"""Push service throughput on loopback: 10,000 subscriptions through the HTTP API, then one `send-due` run
that sends each of them a real, encrypted, VAPID-signed reminder to a fake push service; then, in the
same run and to the same fake push service, the same subscriptions sent by pywebpush's own `webpush()`
and by Node's web-push (`sendNotification`), each with as many processes and threads (or requests in
flight) as send-due uses, the VAPID header signed once beforehand as send-due does.

The API runs as `werkplek push serve` in its own process, the fake push service in another (so neither
shares the sender's interpreter lock); only 127.0.0.1 is used, and every loop is bounded by the count.
web-push is installed from the npm registry into bench/.tools/ on first use.

    .venv/bin/python bench/push.py [--subscriptions 10000] [--clients 8]
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import json
import multiprocessing
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "site"))

from werkplek.pipeline import load as load_content
from werkplek.push import (
    netguard,
    sender,
)
from werkplek.push.keys import VapidSigner, init_keys, load_keys
from werkplek.push.reminders import TTL_SECONDS, deadlines, payload_bytes
from werkplek.push.sender import WORKERS, send_due
from werkplek.push.store import PushStore

CONTENT = ROOT / "content"
TOOLS = ROOT / "bench" / ".tools"
WEB_PUSH_VERSION = "3.6.7"
NODE_SENDER = ROOT / "bench" / "push_node.cjs"
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
                writer.write(
                    b"HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n"
                    if ok
                    else b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                )
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
        point = (
            ec.generate_private_key(ec.SECP256R1())
            .public_key()
            .public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
        )
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


def ensure_web_push() -> None:
    """Install the pinned web-push into bench/.tools/ unless it is there already."""
    installed = TOOLS / "node_modules" / "web-push" / "package.json"
    if installed.exists() and json.loads(installed.read_text())["version"] == WEB_PUSH_VERSION:
        return
    print(f"Installing web-push@{WEB_PUSH_VERSION} into {TOOLS.relative_to(ROOT)}/ ...", file=sys.stderr)
    TOOLS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "npm",
            "install",
            "--prefix",
            str(TOOLS),
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            f"web-push@{WEB_PUSH_VERSION}",
        ],
        check=True,
    )


def _pywebpush_share(job: tuple[list[dict], dict[str, str], bytes, int]) -> tuple[int, float]:
    """One process's share sent by pywebpush's `webpush()`, from a thread pool with a requests session
    per thread (kept-alive connections, as send-due has); returns (sent, CPU seconds)."""
    import requests as requests_
    from pywebpush import webpush

    infos, headers, data, workers = job
    local = threading.local()

    def one(info: dict) -> int:
        session = getattr(local, "session", None) or requests_.Session()
        local.session = session
        return webpush(
            info, data, headers=dict(headers), ttl=TTL_SECONDS, timeout=10, requests_session=session
        ).status_code

    cpu = time.process_time()
    with ThreadPoolExecutor(workers) as pool:
        statuses = list(pool.map(one, infos))
    return statuses.count(201), time.process_time() - cpu


def compare_pywebpush(infos: list[dict], headers: dict[str, str], data: bytes) -> tuple[int, float, float]:
    """(sent, seconds, CPU seconds) for pywebpush over sender.PROCESSES processes x WORKERS threads."""
    processes = sender.PROCESSES
    jobs = [(infos[i::processes], headers, data, WORKERS) for i in range(processes)]
    start = time.perf_counter()
    with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn")) as pool:
        results = list(pool.map(_pywebpush_share, jobs))
    return sum(r[0] for r in results), time.perf_counter() - start, sum(r[1] for r in results)


def compare_web_push(infos: list[dict], headers: dict[str, str], data: bytes) -> tuple[int, float, float]:
    """(sent, seconds, CPU seconds) for Node's web-push over sender.PROCESSES processes, WORKERS requests
    in flight each."""
    processes = sender.PROCESSES
    start = time.perf_counter()
    runs = [
        subprocess.Popen(["node", str(NODE_SENDER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        for _ in range(processes)
    ]
    outputs = []
    for i, run in enumerate(runs):
        job = {
            "subscriptions": infos[i::processes],
            "authorization": headers["Authorization"],
            "payload": base64.b64encode(data).decode(),
            "ttl": TTL_SECONDS,
            "inFlight": WORKERS,
        }
        run.stdin.write(json.dumps(job))
        run.stdin.close()
    for run in runs:
        outputs.append(json.loads(run.stdout.read()))
        assert run.wait(60) == 0
    seconds = time.perf_counter() - start
    return sum(o["sent"] for o in outputs), seconds, sum(o["cpuMs"] for o in outputs) / 1000


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
            [
                sys.executable,
                "-m",
                "werkplek",
                "push",
                "serve",
                "--data",
                str(data),
                "--content",
                str(CONTENT),
                "--port",
                str(api_port),
                "--limit-client",
                "0",
                "--limit-total",
                "0",
            ],  # 10,000 from one address
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
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
                body = {
                    "subscription": {
                        "endpoint": f"http://127.0.0.1:{push_port}/push/{i}",
                        "keys": {"p256dh": p256dh, "auth": auth},
                    },
                    "programme": PROGRAMME,
                    "role": ("student", "wpb", "so", "io")[i % 4],
                }
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

        # the same subscriptions, the same payload size and headers, by the libraries themselves
        infos = [sub.info for sub in PushStore(data).subscriptions()]
        origin = netguard.origin_of(infos[0]["endpoint"])
        headers = {**VapidSigner(load_keys(data)).headers(origin), "Urgency": "normal", "Topic": "bench"}
        deadline = deadlines(load_content(CONTENT))[PROGRAMME][0]
        message = payload_bytes(deadline, 7, "student", "Student")
        ensure_web_push()
        compared = {}
        for name, compare in (("pywebpush", compare_pywebpush), ("web-push", compare_web_push)):
            before = count.value
            compared[name] = compare(infos, headers, message)
            assert compared[name][0] == args.subscriptions == count.value - before, (name, compared[name])

    fake.terminate()
    load = os.getloadavg()[0]
    n = args.subscriptions
    print(
        f"{n:,} subscriptions, {args.clients} clients, {sender.PROCESSES} sending processes x {WORKERS} "
        f"threads, {os.cpu_count()} cores, load average {load:.1f} at the end"
    )
    print("| step | count | seconds | per second | CPU ms each (service) |")
    print("|---|---:|---:|---:|---:|")
    print(
        f"| subscribe (POST /api/subscriptions to `push serve`) | {n:,} | {subscribe_s:.2f} | "
        f"{n / subscribe_s:,.0f} | {server_cpu / n * 1000:.2f} |"
    )
    print(
        f"| send-due (encrypt, POST, journal, ledger) | {report.counts['sent']:,} | {send_s:.2f} | "
        f"{report.counts['sent'] / send_s:,.0f} | {report.cpu_seconds / n * 1000:.2f} |"
    )
    for label, (sent, seconds, cpu_s) in (
        (
            f"pywebpush `webpush()` ({sender.PROCESSES} processes x {WORKERS} threads, a requests session each)",
            compared["pywebpush"],
        ),
        (
            f"Node web-push `sendNotification()` ({sender.PROCESSES} processes, {WORKERS} in flight each)",
            compared["web-push"],
        ),
    ):
        print(f"| {label} | {sent:,} | {seconds:.2f} | {sent / seconds:,.0f} | {cpu_s / sent * 1000:.2f} |")
    ours_rate, ours_cpu = report.counts["sent"] / send_s, report.cpu_seconds / n
    for name, (sent, seconds, cpu_s) in compared.items():
        print(
            f"send-due against {name}: {ours_rate / (sent / seconds):.2f} times the rate, "
            f"{ours_cpu / (cpu_s / sent):.2f} of the CPU time per message"
        )
    print(f"VAPID tokens signed in the run: {report.signed_tokens}; a second run sent {again.counts['sent']}.")
    print(
        "CPU ms each: processor time the service itself spent per subscription or notification (the clients "
        "and the fake push service not counted); unlike the rates it hardly depends on other load."
    )


if __name__ == "__main__":
    main()
