"""Errors a user of the build sees: one line per problem, no traceback."""

from __future__ import annotations

import errno
from dataclasses import dataclass

import click


class WerkplekError(click.ClickException):
    """Base for every failure the CLI reports as a plain message (exit code 1)."""

    def show(self, file=None) -> None:  # click says "Error: "; our users read Dutch
        click.echo(f"Fout: {self.format_message()}", file=file, err=True)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content: the file, the field inside it, and a Dutch message."""

    path: str
    loc: str
    message: str
    # As an editor counts (locate.py): the 1-based line in the file, and the field path with list
    # positions from 1 and named by id ('periods nr. 2 (p2) › deadline' for 'periods[1].deadline').
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        """The problem by its exact field path (periods[1].deadline), as tests and tools compare it."""
        where = f"{self.path}: {self.loc}" if self.loc else self.path
        return f"{where}: {self.message}"

    def for_editor(self) -> str:
        """What `werkplek check` and the build print: 'file.yml:14: periods nr. 2 (p2) › deadline: …'."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        loc = self.field if self.field is not None else self.loc
        where = f"{where}: {loc}" if loc else where
        return f"{where}: {self.message}"


class ContentError(WerkplekError):
    """The content does not validate; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem], outcome: str = "er is niets gebouwd"):
        # file by file, and within a file in the order found (tasks[6] before tasks[10])
        self.problems = sorted(dict.fromkeys(problems), key=lambda p: p.path)
        count = len(self.problems)
        lines = [p.for_editor() for p in self.problems]
        noun = "fout" if count == 1 else "fouten"
        super().__init__("\n".join(lines) + f"\nDe inhoud bevat {count} {noun}; {outcome}.")


class BuildError(WerkplekError):
    """Freezing the site failed; the previous output is left as it was."""


_OS_ERRORS = {
    errno.EACCES: "geen toegang",
    errno.EPERM: "geen toestemming",
    errno.ENOENT: "bestaat niet",
    errno.ENOTDIR: "een deel van het pad is een bestand, geen map",
    errno.EISDIR: "is een map, geen bestand",
    errno.EEXIST: "bestaat al",
    errno.ENOSPC: "de schijf is vol",
    errno.EROFS: "alleen-lezen bestandssysteem",
    errno.EDQUOT: "de schijfruimte (quotum) is op",
    errno.ENAMETOOLONG: "de naam is te lang",
    errno.ENOTEMPTY: "de map is niet leeg",
    errno.EBUSY: "is in gebruik",
    errno.EXDEV: "ligt op een andere schijf",
    errno.ELOOP: "te veel symbolische links",
    errno.EIO: "lees- of schrijffout van de schijf",
    errno.EMFILE: "te veel open bestanden",
}


def dutch_os_error(exc: OSError) -> str:
    """What went wrong, in Dutch: the system's own text (exc.strerror) is English."""
    return _OS_ERRORS.get(exc.errno, f"systeemfout {errno.errorcode.get(exc.errno, exc.errno)}")
