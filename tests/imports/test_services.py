"""Services the import page uses: batch creation, header preview, profiles."""

import pytest

from revisit.core.exceptions import DomainError
from revisit.core.models import AuditEntry
from revisit.imports.models import ImportBatch, SourceProfile
from revisit.imports.services import (
    header_preview,
    import_batch_create,
    source_profile_save,
)
from tests.imports.files import write_csv, write_xlsx
from tests.imports.test_import_rules import HEADER, row


def test_batch_create_stores_options(office, agent, manager):
    batch = import_batch_create(
        office=office,
        actor=manager,
        file_name="/tmp/up/x.csv",
        strict=True,
        default_agent_code="A1",
        only_agent=agent,
    )
    assert batch.status == ImportBatch.Status.PENDING
    assert batch.file_name == "x.csv"
    assert (batch.strict, batch.default_agent_code, batch.only_agent) == (
        True,
        "A1",
        agent,
    )
    assert batch.created_by == manager


def test_header_preview_lists_columns_and_fields(tmp_path, office):
    rows = [["清单"], ["保单号", "投保人", "渠道"], ["P1", "测试甲", "银保"]]
    preview = header_preview(office=office, path=write_xlsx(tmp_path / "x.xlsx", rows))
    assert preview["header_row"] == 2
    assert preview["found"] is True
    assert [(c["header"], c["field"]) for c in preview["columns"]] == [
        ("保单号", "policy_number"),
        ("投保人", "holder_name"),
        ("渠道", None),
    ]
    assert preview["columns"][0]["label"] == "保单号"
    assert preview["unknown_headers"] == ["渠道"]


def test_header_preview_without_policy_column_guesses_the_row(tmp_path, office):
    rows = [["合同编码X", "客户名"], ["P1", "测试甲"]]
    preview = header_preview(office=office, path=write_csv(tmp_path / "x.csv", rows))
    assert preview["found"] is False
    assert preview["header_row"] == 1
    assert preview["unknown_headers"] == ["合同编码X", "客户名"]


def test_header_preview_uses_the_saved_mapping(tmp_path, office):
    SourceProfile.objects.create(
        office=office, header_map={"合同编码X": "policy_number"}
    )
    rows = [["合同编码X", "投保人"], ["P1", "测试甲"]]
    preview = header_preview(office=office, path=write_csv(tmp_path / "x.csv", rows))
    assert preview["found"] is True
    assert preview["columns"][0]["field"] == "policy_number"


def test_profile_save_merges_and_audits(office, manager):
    source_profile_save(office=office, actor=manager, header_map={"A": "policy_number"})
    profile = source_profile_save(
        office=office,
        actor=manager,
        header_map={"B": ""},
        code_tables={"status": {"6": "in_force"}},
    )
    assert profile.header_map == {"A": "policy_number", "B": ""}
    assert profile.code_tables == {"status": {"6": "in_force"}}
    assert AuditEntry.objects.filter(action="imports.profile.saved").count() == 2


@pytest.mark.parametrize(
    ("header_map", "code_tables"),
    [({"A": "policy_no"}, None), (None, {"status": {"6": "alive"}})],
)
def test_profile_save_rejects_unknown_names(office, manager, header_map, code_tables):
    with pytest.raises(DomainError):
        source_profile_save(
            office=office, actor=manager, header_map=header_map, code_tables=code_tables
        )


def test_import_writes_audit_entry(tmp_path, run_import):
    _summary, batch = run_import(write_csv(tmp_path / "x.csv", [HEADER, row()]))
    entry = AuditEntry.objects.get(action="imports.batch.committed")
    assert entry.target_id == str(batch.pk)
    assert entry.data["coverage_lines"] == 1


def test_import_converts_matching_prospect(tmp_path, run_import, agent):
    from tests.factories import make_prospect

    prospect = make_prospect(agent, full_name="测试甲", phone="13900000001")
    path = write_csv(tmp_path / "x.csv", [HEADER, row()])
    summary, _batch = run_import(path, default_agent_code=agent.agent_code)
    prospect.refresh_from_db()
    assert summary["prospects_converted"] == 1
    assert prospect.customer is not None
    assert prospect.customer.full_name == "测试甲"


def test_rejected_import_runs_no_follow_ups(tmp_path, run_import, agent):
    path = write_csv(tmp_path / "x.csv", [HEADER, row(保单号="")])
    summary, batch = run_import(path, default_agent_code=agent.agent_code)
    assert batch.status == ImportBatch.Status.REJECTED
    assert "prospects_converted" not in summary
