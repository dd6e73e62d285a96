"""content/radars/<id>.yml: a radar (spider) chart that lays forms over each other, one series per form.

Each axis is one area; for every form of the radar it names the section whose scale items are
averaged on that axis. Which forms share which axes is content, not code. Checked in checks.py.
"""

from __future__ import annotations

from pydantic import Field

from .base import Slug, StrictModel, Text


class RadarSeries(StrictModel):
    """One form whose entries are drawn as one line on the radar."""

    form: Slug = Field(description="Id van een formulier uit content/forms/.")
    label: Text = Field(description="Naam van deze reeks in de legenda en de tabel, bijvoorbeeld 'Zelfscan'.")


class RadarAxis(StrictModel):
    """One axis (area) of the radar, and the section of each form that gives its value."""

    id: Slug = Field(description="Vast kenmerk binnen deze radar.")
    label: Text
    sections: dict[Slug, Slug] = Field(
        description="Per formulier van de radar (id): de id van de sectie met de schaalvragen voor deze as."
    )


class Radar(StrictModel):
    """content/radars/<id>.yml: forms laid over each other on shared axes, in a fixed order."""

    title: Text
    summary: Text | None = None
    series: list[RadarSeries] = Field(min_length=1)
    axes: list[RadarAxis] = Field(min_length=3, description="De assen, in vaste volgorde (minstens drie).")
