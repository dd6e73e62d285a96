"""The content model: one pydantic model per kind of content file.

KINDS maps each folder of content/ to its model; `site.yml` is the one single file.
"""

from __future__ import annotations

from .base import Section, StrictModel, month_or_date_start
from .document import Document
from .domain import Domain
from .form import FILLS, ITEM_KINDS, METADATA_KINDS, Form, FormSection, Scale
from .hours import Hours, HoursRow, HoursTable, PrintedTotals
from .page import Page
from .programme import Period, PeriodTask, Programme, Requirement, Visits
from .radar import Radar, RadarAxis, RadarSeries
from .role import ChecklistItem, Role
from .school import School
from .site import RoleGroup, Site
from .track import Track

KINDS: dict[str, type[StrictModel]] = {
    "programmes": Programme,
    "roles": Role,
    "domains": Domain,
    "pages": Page,
    "forms": Form,
    "radars": Radar,
    "hours": Hours,
    "schools": School,
    "tracks": Track,
    "documents": Document,
}
SINGLE_FILES: dict[str, type[StrictModel]] = {"site": Site}

__all__ = [
    "FILLS",
    "ITEM_KINDS",
    "KINDS",
    "METADATA_KINDS",
    "SINGLE_FILES",
    "ChecklistItem",
    "Document",
    "Domain",
    "Form",
    "FormSection",
    "Hours",
    "HoursRow",
    "HoursTable",
    "PrintedTotals",
    "Page",
    "Period",
    "PeriodTask",
    "Programme",
    "Radar",
    "RadarAxis",
    "RadarSeries",
    "Requirement",
    "Role",
    "RoleGroup",
    "Scale",
    "School",
    "Section",
    "Site",
    "StrictModel",
    "Track",
    "Visits",
    "month_or_date_start",
]
