from __future__ import annotations

from pydantic import Field

from .base import Int, SourceId, SourcePart, StrictModel, Text


class Domain(StrictModel):
    """content/domains/<id>.yml: one begeleidingsdomein, an area supervision covers."""

    name: Text
    order: Int = Field(100, description="Volgorde in lijsten; laag eerst.")
    description: Text = Field(description="Korte uitleg in eigen woorden.")
    source: SourceId | None = Field(
        None, description="Uit welk brondocument het domein komt (id uit content/documents/)."
    )
    source_part: SourcePart | None = None
