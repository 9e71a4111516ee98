"""Entering registrations through the service: all or nothing, sealed, audited."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction

from yichuang.audit.models import AuditEvent
from yichuang.ledger.models import Log
from yichuang.registry import selectors, services
from yichuang.registry.models import Entry, Holding, Party, UnitProjection
from yichuang.registry.rules import (
    CoOwnership,
    RefusalCode,
    RegistrationRequest,
    RightKind,
    SeizureOrder,
    Transfer,
    TransferCause,
)
from yichuang.registry.rules.state import Holder
from yichuang.registry.tests.conftest import accepted


def _sale(owner, buyer):
    return RegistrationRequest(
        payload=Transfer(
            right_kind=RightKind.STATE_LAND_USE_AND_HOUSE,
            holders=(Holder(str(buyer.uid)),),
            form=CoOwnership.SOLE,
            cause=TransferCause.SALE,
        ),
        accepted_at=accepted(30),
        applicants=frozenset({str(owner.uid), str(buyer.uid)}),
    )


def test_a_first_registration_makes_the_owner_the_holder(cast, owned_unit, owner) -> None:
    entry = Entry.objects.get(unit=owned_unit)
    assert (entry.seq, entry.registration_type, entry.registrar) == (1, "first", cast.registrar_a)
    assert list(Holding.objects.filter(unit=owned_unit).values_list("party", flat=True)) == [
        owner.pk
    ]
    assert entry.ledger_origin.startswith("yichuang.local/haimen/register/")
    assert Log.objects.get(origin=entry.ledger_origin).tree_size == 1
    assert AuditEvent.objects.filter(event_type="register.entry", object_id=str(entry.pk)).exists()


def test_a_sale_moves_the_unit_to_the_buyer(cast, owned_unit, owner, buyer) -> None:
    services.register_entry_record(
        actor=cast.registrar_a,
        unit=owned_unit,
        request=_sale(owner, buyer),
        legal_basis="REG art. 14",
    )
    holders = set(Holding.objects.filter(unit=owned_unit).values_list("party", flat=True))
    assert holders == {buyer.pk}
    assert UnitProjection.objects.get(unit=owned_unit).last_seq == 2


def test_a_sale_of_a_seized_unit_is_refused_and_nothing_is_written(
    cast, owned_unit, owner, buyer
) -> None:
    seizure = RegistrationRequest(
        payload=SeizureOrder(
            court="海门区人民法院", document="(2026)苏0684执1号", served_at=accepted(45)
        ),
        accepted_at=accepted(40),
    )
    services.register_entry_record(
        actor=cast.registrar_a, unit=owned_unit, request=seizure, legal_basis="RULES art. 90"
    )
    before = (
        Entry.objects.count(),
        AuditEvent.objects.count(),
        UnitProjection.objects.get(unit=owned_unit).state,
    )
    leaves = dict(Log.objects.values_list("origin", "tree_size"))
    with pytest.raises(services.RegistrationRefusedError) as refused:
        services.register_entry_record(
            actor=cast.registrar_a,
            unit=owned_unit,
            request=_sale(owner, buyer),
            legal_basis="REG art. 14",
        )
    assert RefusalCode.UNIT_SEIZED in {r.code for r in refused.value.decision.refusals}
    assert before == (
        Entry.objects.count(),
        AuditEvent.objects.count(),
        UnitProjection.objects.get(unit=owned_unit).state,
    )
    assert dict(Log.objects.values_list("origin", "tree_size")) == leaves


def test_only_a_registrar_of_the_units_office_enters(cast, owned_unit, owner, buyer) -> None:
    for actor in (cast.clerk_a, cast.reviewer_a, cast.head_a, cast.clerk_b, cast.admin):
        with pytest.raises(PermissionDenied):
            services.register_entry_record(
                actor=actor, unit=owned_unit, request=_sale(owner, buyer), legal_basis="x"
            )
    assert Entry.objects.count() == 1


def test_register_entries_cannot_be_changed_in_sql(owned_unit) -> None:
    for statement in ("UPDATE registry_entry SET legal_basis = 'x'", "DELETE FROM registry_entry"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(statement)
    assert Entry.objects.get(unit=owned_unit).legal_basis == "REG art. 14"


def test_a_party_is_registered_once_per_document(cast, owner) -> None:
    again = services.party_register(
        actor=cast.registrar_a,
        kind="person",
        name="王小明",
        document_type="resident_id",
        document_number="11010519491231002x",
    )
    assert again == owner
    assert Party.objects.count() == 1


def test_a_bad_id_number_is_a_precise_error(cast) -> None:
    with pytest.raises(ValidationError) as error:
        services.party_register(
            actor=cast.registrar_a,
            kind="person",
            name="张三",
            document_type="resident_id",
            document_number="110105194912310021",
        )
    assert "校验码" in " ".join(error.value.message_dict["document_number"])
    assert not Party.objects.exists()


def test_a_malformed_unit_code_is_refused_precisely(cast) -> None:
    with pytest.raises(ValidationError) as error:
        services.unit_create(
            actor=cast.registrar_a,
            office=cast.office_a,
            code="320684001001XB00001F00030120",
            location="x",
            planned_use="住宅",
            is_residential=True,
        )
    assert "第13位" in " ".join(error.value.message_dict["code"])


def test_the_rebuild_finds_no_difference_in_a_healthy_register(owned_unit) -> None:
    assert selectors.projection_differences() == (1, [])


def test_only_office_staff_record_parties_and_only_registrars_open_units(cast) -> None:
    for actor in (cast.head_a, cast.supervisor, cast.admin, cast.citizen):
        with pytest.raises(PermissionDenied):
            services.party_register(
                actor=actor,
                kind="person",
                name="张三",
                document_type="resident_id",
                document_number="11010519491231002X",
            )
    for actor in (cast.clerk_a, cast.registrar_a.__class__.objects.get(username="clerk_b")):
        with pytest.raises(PermissionDenied):
            services.unit_create(
                actor=actor,
                office=cast.office_a,
                code="320684001001GB00001F00030199",
                location="x",
                planned_use="住宅",
                is_residential=True,
            )
    assert not Party.objects.exists()
