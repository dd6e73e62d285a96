from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Slug, StrictModel, Text

RoleGroup = Literal["student", "school", "instituut", "bestuur"]


class ChecklistItem(StrictModel):
    """One task or competence of a role; the user can tick it on the device."""

    id: Slug = Field(description="Vast kenmerk binnen deze rol; verander het niet, anders vervallen vinkjes.")
    text: Text
    details: list[Text] = []
    domains: list[Slug] = Field([], description="Begeleidingsdomeinen (ids uit content/domains/).")


class Role(StrictModel):
    """content/roles/<id>.yml: a role in werkplekleren with its tasks and competences."""

    name: Text
    abbreviation: Text | None = None
    group: RoleGroup = Field(description="student, school, instituut of bestuur.")
    order: int = Field(100, description="Volgorde in lijsten; laag eerst.")
    summary: Text
    source: Text = Field(description="Uit welk brondocument de taken komen.")
    tasks: list[ChecklistItem] = []
    competences: list[ChecklistItem] = []
