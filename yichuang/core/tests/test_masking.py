import logging

import pytest

from yichuang.core.masking import (
    PersonalDataLogFilter,
    mask_id_number,
    mask_name,
    mask_phone,
    mask_record,
    mask_text,
)


def test_id_numbers_keep_only_region_and_last_four() -> None:
    assert mask_id_number("11010519491231002X") == "110105********002X"
    assert mask_id_number("110105491231002") == "110105*****1002"


def test_phones_and_names_are_masked() -> None:
    assert mask_phone("13812345678") == "138****5678"
    assert mask_name("王小明") == "王**"
    assert mask_name("John Smith") == "J*** S****"


def test_free_text_loses_every_id_and_mobile_number() -> None:
    text = "申请人 11010519491231002X 电话13812345678 件号 2026000123"
    assert mask_text(text) == "申请人 110105********002X 电话138****5678 件号 2026000123"


def test_records_mask_personal_fields_and_drop_secrets() -> None:
    record = {"id_number": "360426199101010071", "password": "x", "note": "ok", "n": 3}
    assert mask_record(record) == {"id_number": "360426********0071", "note": "ok", "n": 3}


@pytest.mark.parametrize(
    "args", [("id %s", ("360426199101010071",)), ("id 360426199101010071", None)]
)
def test_log_filter_masks_messages_with_and_without_arguments(args: tuple) -> None:
    message, arguments = args
    record = logging.LogRecord("t", logging.INFO, __file__, 1, message, arguments, None)
    assert PersonalDataLogFilter().filter(record) is True
    assert record.getMessage() == "id 360426********0071"
