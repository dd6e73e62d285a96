from __future__ import annotations

from pydantic import Field

from .base import StrictModel, Text


class Site(StrictModel):
    """content/site.yml: what the whole site is called and who publishes it."""

    title: Text = Field(description="Naam van de app, bijvoorbeeld 'Werkplek'.")
    short_name: Text = Field(max_length=12, description="Korte naam onder het app-icoon (max. 12 tekens).")
    tagline: Text = Field(description="Eén zin onder de titel op de startpagina.")
    publisher: Text = Field(description="Wie deze site uitgeeft (school of partnerschap).")
    contact: Text = Field(description="Waar gebruikers terecht kunnen met vragen, bijvoorbeeld een e-mailadres.")
