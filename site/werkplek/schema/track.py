"""content/tracks/<id>.yml: a professional development track for one role, such as 'Van werkplekbegeleider
naar werkplekopleider': roles and competence areas it aims at, its cycle of phases and meetings, the
werkvormen (activities) used in the meetings, recommendations, and the forms that go with it.

Every part names where in the source document it comes from. Cross-references (forms, `steps_from`,
unique ids) and whether a werkvorm's step minutes add up to its total are checked in checks.py.
"""

from __future__ import annotations

from pydantic import Field

from .base import Bool, Int, Slug, SourceId, SourcePart, StrictModel, Text

Minutes = Int


class TrackRole(StrictModel):
    """A role of the teacher educator (for example 'de poortwachter')."""

    id: Slug = Field(description="Vast kenmerk (voor het anker op de pagina).")
    name: Text
    description: Text = Field(description="Wat deze rol inhoudt, in eigen woorden.")
    applies: Bool = Field(
        True, description="false: deze rol hoort (meestal) niet bij deze functie; `note` zegt waarom."
    )
    note: Text | None = None


class CompetenceArea(StrictModel):
    """A competence area with the concrete competences of this function in it."""

    id: Slug
    name: Text
    description: Text = Field(description="Wat het gebied omvat, in één zin.")
    competences: list[Text] = Field(min_length=1, description="De bekwaamheden (gedragingen) in dit gebied.")


class Phase(StrictModel):
    """One phase of the cycle."""

    id: Slug
    name: Text
    description: Text = Field(description="Wat er in deze fase gebeurt.")
    meetings: Text = Field(description="Wanneer: in welke bijeenkomst(en), of ertussen.")


class Step(StrictModel):
    """One step of a werkvorm, with its time when the source gives one."""

    title: Text
    text: Text
    prompts: list[Text] = Field([], description="Vragen of voorbeelden bij deze stap (opsomming).")
    minutes: Minutes | None = Field(None, ge=1, description="Duur in minuten; bij een marge de ondergrens.")
    minutes_up_to: Minutes | None = Field(None, ge=1, description="Bij een marge ('5-10 minuten'): de bovengrens.")


class Werkvorm(StrictModel):
    """An activity for a meeting, with its steps and minutes as the source gives them."""

    id: Slug = Field(description="Vast kenmerk; ook het anker op de pagina.")
    name: Text
    purpose: Text = Field(description="Waarvoor je deze werkvorm gebruikt, in eigen woorden.")
    minutes: Minutes | None = Field(
        None, ge=1, description="De totale duur volgens de bron; bij een marge de ondergrens."
    )
    minutes_up_to: Minutes | None = Field(None, ge=1, description="Bij een marge ('30 tot 60 min.'): de bovengrens.")
    before: Text | None = Field(None, description="Wat deelnemers vooraf doen (telt niet mee in de duur).")
    steps: list[Step] = Field([], description="De stappen; leeg als de bron geen stappen geeft.")
    steps_from: Slug | None = Field(
        None, description="Id van een andere werkvorm in deze lijst waarvan deze de stappen overneemt."
    )
    deepening: list[Text] = Field([], description="Verdiepingsmogelijkheden.")
    credit: Text | None = Field(None, description="Herkomst of rechten van de werkvorm, zoals de bron die noemt.")


class Part(StrictModel):
    """Shared by every part of a track: where in the source it comes from, and an introduction."""

    source_part: SourcePart | None = Field(
        None, description="Waar in het brondocument dit deel staat (hoofdstuk, paragraaf, bijlage)."
    )
    intro: Text | None = None


class RolesPart(Part):
    items: list[TrackRole] = Field(min_length=1)


class AreasPart(Part):
    items: list[CompetenceArea] = Field(min_length=1)


class CyclePart(Part):
    meeting_count: Int = Field(ge=1, description="Aantal bijeenkomsten.")
    months: Int = Field(ge=1, description="In hoeveel maanden.")
    meeting_hours: Int | None = Field(None, ge=1, description="Duur van een bijeenkomst in uren.")
    phases: list[Phase] = Field(min_length=1)
    meeting_structure: list[Text] = Field(
        min_length=1, description="De vaste opbouw van elke bijeenkomst, in volgorde."
    )
    facilitator: list[Text] = Field([], description="Wat de facilitator (begeleider van het traject) moet kunnen.")


class WerkvormenPart(Part):
    items: list[Werkvorm] = Field(min_length=1)


class RecommendationsPart(Part):
    items: list[Text] = Field(min_length=1)


class Track(StrictModel):
    """content/tracks/<id>.yml: a professional development track, published at ontwikkeling/<id>/."""

    title: Text
    summary: Text = Field(description="Een of twee zinnen: voor wie en waarvoor.")
    source: SourceId | None = Field(None, description="Het brondocument van dit traject (id uit content/documents/).")
    audience: list[Slug] = Field([], description="Voor welke rollen (ids uit content/roles/).")
    roles: RolesPart
    areas: AreasPart
    cycle: CyclePart
    werkvormen: WerkvormenPart
    recommendations: RecommendationsPart
    forms: list[Slug] = Field([], description="Formulieren die bij dit traject horen (ids uit content/forms/).")
