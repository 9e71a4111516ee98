"""Certificates: numbered once and for all, printed in Chinese, verifiable by anyone."""

import shutil
import subprocess
import threading
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection
from django.utils import timezone

from yichuang.audit.models import AuditEvent
from yichuang.registry import certificates, services
from yichuang.registry.models import Certificate, CertificateCounter, Entry
from yichuang.registry.rules import (
    CoOwnership,
    FirstRegistration,
    MortgageCreation,
    RegistrationRequest,
    RightKind,
    SeizureOrder,
    Transfer,
    TransferCause,
)
from yichuang.registry.rules.state import Holder
from yichuang.registry.tests.conftest import accepted


def _year() -> int:
    return timezone.localdate().year


def test_the_first_title_certificate_of_the_year_is_number_one(cast, owned_unit) -> None:
    entry = Entry.objects.get(unit=owned_unit)
    certificate = services.certificate_issue(actor=cast.registrar_a, entry=entry)
    assert certificate.number == f"苏({_year()})海门区不动产权第0000001号"
    second = services.certificate_issue(actor=cast.registrar_a, entry=entry)
    assert second.sequence == 2


def test_a_seizure_gets_no_certificate(cast, owned_unit) -> None:
    seizure = services.register_entry_record(
        actor=cast.registrar_a,
        unit=owned_unit,
        legal_basis="RULES art. 90",
        request=RegistrationRequest(
            payload=SeizureOrder(
                court="海门区人民法院", document="(2026)苏0684执1号", served_at=accepted(45)
            ),
            accepted_at=accepted(40),
        ),
    )
    with pytest.raises(ValidationError):
        services.certificate_issue(actor=cast.registrar_a, entry=seizure)
    assert not Certificate.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_numbers_issued_at_the_same_instant_are_distinct_and_gapless(cast, owned_unit) -> None:
    entry = Entry.objects.get(unit=owned_unit)
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def issue() -> None:
        try:
            barrier.wait()
            services.certificate_issue(actor=cast.registrar_a, entry=entry)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    close_old_connections()
    assert errors == []
    assert sorted(Certificate.objects.values_list("sequence", flat=True)) == [1, 2, 3, 4]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext)")
def test_the_pdf_prints_the_number_holder_and_unit_in_chinese(cast, owned_unit, tmp_path) -> None:
    entry = Entry.objects.get(unit=owned_unit)
    certificate = services.certificate_issue(actor=cast.registrar_a, entry=entry)
    path = tmp_path / "c.pdf"
    path.write_bytes(certificates.certificate_pdf(certificate))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "不动产权证书" in text
    assert certificate.number in text
    assert "王小明" in text
    assert owned_unit.code in text
    assert "国有建设用地使用权/房屋所有权" in text


def test_the_verification_page_shows_a_masked_current_certificate(client, cast, owned_unit) -> None:
    certificate = services.certificate_issue(
        actor=cast.registrar_a, entry=Entry.objects.get(unit=owned_unit)
    )
    page = client.get(f"/verify/c/{certificate.verification_code}").content.decode()
    assert certificate.number in page
    assert "王**" in page and "王小明" not in page
    assert "仍由相同的权利人享有" in page


def test_after_a_sale_the_old_certificate_says_it_is_no_longer_current(
    client, cast, owned_unit, owner, buyer
) -> None:
    certificate = services.certificate_issue(
        actor=cast.registrar_a, entry=Entry.objects.get(unit=owned_unit)
    )
    services.register_entry_record(
        actor=cast.registrar_a,
        unit=owned_unit,
        legal_basis="REG art. 14",
        request=RegistrationRequest(
            payload=Transfer(
                right_kind=RightKind.STATE_LAND_USE_AND_HOUSE,
                holders=(Holder(str(buyer.uid)),),
                form=CoOwnership.SOLE,
                cause=TransferCause.SALE,
            ),
            accepted_at=accepted(10),
            applicants=frozenset({str(owner.uid), str(buyer.uid)}),
        ),
    )
    page = client.get(f"/verify/c/{certificate.verification_code}").content.decode()
    assert "已发生变化" in page


def test_an_unknown_verification_code_is_not_found(client, db) -> None:
    assert client.get("/verify/c/0123456789abcdef").status_code == 404


def test_staff_download_the_pdf_and_others_cannot(client_for, cast, owned_unit) -> None:
    certificate = services.certificate_issue(
        actor=cast.registrar_a, entry=Entry.objects.get(unit=owned_unit)
    )
    ok = client_for(cast.reviewer_a).get(
        "/api/registry/certificates/pdf", {"number": certificate.number}
    )
    assert ok.status_code == 200
    assert ok["Content-Type"] == "application/pdf"
    assert ok.content.startswith(b"%PDF")
    denied = client_for(cast.clerk_b).get(
        "/api/registry/certificates/pdf", {"number": certificate.number}
    )
    assert denied.status_code == 404


def test_the_public_verification_page_is_rate_limited(client, cast, owned_unit) -> None:
    from django.core.cache import cache

    cache.clear()
    certificate = services.certificate_issue(
        actor=cast.registrar_a, entry=Entry.objects.get(unit=owned_unit)
    )
    # One fixed instant: a rate window must not roll over halfway through the test.
    with mock.patch("django_ratelimit.core.time.time", return_value=1_800_000_000.0):
        statuses = [
            client.get(f"/verify/c/{certificate.verification_code}").status_code for _ in range(31)
        ]
    assert statuses[:30] == [200] * 30
    assert statuses[30] == 429
    cache.clear()


# 共有人分别持证: a copy of the certificate for each co-owner who asks for one.


def _pdf_text(certificate: Certificate, tmp_path) -> str:
    path = tmp_path / f"{certificate.sequence}.pdf"
    path.write_bytes(certificates.certificate_pdf(certificate))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    return "".join(text.split())


@pytest.fixture
def joint_entry(cast, unit, owner, buyer) -> Entry:
    """王小明 and 李华 hold the flat jointly (共同共有)."""
    return services.register_entry_record(
        actor=cast.registrar_a,
        unit=unit,
        legal_basis="REG art. 14",
        request=RegistrationRequest(
            payload=FirstRegistration(
                right_kind=RightKind.STATE_LAND_USE_AND_HOUSE,
                holders=(Holder(str(owner.uid)), Holder(str(buyer.uid))),
                form=CoOwnership.JOINT,
            ),
            accepted_at=accepted(),
            applicants=frozenset({str(owner.uid), str(buyer.uid)}),
        ),
    )


def _nothing_issued() -> None:
    assert not Certificate.objects.exists()
    assert not AuditEvent.objects.filter(event_type="certificate.issue").exists()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext)")
def test_each_joint_owner_gets_a_numbered_copy_naming_them(
    cast, joint_entry, owner, buyer, tmp_path
) -> None:
    first = services.certificate_issue(actor=cast.registrar_a, entry=joint_entry, holder=owner)
    second = services.certificate_issue(actor=cast.registrar_a, entry=joint_entry, holder=buyer)
    assert (first.holder, second.holder) == (owner, buyer)
    assert (first.sequence, second.sequence) == (1, 2)
    for copy, holder, other in ((first, owner, buyer), (second, buyer, owner)):
        text = _pdf_text(copy, tmp_path)
        assert copy.number in text
        assert "王小明、李华" in text
        assert "共同共有" in text
        assert f"本证书由共有人{holder.name}持有" in text
        assert f"本证书由共有人{other.name}持有" not in text
        event = AuditEvent.objects.get(event_type="certificate.issue", object_id=str(copy.pk))
        assert event.after == {
            "number": copy.number,
            "unit": joint_entry.unit.code,
            "entry": joint_entry.seq,
            "holder": str(holder.uid),
        }


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext)")
def test_the_whole_entry_certificate_of_a_joint_right_names_no_holder(
    cast, joint_entry, owner, tmp_path
) -> None:
    services.certificate_issue(actor=cast.registrar_a, entry=joint_entry, holder=owner)
    whole = services.certificate_issue(actor=cast.registrar_a, entry=joint_entry)
    assert whole.holder is None
    assert whole.sequence == 2
    text = _pdf_text(whole, tmp_path)
    assert "王小明、李华" in text
    assert "本证书由共有人" not in text
    event = AuditEvent.objects.get(event_type="certificate.issue", object_id=str(whole.pk))
    assert "holder" not in event.after


def test_a_second_copy_for_the_same_holder_is_refused_and_spends_no_number(
    cast, joint_entry, owner, buyer
) -> None:
    services.certificate_issue(actor=cast.registrar_a, entry=joint_entry, holder=owner)
    with pytest.raises(ValidationError) as refused:
        services.certificate_issue(actor=cast.registrar_a, entry=joint_entry, holder=owner)
    assert set(refused.value.message_dict) == {"holder"}
    assert Certificate.objects.count() == 1
    assert AuditEvent.objects.filter(event_type="certificate.issue").count() == 1
    assert CertificateCounter.objects.get().last == 1
    after = services.certificate_issue(actor=cast.registrar_a, entry=joint_entry, holder=buyer)
    assert after.sequence == 2


def test_a_sole_right_gets_no_per_holder_copy(cast, owned_unit, owner) -> None:
    entry = Entry.objects.get(unit=owned_unit)
    with pytest.raises(ValidationError) as refused:
        services.certificate_issue(actor=cast.registrar_a, entry=entry, holder=owner)
    assert set(refused.value.message_dict) == {"holder"}
    _nothing_issued()
    assert not CertificateCounter.objects.exists()


def test_a_party_who_holds_no_share_gets_no_copy(cast, joint_entry) -> None:
    outsider = services.party_register(
        actor=cast.registrar_a,
        kind="person",
        name="赵六",
        document_type="resident_id",
        document_number="320684198503120014",
    )
    with pytest.raises(ValidationError) as refused:
        services.certificate_issue(actor=cast.registrar_a, entry=joint_entry, holder=outsider)
    assert set(refused.value.message_dict) == {"holder"}
    _nothing_issued()


def test_a_mortgage_proof_is_not_issued_per_holder(cast, joint_entry, owner, buyer) -> None:
    bank = services.party_register(
        actor=cast.registrar_a,
        kind="organisation",
        name="中国工商银行股份有限公司海门支行",
        document_type="uscc",
        document_number="91110000600037341L",
    )
    mortgage = services.register_entry_record(
        actor=cast.registrar_a,
        unit=joint_entry.unit,
        legal_basis="REG art. 14",
        request=RegistrationRequest(
            payload=MortgageCreation(
                right_kind=RightKind.STATE_LAND_USE_AND_HOUSE,
                mortgagee=str(bank.uid),
                debt_amount=Decimal("1200000.00"),
            ),
            accepted_at=accepted(30),
            applicants=frozenset({str(owner.uid), str(buyer.uid), str(bank.uid)}),
        ),
    )
    for holder in (owner, bank):
        with pytest.raises(ValidationError) as refused:
            services.certificate_issue(actor=cast.registrar_a, entry=mortgage, holder=holder)
        assert set(refused.value.message_dict) == {"holder"}
    _nothing_issued()


@pytest.mark.django_db(transaction=True)
def test_two_clerks_issuing_the_same_copy_at_once_get_one_certificate(
    cast, joint_entry, owner
) -> None:
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def issue() -> None:
        try:
            barrier.wait()
            outcomes.append(
                services.certificate_issue(actor=cast.registrar_a, entry=joint_entry, holder=owner)
            )
        except BaseException as error:
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    close_old_connections()
    assert sorted(type(outcome).__name__ for outcome in outcomes) == [
        "Certificate",
        "ValidationError",
    ]
    assert list(Certificate.objects.values_list("sequence", flat=True)) == [1]
    assert CertificateCounter.objects.get().last == 1
