"""Each demo case walks the rest of its path through the staff pages, papers included.

The demo leaves one case of each common registration at a step of its path;
here the clerk, the reviewer and the registrar finish each one by posting the
pages' own forms, and every document the case produced is rendered to PDF,
its text read back with ``pdftotext`` and its first page drawn with
``pdftoppm`` (a page with ink on it, in Chinese).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from yichuang.cases.models import Case, CaseDocument
from yichuang.demo.cases import cases_demo
from yichuang.demo.register import register_demo

POPPLER = shutil.which("pdftotext") and shutil.which("pdftoppm")

#: What each demo case still needs, as (who, action, form data) steps.
CLERK, REVIEWER, REGISTRAR = "clerk_a", "reviewer_a", "registrar_a"
FINISH = [
    (REVIEWER, "start_review", {}),
    (REVIEWER, "approve", {}),
    (REGISTRAR, "enter", {}),
    (REGISTRAR, "certificate", {}),
    (CLERK, "hand_over", {}),
]
PATHS: dict[str, list[tuple[str, str, dict[str, Any]]]] = {
    "demo-sale": [
        (CLERK, "accept", {"presented": ["application_form", "title_certificate"]}),
        (CLERK, "fee", {}),
        *FINISH,
    ],
    "demo-gift": [
        (CLERK, "reopen", {}),
        (
            CLERK,
            "accept",
            {"presented": ["application_form", "title_certificate", "gift_contract"]},
        ),
        (CLERK, "fee", {}),
        *FINISH,
    ],
    "demo-mortgage": [(CLERK, "fee", {}), *FINISH],
    "demo-seizure": [(CLERK, "fee", {}), *FINISH],
    "demo-mortgage-cancellation": [(CLERK, "fee", {}), *FINISH[2:]],
    "demo-first": [(CLERK, "fee", {}), *FINISH],
}
TITLES = {
    "receipt": "不动产登记受理凭证",
    "notice": "一次性告知",
    "fee_receipt": "不动产登记费收费凭证",
}


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def read_back(data: bytes, folder: Path) -> tuple[str, int]:
    """The PDF's text, and how many dark pixels its first page has at 40 dpi."""
    source = folder / "document.pdf"
    source.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", str(source), "-"], check=True, capture_output=True, text=True
    ).stdout
    subprocess.run(
        ["pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-gray", str(source), str(folder / "page")],
        check=True,
    )
    [image] = sorted(folder.glob("page*.pgm"))
    raw = image.read_bytes()
    # Binary PGM: "P5\n<w> <h>\n<max>\n" then one byte a pixel.
    header_end = raw.index(b"\n", raw.index(b"\n", raw.index(b"\n") + 1) + 1) + 1
    dark = sum(1 for value in raw[header_end:] if value < 128)
    image.unlink()
    return "".join(text.split()), dark


@pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftotext, pdftoppm) is not installed")
@pytest.mark.parametrize("key", sorted(PATHS))
def test_each_demo_case_walks_its_whole_path_in_the_ui(cast: Any, key: str, tmp_path: Path) -> None:
    register_demo(cast)
    cases_demo(cast)
    case = Case.objects.get(submission_key=key)
    clients = {name: signed_in(getattr(cast, name)) for name in (CLERK, REVIEWER, REGISTRAR)}
    for who, action, data in PATHS[key]:
        response = clients[who].post(
            reverse("cases:act", args=[case.reference, action]), data, follow=True
        )
        assert response.status_code == 200
        case.refresh_from_db()
        errors = [str(m) for m in response.context["messages"] if m.level_tag == "error"]
        assert not errors, (key, action, errors)
    assert case.state == "collected", key
    documents = CaseDocument.objects.filter(case=case)
    assert {"receipt", "fee_receipt"} <= {d.kind for d in documents}
    for document in documents:
        pdf = clients[CLERK].get(reverse("cases:document", args=[case.reference, document.number]))
        assert pdf["Content-Type"] == "application/pdf"
        text, dark = read_back(pdf.content, tmp_path)
        assert case.reference in text and document.number in text
        assert TITLES.get(document.kind, "") in text
        assert dark > 2000, (document.kind, dark)
    page = clients[CLERK].get(reverse("cases:case", args=[case.reference])).content.decode()
    assert 'data-state="collected"' in page
