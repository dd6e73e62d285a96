"""`werkplek push init | serve | send-due`.

Operators read Dutch, also when they type something wrong: the push commands use Dutch parameter types,
and `DutchGroup` turns every usage error click raises (a missing or unknown option, a bad value, an extra
argument) into one line "Fout: …" with exit code 2 instead of click's English "Usage: … Error: …"; their
--help is Dutch too (`DutchCommand`, `DutchOption`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import functools
import logging
import re
import signal
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from ..errors import WerkplekError, dutch_os_error

LOOP_SECONDS = 300  # --loop: how often send-due looks for due reminders
SERVE_THREADS = 8  # push serve: waitress threads (its default is 4); each request is short, with an fsync
CHANNEL_TIMEOUT = 30  # push serve: seconds a connection may be idle, or trickle, before waitress closes it
MOMENT_EXAMPLE = "2027-03-01T09:00"


class Directory(click.ParamType):
    """A folder (that must exist, with `exists`), as a Path; Dutch messages."""

    name = "map"

    def __init__(self, exists: bool = False) -> None:
        self.exists = exists

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path:
        path = Path(value)
        if path.exists() and not path.is_dir():
            self.fail(f"{str(path)!r} is geen map", param, ctx)
        if self.exists and not path.exists():
            self.fail(f"de map {str(path)!r} bestaat niet", param, ctx)
        return path


class Count(click.ParamType):
    """A whole number from `low` to `high`; Dutch messages."""

    name = "getal"

    def __init__(self, low: int = 0, high: int | None = None) -> None:
        self.low, self.high = low, high

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            number = value
        elif isinstance(value, str) and re.fullmatch(r"[+-]?\d+", value.strip()):
            number = int(value)
        else:
            self.fail(f"{value!r} is geen geheel getal", param, ctx)
        if number < self.low or (self.high is not None and number > self.high):
            span = f"van {self.low} tot en met {self.high}" if self.high is not None else f"van {self.low} of meer"
            self.fail(f"{number} valt buiten het bereik ({span})", param, ctx)
        return number


class Moment(click.ParamType):
    """An ISO date and time, such as 2027-03-01T09:00 (without a time zone: Dutch time)."""

    name = "tijdstip"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.datetime:
        if isinstance(value, dt.datetime):
            return value
        try:
            return dt.datetime.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(
                f"geen geldig tijdstip {value!r}; schrijf het als {MOMENT_EXAMPLE} "
                f"(of met tijdzone: {MOMENT_EXAMPLE}+01:00)",
                param,
                ctx,
            )


class DutchUsageError(click.UsageError):
    """A usage error shown as one Dutch line and a pointer to --help; exit code 2."""

    def show(self, file: Any = None) -> None:
        hint = f"\nHulp: {self.ctx.command_path} --help" if self.ctx is not None else ""
        click.echo(f"Fout: {self.format_message()}{hint}", file=file, err=True)


def _option_name(param: click.Parameter | None, fallback: str | None = None) -> str:
    if param is None:
        return fallback or "?"
    return max(param.opts, key=len) if isinstance(param, click.Option) else param.human_readable_name


def dutch_usage_message(exc: click.UsageError) -> str:
    """What a click usage error means, in Dutch (click's own messages are English)."""
    if isinstance(exc, click.MissingParameter):
        return (
            f"de optie {_option_name(exc.param, exc.param_hint if isinstance(exc.param_hint, str) else None)} ontbreekt"
        )
    if isinstance(exc, click.BadParameter):  # our own types say what is wrong in Dutch
        return f"ongeldige waarde voor {_option_name(exc.param)}: {exc.message}"
    if isinstance(exc, click.NoSuchOption):
        maybe = f" (bedoel je {' of '.join(sorted(exc.possibilities))}?)" if exc.possibilities else ""
        return f"onbekende optie {exc.option_name}{maybe}"
    if isinstance(exc, click.BadOptionUsage):
        if "does not take a value" in exc.message:
            return f"de optie {exc.option_name} krijgt geen waarde"
        return f"de optie {exc.option_name} verwacht een waarde"
    message = exc.message
    if match := re.match(r"No such command '(.*)'", message):
        commands = (
            ", ".join(exc.ctx.command.list_commands(exc.ctx))
            if exc.ctx and isinstance(exc.ctx.command, click.Group)
            else ""
        )
        return f"onbekend commando {match.group(1)!r}" + (f"; kies uit {commands}" if commands else "")
    if match := re.match(r"Got unexpected extra arguments? \((.*)\)", message):
        return f"onverwacht extra argument: {match.group(1)}"
    if isinstance(exc, DutchUsageError):
        return message
    return "de opdracht klopt niet"


class DutchOption(click.Option):
    """An option whose --help extras ([standaard: …], [verplicht]) are Dutch."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        record = super().get_help_record(ctx)
        if record is None:
            return None
        names, text = record
        extra = self.get_help_extra(ctx)
        if extra:
            text = text.rpartition("  [")[0] if "  [" in text else ""
            items = []
            if "envvars" in extra:
                items.append(f"omgevingsvariabele: {', '.join(extra['envvars'])}")
            if "default" in extra:
                items.append(f"standaard: {extra['default']}")
            if "required" in extra:
                items.append("verplicht")
            if items:
                text = f"{text}  [{'; '.join(items)}]" if text else f"[{'; '.join(items)}]"
        return names, text


class DutchCommand(click.Command):
    """A command whose --help reads Dutch: Gebruik, Opties, and the help option itself."""

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix="Gebruik: ")

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        return ["[OPTIES]", *super().collect_usage_pieces(ctx)[1:]]

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        records = [r for p in self.get_params(ctx) if (r := p.get_help_record(ctx)) is not None]
        if records:
            with formatter.section("Opties"):
                formatter.write_dl(records)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "Toon deze hulp en stop."
        return option


class DutchGroup(DutchCommand, click.Group):
    """The `push` group: Dutch help, and every usage error of its commands as one Dutch line."""

    command_class = DutchCommand

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        return ["[OPTIES]", "COMMANDO", "[ARGUMENTEN]..."]

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        DutchCommand.format_options(self, ctx, formatter)
        commands = [
            (name, cmd.get_short_help_str(limit=formatter.width - 6 - len(name)))
            for name in self.list_commands(ctx)
            if (cmd := self.get_command(ctx, name)) is not None
        ]
        if commands:
            with formatter.section("Commando's"):
                formatter.write_dl(commands)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            if isinstance(exc, DutchUsageError):
                raise
            raise DutchUsageError(dutch_usage_message(exc), exc.ctx or ctx) from None

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            raise DutchUsageError(dutch_usage_message(exc), exc.ctx or ctx) from None


option = functools.partial(click.option, cls=DutchOption)

data_option = option(
    "--data",
    "data_dir",
    type=Directory(),
    required=True,
    help="Map met de sleutels, abonnementen en het verzendlogboek (buiten de gebouwde site).",
)
content_option = option(
    "--content",
    "content_dir",
    type=Directory(exists=True),
    default=Path("content"),
    show_default=True,
    help="Map met de inhoud (YAML), dezelfde als voor de site.",
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


@click.group(cls=DutchGroup)
def push() -> None:
    """Herinneringen aan deadlines als pushbericht: een kleine dienst naast de statische site."""


@push.command()
@data_option
@option("--subject", default=None, metavar="ADRES", help="Contactadres voor de pushdiensten: mailto:… of https://….")
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
@option("--host", default="127.0.0.1", show_default=True, metavar="ADRES", help="Adres om op te luisteren.")
@option("--port", default=8025, show_default=True, type=Count(0, 65535), help="Poort om op te luisteren.")
@option(
    "--allow-origin",
    "origins",
    multiple=True,
    metavar="SITE",
    help="Site die de dienst vanuit de browser mag gebruiken, bijvoorbeeld https://school.nl (herhaalbaar).",
)
@option(
    "--limit-client",
    default=60,
    show_default=True,
    type=Count(0),
    envvar="WERKPLEK_PUSH_LIMIT_CLIENT",
    help="Aan- en afmeldingen per minuut per adres van een browser (0: geen grens).",
)
@option(
    "--limit-total",
    default=600,
    show_default=True,
    type=Count(0),
    envvar="WERKPLEK_PUSH_LIMIT_TOTAL",
    help="Aan- en afmeldingen per minuut voor de hele dienst (0: geen grens).",
)
@option(
    "--proxies",
    default=0,
    show_default=True,
    type=Count(0),
    envvar="WERKPLEK_PUSH_PROXIES",
    help="Aantal proxy's ervoor die X-Forwarded-For zetten (achter één nginx: 1).",
)
@option(
    "--threads",
    default=SERVE_THREADS,
    show_default=True,
    type=Count(1, 256),
    help="Aantal threads dat aanvragen afhandelt (waitress).",
)
@option(
    "--debug", is_flag=True, help="Draai de ontwikkelserver van Werkzeug in plaats van waitress (alleen om te testen)."
)
@_fail_on_keys
def serve(
    data_dir: Path,
    content_dir: Path,
    host: str,
    port: int,
    origins: tuple[str, ...],
    limit_client: int,
    limit_total: int,
    proxies: int,
    threads: int,
    debug: bool,
) -> None:
    """De HTTP-API, met waitress (een WSGI-server voor productie); zet er de HTTPS van de school voor."""
    from . import create_push_app
    from .api import Limits

    try:
        app = create_push_app(data_dir, content_dir, origins, Limits(limit_client, limit_total, proxies))
    except ValueError as exc:
        raise WerkplekError(str(exc)) from None
    _dutch_logging()
    if debug:
        from werkzeug.serving import make_server

        # the socket is ours, so that a port in use is our Dutch message (Werkzeug prints English and exits)
        sock = _listen(lambda: socket.create_server((host, port), family=_family(host)), host, port)
        server: Any = make_server(host, port, app, threaded=True, fd=sock.fileno())
        sock.close()  # Werkzeug listens on its own duplicate of it
        click.echo(
            f"Herinneringendienst (ontwikkelserver van Werkzeug) op http://{host}:{server.port}/ (stoppen: Ctrl+C)"
        )
        with _stopped_by_sigterm():
            server.serve_forever()
    else:
        from waitress.server import create_server

        # waitress.serve() without its English "Serving on ..." line: the same server, started the same way.
        # waitress drops X-Forwarded-For unless told otherwise; with --proxies, ProxyFix in the app reads it
        # (trusting exactly that many hops), so the limit per client sees the browser's address.
        server = _listen(
            lambda: create_server(
                app,
                host=host,
                port=port,
                threads=threads,
                channel_timeout=CHANNEL_TIMEOUT,
                clear_untrusted_proxy_headers=proxies == 0,
            ),
            host,
            port,
        )
        listening = getattr(server, "effective_listen", None) or [(server.effective_host, server.effective_port)]
        where = ", ".join(f"http://{'[' + h + ']' if ':' in str(h) else h}:{p}/" for h, p in listening)
        click.echo(f"Herinneringendienst op {where} (waitress, {threads} threads; stoppen: Ctrl+C)")
        with _stopped_by_sigterm():
            server.run()  # returns after Ctrl+C or SIGTERM, once its threads have finished
    click.echo("Herinneringendienst gestopt.")


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def _listen(make: Any, host: str, port: int) -> Any:
    """Open the listening socket; a port in use or an unknown host is a Dutch message, not a traceback."""
    try:
        return make()
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            reason = "de poort is al in gebruik"
        elif isinstance(exc, socket.gaierror):
            reason = "het adres is niet te vinden"
        else:
            reason = dutch_os_error(exc)
        raise WerkplekError(f"Kan niet luisteren op {host}:{port}: {reason}.") from None


@contextlib.contextmanager
def _stopped_by_sigterm() -> Iterator[None]:
    """SIGTERM (systemd, docker, a test) stops the server as Ctrl+C does: requests under way are finished."""

    def stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)


LEVELS = {"DEBUG": "Debug", "INFO": "Info", "WARNING": "Waarschuwing", "ERROR": "Fout", "CRITICAL": "Fout"}


class _DutchLevels(logging.Formatter):
    """Log lines for operators: "Waarschuwing: …", not Python's English level names."""

    def format(self, record: logging.LogRecord) -> str:
        return f"{LEVELS.get(record.levelname, record.levelname)}: {record.getMessage()}"


def _dutch_logging() -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(_DutchLevels())
    logging.basicConfig(level=logging.WARNING, handlers=[handler])  # a no-op if logging is set up already


@push.command("send-due")
@data_option
@content_option
@option(
    "--now",
    "now",
    type=Moment(),
    default=None,
    help=f"Doe alsof het nu dit tijdstip is, zoals {MOMENT_EXAMPLE} (zonder tijdzone: Nederlandse tijd). "
    "Een alsof-ronde verwijdert niets en houdt een eigen verzendlogboek bij. Standaard: de echte tijd.",
)
@option("--loop", is_flag=True, help=f"Blijf draaien en kijk elke {LOOP_SECONDS // 60} minuten.")
@_fail_on_keys
def send_due(data_dir: Path, content_dir: Path, now: dt.datetime | None, loop: bool) -> None:
    """Verstuur elke herinnering die nu aan de beurt is, elk precies één keer (voor cron of een systemd-timer)."""
    from .sender import send_due as run_send_due

    if loop and now is not None:
        raise DutchUsageError("--loop en --now gaan niet samen: --loop gebruikt steeds de echte tijd.")
    _dutch_logging()
    while True:
        report = run_send_due(data_dir, content_dir, now)
        click.echo(report.summary())
        if not loop:
            return
        time.sleep(LOOP_SECONDS)
