"""The `revisit import` command: office choice, --json contract, exit status."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from revisit.accounts.models import Office
from revisit.book.models import Policy
from revisit.imports.models import ImportBatch
from revisit.imports.pipeline import Pipeline
from tests import factories
from tests.imports.files import write_csv
from tests.imports.test_import_rules import HEADER, row

REPORT_KEYS = {
    "rows",
    "rejected",
    "coverage_lines",
    "policies_created",
    "policies_updated",
    "customers_created",
    "customers_matched",
    "agents_created",
    "teams_created",
    "missing_policies",
    "unknown_headers",
    "errors",
    "file",
    "batch_id",
    "seconds",
}


def _call(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import", *[str(arg) for arg in args], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def good_file(tmp_path):
    return write_csv(
        tmp_path / "good.csv",
        [HEADER, row(), row(保单号="P2", 证件号码="110105198001011239")],
    )


def test_json_prints_one_report_object(good_file, office):
    out, err = _call(good_file, "--json")
    report = json.loads(out)
    assert set(report) >= REPORT_KEYS
    assert report["rows"] == 2
    assert report["rejected"] == 1
    assert report["errors"][0]["row"] == 3
    assert set(report["errors"][0]) == {"row", "column", "value", "message"}
    assert err == ""


def test_human_output_and_progress(good_file, office):
    out, err = _call(good_file)
    assert "good.csv" in out
    assert "已读取" in err


def test_nothing_imported_exits_non_zero(tmp_path, office):
    path = write_csv(tmp_path / "bad.csv", [HEADER, row(证件号码="110105198001011239")])
    with pytest.raises(CommandError) as raised:
        _call(path, "--json")
    assert raised.value.returncode == 1


def test_strict_with_a_bad_row_exits_non_zero(good_file, office):
    with pytest.raises(CommandError):
        _call(good_file, "--strict")
    assert Policy.objects.count() == 0


def test_strict_rejection_prints_no_imported_counts(good_file, office):
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", str(good_file), "--strict", stdout=out)
    printed = out.getvalue()
    assert "good.csv：读取 2 行，拒绝 1 行。" in printed
    assert "导入险种" not in printed
    assert "保单：新增" not in printed


def test_strict_rejection_json_counts_nothing_written(good_file, office):
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", str(good_file), "--strict", "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["status"] == "rejected"
    assert (report["rows"], report["rejected"]) == (2, 1)
    assert report["coverage_lines"] == 0
    assert (report["policies_created"], report["policies_updated"]) == (0, 0)
    assert (report["customers_created"], report["customers_matched"]) == (0, 0)
    assert Policy.objects.count() == 0


def test_ctrl_c_reports_nothing_imported(good_file, office, monkeypatch):
    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(Pipeline, "_write", interrupt)
    with pytest.raises(CommandError) as raised:
        _call(good_file)
    assert raised.value.returncode == 130
    assert str(raised.value) == "导入已中断，没有导入任何数据。"
    assert ImportBatch.objects.get().status == ImportBatch.Status.FAILED
    assert Policy.objects.count() == 0


def test_ctrl_c_stores_chinese_message(good_file, office, monkeypatch):
    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(Pipeline, "_write", interrupt)
    with pytest.raises(CommandError):
        _call(good_file)
    batch = ImportBatch.objects.get()
    # The web page shows this message for imports run from the command too.
    assert batch.error_message == (
        "导入在完成前被中断（按了 Ctrl-C 或进程收到停止信号）。"
        "没有导入任何数据，请重新导入该文件。"
    )
    assert batch.summary["error"] == batch.error_message


def test_agent_option_takes_rows_without_agent(tmp_path, office):
    path = write_csv(tmp_path / "x.csv", [["保单号", "投保人"], ["P1", "测试甲"]])
    out, _err = _call(path, "--agent", "A0500", "--json")
    assert json.loads(out)["coverage_lines"] == 1
    assert Policy.objects.get().agent.agent_code == "A0500"
    assert json.loads(out)["agents_created"] == 1


def test_text_output_names_new_agent_accounts(tmp_path, office):
    path = write_csv(tmp_path / "x.csv", [["保单号", "投保人"], ["P1", "测试甲"]])
    out, _err = _call(path, "--agent", "A0500")
    assert "新建营销员账号：1" in out


def test_default_office_is_created_in_empty_database(good_file, db):
    _call(good_file, "--json")
    assert Office.objects.count() == 1
    assert Policy.objects.filter(office=Office.objects.get()).count() == 1


def test_several_offices_need_office_option(good_file, office, other_office):
    with pytest.raises(CommandError):
        _call(good_file)
    _call(good_file, "--office", other_office.code, "--json")
    assert Policy.objects.filter(office=other_office).count() == 1


def test_unknown_office_code_is_an_error(good_file, office):
    with pytest.raises(CommandError):
        _call(good_file, "--office", "NOPE")


def test_missing_file_is_an_error(tmp_path, office):
    with pytest.raises(CommandError):
        _call(tmp_path / "nope.csv")


def test_profile_option_picks_the_mapping(tmp_path, office):
    factories.make_team(office, code="T9", name="九组")
    from revisit.imports.models import SourceProfile

    SourceProfile.objects.create(
        office=office, name="bank", header_map={"单号": "policy_number"}
    )
    path = write_csv(tmp_path / "x.csv", [["单号", "投保人"], ["P1", "测试甲"]])
    out, _err = _call(path, "--profile", "bank", "--agent", "A1", "--json")
    assert json.loads(out)["coverage_lines"] == 1


def test_file_without_agent_column_names_the_agent_option(tmp_path, office):
    path = write_csv(tmp_path / "x.csv", [["保单号", "投保人"], ["P1", "测试甲"]])
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", str(path), stdout=out, stderr=io.StringIO())
    assert "--agent" in out.getvalue()


def test_text_output_lists_moved_policies(tmp_path, office):
    header = ["保单号", "投保人", "业务员工号"]
    _call(write_csv(tmp_path / "a.csv", [header, ["P1", "测试甲", "A0501"]]))
    out, _err = _call(
        write_csv(tmp_path / "b.csv", [header, ["P1", "测试甲", "A0502"]])
    )
    assert Policy.objects.get().agent.agent_code == "A0502"
    assert "转到其他营销员名下的保单：1 张，例如：P1。" in out
