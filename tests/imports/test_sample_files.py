"""Every shared sample extract reaches the counts of its expected.json."""

import datetime as dt
import json
from decimal import Decimal

import pytest

from revisit.book.models import CoverageLine, Customer, Policy, PolicyStatus
from revisit.imports.models import ImportBatch, RejectedRow
from tests.imports.conftest import SHARED_DATA, shared_file

EXTRACTS = ["policy_extract_standard_7.xlsx", "policy_extract_alt_7.csv"]


def _expected(name: str) -> dict:
    stem = name.rsplit(".", 1)[0]
    return json.loads(shared_file(f"{stem}.expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", EXTRACTS)
def test_extract_reaches_expected_counts(name, office, run_import):
    expected = _expected(name)
    summary, batch = run_import(shared_file(name))
    assert batch.status == ImportBatch.Status.COMMITTED
    assert summary["rows"] == expected["data_rows"]
    assert summary["rejected"] == expected["rejected_rows"]
    assert summary["coverage_lines"] == expected["coverage_lines_imported"]
    assert (
        CoverageLine.objects.filter(policy__office=office).count()
        == (expected["coverage_lines_imported"])
    )
    assert Policy.objects.filter(office=office).count() == expected["policies"]
    assert Customer.objects.filter(office=office).count() == expected["customers"]
    in_force = Policy.objects.filter(office=office, status=PolicyStatus.IN_FORCE)
    assert in_force.count() == expected["policies_in_force"]
    assert RejectedRow.objects.filter(batch=batch).count() == expected["rejected_rows"]


@pytest.mark.parametrize("name", EXTRACTS)
def test_extract_rejections_name_row_column_value(name, run_import):
    summary, _batch = run_import(shared_file(name))
    for error in summary["errors"]:
        assert error["row"] > 1
        assert error["column"]
        assert str(error["row"]) in error["message"]
        assert name in error["message"]


def test_standard_extract_rejects_numeric_ids_with_reexport_hint(run_import):
    summary, batch = run_import(shared_file("policy_extract_standard_7.xlsx"))
    numeric = [e for e in summary["errors"] if e["column"] == "投保人证件号码"]
    assert len(numeric) == 7
    assert all("e+17" in e["value"] for e in numeric)
    # The message tells how to re-export: format the column as text.
    assert all("文本" in e["message"] for e in numeric)
    assert RejectedRow.objects.get(batch=batch, row_number=14).column == "保单号"


def test_alt_extract_matches_15_and_18_digit_ids(office, run_import):
    run_import(shared_file("policy_extract_alt_7.csv"))
    # Row 11 gives the holder's old 15-digit ID, the insured column the 18-digit one.
    customers = Customer.objects.filter(office=office, id_number="310104197608132139")
    assert customers.count() == 1


CASES = (
    json.loads(
        (SHARED_DATA / "import-cases" / "expected.json").read_text(encoding="utf-8")
    )
    if (SHARED_DATA / "import-cases" / "expected.json").exists()
    else {}
)


@pytest.mark.parametrize("name", sorted(CASES) or ["expected.json"])
def test_import_case_counts(name, office, run_import):
    path = shared_file(f"import-cases/{name}")
    expected = CASES[name]
    summary, _batch = run_import(path, default_agent_code="A0100")
    assert summary["rejected"] == expected["rejected"]
    assert Policy.objects.filter(office=office).count() == expected["policies"]
    assert Customer.objects.filter(office=office).count() == expected["customers"]


def test_gbk_case_checks(office, run_import):
    run_import(shared_file("import-cases/gbk.csv"), default_agent_code="A0100")
    policy = Policy.objects.get(office=office)
    assert policy.holder.full_name == "测试甲"
    assert policy.lines.get().premium == Decimal("1200.00")


def test_bom_case_first_header_is_policy_number(office, run_import):
    summary, _batch = run_import(
        shared_file("import-cases/utf8_bom.csv"), default_agent_code="A0100"
    )
    assert summary["unknown_headers"] == []
    assert Policy.objects.get(office=office).policy_number == "P0002"


def test_cr_only_case_imports_three_policies(office, run_import):
    summary, _batch = run_import(
        shared_file("import-cases/cr_only_title_padding.csv"),
        default_agent_code="A0100",
    )
    assert summary["header_row"] == 2
    numbers = sorted(
        Policy.objects.filter(office=office).values_list("policy_number", flat=True)
    )
    assert numbers == ["P0030", "P0031", "P0032"]


def test_sci_notation_case_rejects_row_2(run_import):
    summary, _batch = run_import(
        shared_file("import-cases/id_sci_notation.csv"), default_agent_code="A0100"
    )
    assert [e["row"] for e in summary["errors"]] == [2]


def test_spaces_case_normalises_number_name_premium(office, run_import):
    run_import(
        shared_file("import-cases/spaces_fullwidth.csv"), default_agent_code="A0100"
    )
    policy = Policy.objects.get(office=office)
    assert policy.policy_number == "P0005"
    assert policy.holder.full_name == "测试辛"
    assert policy.lines.get().premium == Decimal("1200.00")


def test_phones_case_gives_one_customer_one_phone(office, run_import):
    run_import(shared_file("import-cases/phones.csv"), default_agent_code="A0100")
    customer = Customer.objects.get(office=office)
    assert customer.phone == "13900000001"
    assert customer.held_policies.count() == 4


def test_duplicate_people_case_matches_row_without_id(office, run_import):
    run_import(
        shared_file("import-cases/duplicate_people.csv"), default_agent_code="A0100"
    )
    customer = Customer.objects.get(office=office)
    assert customer.held_policies.count() == 3


def test_serial_dates_case_converts_serials(office, run_import):
    summary, _batch = run_import(
        shared_file("import-cases/serial_dates_numeric_ids.xlsx"),
        default_agent_code="A0100",
    )
    policy = Policy.objects.get(office=office)
    assert policy.policy_number == "P0014"
    assert policy.effective_date == dt.date(2023, 5, 1)
    assert policy.paid_to_date == dt.date(2024, 5, 1)
    assert [e["row"] for e in summary["errors"]] == [2]


def test_merged_header_case_finds_row_4(office, run_import):
    summary, _batch = run_import(
        shared_file("import-cases/merged_header_title_rows.xlsx"),
        default_agent_code="A0100",
    )
    assert summary["header_row"] == 4
    assert summary["rows"] == 1
    assert Policy.objects.get(office=office).policy_number == "P0015"
