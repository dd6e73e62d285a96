"""content/documents/<id>.yml: a source document that roles, tasks, forms, hours and tracks come from.

Content names its source by this file's id (`source: <id>`, with `source_part` for where in the
document); the pages show the short name and link to bronnen/, which lists every document and what
in the app comes from it. A partnership without source documents leaves the folder out.
"""

from __future__ import annotations

from pydantic import Field

from .base import Int, StrictModel, Text, text

ShortTitle = text(60)


class Document(StrictModel):
    """content/documents/<id>.yml: one source document."""

    title: Text = Field(description="De volledige titel, zoals op het document.")
    short: ShortTitle = Field(
        description="Korte naam voor bij taken en formulieren, bijvoorbeeld 'Handleiding WPB N2'."
    )
    publisher: Text | None = Field(None, description="Van wie het document is (hogeschool, partnerschap, platform).")
    year: Text | None = Field(None, description="Jaar of schooljaar, tussen aanhalingstekens: \"2025-2026\".")
    order: Int = Field(100, description="Volgorde in lijsten; laag eerst.")
    summary: Text = Field(description="Wat het document is en wat de app eruit haalt, in eigen woorden.")
