"""Importing small generated files: each kind of trouble, through the database."""

import datetime as dt
from decimal import Decimal

import pytest

from revisit.accounts.models import Team, User
from revisit.book.models import (
    CoverageLine,
    Customer,
    CustomerRelation,
    IdType,
    PaymentMode,
    PaymentTermKind,
    Policy,
    PolicyStatus,
)
from revisit.imports.models import ImportBatch, RejectedRow, SourceProfile
from tests.imports.files import resident_id, write_csv, write_xlsx

HEADER = [
    "保单号",
    "险种代码",
    "险种名称",
    "主附险标志",
    "投保人",
    "证件号码",
    "出生日期",
    "性别",
    "手机号",
    "被保险人",
    "被保险人证件号码",
    "与投保人关系",
    "保费",
    "缴费方式",
    "缴费期间",
    "生效日期",
    "交至日期",
    "保单状态",
    "业务员工号",
    "所属组别",
]
HOLDER_ID = "110105198001011238"
SPOUSE_ID = "310115198512304569"


def row(**values) -> list:
    defaults = {
        "保单号": "P1",
        "险种代码": "L101",
        "险种名称": "长青终身寿险",
        "主附险标志": "主险",
        "投保人": "测试甲",
        "证件号码": HOLDER_ID,
        "出生日期": "",
        "性别": "",
        "手机号": "13900000001",
        "被保险人": "测试甲",
        "被保险人证件号码": HOLDER_ID,
        "与投保人关系": "本人",
        "保费": "1200",
        "缴费方式": "年交",
        "缴费期间": "20年",
        "生效日期": "2020-03-01",
        "交至日期": "2027-03-01",
        "保单状态": "有效",
        "业务员工号": "A0001",
        "所属组别": "一组",
    }
    defaults.update(values)
    return [defaults[name] for name in HEADER]


@pytest.fixture
def extract(tmp_path):
    def write(*rows, name="extract.csv", **options):
        return write_csv(tmp_path / name, [HEADER, *rows], **options)

    return write


def _errors(summary):
    return [(error["row"], error["column"]) for error in summary["errors"]]


def test_totals_and_blank_rows_are_not_data(extract, run_import):
    path = extract(
        row(), [""] * len(HEADER), ["合计", "1条"] + [""] * (len(HEADER) - 2)
    )
    summary, _batch = run_import(path)
    assert summary["rows"] == 1
    assert summary["rejected"] == 0


def test_repeated_header_row_is_skipped(extract, run_import):
    summary, _batch = run_import(extract(row(), HEADER, row(保单号="P2")))
    assert summary["rows"] == 2
    assert summary["policies_created"] == 2


def test_serial_and_mixed_dates_are_read(tmp_path, run_import, office):
    rows = [HEADER, row(生效日期=43891.0, 交至日期=dt.date(2027, 3, 1))]
    run_import(write_xlsx(tmp_path / "x.xlsx", rows))
    policy = Policy.objects.get(office=office)
    assert policy.effective_date == dt.date(2020, 3, 1)
    assert policy.paid_to_date == dt.date(2027, 3, 1)


def test_ambiguous_date_rejects_the_row(extract, run_import):
    summary, _batch = run_import(extract(row(), row(保单号="P2", 生效日期="20-3-1")))
    assert _errors(summary) == [(3, "生效日期")]
    assert "YYYY-MM-DD" in summary["errors"][0]["message"]


def test_numeric_id_from_excel_rejects_the_row(tmp_path, run_import, office):
    rows = [
        HEADER,
        row(证件号码=1.10105198001011e17),
        row(
            保单号="P2",
            投保人="测试乙",
            证件号码=SPOUSE_ID,
            被保险人="测试乙",
            被保险人证件号码=SPOUSE_ID,
        ),
    ]
    summary, batch = run_import(write_xlsx(tmp_path / "x.xlsx", rows))
    assert _errors(summary) == [(2, "证件号码")]
    rejected = RejectedRow.objects.get(batch=batch)
    assert rejected.value == "1.10105198001011e+17"
    assert rejected.cells[0] == "P1"
    assert not Customer.objects.filter(office=office, full_name="测试甲").exists()


def test_fifteen_digit_id_matches_eighteen(extract, run_import, office):
    old = "110105800101123"
    run_import(extract(row(), row(保单号="P2", 证件号码=old, 被保险人证件号码=old)))
    customer = Customer.objects.get(office=office)
    assert customer.id_number == HOLDER_ID
    assert customer.held_policies.count() == 2


def test_wrong_check_digit_rejects_the_row(extract, run_import):
    summary, _batch = run_import(extract(row(证件号码="110105198001011239")))
    assert _errors(summary) == [(2, "证件号码")]
    assert summary["status"] == ImportBatch.Status.REJECTED


def test_id_cut_to_zeros_by_excel_says_how_to_reexport(extract, run_import):
    # Excel keeps 15 digits and shows the rest as zeros.
    summary, _batch = run_import(extract(row(证件号码="110105198001012000")))
    assert "文本" in summary["errors"][0]["message"]


def test_birth_date_must_match_id(extract, run_import):
    summary, _batch = run_import(extract(row(出生日期="1980-01-02")))
    assert _errors(summary) == [(2, "出生日期")]


def test_gender_must_match_id(extract, run_import):
    summary, _batch = run_import(extract(row(性别="女")))
    assert _errors(summary) == [(2, "性别")]


def test_birth_date_and_gender_come_from_id(extract, run_import, office):
    run_import(extract(row()))
    customer = Customer.objects.get(office=office)
    assert customer.birth_date == dt.date(1980, 1, 1)
    assert customer.gender == "M"


def test_wrapped_identifiers_are_unwrapped(extract, run_import, office):
    run_import(
        extract(
            row(
                保单号="'P1",
                证件号码='="11010519491231002x"',
                被保险人证件号码="\t11010519491231002X",
            )
        )
    )
    customer = Customer.objects.get(office=office)
    assert customer.id_number == "11010519491231002X"
    assert Policy.objects.get(office=office).policy_number == "P1"


def test_other_id_types_are_kept_unchecked(tmp_path, run_import, office):
    header = HEADER + ["投保人证件类型"]
    rows = [header, row(证件号码="E12345678", 被保险人证件号码="E12345678") + ["护照"]]
    summary, _batch = run_import(write_csv(tmp_path / "x.csv", rows))
    assert summary["rejected"] == 0
    customer = Customer.objects.get(office=office)
    assert (customer.id_type, customer.id_number) == (IdType.PASSPORT, "E12345678")


def test_office_code_tables_map_numeric_codes(tmp_path, run_import, office):
    SourceProfile.objects.create(
        office=office,
        name="default",
        code_tables={
            "status": {"6": "lapsed"},
            "payment_mode": {"1": "monthly"},
            "id_type": {"11": "resident"},
        },
    )
    header = HEADER + ["投保人证件类型"]
    rows = [header, row(保单状态="6", 缴费方式="1", 性别="1") + ["11"]]
    summary, _batch = run_import(write_csv(tmp_path / "x.csv", rows))
    assert summary["rejected"] == 0
    policy = Policy.objects.get(office=office)
    assert policy.status == PolicyStatus.LAPSED
    assert policy.payment_mode == PaymentMode.MONTHLY


def test_unknown_code_rejects_the_row(extract, run_import):
    summary, _batch = run_import(extract(row(保单状态="6")))
    assert _errors(summary) == [(2, "保单状态")]
    assert "代码表" in summary["errors"][0]["message"]


def test_profile_header_map_places_unknown_column(tmp_path, run_import, office):
    SourceProfile.objects.create(
        office=office, name="default", header_map={"合同号码X": "policy_number"}
    )
    rows = [["合同号码X", "投保人"], ["Q1", "测试甲"]]
    summary, _batch = run_import(
        write_csv(tmp_path / "x.csv", rows), default_agent_code="A1"
    )
    assert summary["rejected"] == 0
    assert Policy.objects.get(office=office).policy_number == "Q1"


def test_rider_row_inherits_from_first_row(tmp_path, run_import, office):
    rows = [
        HEADER,
        row(被保险人="测试乙", 被保险人证件号码=SPOUSE_ID, 与投保人关系="配偶"),
        ["P1", "R101", "附加住院医疗保险", "附加险"] + [""] * 8 + ["300"] + [""] * 7,
    ]
    summary, _batch = run_import(write_csv(tmp_path / "x.csv", rows))
    assert summary["rejected"] == 0
    rider = CoverageLine.objects.get(policy__office=office, product_code="R101")
    assert rider.is_rider is True
    assert rider.insured.full_name == "测试乙"
    assert rider.status == PolicyStatus.IN_FORCE
    assert rider.payment_mode == PaymentMode.ANNUAL
    assert rider.paid_to_date == dt.date(2027, 3, 1)
    assert rider.policy.agent.agent_code == "A0001"
    assert rider.policy.annual_premium == Decimal("1500.00")


def test_rider_row_without_first_row_is_rejected(tmp_path, run_import):
    rows = [HEADER, ["P9", "R101", "附加住院医疗保险", "附加险"] + [""] * 16]
    summary, _batch = run_import(write_csv(tmp_path / "x.csv", rows))
    assert _errors(summary) == [(2, "投保人")]


def test_row_without_policy_number_is_rejected(extract, run_import):
    summary, _batch = run_import(extract(row(保单号="")))
    assert _errors(summary) == [(2, "保单号")]


def test_same_line_twice_is_rejected(extract, run_import):
    summary, _batch = run_import(extract(row(), row()))
    assert _errors(summary) == [(3, "险种代码")]


def test_family_relation_and_household_are_derived(extract, run_import, office):
    run_import(
        extract(row(被保险人="测试乙", 被保险人证件号码=SPOUSE_ID, 与投保人关系="配偶"))
    )
    holder = Customer.objects.get(id_number=HOLDER_ID)
    spouse = Customer.objects.get(id_number=SPOUSE_ID)
    assert (
        CustomerRelation.objects.get(customer=spouse, relative=holder).kind == "spouse"
    )
    assert (
        CustomerRelation.objects.get(customer=holder, relative=spouse).kind == "spouse"
    )
    assert holder.household_id is not None
    assert holder.household_id == spouse.household_id


def test_child_relation_gives_parent_back(extract, run_import):
    child_id = resident_id("20100101", "124")
    run_import(
        extract(row(被保险人="测试丙", 被保险人证件号码=child_id, 与投保人关系="子女"))
    )
    child = Customer.objects.get(id_number=child_id)
    holder = Customer.objects.get(id_number=HOLDER_ID)
    assert CustomerRelation.objects.get(customer=child, relative=holder).kind == "child"
    assert (
        CustomerRelation.objects.get(customer=holder, relative=child).kind == "parent"
    )


def test_people_without_id_match_on_name_and_birth(tmp_path, run_import, office):
    rows = [
        HEADER,
        row(),
        row(
            保单号="P2",
            证件号码="",
            出生日期="1980-01-01",
            手机号="",
            被保险人证件号码="",
            被保险人="",
        ),
    ]
    run_import(write_csv(tmp_path / "x.csv", rows))
    assert Customer.objects.filter(office=office).count() == 1


def test_self_insured_without_phone_is_the_holder(extract, run_import, office):
    path = extract(row(证件号码="", 被保险人证件号码=""))
    run_import(path)
    run_import(path)
    holder = Customer.objects.get(office=office)
    policy = Policy.objects.get(office=office)
    assert policy.insured_id == holder.pk
    assert policy.relationship == "self"
    assert holder.phone == "13900000001"


def test_self_insured_gives_holder_its_id(extract, run_import, office):
    run_import(extract(row(证件号码="")))
    holder = Customer.objects.get(office=office)
    assert holder.id_number == HOLDER_ID
    assert holder.birth_date == dt.date(1980, 1, 1)
    assert Policy.objects.get(office=office).insured_id == holder.pk


def test_self_row_with_other_name_keeps_two_people(extract, run_import, office):
    run_import(extract(row(证件号码="", 被保险人="测试乙", 被保险人证件号码="")))
    assert Customer.objects.filter(office=office).count() == 2


def test_self_row_with_other_ids_keeps_two_people(extract, run_import, office):
    other = resident_id("19800101", "135")
    run_import(extract(row(被保险人证件号码=other)))
    assert Customer.objects.filter(office=office).count() == 2


def test_same_name_with_other_id_is_another_person(extract, run_import, office):
    other = resident_id("19800101", "135")
    run_import(extract(row(), row(保单号="P2", 证件号码=other, 被保险人证件号码=other)))
    assert Customer.objects.filter(office=office, full_name="测试甲").count() == 2


def test_later_row_fills_missing_phone(extract, run_import, office):
    run_import(extract(row(手机号=""), row(保单号="P2", 手机号="139 0000 0009")))
    assert Customer.objects.get(office=office).phone == "13900000009"


def test_unknown_agent_code_creates_agent_in_team(extract, run_import, office):
    run_import(extract(row(业务员工号="A0777", 所属组别="七组")))
    agent = User.objects.get(office=office, agent_code="A0777")
    assert agent.role == User.Role.AGENT
    assert agent.has_usable_password() is False
    assert agent.team == Team.objects.get(office=office, name="七组")
    assert Customer.objects.get(office=office).agent == agent


def test_default_agent_takes_rows_without_agent(extract, run_import, office, agent):
    run_import(extract(row(业务员工号="")), default_agent_code=agent.agent_code)
    assert Policy.objects.get(office=office).agent == agent


def test_file_without_agent_column_needs_an_agent(tmp_path, run_import):
    path = write_csv(tmp_path / "x.csv", [["保单号", "投保人"], ["P1", "测试甲"]])
    summary, batch = run_import(path)
    assert batch.status == ImportBatch.Status.REJECTED
    assert summary["error_code"] == "no_agent_column"


def test_only_agent_rejects_rows_of_other_agents(extract, run_import, office, agent):
    summary, _batch = run_import(
        extract(
            row(业务员工号="A0001"),
            row(保单号="P2", 业务员工号="A0002"),
            row(保单号="P3", 业务员工号=""),
        ),
        only_agent=agent,
    )
    assert _errors(summary) == [(3, "业务员工号")]
    assert set(
        Policy.objects.filter(office=office).values_list("agent", flat=True)
    ) == {agent.pk}


def test_payment_end_date_is_derived_from_term(extract, run_import, office):
    run_import(extract(row(缴费期间="至60岁")))
    line = CoverageLine.objects.get(policy__office=office)
    assert line.payment_term_kind == PaymentTermKind.TO_AGE
    assert line.payment_term_value == 60
    assert line.payment_end_date == dt.date(2040, 3, 1)


def test_customers_are_classified_after_import(extract, run_import, office):
    run_import(extract(row()))
    customer = Customer.objects.get(office=office)
    assert customer.policy_count == 1
    assert customer.payment_group == "receivable"
    assert customer.name_pinyin == "ceshijia"
    assert customer.name_initials == "csj"
