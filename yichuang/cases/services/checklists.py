"""The materials a case may be asked for, from the catalog in force."""

from __future__ import annotations

from yichuang.cases import materials
from yichuang.cases.materials import Checklist, Circumstances
from yichuang.cases.models import Case


def catalog() -> materials.Catalog:
    """The materials catalog in force (the repository's reviewed version)."""
    return materials.default_catalog()


def case_checklist(case: Case) -> Checklist:
    """The materials this case may be asked for, resolved from its circumstances."""
    return materials.checklist(
        catalog(),
        case.registration_type,
        case.cause,
        circumstances=Circumstances(**case.circumstances),
    )
