"""A synthetic city's register as the import's three CSV files, sorted by unit code.

Written as a stream, one unit at a time, so a 10-million-unit city needs no
more memory than a small one. The mix, per unit: one right (70 % sole, 20 %
joint, 10 % shared in halves); about 8 % of owners own another flat too; 30 %
mortgaged to one of 20 banks; 1 % seized; 0.5 % with an advance notice and
0.2 % with an old (lapsed) objection; and 0.05 % with a mistyped ID number,
which the import must reject.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from dataclasses import asdict, dataclass
from pathlib import Path

from yichuang.core.identifiers.check_digits import mod11_2_check_char, mod31_check_char

UNIT_HEADER = (
    "unit_code",
    "office",
    "location",
    "planned_use",
    "residential",
    "land_area",
    "building_area",
)
RIGHT_HEADER = (
    "unit_code",
    "right_kind",
    "co_ownership",
    "holder_kind",
    "holder_name",
    "document_type",
    "document_number",
    "share",
    "registered_on",
    "legacy_certificate",
)
RESTRICTION_HEADER = (
    "unit_code",
    "kind",
    "right_kind",
    "party_kind",
    "party_name",
    "document_type",
    "document_number",
    "amount",
    "court",
    "document",
    "term_end",
    "registered_on",
    "notice_kind",
    "grounds",
)
RIGHT = "state_land_use_and_house"
DIVISIONS = ("320684", "320602", "110105", "360426")
BIRTH_START, BIRTH_DAYS = dt.date(1950, 1, 1), 18_000
FIRST_DAY = dt.date(2000, 1, 3)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ("伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明")
MANIFEST = "manifest.json"


def resident_id(person: int) -> str:
    """A valid 18-digit resident ID number, a different one for each ``person``."""
    day = BIRTH_START + dt.timedelta(days=(person // 1000) % BIRTH_DAYS)
    division = DIVISIONS[(person // (1000 * BIRTH_DAYS)) % len(DIVISIONS)]
    body = f"{division}{day:%Y%m%d}{person % 1000:03d}"
    return body + mod11_2_check_char(body)


def bank_uscc(bank: int) -> str:
    """A valid unified social credit code for the ``bank``-th bank."""
    body = f"91320684{bank:09d}"
    return body + mod31_check_char(body)


def unit_code(n: int) -> str:
    """The ``n``-th flat's code: 1,000 flats a parcel, 100 a building; increasing with ``n``."""
    building, flat = (n // 100) % 10 + 1, n % 100
    return f"320684001001GB{n // 1000:05d}F{building:04d}{flat // 4 + 1:02d}{flat % 4 + 1:02d}"


@dataclass(frozen=True)
class City:
    """What was written: counts of rows and of the units the import must reject."""

    units: int
    rights: int
    restrictions: int
    faulty_units: int


class _Writer:
    """Draws one unit after another and writes its rows."""

    def __init__(self, folder: Path, seed: int) -> None:
        self.rng = random.Random(seed)
        self.next_person = 0
        self.counts = {"rights": 0, "restrictions": 0, "faulty": 0}
        self.handles = [
            (folder / name).open("w", encoding="utf-8", newline="")
            for name in ("units.csv", "rights.csv", "restrictions.csv")
        ]
        self.units, self.rights, self.restrictions = (csv.writer(h) for h in self.handles)
        self.units.writerow(UNIT_HEADER)
        self.rights.writerow(RIGHT_HEADER)
        self.restrictions.writerow(RESTRICTION_HEADER)

    def close(self) -> None:
        for handle in self.handles:
            handle.close()

    def person(self) -> tuple[str, str]:
        if self.next_person > 5_000 and self.rng.random() < 0.08:
            number = self.rng.randrange(self.next_person - 5_000, self.next_person)
        else:
            number, self.next_person = self.next_person, self.next_person + 1
        name = self.rng.choice(SURNAMES) + "".join(self.rng.choices(GIVEN, k=2))
        return name, resident_id(number)

    def day_after(self, day: dt.date, most: int) -> dt.date:
        return day + dt.timedelta(days=self.rng.randrange(1, most))

    def unit(self, n: int) -> None:
        code, rng = unit_code(n), self.rng
        area = f"{rng.randrange(4500, 16000) / 100:.2f}"
        location = f"海门区示例路{n // 1000 + 1}号{(n // 100) % 10 + 1}幢{n % 100 + 101}室"
        self.units.writerow((code, "haimen", location, "住宅", "true", "3000.00", area))
        since = FIRST_DAY + dt.timedelta(days=rng.randrange(7_500))
        draw = rng.random()
        form, shares = (
            ("sole", [""])
            if draw < 0.7
            else (("joint", ["", ""]) if draw < 0.9 else ("shared", ["1/2", "1/2"]))
        )
        faulty = rng.random() < 0.0005
        self.counts["faulty"] += faulty
        holders: set[str] = set()
        for position, share in enumerate(shares):
            name, number = self.person()
            while number in holders:
                name, number = self.person()
            holders.add(number)
            if faulty and position == 0:
                number = number[:-1] + ("0" if number[-1] != "0" else "1")
            certificate = f"海房权证海字第{since.year}-{n % 100_000:05d}号" if position == 0 else ""
            self.rights.writerow(
                (
                    code,
                    RIGHT,
                    form,
                    "person",
                    name,
                    "resident_id",
                    number,
                    share,
                    since,
                    certificate,
                )
            )
            self.counts["rights"] += 1
        self.burdens(code, since)

    def burdens(self, code: str, since: dt.date) -> None:
        rng, rows = self.rng, []
        draw = rng.random()
        if draw < 0.30:
            bank = rng.randrange(1, 21)
            amount = f"{rng.randrange(100, 3000) * 1000}.00"
            mortgaged = self.day_after(since, 400)
            rows.append(
                (
                    code,
                    "mortgage",
                    RIGHT,
                    "organisation",
                    f"示例银行第{bank}支行",
                    "uscc",
                    bank_uscc(bank),
                    amount,
                    "",
                    "",
                    "",
                    mortgaged,
                    "",
                    "",
                )
            )
            if rng.random() < 1 / 30:
                rows.append(
                    (
                        code,
                        "seizure",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "海门区人民法院",
                        f"(2024)苏0684执{rng.randrange(1, 9999)}号",
                        "2099-12-31",
                        self.day_after(mortgaged, 2000),
                        "",
                        "",
                    )
                )
        elif draw < 0.305:
            name, number = self.person()
            rows.append(
                (
                    code,
                    "advance_notice",
                    RIGHT,
                    "person",
                    name,
                    "resident_id",
                    number,
                    "",
                    "",
                    "",
                    "",
                    self.day_after(since, 300),
                    "transfer",
                    "",
                )
            )
        elif draw < 0.307:
            name, number = self.person()
            rows.append(
                (
                    code,
                    "objection",
                    RIGHT,
                    "person",
                    name,
                    "resident_id",
                    number,
                    "",
                    "",
                    "",
                    "",
                    self.day_after(since, 300),
                    "",
                    "买卖合同伪造",
                )
            )
        self.restrictions.writerows(rows)
        self.counts["restrictions"] += len(rows)


def write_city(folder: Path, units: int, *, seed: int = 19) -> City:
    """Write ``units`` units' files into ``folder`` (reused when already written)."""
    manifest = folder / MANIFEST
    if manifest.exists():
        found = City(**json.loads(manifest.read_text(encoding="utf-8")))
        if found.units == units:
            return found
    folder.mkdir(parents=True, exist_ok=True)
    writer = _Writer(folder, seed)
    try:
        for n in range(units):
            writer.unit(n)
    finally:
        writer.close()
    counts = writer.counts
    city = City(units, counts["rights"], counts["restrictions"], counts["faulty"])
    manifest.write_text(json.dumps(asdict(city)), encoding="utf-8")
    return city
