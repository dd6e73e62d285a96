from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Int, SourceId, SourcePart, StrictModel, Text


class Domain(StrictModel):
    """content/domains/<id>.yml: one begeleidingsdomein, an area supervision covers."""

    name: Text
    order: Int = Field(100, description="Volgorde in lijsten; laag eerst.")
    description: Text = Field(description="Korte uitleg in eigen woorden.")
    description_basis: Literal["bron", "uitwerking"] = Field(
        "bron",
        description="bron: de uitleg staat zo in het brondocument. uitwerking: de uitleg is van ons, alleen de naam "
        "komt uit de bron; de pagina's zeggen dat bij de bronvermelding.",
    )
    source: SourceId | None = Field(
        None, description="Uit welk brondocument het domein komt (id uit content/documents/)."
    )
    source_part: SourcePart | None = None
