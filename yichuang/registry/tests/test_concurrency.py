"""Two registrars entering disposals of one unit at the same instant: one wins."""

import threading

import pytest
from django.db import close_old_connections, connection

from yichuang.registry import services
from yichuang.registry.models import Entry, Holding
from yichuang.registry.rules import (
    CoOwnership,
    RegistrationRequest,
    RightKind,
    Transfer,
    TransferCause,
)
from yichuang.registry.rules.state import Holder
from yichuang.registry.tests.conftest import accepted


@pytest.mark.django_db(transaction=True)
def test_two_sales_of_one_unit_released_together_enter_exactly_one(
    cast, owned_unit, owner, buyer
) -> None:
    second_buyer = services.party_register(
        actor=cast.registrar_a,
        kind="organisation",
        name="南通某某置业有限公司",
        document_type="uscc",
        document_number="91110000600037341L",
    )
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def sell(to) -> None:
        request = RegistrationRequest(
            payload=Transfer(
                right_kind=RightKind.STATE_LAND_USE_AND_HOUSE,
                holders=(Holder(str(to.uid)),),
                form=CoOwnership.SOLE,
                cause=TransferCause.SALE,
            ),
            accepted_at=accepted(20),
            applicants=frozenset({str(owner.uid), str(to.uid)}),
        )
        try:
            barrier.wait()
            services.register_entry_record(
                actor=cast.registrar_a, unit=owned_unit, request=request, legal_basis="REG 14"
            )
            outcomes.append("entered")
        except services.RegistrationRefusedError as error:
            outcomes.append("refused:" + ",".join(r.code for r in error.decision.refusals))
        finally:
            connection.close()

    threads = [threading.Thread(target=sell, args=(to,)) for to in (buyer, second_buyer)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    close_old_connections()
    assert sorted(outcomes)[0] == "entered"
    assert sorted(outcomes)[1].startswith("refused:")
    assert Entry.objects.filter(unit=owned_unit).count() == 2
    assert Holding.objects.filter(unit=owned_unit).count() == 1
