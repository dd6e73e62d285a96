from __future__ import annotations

from pydantic import Field

from .base import Int, Slug, SourceId, StrictModel, Text


class ChecklistItem(StrictModel):
    """One task or competence of a role; the user can tick it on the device."""

    id: Slug = Field(description="Vast kenmerk binnen deze rol; verander het niet, anders vervallen vinkjes.")
    text: Text
    details: list[Text] = []
    domains: list[Slug] = Field([], description="Begeleidingsdomeinen (ids uit content/domains/).")
    source: SourceId | None = Field(
        None,
        description="Brondocument van dit punt, als het een ander is dan dat van de rol (id uit content/documents/).",
    )


class Role(StrictModel):
    """content/roles/<id>.yml: a role in werkplekleren with its tasks and competences."""

    name: Text
    abbreviation: Text | None = None
    group: Slug | None = Field(None, description="Id van een groep uit role_groups in content/site.yml.")
    order: Int = Field(100, description="Volgorde in lijsten; laag eerst.")
    summary: Text
    source: SourceId | None = Field(
        None,
        description="Brondocument van de taken en bekwaamheden (id uit content/documents/); een punt met een eigen "
        "source komt uit dat document. De rolpagina groepeert de punten per brondocument.",
    )
    tasks: list[ChecklistItem] = []
    competences: list[ChecklistItem] = []
