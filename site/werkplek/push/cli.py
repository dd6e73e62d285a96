"""`werkplek push init | serve | send-due`."""

from __future__ import annotations

import datetime as dt
import logging
import time
from pathlib import Path

import click

from ..errors import WerkplekError

LOOP_SECONDS = 300  # --loop: how often send-due looks for due reminders

data_option = click.option(
    "--data", "data_dir", type=click.Path(path_type=Path, file_okay=False), required=True,
    help="Map met de sleutels, abonnementen en het verzendlogboek (buiten de gebouwde site).",
)
content_option = click.option(
    "--content", "content_dir", type=click.Path(path_type=Path, exists=True, file_okay=False),
    default=Path("content"), show_default=True, help="Map met de inhoud (YAML), dezelfde als voor de site.",
)


def _fail_on_keys(func):  # type: ignore[no-untyped-def]
    """Key problems are plain messages, not tracebacks."""
    from functools import wraps

    from .keys import VapidError

    @wraps(func)
    def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
        try:
            return func(*args, **kwargs)
        except VapidError as exc:
            raise WerkplekError(str(exc)) from None
    return wrapper


@click.group()
def push() -> None:
    """Herinneringen aan deadlines als pushbericht: een kleine dienst naast de statische site."""


@push.command()
@data_option
@click.option("--subject", default=None, help="Contactadres voor de pushdiensten: mailto:… of https://….")
@_fail_on_keys
def init(data_dir: Path, subject: str | None) -> None:
    """Maak het VAPID-sleutelpaar in de datamap (bestaat het al, dan blijft het) en toon de publieke sleutel."""
    from .keys import init_keys

    keys, created = init_keys(data_dir, subject)
    click.echo(("Nieuw sleutelpaar gemaakt" if created else "Bestaand sleutelpaar behouden") + f" in {data_dir}/")
    click.echo(f"Contactadres: {keys.subject}")
    click.echo(keys.public_key)


@push.command()
@data_option
@content_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8025, show_default=True, type=int)
@click.option("--allow-origin", "origins", multiple=True,
              help="Site die de dienst vanuit de browser mag gebruiken, bijvoorbeeld https://school.nl (herhaalbaar).")
@click.option("--limit-client", default=60, show_default=True, type=click.IntRange(min=0),
              envvar="WERKPLEK_PUSH_LIMIT_CLIENT",
              help="Aan- en afmeldingen per minuut per adres van een browser (0: geen grens).")
@click.option("--limit-total", default=600, show_default=True, type=click.IntRange(min=0),
              envvar="WERKPLEK_PUSH_LIMIT_TOTAL", help="Aan- en afmeldingen per minuut voor de hele dienst (0: geen grens).")
@click.option("--proxies", default=0, show_default=True, type=click.IntRange(min=0), envvar="WERKPLEK_PUSH_PROXIES",
              help="Aantal proxy's ervoor die X-Forwarded-For zetten (achter één nginx: 1).")
@_fail_on_keys
def serve(data_dir: Path, content_dir: Path, host: str, port: int, origins: tuple[str, ...], limit_client: int,
          limit_total: int, proxies: int) -> None:
    """De HTTP-API. Voor productie: een WSGI-server (waitress of gunicorn) achter HTTPS; zie de README."""
    from werkzeug.serving import run_simple

    from . import create_push_app
    from .api import Limits

    try:
        app = create_push_app(data_dir, content_dir, origins, Limits(limit_client, limit_total, proxies))
    except ValueError as exc:
        raise WerkplekError(str(exc)) from None
    click.echo(f"Herinneringendienst op http://{host}:{port}/ (stoppen: Ctrl+C)")
    run_simple(host, port, app, threaded=True, use_reloader=False)


LEVELS = {"DEBUG": "Debug", "INFO": "Info", "WARNING": "Waarschuwing", "ERROR": "Fout", "CRITICAL": "Fout"}


class _DutchLevels(logging.Formatter):
    """Log lines for operators: "Waarschuwing: …", not Python's English level names."""

    def format(self, record: logging.LogRecord) -> str:
        return f"{LEVELS.get(record.levelname, record.levelname)}: {record.getMessage()}"


def _dutch_logging() -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(_DutchLevels())
    logging.basicConfig(level=logging.WARNING, handlers=[handler])  # a no-op if logging is set up already


def _parse_now(value: str | None) -> dt.datetime | None:
    if value is None:
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"geen geldig tijdstip {value!r}; schrijf bijvoorbeeld 2026-01-28T09:00 of 2026-01-28T09:00+01:00"
        ) from None


@push.command("send-due")
@data_option
@content_option
@click.option("--now", "now_text", default=None, metavar="ISO-DATETIME",
              help="Doe alsof het nu dit tijdstip is (zonder tijdzone: Nederlandse tijd). Standaard: de echte tijd.")
@click.option("--loop", is_flag=True, help=f"Blijf draaien en kijk elke {LOOP_SECONDS // 60} minuten.")
@_fail_on_keys
def send_due(data_dir: Path, content_dir: Path, now_text: str | None, loop: bool) -> None:
    """Verstuur elke herinnering die nu aan de beurt is, elk precies één keer (voor cron of een systemd-timer)."""
    from .sender import send_due as run_send_due

    now = _parse_now(now_text)
    if loop and now is not None:
        raise click.UsageError("--loop en --now gaan niet samen: --loop gebruikt steeds de echte tijd.")
    _dutch_logging()
    while True:
        report = run_send_due(data_dir, content_dir, now)
        click.echo(report.summary())
        if not loop:
            return
        time.sleep(LOOP_SECONDS)
