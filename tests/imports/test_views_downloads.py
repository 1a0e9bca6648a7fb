"""Downloads of an import: the rejected rows as .xlsx and the report as JSON."""

import io
import json

from django.urls import reverse
from openpyxl import load_workbook

from revisit.book.models import Policy
from revisit.core.models import AuditEntry
from revisit.imports.models import ImportBatch
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
)


def latest_batch() -> ImportBatch:
    return ImportBatch.objects.order_by("-pk").first()


def import_with_bad_row(client, manager, tmp_path):
    path = write_csv(
        tmp_path / "extract.csv",
        [
            row("P1", "张三", ID_ZHANG),
            row("P2", "李四", ID_DESTROYED),
            row("P3", "王五", ID_WANG),
        ],
    )
    client.force_login(manager)
    upload(client, path)
    return latest_batch()


def download_rejected(client, batch):
    response = client.get(reverse("imports:rejected_rows_download", args=[batch.pk]))
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    return response, load_workbook(io.BytesIO(content)).active


def test_error_file_header_after_reason(client, manager, agent, tmp_path):
    batch = import_with_bad_row(client, manager, tmp_path)
    _response, sheet = download_rejected(client, batch)
    header = [cell.value for cell in sheet[1]]
    assert header == ["错误原因", *HEADER]


def test_rejected_rows_file_holds_original_cells(client, manager, agent, tmp_path):
    batch = import_with_bad_row(client, manager, tmp_path)
    _response, sheet = download_rejected(client, batch)
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 1
    reason, *cells = rows[0]
    assert reason == batch.rejected_rows.get().message
    # An empty cell reads back from .xlsx as None.
    assert cells == [value or None for value in row("P2", "李四", ID_DESTROYED)]


def test_rejected_rows_file_marks_offending_cell(client, manager, agent, tmp_path):
    batch = import_with_bad_row(client, manager, tmp_path)
    _response, sheet = download_rejected(client, batch)
    id_column = HEADER.index("投保人证件号码") + 2
    offending = sheet.cell(row=2, column=id_column)
    neighbour = sheet.cell(row=2, column=id_column - 1)
    assert offending.fill.fgColor.rgb.endswith("FFC7CE")
    assert neighbour.fill.fill_type is None


def test_error_file_named_after_extract(client, manager, agent, tmp_path):
    batch = import_with_bad_row(client, manager, tmp_path)
    response, _sheet = download_rejected(client, batch)
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "attachment" in response["Content-Disposition"]
    assert "extract" in response["Content-Disposition"]


def test_fixed_rejected_rows_import_again(client, manager, agent, tmp_path):
    import_with_bad_row(client, manager, tmp_path)
    _response, sheet = download_rejected(client, latest_batch())

    # The user fixes the ID cell in the downloaded file and uploads it.
    fixed_path = tmp_path / "fixed.xlsx"
    workbook = sheet.parent
    sheet.cell(row=2, column=HEADER.index("投保人证件号码") + 2).value = ID_LI
    workbook.save(fixed_path)
    response = upload(client, fixed_path)

    batch = latest_batch()
    assert response.templates[0].name == "imports/batch_results.html"
    assert batch.status == ImportBatch.Status.COMMITTED
    assert batch.rejected_rows.count() == 0
    assert Policy.objects.get(policy_number="P2").holder.id_number == ID_LI


def test_fixed_rows_file_reports_nothing_missing(client, manager, agent, tmp_path):
    import_with_bad_row(client, manager, tmp_path)
    _response, sheet = download_rejected(client, latest_batch())
    fixed_path = tmp_path / "fixed.xlsx"
    sheet.cell(row=2, column=HEADER.index("投保人证件号码") + 2).value = ID_LI
    sheet.parent.save(fixed_path)
    upload(client, fixed_path)

    # The file holds only the fixed row: P1, imported before, is not missing,
    # and the reason column the export added is no unknown column.
    batch = latest_batch()
    assert batch.status == ImportBatch.Status.COMMITTED
    assert batch.summary["missing_policies"] == 0
    assert batch.summary["unknown_headers"] == []


def test_unchanged_error_file_rejected_again(client, manager, agent, tmp_path):
    first = import_with_bad_row(client, manager, tmp_path)
    response = client.get(reverse("imports:rejected_rows_download", args=[first.pk]))
    path = tmp_path / "unchanged.xlsx"
    path.write_bytes(b"".join(response.streaming_content))

    # The import reads the file as written, with the reason column ignored.
    upload(client, path)

    again = latest_batch()
    assert again.pk != first.pk
    assert again.rejected_rows.count() == 1
    rejected = again.rejected_rows.get()
    assert rejected.column == first.rejected_rows.get().column
    assert rejected.value == ID_DESTROYED
    assert rejected.cells[1:] == row("P2", "李四", ID_DESTROYED)


def test_rejected_rows_download_is_audited(client, manager, agent, tmp_path):
    batch = import_with_bad_row(client, manager, tmp_path)
    download_rejected(client, batch)
    entry = AuditEntry.objects.get(action="imports.batch.rejected_rows_exported")
    assert entry.actor == manager
    assert entry.target_id == str(batch.pk)
    assert entry.data == {"rows": 1}


def test_error_file_without_stored_upload(client, manager):
    batch = factories.make_import_batch(manager, status=ImportBatch.Status.REJECTED)
    batch.rejected_rows.create(
        row_number=4,
        column="保费",
        value="abc",
        message="保费不是金额",
        cells=["P9", "abc"],
    )
    client.force_login(manager)
    _response, sheet = download_rejected(client, batch)
    assert [cell.value for cell in sheet[1]] == ["错误原因", "第 1 列", "第 2 列"]
    assert [cell.value for cell in sheet[2]] == ["保费不是金额", "P9", "abc"]


def test_formula_like_cell_stays_text(client, manager):
    batch = factories.make_import_batch(manager, status=ImportBatch.Status.REJECTED)
    batch.rejected_rows.create(
        row_number=2, column="", value="", message="x", cells=['="110105198001011238"']
    )
    client.force_login(manager)
    _response, sheet = download_rejected(client, batch)
    cell = sheet.cell(row=2, column=2)
    assert cell.data_type == "s"
    assert cell.value == '="110105198001011238"'


def test_error_file_404_without_rejections(client, manager):
    batch = factories.make_import_batch(manager)
    client.force_login(manager)
    response = client.get(reverse("imports:rejected_rows_download", args=[batch.pk]))
    assert response.status_code == 404


def test_report_download_returns_summary(client, manager, agent, tmp_path):
    batch = import_with_bad_row(client, manager, tmp_path)
    response = client.get(reverse("imports:report_download", args=[batch.pk]))
    report = json.loads(response.content)
    assert report["rows"] == 3
    assert report["rejected"] == 1
    assert report["errors"][0]["row"] == 3
    assert report["errors"][0]["value"] == ID_DESTROYED
    assert "attachment" in response["Content-Disposition"]


def test_report_download_is_404_while_running(client, manager):
    batch = factories.make_import_batch(manager, status=ImportBatch.Status.RUNNING)
    client.force_login(manager)
    response = client.get(reverse("imports:report_download", args=[batch.pk]))
    assert response.status_code == 404
