"""Importing the same or a newer extract again updates and never duplicates."""

import datetime as dt

from revisit.book.models import CoverageLine, Customer, Policy, PolicyStatus
from revisit.imports.models import RejectedRow
from tests.imports.files import write_csv
from tests.imports.test_import_rules import HEADER, SPOUSE_ID, row


def _extract(tmp_path, name, *rows):
    return write_csv(tmp_path / name, [HEADER, *rows])


def _book(office):
    return (
        Policy.objects.filter(office=office).count(),
        CoverageLine.objects.filter(policy__office=office).count(),
        Customer.objects.filter(office=office).count(),
    )


def test_same_file_twice_creates_nothing_the_second_time(tmp_path, run_import, office):
    path = _extract(
        tmp_path,
        "a.csv",
        row(),
        row(
            保单号="P2",
            被保险人="测试乙",
            被保险人证件号码=SPOUSE_ID,
            与投保人关系="配偶",
        ),
        row(
            保单号="P2",
            险种代码="R101",
            险种名称="附加住院医疗保险",
            主附险标志="附加险",
            被保险人="测试乙",
            被保险人证件号码=SPOUSE_ID,
            与投保人关系="配偶",
        ),
    )
    first, _batch = run_import(path)
    before = _book(office)
    second, _batch = run_import(path)
    assert _book(office) == before == (2, 3, 2)
    assert (first["policies_created"], first["customers_created"]) == (2, 2)
    assert (second["policies_created"], second["policies_updated"]) == (0, 2)
    assert (second["customers_created"], second["customers_matched"]) == (0, 2)
    assert second["coverage_lines"] == 3
    assert second["missing_policies"] == 0


def test_rejected_rows_belong_to_their_batch(tmp_path, run_import):
    path = _extract(tmp_path, "a.csv", row(), row(保单号=""))
    _summary, first = run_import(path)
    _summary, second = run_import(path)
    assert RejectedRow.objects.filter(batch=first).count() == 1
    assert RejectedRow.objects.filter(batch=second).count() == 1


def test_newer_extract_updates_and_reports_missing(tmp_path, run_import, office):
    run_import(_extract(tmp_path, "old.csv", row(), row(保单号="P2"), row(保单号="P3")))
    newer = _extract(
        tmp_path,
        "new.csv",
        row(保单状态="失效", 交至日期="2028-03-01"),
        row(
            保单号="P2",
            险种代码="R101",
            险种名称="附加意外伤害医疗保险",
            主附险标志="附加险",
        ),
        row(保单号="P4"),
    )
    summary, batch = run_import(newer)
    assert summary["policies_created"] == 1
    assert summary["policies_updated"] == 2
    assert summary["missing_policies"] == 1
    assert summary["missing_policies_sample"] == ["P3"]
    # Missing policies are reported, not deleted.
    assert Policy.objects.filter(office=office).count() == 4
    p1 = Policy.objects.get(office=office, policy_number="P1")
    assert p1.status == PolicyStatus.LAPSED
    assert p1.paid_to_date == dt.date(2028, 3, 1)
    assert p1.last_import == batch
    assert p1.lines.count() == 1
    assert sorted(
        Policy.objects.get(policy_number="P2").lines.values_list(
            "product_code", flat=True
        )
    ) == ["L101", "R101"]


def test_unchanged_policy_keeps_its_last_import(tmp_path, run_import, office):
    path = _extract(tmp_path, "a.csv", row())
    _summary, first = run_import(path)
    run_import(path)
    assert Policy.objects.get(office=office).last_import == first


def test_reimport_reclassifies_changed_policies(tmp_path, run_import, office):
    run_import(_extract(tmp_path, "a.csv", row()))
    assert Customer.objects.get(office=office).policy_count == 1
    run_import(_extract(tmp_path, "b.csv", row(保单状态="退保")))
    customer = Customer.objects.get(office=office)
    assert customer.policy_count == 0
    assert customer.payment_group == "none"


def test_existing_customer_keeps_hand_edited_phone(tmp_path, run_import, office):
    run_import(_extract(tmp_path, "a.csv", row()))
    Customer.objects.filter(office=office).update(phone="13800000000")
    run_import(_extract(tmp_path, "b.csv", row(手机号="13900000099")))
    assert Customer.objects.get(office=office).phone == "13800000000"


def test_missing_policies_are_those_of_the_agents_in_the_file(tmp_path, run_import):
    run_import(
        _extract(
            tmp_path,
            "office.csv",
            row(),
            row(保单号="P2"),
            row(保单号="P3", 业务员工号="A0009"),
        )
    )
    summary, _batch = run_import(_extract(tmp_path, "a0001.csv", row()))
    assert summary["missing_policies_sample"] == ["P2"]


def test_missing_policies_of_default_agent_are_listed(tmp_path, run_import):
    run_import(
        _extract(
            tmp_path, "office.csv", row(), row(保单号="P2", 业务员工号="A0009")
        )
    )
    summary, _batch = run_import(
        _extract(tmp_path, "rest.csv", row(保单号="P4", 业务员工号="")),
        default_agent_code="A0001",
    )
    assert summary["missing_policies_sample"] == ["P1"]


def test_missing_policies_of_only_agent_are_listed(tmp_path, run_import, agent):
    code = agent.agent_code
    run_import(
        _extract(
            tmp_path,
            "office.csv",
            row(业务员工号=code),
            row(保单号="P2", 业务员工号=code),
            row(保单号="P3", 业务员工号="A0009"),
        )
    )
    summary, _batch = run_import(
        _extract(tmp_path, "own.csv", row(业务员工号=code)), only_agent=agent
    )
    assert summary["missing_policies_sample"] == ["P2"]


def test_reimport_rejects_invalid_policy_number(tmp_path, run_import):
    run_import(_extract(tmp_path, "old.csv", row(), row(保单号="P2")))
    summary, _batch = run_import(
        _extract(tmp_path, "new.csv", row(), row(保单号="P2@3"), row(保单号="P2"))
    )
    assert summary["status"] == "committed"
    assert summary["rejected"] == 1
    assert summary["errors"][0]["row"] == 3
    assert summary["errors"][0]["column"] == "保单号"
    assert summary["policies_updated"] == 2


def test_rejected_row_policy_is_not_missing(tmp_path, run_import):
    run_import(_extract(tmp_path, "old.csv", row(), row(保单号="P2")))
    summary, _batch = run_import(
        _extract(tmp_path, "new.csv", row(), row(保单号="P2", 保费="一千"))
    )
    assert summary["rejected"] == 1
    assert summary["policies_updated"] == 1
    assert summary["missing_policies"] == 0
    assert summary["missing_policies_sample"] == []


def test_name_only_insured_is_not_created_again(tmp_path, run_import, office):
    child = row(被保险人="测试丙", 被保险人证件号码="", 与投保人关系="子女")
    path = _extract(tmp_path, "a.csv", child)
    first, _batch = run_import(path)
    second, _batch = run_import(path)
    assert first["customers_created"] == 2
    assert second["customers_created"] == 0
    assert second["customers_matched"] == 2
    assert Customer.objects.filter(office=office, full_name="测试丙").count() == 1
    policy = Policy.objects.get(office=office)
    assert policy.insured.full_name == "测试丙"


def test_name_only_insured_with_new_name_is_added(tmp_path, run_import, office):
    child = row(被保险人="测试丙", 被保险人证件号码="", 与投保人关系="子女")
    run_import(_extract(tmp_path, "a.csv", child))
    renamed = row(被保险人="测试丁", 被保险人证件号码="", 与投保人关系="子女")
    second, _batch = run_import(_extract(tmp_path, "b.csv", renamed))
    assert second["customers_created"] == 1
    assert Policy.objects.get(office=office).insured.full_name == "测试丁"


def test_name_only_rider_insured_not_duplicated(tmp_path, run_import, office):
    child = {"被保险人": "测试丙", "被保险人证件号码": "", "与投保人关系": "子女"}
    rider = {"险种代码": "R101", "险种名称": "附加住院医疗保险", "主附险标志": "附加险"}
    path = _extract(tmp_path, "a.csv", row(**child), row(**child, **rider))
    first, _batch = run_import(path)
    second, _batch = run_import(path)
    assert first["customers_created"] == 2
    assert second["customers_created"] == 0
    assert Customer.objects.filter(office=office, full_name="测试丙").count() == 1
    lines = CoverageLine.objects.filter(policy__office=office)
    assert {line.insured.full_name for line in lines} == {"测试丙"}


def test_name_only_holder_on_waiver_row_is_holder(tmp_path, run_import, office):
    child = {"被保险人": "测试丙", "被保险人证件号码": "", "与投保人关系": "子女"}
    waiver = {
        "险种代码": "W101",
        "险种名称": "附加投保人豁免保险费",
        "主附险标志": "附加险",
        "被保险人": "测试甲",
        "被保险人证件号码": "",
        "与投保人关系": "",
    }
    path = _extract(tmp_path, "a.csv", row(**child), row(**waiver))
    first, _batch = run_import(path)
    assert first["customers_created"] == 2
    waiver_line = CoverageLine.objects.get(policy__office=office, product__code="W101")
    assert waiver_line.insured.full_name == "测试甲"
    assert waiver_line.insured == waiver_line.policy.holder


def test_name_only_insured_on_later_rider_file(tmp_path, run_import, office):
    child = {"被保险人": "测试丙", "被保险人证件号码": "", "与投保人关系": "子女"}
    run_import(_extract(tmp_path, "a.csv", row(**child)))
    rider = row(
        **child,
        险种代码="R101",
        险种名称="附加住院医疗保险",
        主附险标志="附加险",
        投保人="",
        证件号码="",
        手机号="",
    )
    second, _batch = run_import(_extract(tmp_path, "b.csv", rider))
    assert second["coverage_lines"] == 1
    assert second["customers_created"] == 0
    assert Customer.objects.filter(office=office, full_name="测试丙").count() == 1
