"""The `werkplek` command: build, publish, check, serve, schema, migrate, check-deploy, form (a form as a spreadsheet)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .push.cli import DutchGroup as DutchHelpGroup  # Dutch --help too, as for push
from .push.cli import option, push
from .usage import DutchGroup

CONTENT_HELP = "Map met de inhoud (YAML)."
content_option = option(
    "--content",
    "content_dir",
    metavar="MAP",
    type=click.Path(path_type=Path),
    default=Path("content"),
    show_default=True,
    help=CONTENT_HELP,
)


def out_option(default: Path, help_text: str):
    """--out: the folder a command writes the site into."""
    return option(
        "--out",
        "out_dir",
        type=click.Path(path_type=Path),
        default=default,
        show_default=True,
        metavar="MAP",
        help=help_text,
    )


static_option = option(
    "--static",
    "static_dir",
    metavar="MAP",
    type=click.Path(path_type=Path, exists=True, file_okay=False),
    default=None,
    help="Map met CSS, JS en iconen (standaard: static/ van het project).",
)


def warn(warnings: list) -> None:
    for warning in warnings:
        click.echo(f"Let op: {warning}", err=True)


class WerkplekGroup(DutchGroup, DutchHelpGroup):
    """The `werkplek` command: usage errors as one Dutch line (usage.py), and --help in Dutch for it and for
    every command, as push's (its commands are DutchCommands)."""

    invoke = click.Group.invoke  # usage.py words the errors of these commands, not push's group


@click.group(cls=WerkplekGroup, name="werkplek")
def cli() -> None:
    """Werkplek: bouw de offline app voor werkplekleren uit de inhoud in content/."""


@cli.command()
@content_option
@out_option(Path("build"), "Uitvoermap; wordt pas vervangen als de nieuwe site compleet is.")
@static_option
@option(
    "--push-url", default=None, metavar="URL", help="Adres van de herinneringendienst (vervangt push_url uit site.yml)."
)
@option(
    "--zip",
    "make_zip",
    is_flag=True,
    help="Schrijf de site ook als één zip-bestand (<uitvoermap>.zip) om naar een webruimte te uploaden.",
)
def build(content_dir: Path, out_dir: Path, static_dir: Path | None, push_url: str | None, make_zip: bool) -> None:
    """Bouw de statische site."""
    from .pipeline import DEFAULT_STATIC
    from .pipeline import build as run_build

    if push_url and not push_url.endswith("/"):
        push_url += "/"
    report = run_build(content_dir, out_dir, static_dir or DEFAULT_STATIC, push_url=push_url)
    warn(report.warnings)
    total = sum(report.timings.values())
    click.echo(
        f"{len(report.urls) + 1} bestanden geschreven naar {report.output}/ in {total:.2f} s (versie {report.version})"
    )
    if make_zip:
        from .publish import zip_site

        archive = Path(report.output).with_name(Path(report.output).name + ".zip")
        count = zip_site(Path(report.output), archive)
        click.echo(f"{count} bestanden in {archive}: pak het uit in de map van de site op de webruimte.")


@cli.command()
@content_option
@out_option(Path("public"), "Uitvoermap: wat de workflow publiceert.")
@option(
    "--base",
    default="/",
    metavar="PAD",
    show_default=True,
    help="Het pad waaronder de site komt te staan, zoals /repo/ op GitHub Pages.",
)
def publish(content_dir: Path, out_dir: Path, base: str) -> None:
    """Controleer en bouw de inhoud, en controleer de build zoals de host hem serveert (check-deploy onder
    --base): wat een workflow doet vóór het publiceren. Een fout stopt de workflow; de site blijft dan staan."""
    from .pipeline import DEFAULT_STATIC
    from .publish import base_path
    from .publish import publish as run_publish

    code = run_publish(content_dir, out_dir, base_path(base), DEFAULT_STATIC, echo=click.echo)
    click.get_current_context().exit(code)


@cli.command()
@content_option
def check(content_dir: Path) -> None:
    """Controleer de inhoud zonder iets te schrijven."""
    from .pipeline import load

    content = load(content_dir)
    warn(content.warnings)
    counts = [
        (content.programmes, "programma", "programma's"),
        (content.roles, "rol", "rollen"),
        (content.domains, "domein", "domeinen"),
        (content.pages, "pagina", "pagina's"),
        (content.forms, "formulier", "formulieren"),
        (content.radars, "radar", "radars"),
        (content.schools, "schoolportret", "schoolportretten"),
        (content.tracks, "traject", "trajecten"),
    ]
    click.echo(
        "Inhoud in orde: "
        + ", ".join(f"{len(items)} {one if len(items) == 1 else many}" for items, one, many in counts)
        + "."
    )


@cli.command()
@content_option
@out_option(Path("build"), "Waar de voorbeeldsite gebouwd wordt.")
@static_option
@option(
    "--host", default="127.0.0.1", show_default=True, metavar="ADRES", help="Op welk adres de voorbeeldsite luistert."
)
@option(
    "--port",
    default=5000,
    show_default=True,
    type=click.IntRange(0, 65535),
    metavar="POORT",
    help="Poort (0 tot en met 65535).",
)
@option(
    "--push-url", default=None, metavar="URL", help="Adres van de herinneringendienst (vervangt push_url uit site.yml)."
)
def serve(
    content_dir: Path, out_dir: Path, static_dir: Path | None, host: str, port: int, push_url: str | None
) -> None:
    """Voorbeeld: bouw de site, serveer haar en bouw opnieuw bij elke wijziging in de inhoud of static/.
    Een fout in de inhoud geeft de melding; de vorige versie blijft dan te zien."""
    from .pipeline import DEFAULT_STATIC
    from .preview import serve as run_preview

    if push_url and not push_url.endswith("/"):
        push_url += "/"
    run_preview(
        content_dir,
        out_dir,
        static_dir or DEFAULT_STATIC,
        host,
        port,
        push_url,
        echo=lambda line: click.echo(line, err=line.startswith("Fout")),
    )


@cli.command()
@option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("schema"),
    show_default=True,
    metavar="MAP",
    help="Waar de schema's komen.",
)
def schema(out_dir: Path) -> None:
    """Schrijf het JSON Schema van elk soort inhoudsbestand (voor automatisch aanvullen in een editor)."""
    from .schema import KINDS, SINGLE_FILES

    out_dir.mkdir(parents=True, exist_ok=True)
    names = {**{k: m for k, m in SINGLE_FILES.items()}, **{k.rstrip("s"): m for k, m in KINDS.items()}}
    for name, model in sorted(names.items()):
        text = json.dumps(model.model_json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        (out_dir / f"{name}.json").write_text(text, encoding="utf-8")
        click.echo(f"{out_dir / name}.json")


def _files(count: int, noun: str = "bestand", plural: str = "bestanden") -> str:
    return f"{count} {noun if count == 1 else plural}"


@cli.command()
@content_option
@option("--dry-run", is_flag=True, help="Toon per bestand wat er zou veranderen (als diff) en schrijf niets.")
def migrate(content_dir: Path, dry_run: bool) -> None:
    """Werk inhoud van een oudere versie van Werkplek bij naar het formaat van deze versie, in de map zelf.
    Commentaar, volgorde en aanhalingstekens blijven staan; alleen wat moet veranderen, verandert."""
    from .errors import ContentError, WerkplekError
    from .migrate import FORMAT, os_problem, plan, write
    from .pipeline import load

    migration = plan(content_dir)
    if migration.problems:
        raise ContentError(migration.problems, outcome="er is niets veranderd")
    if not migration.changes:
        click.echo(f"De inhoud in {display(content_dir)} is al bijgewerkt (formaat {FORMAT}); er is niets veranderd.")
        return
    for change in migration.changes:
        shown = display(change.path)
        for loc, note in change.notes:
            click.echo(f"{shown}: {loc}: {note}" if loc else f"{shown}: {note}")
        if dry_run:
            click.echo(change.diff(), nl=False)
    counts = f"{_files(len(migration.changed), 'bestand', 'bestanden')} aangepast, {len(migration.created)} nieuw"
    if dry_run:
        click.echo(
            f"Proef: de inhoud zou van formaat {migration.from_format} naar {FORMAT} gaan ({counts}); "
            "er is niets geschreven. Zonder --dry-run gebeurt het echt."
        )
        return
    try:
        write(migration)
    except OSError as exc:
        raise WerkplekError(f"Bijwerken mislukt ({os_problem(exc)}); er is niets veranderd.") from None
    click.echo(f"Inhoud bijgewerkt van formaat {migration.from_format} naar {FORMAT}: {counts}.")
    try:
        load(content_dir)
    except ContentError as exc:
        click.echo(
            f"Let op: de bijgewerkte inhoud bevat nog {len(exc.problems)} "
            f"{'fout' if len(exc.problems) == 1 else 'fouten'} die bijwerken niet oplost:",
            err=True,
        )
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        click.get_current_context().exit(1)


def display(path: Path) -> str:
    from .sources import display_path

    return display_path(path)


@cli.command("check-deploy")
@click.argument("url")
@option(
    "--timeout",
    default=15.0,
    show_default=True,
    type=click.FloatRange(min=0.1),
    metavar="SECONDEN",
    help="Seconden per bestand, voor het hele verzoek (verbinden, doorsturen, alle bytes).",
)
@option(
    "--parallel",
    default=6,
    show_default=True,
    type=click.IntRange(1, 32),
    metavar="AANTAL",
    help="Aantal bestanden tegelijk ophalen (1 tot en met 32).",
)
def check_deploy(url: str, timeout: float, parallel: int) -> None:
    """Controleer een gepubliceerde site op URL (de map met sw.js): ontbreekt er een bestand, is het
    een ander bestand dan deze versie, klopt het Content-Type, en wordt sw.js niet te lang gecachet?"""
    from .deploy_check import main

    click.get_current_context().exit(main(url, timeout=timeout, parallel=parallel, echo=click.echo))


form_content_option = option(
    "--content",
    "content_dir",
    type=click.Path(path_type=Path),
    default=Path("content"),
    show_default=True,
    metavar="MAP",
    help=CONTENT_HELP,
)


@cli.group(cls=DutchHelpGroup)
def form() -> None:
    """Een formulier als Excel-werkmap (XLSForm): inlezen naar content/forms/ en weer uitschrijven."""


@form.command("import")
@click.argument("workbook", metavar="WERKMAP.xlsx", type=click.Path(path_type=Path))
@option("--id", "form_id", required=True, metavar="ID", help="Id van het formulier: wordt content/forms/ID.yml.")
@form_content_option
@option("--replace", is_flag=True, help="Vervang een bestaand content/forms/ID.yml.")
def form_import(workbook: Path, form_id: str, content_dir: Path, replace: bool) -> None:
    """Lees een Excel-werkmap in als formulier (content/forms/ID.yml).

    De werkmap heeft de bladen survey, choices en settings (XLSForm; docs/formulier-in-excel.md). Elke fout
    staat in de melding, met blad, rij en kolom; dan wordt er niets geschreven."""
    from .xlsform import import_form

    target = import_form(workbook, form_id, content_dir, replace=replace)
    click.echo(f"{display(target)} geschreven uit {display(workbook)}.")


@form.command("export")
@click.argument("form_id", metavar="ID")
@option(
    "--out",
    "out",
    type=click.Path(path_type=Path),
    required=True,
    metavar="WERKMAP.xlsx",
    help="De werkmap om te schrijven (.xlsx).",
)
@form_content_option
def form_export(form_id: str, out: Path, content_dir: Path) -> None:
    """Schrijf formulier ID als Excel-werkmap.

    `werkplek form import` leest die werkmap weer in tot hetzelfde formulier."""
    from .errors import WerkplekError
    from .pipeline import load
    from .xlsform import export_form

    if out.suffix.lower() != ".xlsx":
        raise WerkplekError(f"--out {out}: geef een werkmap op die eindigt op .xlsx; er is niets geschreven.")
    content = load(content_dir)
    if form_id not in content.forms:
        known = ", ".join(content.forms) or "geen"
        raise WerkplekError(
            f"onbekend formulier '{form_id}' (geen forms/{form_id}.yml in de inhoud; formulieren: {known})"
        )
    export_form(content.forms[form_id], form_id, out)
    click.echo(f"{display(out)} geschreven uit {display(Path(content.path_of('forms', form_id)))}.")


cli.add_command(push)

if __name__ == "__main__":
    cli()


@cli.group(cls=DutchHelpGroup)
def school() -> None:
    """Schoolportretten: een ingevuld schoolportret wordt de pagina van de school."""


@school.command("import")
@click.argument("entry", type=click.Path(path_type=Path, dir_okay=True), metavar="BESTAND")
@content_option
@option(
    "--id", "school_id", default=None, metavar="ID", help="Id van de school (de bestandsnaam); standaard uit de naam."
)
@option("--force", is_flag=True, help="Vervang een bestaand portret met hetzelfde id.")
@option("--dry-run", is_flag=True, help="Toon wat er geschreven zou worden en schrijf niets.")
def school_import(entry: Path, content_dir: Path, school_id: str | None, force: bool, dry_run: bool) -> None:
    """Maak content/schools/<id>.yml van een geëxporteerd schoolportret (het bestand van 'Download deze
    invulling' onder het formulier). Een bestaand portret wordt alleen met --force vervangen."""
    from .school_import import plan, write

    result = plan(entry, content_dir, school_id=school_id, force=force or dry_run)
    for note in result.notes:
        click.echo(f"Let op: {note}.", err=True)
    shown = display(result.path)
    if dry_run:
        click.echo(result.text, nl=False)
        what = f"{result.school.name}, {len(result.school.sections)} delen"
        if result.replaces and not force:
            click.echo(
                f"Proef: {shown} bestaat al; zonder --force vervangt import het niet ({what}). Er is niets geschreven."
            )
        else:
            verb = "vervangen" if result.replaces else "schrijven"
            click.echo(f"Proef: zou {shown} {verb} ({what}); er is niets geschreven.")
        return
    try:
        write(result)
    except OSError as exc:
        from .errors import WerkplekError
        from .migrate import os_problem

        raise WerkplekError(f"{shown}: schrijven mislukt ({os_problem(exc)}); er is niets veranderd.") from None
    verb = "vervangen" if result.replaces else "geschreven"
    click.echo(
        f"{shown} {verb}: {result.school.name}, {len(result.school.sections)} delen. Bouw de site om de pagina te zien."
    )
