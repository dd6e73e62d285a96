"""content/forms/<id>.yml: an instrument that is filled in on the device (kijkwijzer, zelfscan, feedback…).

A form is metadata fields above, then sections of items. Every item has an id that is unique within
the form: the device stores an answer under it, so an id must not change once a form is in use.
Cross-references (roles, domains, scale names, unique ids) and `fills` (one item per value, of the kind
it needs) are checked in checks.py.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, get_args

from pydantic import Field

from .base import Bool, Slug, SourceId, SourcePart, StrictModel, Text

ITEM_KINDS = ("scale", "check", "choice", "text", "date")
METADATA_KINDS = ("text", "date", "choice")

# What the app fills in itself in a metadata field, so nobody types it again: the kind of item each needs.
FILLS = {
    "about": "text",  # the name of whom the entry is about
    "author": "text",  # the name (and role) of who fills it in
    "date": "date",  # the date of the lesson, visit or conversation
    "time": "text",
    "school": "text",
    "class": "text",  # the klas or groep
    "subject": "text",  # the vak
    "focus": "text",  # the student's leervraag or kijkpunt
    "participants": "text",  # who took part in a conversation, with their roles (a report)
}
Fills = Literal["about", "author", "date", "time", "school", "class", "subject", "focus", "participants"]
assert set(get_args(Fills)) == set(FILLS)


class Scale(StrictModel):
    """A rating scale with a label for every point, from 1 (the first label) to n (the last)."""

    labels: list[Text] = Field(
        min_length=2,
        description="Het label van elk punt van de schaal, in volgorde: het eerste label is 1, het laatste n.",
    )
    na: Bool = Field(False, description="true: bied ook 'n.v.t.' aan; dat telt niet mee in gemiddelden.")
    na_label: Text = Field("n.v.t.", description="Het label van de keuze 'niet van toepassing'.")
    basis_note: Text | None = Field(
        None,
        description="Wat aan deze schaal van ons is en niet uit de bron (het aantal punten, de labels); het "
        "formulier toont het bij de bronvermelding. Leeg: de schaal staat zo in de bron.",
    )


class _ItemBase(StrictModel):
    id: Slug = Field(description="Vast kenmerk binnen dit formulier; het antwoord wordt eronder bewaard.")
    text: Text = Field(description="De vraag, uitspraak of het label van het veld.")
    hint: Text | None = Field(None, description="Korte toelichting onder de vraag.")
    examples: list[Text] = Field([], description="Voorbeelden of deeluitspraken ('bijvoorbeeld …').")
    required: Bool = Field(False, description="true: afronden kan pas als dit is ingevuld (een concept mag leeg).")


class ScaleItem(_ItemBase):
    """A rating on one of the form's scales."""

    kind: Literal["scale"]
    scale: Slug = Field(description="Naam van een schaal uit `scales` van dit formulier.")


class CheckItem(_ItemBase):
    """A single yes/no checkbox."""

    kind: Literal["check"]


class ChoiceItem(_ItemBase):
    """One option (or several with `multiple`) from a list."""

    kind: Literal["choice"]
    options: list[Text] = Field(min_length=2, description="De keuzemogelijkheden, in volgorde.")
    multiple: Bool = Field(False, description="true: meer dan één keuze mogelijk.")
    other: Bool = Field(False, description="true: ook 'anders, namelijk …' met een eigen tekst.")


class TextItem(_ItemBase):
    """Free text: one line (short) or a paragraph (long)."""

    kind: Literal["text"]
    size: Literal["short", "long"] = Field("short", description="short: één regel; long: een tekstvak.")


class DateItem(_ItemBase):
    """A calendar date."""

    kind: Literal["date"]


Item = Annotated[
    ScaleItem | CheckItem | ChoiceItem | TextItem | DateItem,
    Field(discriminator="kind"),
]


def _fills() -> Any:
    return Field(
        None,
        description="Wat de app zelf in dit veld zet, zodat niemand het overtypt: about (naam van wie het over "
        "gaat), author (naam en rol van wie invult), date (datum van de les of het gesprek, een datumveld), time, "
        "school, class (klas of groep), subject (vak), focus (leervraag of kijkpunt), participants (wie deelnamen). "
        "Hoogstens één veld per waarde; date vraagt kind: date, de andere kind: text.",
    )


class MetadataTextItem(TextItem):
    """A text field above the form."""

    fills: Fills | None = _fills()


class MetadataDateItem(DateItem):
    """A date field above the form."""

    fills: Fills | None = _fills()


class MetadataChoiceItem(ChoiceItem):
    """A choice above the form; checks.py refuses fills on it, with a message that says why."""

    fills: Fills | None = _fills()


MetadataItem = Annotated[
    MetadataTextItem | MetadataDateItem | MetadataChoiceItem,
    Field(discriminator="kind"),
]


class FormSection(StrictModel):
    """A titled group of items; the results page averages the scale items per section."""

    id: Slug = Field(description="Vast kenmerk binnen dit formulier (radars verwijzen ernaar).")
    title: Text
    intro: Text | None = None
    items: list[Item] = Field(min_length=1)


class SchoolPage(StrictModel):
    """How an entry of this form becomes a school's page (content/schools/<id>.yml) with `werkplek school
    import`: the school's name is the metadata field with `fills: school`; every answered section follows."""

    place: Slug | None = Field(None, description="Id van de vraag waarvan het antwoord de plaats van de school is.")
    summary: Slug | None = Field(
        None, description="Id van de vraag waarvan het antwoord de korte inleiding van de schoolpagina is."
    )
    leave_out: list[Slug] = Field(
        [], description="Ids van vragen of delen die niet op de schoolpagina komen (bijvoorbeeld een telefoonnummer)."
    )


class Form(StrictModel):
    """content/forms/<id>.yml: a form (kijkwijzer, zelfscan, feedback- of adviesformulier)."""

    title: Text
    summary: Text = Field(description="Een of twee zinnen: waarvoor dit formulier is.")
    notice: Text | None = Field(
        None,
        description="Opvallende melding bovenaan, bijvoorbeeld dat dit een startpunt is dat het partnerschap vervangt.",
    )
    source: SourceId | None = Field(
        None, description="Uit welk brondocument het formulier komt (id uit content/documents/)."
    )
    source_part: SourcePart | None = None
    filled_by: list[Slug] = Field(min_length=1, description="Wie het invult: ids van rollen uit content/roles/.")
    about: Slug | None = Field(
        None, description="Over wie het gaat: id van een rol uit content/roles/ (bijvoorbeeld student)."
    )
    share_with: Slug | Literal[False] | None = Field(
        None,
        description="Naar wie een invulling meestal gaat: id van een rol uit content/roles/ (het adviesformulier van "
        "de werkplekbegeleider naar de schoolopleider). De kop boven het delen noemt die rol. false: een eigen "
        "invulling, die niemand in het bijzonder krijgt (een zelfscan). Leeg: de rol uit about als die het "
        "formulier niet zelf invult; vult alleen die rol het in, dan is het een eigen invulling.",
    )
    domains: list[Slug] = Field([], description="Begeleidingsdomeinen (ids uit content/domains/).")
    scales: dict[Slug, Scale] = Field(
        {}, description="De schalen van dit formulier, op naam; een schaalvraag noemt er één."
    )
    metadata: list[MetadataItem] = Field(
        [], description="Velden boven het formulier (student, school, datum, …); alleen text, date en choice."
    )
    sections: list[FormSection] = Field(min_length=1)
    school_page: SchoolPage | None = Field(
        None,
        description="Alleen bij een schoolportret: een ingevulde invulling wordt met `werkplek school import` de "
        "pagina van de school. Zegt welke vragen de plaats en de inleiding geven en wat er niet op komt.",
    )
