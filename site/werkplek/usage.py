"""click's own errors (an unknown option, a wrong value, a missing argument) in Dutch.

click prints them in English ("Usage: ...", "Error: No such option", "Invalid value for ..."); our
users read Dutch. DutchGroup runs click without its standalone handling and says each usage error
as one Dutch line, from the kind of error and the option it is about (never click's message)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click


def _name(param: click.Parameter | None) -> str:
    if param is None:
        return "een waarde"
    if isinstance(param, click.Option):
        return max(param.opts, key=len)  # --timeout, not -t
    return (param.metavar or param.name or "").upper()


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() and not isinstance(value, float) else str(value)


def _expected(kind: click.ParamType) -> str:
    """What a parameter of this type takes, in Dutch; "" when there is nothing useful to say."""
    if isinstance(kind, (click.IntRange, click.FloatRange)):
        noun = "een geheel getal" if isinstance(kind, click.IntRange) else "een getal"
        low, high = kind.min, kind.max
        if low is not None and high is not None:
            return f"{noun} van {_number(low)} tot en met {_number(high)}"
        if low is not None:
            return f"{noun} van {'meer dan' if kind.min_open else 'minstens'} {_number(low)}"
        if high is not None:
            return f"{noun} van {'minder dan' if kind.max_open else 'hoogstens'} {_number(high)}"
        return noun
    if isinstance(kind, click.types.IntParamType):
        return "een geheel getal"
    if isinstance(kind, click.types.FloatParamType):
        return "een getal"
    if isinstance(kind, click.types.BoolParamType):
        return "ja of nee (true of false)"
    if isinstance(kind, click.Choice):
        return "een van: " + ", ".join(str(choice) for choice in kind.choices)
    if isinstance(kind, click.Path) and kind.exists:
        if not kind.file_okay:
            return "een bestaande map"
        if not kind.dir_okay:
            return "een bestaand bestand"
        return "een bestaand bestand of een bestaande map"
    return ""


_CLICK = Path(click.__file__).resolve().parent


def raised_by_click(error: BaseException) -> bool:
    """Whether click itself raised this (its message is English), rather than our own code, which
    raises UsageError and BadParameter with a Dutch message (push's --now, for one) that stays."""
    tb = error.__traceback__
    if tb is None:
        return True
    while tb.tb_next is not None:
        tb = tb.tb_next
    return Path(tb.tb_frame.f_code.co_filename).resolve().is_relative_to(_CLICK)


def dutch_usage_error(error: click.UsageError, args: Sequence[str]) -> str:
    """One Dutch sentence for a usage error, without click's words."""
    ctx = error.ctx
    if not raised_by_click(error):
        if isinstance(error, click.BadParameter) and error.param is not None:
            return f"ongeldige waarde voor {_name(error.param)}: {error.message}"
        return error.message
    if isinstance(error, click.NoSuchOption):
        text = f"onbekende optie {error.option_name}"
        if error.possibilities:
            text += f"; bedoel je {' of '.join(sorted(error.possibilities))}?"
        return text
    if isinstance(error, click.BadOptionUsage):
        return f"bij {error.option_name} hoort een waarde"
    if isinstance(error, click.MissingParameter):
        return f"{_name(error.param)} ontbreekt"
    if isinstance(error, click.BadParameter):
        expected = _expected(error.param.type) if error.param is not None else ""
        return f"ongeldige waarde voor {_name(error.param)}" + (f": verwacht {expected}" if expected else "")
    if ctx is not None and isinstance(ctx.command, click.Group):
        # the group itself failed: the first word that is no option names no command
        names = ctx.command.list_commands(ctx)
        given = next((arg for arg in args if not arg.startswith("-")), None)
        if given is not None and given not in names:
            return f"onbekend commando '{given}'; kies uit: {', '.join(names)}"
        return f"geef een commando: {', '.join(names)}"
    return "te veel argumenten"


def run(command: click.Command, args: Sequence[str] | None = None, prog_name: str | None = None, **extra: Any) -> None:
    """Run a click command (or group) as its main would, but say click's own errors in Dutch; exits."""
    given = list(sys.argv[1:] if args is None else args)
    prog = prog_name or command.name or "werkplek"
    try:
        result = click.Command.main(command, given, prog, standalone_mode=False, **extra)
    except click.UsageError as error:
        no_args_help = getattr(click.exceptions, "NoArgsIsHelpError", ())
        if no_args_help and isinstance(error, no_args_help) and error.ctx is not None:
            click.echo(error.ctx.get_help(), err=True)
            sys.exit(error.exit_code)
        if error.ctx is not None:
            where = error.ctx.command_path
        else:  # an option without its value fails before its command has a context
            sub = next((arg for arg in given if not arg.startswith("-")), None)
            where = f"{prog} {sub}" if isinstance(command, click.Group) and sub in command.commands else prog
        sentence = dutch_usage_error(error, given)
        end = "" if sentence.endswith((".", "?", "!")) else "."
        click.echo(f"Fout: {sentence}{end} Zie '{where} --help'.", err=True)
        sys.exit(error.exit_code)
    except click.ClickException as error:  # ours (WerkplekError) say "Fout: ..." in Dutch
        error.show()
        sys.exit(error.exit_code)
    except click.Abort:
        click.echo("Afgebroken.", err=True)
        sys.exit(1)
    # without standalone mode click returns the code of ctx.exit() (check-deploy's 1) instead of exiting
    sys.exit(result if isinstance(result, int) else 0)


class DutchGroup(click.Group):
    """A click group whose usage errors, and click's other own messages, are Dutch."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        run(self, args, prog_name, complete_var=complete_var, **extra)
