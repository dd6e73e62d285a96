from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from .base import Int, Slug, StrictModel, Text, text

ShortName = text(12)
LearnerWord = text(60)

Color = Annotated[
    str,
    StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$"),
    Field(description="Een kleur als #rrggbb, bijvoorbeeld #0b5cad."),
]


class RoleGroup(StrictModel):
    """A heading under which roles are listed (for example 'Op de opleidingsschool')."""

    id: Slug = Field(description="Kenmerk; een rol noemt het in 'group'.")
    name: Text


class Learner(StrictModel):
    """What this partnership calls the student teacher, in sentences about hours and guidance."""

    singular: LearnerWord = Field("aankomend leraar", description="Enkelvoud, zoals in '1 aankomend leraar'.")
    plural: LearnerWord = Field("aankomend leraren", description="Meervoud, zoals in '10 aankomend leraren'.")


class Words(StrictModel):
    """What this partnership calls things the app names in headings and the menu. A word the content leaves
    out is not filled in by the app with ours: the sentence is said without it."""

    domains: text(40) = Field(
        "Domeinen", description="Naam van de domeinen in koppen en links, zoals 'Begeleidingsdomeinen'."
    )
    domains_menu: text(20) | None = Field(
        None, description="Kortere naam in het menu, zoals 'Domeinen'; leeg: dezelfde als domains."
    )
    domains_lead: Text | None = Field(
        None,
        description="Eén zin over wat de domeinen zijn, bovenaan hun pagina en op de startpagina; leeg: geen zin.",
    )
    practice: text(60) | None = Field(
        None,
        description="Hoe het partnerschap het leren op de werkplek noemt, met lidwoord, zoals 'het werkplekleren' "
        "(in 'Wie doet wat bij het werkplekleren?'); leeg: die zinnen zonder.",
    )


class Site(StrictModel):
    """content/site.yml: what the whole site is called, who publishes it, and how roles are grouped."""

    format: Int = Field(
        1,
        ge=1,
        description="Het inhoudsformaat waarin deze map geschreven is (zonder: 1). Inhoud van een oudere versie "
        "van Werkplek werk je bij met 'werkplek migrate --content <map>'.",
    )
    title: Text = Field(description="Naam van de app, bijvoorbeeld 'Werkplek'.")
    short_name: ShortName = Field(description="Korte naam onder het app-icoon (max. 12 tekens).")
    tagline: Text = Field(description="Eén zin onder de titel op de startpagina.")
    publisher: Text = Field(description="Wie deze site uitgeeft (school of partnerschap).")
    contact: Text = Field(description="Waar gebruikers terecht kunnen met vragen, bijvoorbeeld een e-mailadres.")
    theme_color: Color = Field("#0b5cad", description="Kleur van de balk van de app (licht thema).")
    theme_color_dark: Color = Field("#111418", description="Kleur van de balk van de app (donker thema).")
    accent_color: Color | None = Field(
        None,
        description="Kleur van links en knoppen in het lichte thema (standaard #0b5cad); de build controleert dat "
        "tekst erop en ernaast leesbaar is (WCAG AA, 4,5:1).",
    )
    accent_color_dark: Color | None = Field(
        None, description="Kleur van links en knoppen in het donkere thema (standaard #7cb8ff); ook gecontroleerd."
    )
    logo: Text | None = Field(
        None,
        description="Het logo van het partnerschap, een vierkante .svg of .png (minstens 512 px) in de inhoudsmap, "
        "zoals logo.svg: daaruit maakt de build elk app-icoon. Leeg: de iconen van Werkplek.",
    )
    push_url: Annotated[str, StringConstraints(pattern=r"^https?://[^\s/]+(/[^\s]*)?/$", max_length=300)] | None = (
        Field(
            None,
            description="Adres van de herinneringendienst (werkplek push serve), eindigend op /; leeg: alleen agendabestanden.",
        )
    )
    learner: Learner = Field(
        default_factory=Learner,
        description="Hoe de site de student noemt in teksten over uren en begeleiding (standaard: aankomend leraar).",
    )
    words: Words = Field(
        default_factory=Words,
        description="Hoe het partnerschap de domeinen en het werkplekleren noemt, in koppen en het menu.",
    )
    role_groups: list[RoleGroup] = Field(
        [],
        description="Groepen waarin de rollen getoond worden, in deze volgorde. Leeg: één lijst zonder groepen.",
    )
