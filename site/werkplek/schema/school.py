"""content/schools/<id>.yml: a school's published portrait, the page school/<id>/ for its students.

A partnership has several schools, so this is a kind of content (one file per school) rather than a
single file; school/ lists them. Without any portrait the site has no school pages and no links to them.
"""

from __future__ import annotations

from pydantic import Field

from .base import Bool, Section, SourceId, SourcePart, StrictModel, Text


class School(StrictModel):
    """content/schools/<id>.yml: what a school offers its students, in plain text and lists."""

    name: Text = Field(description="De naam van de school.")
    place: Text | None = Field(None, description="Plaats of wijk, bijvoorbeeld 'Rotterdam-Zuid'.")
    summary: Text = Field(description="Een of twee zinnen: wat deze school een student te bieden heeft.")
    example: Bool = Field(
        False, description="true: dit is een voorbeeldschool; de pagina zegt dat duidelijk ('Voorbeeld')."
    )
    source: SourceId | None = Field(
        None, description="Uit welk brondocument of sjabloon het portret komt (id uit content/documents/)."
    )
    source_part: SourcePart | None = None
    sections: list[Section] = Field(
        min_length=1, description="Delen van het portret: een kop met alinea's en/of een opsomming."
    )
