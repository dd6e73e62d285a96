"""The content model: one pydantic model per kind of content file.

KINDS maps each folder of content/ to its model; `site.yml` is the one single file.
"""

from __future__ import annotations

from .base import Section, StrictModel, month_or_date_start
from .domain import Domain
from .page import Page
from .programme import Period, PeriodTask, Programme
from .role import ChecklistItem, Role
from .site import RoleGroup, Site

KINDS: dict[str, type[StrictModel]] = {
    "programmes": Programme,
    "roles": Role,
    "domains": Domain,
    "pages": Page,
}
SINGLE_FILES: dict[str, type[StrictModel]] = {"site": Site}

__all__ = [
    "KINDS", "SINGLE_FILES", "ChecklistItem", "Domain", "Page", "Period", "PeriodTask",
    "Programme", "Role", "RoleGroup", "Section", "Site", "StrictModel", "month_or_date_start",
]
