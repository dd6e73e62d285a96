from __future__ import annotations

from .base import Section, StrictModel, Text


class Page(StrictModel):
    """content/pages/<id>.yml: a plain text page, published at <id>/."""

    title: Text
    intro: Text
    sections: list[Section] = []
