"""Mapping unknown columns on screen, and the office's code tables."""

import pytest
from django.urls import reverse

from revisit.book.models import Policy, PolicyStatus
from revisit.core.models import AuditEntry
from revisit.imports.fields import FIELDS
from revisit.imports.mapping import IGNORE
from revisit.imports.models import ImportBatch, SourceProfile
from revisit.imports.upload_storage import upload_path
from tests.imports.upload_support import (  # noqa: F401
    HEADER,
    ID_LI,
    ID_ZHANG,
    media_root,
    row,
    upload,
    write_csv,
)

# The extract's header with the holder's name under a name no insurer uses.
ODD_HEADER = [
    "保单号",
    "险种代码",
    "险种名称",
    "大客户姓名",
    "投保人证件号码",
    "投保人手机号",
    "期交保费",
    "业务员工号",
]


def only_batch() -> ImportBatch:
    return ImportBatch.objects.get()


def mapping_url(batch) -> str:
    return reverse("imports:batch_mapping", args=[batch.pk])


def column_field(response, header) -> str:
    """Return the form field name of the select for `header`."""
    form = response.context["form"]
    return next(name for name, field in form.fields.items() if field.label == header)


@pytest.fixture
def odd_upload(client, manager, agent, tmp_path):
    path = write_csv(
        tmp_path / "odd.csv", [row("P1", "张三", ID_ZHANG)], header=ODD_HEADER
    )
    client.force_login(manager)
    return upload(client, path)


def test_unknown_header_opens_mapping(odd_upload):
    batch = only_batch()
    assert odd_upload.redirect_chain[-1][0] == mapping_url(batch)
    assert batch.status == ImportBatch.Status.PENDING
    assert [field.label for field in odd_upload.context["form"].fields.values()] == [
        "大客户姓名"
    ]


def test_mapping_is_saved_and_import_runs(client, odd_upload):
    batch = only_batch()
    field = column_field(odd_upload, "大客户姓名")
    response = client.post(mapping_url(batch), {field: "holder_name"}, follow=True)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.COMMITTED
    assert Policy.objects.get(policy_number="P1").holder.full_name == "张三"
    profile = SourceProfile.objects.get(office=batch.office, name="default")
    assert profile.header_map == {"大客户姓名": "holder_name"}
    assert response.templates[0].name == "imports/batch_results.html"


def test_saved_mapping_reads_next_file(client, odd_upload, tmp_path):
    client.post(
        mapping_url(only_batch()),
        {column_field(odd_upload, "大客户姓名"): "holder_name"},
    )
    path = write_csv(
        tmp_path / "next.csv", [row("P2", "李四", ID_LI)], header=ODD_HEADER
    )
    response = upload(client, path)
    assert response.templates[0].name == "imports/batch_results.html"
    assert Policy.objects.get(policy_number="P2").holder.full_name == "李四"


def test_mapping_is_audited(client, manager, odd_upload):
    client.post(
        mapping_url(only_batch()),
        {column_field(odd_upload, "大客户姓名"): "holder_name"},
    )
    entry = AuditEntry.objects.get(action="imports.profile.saved")
    assert entry.actor == manager
    assert entry.data == {"headers": 1, "tables": []}


def test_ignored_column_is_saved_as_ignored(client, manager, agent, tmp_path):
    path = write_csv(
        tmp_path / "extra.csv",
        [[*row("P1", "张三", ID_ZHANG), "x"]],
        header=[*HEADER, "备注栏"],
    )
    client.force_login(manager)
    response = upload(client, path)
    client.post(mapping_url(only_batch()), {column_field(response, "备注栏"): ""})
    profile = SourceProfile.objects.get(name="default")
    assert profile.header_map == {"备注栏": IGNORE}
    assert only_batch().status == ImportBatch.Status.COMMITTED


def test_mapping_requires_the_required_columns(client, odd_upload):
    batch = only_batch()
    response = client.post(
        mapping_url(batch), {column_field(odd_upload, "大客户姓名"): ""}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PENDING
    assert not SourceProfile.objects.exists()


def test_mapping_rejects_taken_field(client, odd_upload):
    response = client.post(
        mapping_url(only_batch()),
        {column_field(odd_upload, "大客户姓名"): "policy_number"},
    )
    errors = response.context["form"].non_field_errors()
    assert any("保单号" in error for error in errors)
    assert only_batch().status == ImportBatch.Status.PENDING


def test_mapping_rejects_field_twice(client, manager, agent, tmp_path):
    header = [*ODD_HEADER, "客户名称"]
    path = write_csv(
        tmp_path / "two.csv", [[*row("P1", "张三", ID_ZHANG), "张三"]], header=header
    )
    client.force_login(manager)
    response = upload(client, path)
    response = client.post(
        mapping_url(only_batch()),
        {
            column_field(response, "大客户姓名"): "holder_name",
            column_field(response, "客户名称"): "holder_name",
        },
    )
    assert response.context["form"].non_field_errors()
    assert only_batch().status == ImportBatch.Status.PENDING


def test_started_batch_skips_mapping(client, manager, agent, tmp_path):
    client.force_login(manager)
    upload(client, write_csv(tmp_path / "ok.csv", [row("P1", "张三", ID_ZHANG)]))
    response = client.get(mapping_url(only_batch()))
    assert response["Location"] == reverse(
        "imports:batch_detail", args=[only_batch().pk]
    )


def test_discard_deletes_pending_batch_and_file(client, odd_upload):
    batch = only_batch()
    folder = upload_path(batch).parent
    response = client.post(reverse("imports:batch_discard", args=[batch.pk]))
    assert response["Location"] == reverse("imports:batch_list")
    assert not ImportBatch.objects.exists()
    assert not folder.exists()


def test_discard_keeps_finished_batch(client, manager, agent, tmp_path):
    client.force_login(manager)
    upload(client, write_csv(tmp_path / "ok.csv", [row("P1", "张三", ID_ZHANG)]))
    client.post(reverse("imports:batch_discard", args=[only_batch().pk]))
    assert only_batch().status == ImportBatch.Status.COMMITTED


def code_table_post(rows, prefix="status"):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, (code, value) in enumerate(rows):
        data[f"{prefix}-{index}-code"] = code
        data[f"{prefix}-{index}-value"] = value
    return data


def save_code_table(client, rows, table="status"):
    return client.post(
        reverse("imports:code_table_save", args=[table]), code_table_post(rows, table)
    )


def test_manager_saves_code_table(client, manager):
    client.force_login(manager)
    response = save_code_table(client, [("6", "lapsed"), (" 1 ", "in_force"), ("", "")])
    assert response["Location"] == reverse("imports:source_profile")
    profile = SourceProfile.objects.get(office=manager.office, name="default")
    assert profile.code_tables == {"status": {"6": "lapsed", "1": "in_force"}}


def test_code_table_keeps_other_tables(client, manager):
    client.force_login(manager)
    save_code_table(client, [("1", "M"), ("2", "F")], table="gender")
    save_code_table(client, [("6", "lapsed")])
    profile = SourceProfile.objects.get(name="default")
    assert profile.code_tables == {
        "gender": {"1": "M", "2": "F"},
        "status": {"6": "lapsed"},
    }


def test_empty_code_table_is_removed(client, manager):
    client.force_login(manager)
    save_code_table(client, [("6", "lapsed")])
    save_code_table(client, [("", "")])
    assert SourceProfile.objects.get(name="default").code_tables == {}


def test_code_table_rejects_repeated_code(client, manager):
    client.force_login(manager)
    response = save_code_table(client, [("6", "lapsed"), ("6", "in_force")])
    assert response.status_code == 400
    assert "代码 6 出现了两次。" in response.content.decode()
    assert not SourceProfile.objects.exists()


def test_code_table_rejects_value_outside_choices(client, manager):
    client.force_login(manager)
    response = save_code_table(client, [("6", "gone")])
    assert response.status_code == 400
    assert not SourceProfile.objects.exists()


def test_code_table_rejects_code_without_meaning(client, manager):
    client.force_login(manager)
    response = save_code_table(client, [("6", "")])
    assert response.status_code == 400
    assert not SourceProfile.objects.exists()


def test_unknown_code_table_is_404(client, manager):
    client.force_login(manager)
    assert save_code_table(client, [("6", "x")], table="colour").status_code == 404


def test_profile_page_shows_saved_tables(client, manager):
    client.force_login(manager)
    save_code_table(client, [("6", PolicyStatus.LAPSED)])
    response = client.get(reverse("imports:source_profile"))
    status_formset = dict(
        (table.name, formset) for table, formset in response.context["tables"]
    )["status"]
    assert status_formset.initial == [{"code": "6", "value": "lapsed"}]


def test_code_table_applies_to_next_import(client, manager, agent, tmp_path):
    client.force_login(manager)
    save_code_table(client, [("6", PolicyStatus.LAPSED)])
    path = write_csv(
        tmp_path / "coded.csv",
        [[*row("P1", "张三", ID_ZHANG), "6"]],
        header=[*HEADER, "保单状态"],
    )
    upload(client, path)
    assert Policy.objects.get(policy_number="P1").status == PolicyStatus.LAPSED


def test_manager_removes_saved_header(client, manager):
    SourceProfile.objects.create(
        office=manager.office,
        header_map={"大客户姓名": "holder_name", "备注栏": IGNORE},
    )
    client.force_login(manager)
    client.post(reverse("imports:header_map_remove"), {"header": ["大客户姓名"]})
    assert SourceProfile.objects.get().header_map == {"备注栏": IGNORE}


def test_policy_column_mapped_by_hand(client, manager, agent, tmp_path):
    header = ["合同识别码", *HEADER[1:]]
    path = write_csv(
        tmp_path / "nopolicy.csv", [row("P7", "张三", ID_ZHANG)], header=header
    )
    client.force_login(manager)
    response = upload(client, path)
    assert "保单号" in response.context["missing"]
    client.post(
        mapping_url(only_batch()),
        {column_field(response, "合同识别码"): "policy_number"},
    )
    assert Policy.objects.get(policy_number="P7").holder.id_number == ID_ZHANG


def test_repeated_header_saved_per_occurrence(client, manager, agent, tmp_path):
    header = [*HEADER, "备注栏", "备注栏"]
    path = write_csv(
        tmp_path / "twice.csv",
        [[*row("P1", "张三", ID_ZHANG), "a", "b"]],
        header=header,
    )
    client.force_login(manager)
    response = upload(client, path)
    names = [
        name
        for name, field in response.context["form"].fields.items()
        if field.label == "备注栏"
    ]
    assert len(names) == 2
    client.post(mapping_url(only_batch()), {names[0]: "", names[1]: ""})
    profile = SourceProfile.objects.get(name="default")
    assert profile.header_map == {"备注栏": IGNORE, "备注栏#2": IGNORE}
    assert only_batch().status == ImportBatch.Status.COMMITTED


def test_mapping_page_starts_mapped_batch(client, odd_upload):
    batch = only_batch()
    SourceProfile.objects.create(
        office=batch.office, header_map={"大客户姓名": "holder_name"}
    )
    response = client.get(mapping_url(batch))
    assert response["Location"] == reverse("imports:batch_detail", args=[batch.pk])
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.COMMITTED


def test_reason_column_needs_no_mapping(client, manager, agent, tmp_path):
    path = write_csv(
        tmp_path / "fixed.csv",
        [["已改正", *row("P1", "张三", ID_ZHANG)]],
        header=["错误原因", *HEADER],
    )
    client.force_login(manager)
    response = upload(client, path)
    assert response.templates[0].name == "imports/batch_results.html"
    assert Policy.objects.filter(policy_number="P1").exists()


def test_profile_page_lists_saved_headers(client, manager):
    SourceProfile.objects.create(
        office=manager.office,
        header_map={"大客户姓名": "holder_name", "备注栏": IGNORE},
    )
    client.force_login(manager)
    response = client.get(reverse("imports:source_profile"))
    assert response.context["header_map"] == [
        ("备注栏", "已忽略"),
        ("大客户姓名", str(FIELDS["holder_name"].label)),
    ]


def test_default_agent_of_upload_survives_mapping(client, manager, agent, tmp_path):
    header = ODD_HEADER[:-1]
    path = write_csv(
        tmp_path / "odd.csv", [row("P1", "张三", ID_ZHANG)[:-1]], header=header
    )
    client.force_login(manager)
    response = upload(client, path, default_agent=agent.pk)
    assert f"归属营销员 {agent.agent_code}" in response.content.decode()
    field = column_field(response, "大客户姓名")
    client.post(mapping_url(only_batch()), {field: "holder_name"})
    assert only_batch().status == ImportBatch.Status.COMMITTED
    assert Policy.objects.get(policy_number="P1").agent == agent


def test_missing_columns_message_reads_as_chinese(client, manager, agent, tmp_path):
    path = write_csv(
        tmp_path / "riders.csv", [["P7", "R101", "附加险"]], header=HEADER[:3]
    )
    client.force_login(manager)
    response = upload(client, path)
    warning = response.content.decode().split('<p class="msg msg-warning">', 1)[1]
    warning = warning.split("</p>", 1)[0]
    assert "找不到必需的列：" in warning
    assert "。请在文件中加上这些列后重新上传。" in warning
    assert "。 " not in warning


def test_missing_columns_listed_with_chinese_comma(client, manager, agent, tmp_path):
    header = ["合同识别码", "险种代码", "险种名称", "期交保费"]
    path = write_csv(
        tmp_path / "bare.csv", [["P7", "R101", "附加险", "100"]], header=header
    )
    client.force_login(manager)
    response = upload(client, path)
    assert response.context["missing"] == ["保单号", "投保人姓名"]
    assert "找不到必需的列：保单号、投保人姓名。" in response.content.decode()
