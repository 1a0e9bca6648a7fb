"""Extract files and upload helpers for the import screen tests."""

import csv
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import Workbook

HEADER = [
    "保单号",
    "险种代码",
    "险种名称",
    "投保人姓名",
    "投保人证件号码",
    "投保人手机号",
    "期交保费",
    "业务员工号",
]
# Valid resident IDs (check digits included) for the people of the tests.
ID_ZHANG = "110105198001011238"
ID_LI = "310115198512304569"
ID_WANG = "440305199206157814"
ID_ZHAO = "330106197009092223"
# An ID number that Excel turned into a number: its last digits are lost.
ID_DESTROYED = "1.10105E+17"


def row(policy, name, id_number, agent_code="A0001", *, product="L101", phone=""):
    return [
        policy,
        product,
        "测试终身寿险",
        name,
        id_number,
        phone,
        "1200.00",
        agent_code,
    ]


def write_csv(path: Path, rows, *, header=HEADER, encoding="utf-8") -> Path:
    with path.open("w", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows, *, header=HEADER) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for values in rows:
        sheet.append(values)
    workbook.save(path)
    return path


def upload(client, path: Path, **fields):
    """Post `path` to the upload page and follow redirects."""
    with path.open("rb") as handle:
        return client.post(
            reverse("imports:batch_upload"), {"file": handle, **fields}, follow=True
        )


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
