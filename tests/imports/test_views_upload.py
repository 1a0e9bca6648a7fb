"""Uploading an extract on screen: roles, files, stored rows and the results page."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from revisit.book.models import Customer, Policy
from revisit.imports.models import ImportBatch
from revisit.imports.tasks import progress_key
from revisit.imports.upload_storage import upload_path
from tests import factories
from tests.imports.upload_support import (  # noqa: F401
    HEADER,
    ID_DESTROYED,
    ID_LI,
    ID_WANG,
    ID_ZHANG,
    media_root,
    row,
    upload,
    write_csv,
    write_xlsx,
)


def only_batch() -> ImportBatch:
    return ImportBatch.objects.get()


def test_manager_imports_csv(client, manager, agent, teammate, tmp_path):
    path = write_csv(
        tmp_path / "extract.csv",
        [
            row("P1", "张三", ID_ZHANG, "A0001"),
            row("P2", "李四", ID_LI, "A0002"),
        ],
    )
    client.force_login(manager)
    upload(client, path)
    assert only_batch().status == ImportBatch.Status.COMMITTED
    assert Policy.objects.get(policy_number="P1").agent == agent
    assert Policy.objects.get(policy_number="P2").agent == teammate


def test_manager_imports_xlsx(client, manager, agent, tmp_path):
    path = write_xlsx(tmp_path / "extract.xlsx", [row("P1", "张三", ID_ZHANG)])
    client.force_login(manager)
    upload(client, path)
    assert only_batch().status == ImportBatch.Status.COMMITTED
    assert Customer.objects.get(id_number=ID_ZHANG).agent == agent


def test_pending_upload_is_stored_under_media_root(
    client, manager, agent, tmp_path, settings
):
    # An unknown column keeps the batch waiting for a mapping, with its file.
    path = write_csv(
        tmp_path / "保单清单.csv",
        [row("P1", "张三", ID_ZHANG) + ["x"]],
        header=HEADER + ["备用字段"],
    )
    client.force_login(manager)
    upload(client, path)
    batch = only_batch()
    assert batch.status == ImportBatch.Status.PENDING
    stored = upload_path(batch)
    assert stored == settings.MEDIA_ROOT / "imports" / str(batch.pk) / "保单清单.csv"
    assert stored.read_bytes() == path.read_bytes()
    assert batch.file_name == "保单清单.csv"


def test_rows_without_agent_go_to_chosen_agent(
    client, manager, agent, teammate, tmp_path
):
    path = write_csv(tmp_path / "extract.csv", [row("P1", "张三", ID_ZHANG, "")])
    client.force_login(manager)
    upload(client, path, default_agent=teammate.pk)
    assert only_batch().default_agent_code == "A0002"
    assert Policy.objects.get(policy_number="P1").agent == teammate


def test_agent_imports_own_rows_only(client, agent, teammate, tmp_path):
    path = write_csv(
        tmp_path / "extract.csv",
        [
            row("P1", "张三", ID_ZHANG, ""),
            row("P2", "李四", ID_LI, "A0002"),
        ],
    )
    client.force_login(agent)
    upload(client, path)
    assert Policy.objects.get(policy_number="P1").agent == agent
    # A row naming another agent must not reach that agent's book.
    assert not Policy.objects.filter(policy_number="P2").exists()
    assert only_batch().rejected_rows.get().row_number == 3


def test_agent_cannot_import_colleagues_policy(
    client, manager, agent, teammate, tmp_path
):
    client.force_login(manager)
    upload(client, write_csv(tmp_path / "a.csv", [row("P2", "李四", ID_LI, "A0002")]))
    rows = [
        row("P2", "李四", ID_LI, ""),
        # A rider row with only the policy number would add a line instead.
        row("P2", "", "", "", product="R101"),
    ]
    client.force_login(agent)
    upload(client, write_csv(tmp_path / "b.csv", rows))
    policy = Policy.objects.get(policy_number="P2")
    assert policy.agent == teammate
    assert policy.lines.count() == 1
    batch = ImportBatch.objects.latest("pk")
    rejected = list(batch.rejected_rows.order_by("row_number"))
    assert [(r.row_number, r.column, r.value) for r in rejected] == [
        (2, "保单号", "P2"),
        (3, "保单号", "P2"),
    ]
    assert "属于其他营销员" in rejected[0].message


def test_supervisor_import_names_agent_in_rejection(
    client, manager, supervisor, agent, teammate, tmp_path
):
    client.force_login(manager)
    upload(client, write_csv(tmp_path / "a.csv", [row("P2", "李四", ID_LI, "A0002")]))
    client.force_login(supervisor)
    path = write_csv(tmp_path / "b.csv", [row("P2", "李四", ID_LI, "")])
    upload(client, path, default_agent=agent.pk)
    assert Policy.objects.get(policy_number="P2").agent == teammate
    message = ImportBatch.objects.latest("pk").rejected_rows.get().message
    assert "保单 P2 属于其他营销员。" in message
    assert f"本次导入只针对 {agent.display_name}" in message
    assert "您只能导入自己的保单" not in message


def test_results_list_policies_moved_to_another_agent(
    client, manager, agent, teammate, tmp_path
):
    client.force_login(manager)
    upload(client, write_csv(tmp_path / "a.csv", [row("P1", "张三", ID_ZHANG)]))
    response = upload(
        client, write_csv(tmp_path / "b.csv", [row("P1", "张三", ID_ZHANG, "A0002")])
    )
    assert Policy.objects.get(policy_number="P1").agent == teammate
    # The holder stays in the book of the agent who had them.
    assert Customer.objects.get(id_number=ID_ZHANG).agent == agent
    summary = ImportBatch.objects.latest("pk").summary
    assert summary["policies_reassigned"] == 1
    assert summary["policies_reassigned_sample"] == ["P1"]
    assert response.context["reassigned"] == 1
    content = response.content.decode()
    assert "1 张保单转到了其他营销员名下" in content
    assert reverse("book:customer_list") + "?q=P1" in content


def test_agent_sees_no_agent_choice(client, agent):
    client.force_login(agent)
    response = client.get(reverse("imports:batch_upload"))
    assert "default_agent" not in response.context["form"].fields


def test_manager_chooses_among_office_agents(
    client, manager, agent, outsider, foreign_agent
):
    client.force_login(manager)
    response = client.get(reverse("imports:batch_upload"))
    choices = set(response.context["form"].fields["default_agent"].queryset)
    assert choices == {agent, outsider}


def test_supervisor_chooses_among_team_agents(
    client, supervisor, agent, teammate, outsider
):
    client.force_login(supervisor)
    response = client.get(reverse("imports:batch_upload"))
    choices = set(response.context["form"].fields["default_agent"].queryset)
    assert choices == {agent, teammate}


def test_supervisor_must_choose_an_agent(client, supervisor, agent, tmp_path):
    path = write_csv(tmp_path / "extract.csv", [row("P1", "张三", ID_ZHANG)])
    client.force_login(supervisor)
    response = upload(client, path)
    assert response.context["form"].errors["default_agent"]
    assert not ImportBatch.objects.exists()


def test_supervisor_cannot_choose_outsider(client, supervisor, outsider, tmp_path):
    path = write_csv(tmp_path / "extract.csv", [row("P1", "张三", ID_ZHANG, "A0009")])
    client.force_login(supervisor)
    response = upload(client, path, default_agent=outsider.pk)
    assert response.context["form"].errors["default_agent"]
    assert not ImportBatch.objects.exists()


def test_supervisor_import_rejects_other_agents_rows(
    client, supervisor, agent, teammate, outsider, tmp_path
):
    path = write_csv(
        tmp_path / "extract.csv",
        [
            row("P1", "张三", ID_ZHANG, "A0001"),
            row("P2", "李四", ID_LI, "A0002"),
            row("P3", "王五", ID_WANG, "A0009"),
        ],
    )
    client.force_login(supervisor)
    upload(client, path, default_agent=agent.pk)
    assert list(Policy.objects.values_list("policy_number", flat=True)) == ["P1"]
    rejected = only_batch().rejected_rows.values_list("row_number", flat=True)
    assert list(rejected) == [3, 4]
    message = only_batch().rejected_rows.get(row_number=3).message
    assert message.endswith("该行属于营销员 A0002，而本次导入只针对工号 A0001。")


def test_strict_import_stores_nothing(client, manager, agent, tmp_path):
    path = write_csv(
        tmp_path / "extract.csv",
        [
            row("P1", "张三", ID_ZHANG),
            row("P2", "李四", ID_DESTROYED),
        ],
    )
    client.force_login(manager)
    upload(client, path, strict="on")
    batch = only_batch()
    assert batch.strict is True
    assert batch.status == ImportBatch.Status.REJECTED
    assert not Policy.objects.exists()


def test_strict_results_show_no_written_counts(client, manager, agent, tmp_path):
    path = write_csv(
        tmp_path / "extract.csv",
        [
            row("P1", "张三", ID_ZHANG),
            row("P2", "李四", ID_DESTROYED),
        ],
    )
    client.force_login(manager)
    response = upload(client, path, strict="on")
    counts = {key: value for key, _label, value in response.context["counts"]}
    assert counts == {"rows": 2, "rejected": 1, "missing_policies": 0}
    content = response.content.decode()
    assert "没有导入任何数据" in content
    assert "导入的险种" not in content


def test_default_import_keeps_valid_rows(client, manager, agent, tmp_path):
    path = write_csv(
        tmp_path / "extract.csv",
        [
            row("P1", "张三", ID_ZHANG),
            row("P2", "李四", ID_DESTROYED),
        ],
    )
    client.force_login(manager)
    upload(client, path)
    assert list(Policy.objects.values_list("policy_number", flat=True)) == ["P1"]
    assert only_batch().rejected_rows.get().row_number == 3


@pytest.mark.parametrize("name", ["extract.txt", "extract.pdf", "extract"])
def test_upload_rejects_other_file_types(client, manager, tmp_path, name):
    path = tmp_path / name
    path.write_text("保单号\nP1\n", encoding="utf-8")
    client.force_login(manager)
    response = upload(client, path)
    assert response.context["form"].errors["file"][0] == (
        f"{name} 不是 .xlsx、.xls 或 .csv 文件。"
    )
    assert not ImportBatch.objects.exists()


def test_upload_rejects_file_over_limit(client, manager, agent, tmp_path, settings):
    settings.REVISIT_IMPORT_MAX_UPLOAD_BYTES = 100
    path = write_csv(
        tmp_path / "big.csv", [row(f"P{n}", "张三", ID_ZHANG) for n in range(9)]
    )
    client.force_login(manager)
    response = upload(client, path)
    # filesizeformat puts a no-break space between number and unit.
    message = response.context["form"].errors["file"][0].replace("\xa0", " ")
    assert message.startswith("big.csv 大小为")
    assert "上限为 100 字节" in message
    assert not ImportBatch.objects.exists()


def test_upload_rejects_empty_file(client, manager, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    client.force_login(manager)
    response = upload(client, path)
    assert response.context["form"].errors["file"]
    assert not ImportBatch.objects.exists()


def test_upload_redirects_to_results(client, manager, agent, tmp_path):
    path = write_csv(tmp_path / "extract.csv", [row("P1", "张三", ID_ZHANG)])
    client.force_login(manager)
    response = upload(client, path)
    assert response.redirect_chain[-1][0] == reverse(
        "imports:batch_detail", args=[only_batch().pk]
    )
    assert response.templates[0].name == "imports/batch_results.html"


def test_results_show_counts_in_chinese(client, manager, agent, tmp_path):
    path = write_csv(
        tmp_path / "extract.csv",
        [
            row("P1", "张三", ID_ZHANG),
            row("P2", "李四", ID_DESTROYED),
        ],
    )
    client.force_login(manager)
    response = upload(client, path)
    counts = {
        key: (str(label), value) for key, label, value in response.context["counts"]
    }
    assert counts["rows"] == ("读取的数据行", 2)
    assert counts["rejected"] == ("被拒绝的行", 1)
    assert counts["policies_created"] == ("新增保单", 1)
    content = response.content.decode()
    assert "读取的数据行" in content
    assert "新增客户" in content


def test_results_report_agent_accounts_added(client, manager, agent, tmp_path):
    rows = [row("P1", "张三", ID_ZHANG), row("P2", "李四", ID_LI, agent_code="N0009")]
    path = write_csv(tmp_path / "extract.csv", rows)
    client.force_login(manager)
    response = upload(client, path)
    counts = {key: value for key, _label, value in response.context["counts"]}
    assert counts["agents_created"] == 1
    assert "teams_created" not in counts
    assert response.context["agents_created"] == 1
    content = response.content.decode()
    assert "新增营销员账号" in content
    assert "还没有密码" in content


def test_results_hide_agent_count_when_none_added(client, manager, agent, tmp_path):
    path = write_csv(tmp_path / "extract.csv", [row("P1", "张三", ID_ZHANG)])
    client.force_login(manager)
    response = upload(client, path)
    keys = [key for key, _label, _value in response.context["counts"]]
    assert "agents_created" not in keys
    assert response.context["agents_created"] == 0
    assert "还没有密码" not in response.content.decode()


def test_results_list_rejected_row(client, manager, agent, tmp_path):
    path = write_csv(
        tmp_path / "extract.csv",
        [
            row("P1", "张三", ID_ZHANG),
            row("P2", "李四", ID_DESTROYED),
        ],
    )
    client.force_login(manager)
    response = upload(client, path)
    rejected = list(response.context["rejected"].object_list)
    assert [(r.row_number, r.column, r.value) for r in rejected] == [
        (3, "投保人证件号码", ID_DESTROYED)
    ]
    content = response.content.decode()
    assert ID_DESTROYED in content
    assert reverse("imports:rejected_rows_download", args=[only_batch().pk]) in content


def test_results_paginate_rejected_rows(client, manager, agent, tmp_path):
    rows = [row(f"P{n}", "李四", ID_DESTROYED) for n in range(60)]
    path = write_csv(tmp_path / "extract.csv", rows)
    client.force_login(manager)
    upload(client, path)
    url = reverse("imports:batch_detail", args=[only_batch().pk])
    first = client.get(url)
    second = client.get(url, {"page": 2})
    assert len(first.context["rejected"].object_list) == 50
    assert len(second.context["rejected"].object_list) == 10


def test_results_list_missing_policies(client, manager, agent, tmp_path):
    client.force_login(manager)
    upload(
        client,
        write_csv(
            tmp_path / "old.csv",
            [
                row("P1", "张三", ID_ZHANG),
                row("P2", "李四", ID_LI),
            ],
        ),
    )
    response = upload(
        client, write_csv(tmp_path / "new.csv", [row("P1", "张三", ID_ZHANG)])
    )
    assert response.context["missing_policies"] == 1
    assert response.context["missing_sample"] == ["P2"]
    assert "P2" in response.content.decode()


def test_results_heading_of_missing_policies_is_translated(
    client, manager, agent, tmp_path
):
    client.force_login(manager)
    rows = [row("P1", "张三", ID_ZHANG), row("P2", "李四", ID_LI)]
    upload(client, write_csv(tmp_path / "old.csv", rows))
    response = upload(client, write_csv(tmp_path / "new.csv", rows[:1]))
    assert "本清单中缺少 1 张保单" in response.content.decode()


def test_progress_partial_shows_rows_done(client, manager):
    batch = factories.make_import_batch(manager, status=ImportBatch.Status.RUNNING)
    cache.set(progress_key(batch.pk), (250, 1000))
    client.force_login(manager)
    response = client.get(
        reverse("imports:batch_progress", args=[batch.pk]), HTTP_HX_REQUEST="true"
    )
    cache.delete(progress_key(batch.pk))
    content = response.content.decode()
    assert 'value="250"' in content
    assert 'max="1000"' in content
    assert "1000 行中已处理 250 行（25%）" in content


def test_progress_partial_polls_every_second(client, manager):
    batch = factories.make_import_batch(manager, status=ImportBatch.Status.RUNNING)
    client.force_login(manager)
    response = client.get(reverse("imports:batch_detail", args=[batch.pk]))
    content = response.content.decode()
    assert 'hx-trigger="every 1s"' in content
    assert reverse("imports:batch_progress", args=[batch.pk]) in content


def test_finished_progress_redirects_htmx(client, manager):
    batch = factories.make_import_batch(manager, status=ImportBatch.Status.COMMITTED)
    client.force_login(manager)
    response = client.get(
        reverse("imports:batch_progress", args=[batch.pk]), HTTP_HX_REQUEST="true"
    )
    assert response["HX-Redirect"] == reverse("imports:batch_detail", args=[batch.pk])


def test_failed_batch_shows_its_message(client, manager):
    batch = factories.make_import_batch(
        manager, status=ImportBatch.Status.FAILED, error_message="导入意外中止。"
    )
    client.force_login(manager)
    response = client.get(reverse("imports:batch_detail", args=[batch.pk]))
    assert "导入意外中止。" in response.content.decode()


def test_history_links_each_batch(client, manager, agent, tmp_path):
    client.force_login(manager)
    upload(client, write_csv(tmp_path / "extract.csv", [row("P1", "张三", ID_ZHANG)]))
    response = client.get(reverse("imports:batch_list"))
    content = response.content.decode()
    assert reverse("imports:batch_detail", args=[only_batch().pk]) in content
    assert "extract.csv" in content


def test_unreadable_file_rejected_with_reason(client, manager, agent, tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"this is not a spreadsheet")
    client.force_login(manager)
    response = upload(client, path)
    batch = only_batch()
    assert batch.status == ImportBatch.Status.REJECTED
    assert batch.error_message
    assert batch.error_message in response.content.decode()
    assert not Policy.objects.exists()


def test_file_without_agent_column_is_rejected(client, manager, agent, tmp_path):
    rows = [row("P1", "张三", ID_ZHANG)[:-1]]
    path = write_csv(tmp_path / "noagent.csv", rows, header=HEADER[:-1])
    client.force_login(manager)
    response = upload(client, path)
    batch = only_batch()
    assert batch.status == ImportBatch.Status.REJECTED
    # The pipeline's reason asks for an agent for the rows.
    assert batch.error_message in response.content.decode()
    assert not Policy.objects.exists()


def test_progress_never_passes_100_percent(client, manager):
    batch = factories.make_import_batch(manager, status=ImportBatch.Status.RUNNING)
    cache.set(progress_key(batch.pk), (1200, 1000))
    client.force_login(manager)
    response = client.get(reverse("imports:batch_progress", args=[batch.pk]))
    cache.delete(progress_key(batch.pk))
    assert response.context["percent"] == 100
    assert response.context["rows_total"] == 1200


def test_file_without_agent_column_names_the_upload_field(client, manager, tmp_path):
    path = write_csv(
        tmp_path / "x.csv",
        [["P1", "张三", ID_ZHANG]],
        header=HEADER[:1] + ["投保人姓名", "投保人证件号码"],
    )
    client.force_login(manager)
    upload(client, path)
    error = only_batch().summary["error"]
    assert "营销员" in error
    assert "--agent" not in error


def test_empty_agent_choice_says_the_file_must_name_agents(client, manager):
    client.force_login(manager)
    response = client.get(reverse("imports:batch_upload"))
    label = response.context["form"].fields["default_agent"].empty_label
    assert "工号" in str(label)
