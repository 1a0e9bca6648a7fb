"""The import screens: upload, header mapping, progress, results and history."""

import json
import tempfile
from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from revisit.core.audit import audit_log
from revisit.core.exceptions import DomainError
from revisit.imports import mapping, results, services
from revisit.imports.errors_export import XLSX_CONTENT_TYPE, write_rejected_rows_xlsx
from revisit.imports.forms import CodeTableFormSet, HeaderMappingForm, ImportUploadForm
from revisit.imports.models import ImportBatch
from revisit.imports.profiles import (
    source_profile_set_code_table,
    source_profile_unmap_headers,
)
from revisit.imports.recovery import batch_fail_if_interrupted, batches_fail_interrupted
from revisit.imports.selectors import batch_get_for, batch_list_for, source_profile_for
from revisit.imports.tasks import batch_progress, import_start
from revisit.imports.upload_storage import header_columns_for, upload_path
from revisit.imports.uploads import import_upload_accept, import_upload_discard

BATCHES_PER_PAGE = 25
REJECTED_ROWS_PER_PAGE = 50
FINISHED = {
    ImportBatch.Status.COMMITTED,
    ImportBatch.Status.REJECTED,
    ImportBatch.Status.FAILED,
}


def _require_office(user) -> None:
    if user.office_id is None:
        raise PermissionDenied(_("Your account belongs to no sales office."))


def _require_manager(user) -> None:
    _require_office(user)
    if not (user.is_manager or user.is_superuser):
        raise PermissionDenied(_("Only office managers can change this."))


@login_required
@require_GET
def batch_list(request):
    _require_office(request.user)
    batches = batch_list_for(request.user)
    batches_fail_interrupted(batches)
    page = Paginator(batches, BATCHES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "imports/batch_list.html",
        {
            "page": page,
            "can_edit_profile": request.user.is_manager or request.user.is_superuser,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def batch_upload(request):
    _require_office(request.user)
    form = ImportUploadForm(
        request.POST or None, request.FILES or None, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        batch = import_upload_accept(
            actor=request.user,
            upload=form.cleaned_data["file"],
            strict=form.cleaned_data["strict"],
            default_agent_code=form.default_agent_code,
            only_agent=form.only_agent,
        )
        return redirect("imports:batch_detail", batch.pk)
    return render(request, "imports/batch_upload.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def batch_mapping(request, batch_id: int):
    batch = batch_get_for(request.user, batch_id)
    if batch.status != ImportBatch.Status.PENDING:
        return redirect("imports:batch_detail", batch.pk)

    path = upload_path(batch)
    if not path.exists():
        return _render_mapping(
            request, batch, error=_("The uploaded file is no longer on the server.")
        )
    try:
        preview = services.header_preview(
            office=batch.office, path=path, profile_name=batch.profile_name
        )
    except DomainError as error:
        return _render_mapping(request, batch, error=str(error))

    header_map = source_profile_for(batch.office_id, batch.profile_name).header_map
    if not mapping.needs_mapping(preview, header_map):
        # Someone saved the missing mapping since this file was uploaded.
        import_start(batch=batch, path=path)
        return redirect("imports:batch_detail", batch.pk)

    form = HeaderMappingForm(
        request.POST or None,
        unknown=mapping.unknown_columns(preview, header_map),
        known=mapping.known_columns(preview),
        field_choices=mapping.field_choices(),
        required_fields=mapping.required_fields(),
    )
    if request.method == "POST" and form.is_valid():
        services.source_profile_save(
            office=batch.office,
            actor=request.user,
            name=batch.profile_name,
            header_map=form.header_map,
        )
        import_start(batch=batch, path=path)
        messages.success(request, _("The mapping is saved for the next files too."))
        return redirect("imports:batch_detail", batch.pk)

    return _render_mapping(request, batch, form=form, preview=preview)


def _render_mapping(request, batch, *, form=None, preview=None, error=""):
    context = {"batch": batch, "form": form, "error": error}
    if preview is not None:
        context["header_row"] = preview["header_row"]
        context["known"] = [
            (column.header, mapping.field_label(column.field))
            for column in mapping.known_columns(preview)
        ]
        context["missing"] = [
            mapping.field_label(field) for field in mapping.missing_required(preview)
        ]
    return render(request, "imports/batch_mapping.html", context)


@login_required
@require_POST
def batch_discard(request, batch_id: int):
    batch = batch_get_for(request.user, batch_id)
    if batch.status != ImportBatch.Status.PENDING:
        messages.error(
            request, _("Only an import that has not started can be discarded.")
        )
        return redirect("imports:batch_detail", batch.pk)
    import_upload_discard(batch=batch, actor=request.user)
    messages.success(request, _("The file is discarded."))
    return redirect("imports:batch_list")


@login_required
@require_GET
def batch_detail(request, batch_id: int):
    batch = batch_get_for(request.user, batch_id)
    batch_fail_if_interrupted(batch)
    if batch.status == ImportBatch.Status.PENDING:
        return redirect("imports:batch_mapping", batch.pk)
    if batch.status not in FINISHED:
        return render(
            request,
            "imports/batch_progress.html",
            {
                "batch": batch,
                **_progress_context(batch),
            },
        )

    rejected = Paginator(batch.rejected_rows.all(), REJECTED_ROWS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "imports/batch_results.html",
        {
            "batch": batch,
            "counts": results.counts(
                batch.summary,
                committed=batch.status == ImportBatch.Status.COMMITTED,
            ),
            # A batch that did not commit stores these counts as 0.
            "agents_created": batch.summary.get("agents_created") or 0,
            "reassigned": batch.summary.get("policies_reassigned") or 0,
            "reassigned_sample": batch.summary.get("policies_reassigned_sample", []),
            "missing_policies": batch.summary.get("missing_policies") or 0,
            "missing_sample": batch.summary.get("missing_policies_sample") or [],
            "unknown_headers": batch.summary.get("unknown_headers") or [],
            "seconds": batch.summary.get("seconds"),
            "rejected": rejected,
        },
    )


@login_required
@require_GET
def batch_progress_partial(request, batch_id: int):
    batch = batch_get_for(request.user, batch_id)
    batch_fail_if_interrupted(batch)
    if batch.status in FINISHED:
        url = reverse("imports:batch_detail", args=[batch.pk])
        if request.htmx:
            return HttpResponseClientRedirect(url)
        return redirect(url)
    return render(
        request,
        "imports/_batch_progress.html",
        {
            "batch": batch,
            **_progress_context(batch),
        },
    )


def _progress_context(batch: ImportBatch) -> dict:
    done, total = batch_progress(batch)
    # For CSV the pipeline estimates the total from the file's line ends, so
    # the count of rows done can pass it.
    total = max(total, done)
    return {
        "rows_done": done,
        "rows_total": total,
        "percent": int(done * 100 / total) if total else 0,
    }


@login_required
@require_GET
def rejected_rows_download(request, batch_id: int):
    batch = batch_get_for(request.user, batch_id)
    if not batch.rejected_rows.exists():
        raise Http404("This import rejected no rows.")

    headers, fields = _file_header(batch)
    # The workbook goes to a temporary file, which is deleted when
    # FileResponse closes it after sending.
    output = tempfile.TemporaryFile(suffix=".xlsx")
    try:
        write_rejected_rows_xlsx(
            output,
            rejected_rows=batch.rejected_rows.all().iterator(chunk_size=2000),
            headers=headers,
            fields=fields,
        )
        audit_log(
            actor=request.user,
            action="imports.batch.rejected_rows_exported",
            target=batch,
            data={"rows": batch.rejected_rows.count()},
        )
    except BaseException:
        output.close()
        raise
    output.seek(0)

    stem = PurePath(batch.file_name).stem
    return FileResponse(
        output,
        as_attachment=True,
        filename=_("%(name)s-rejected.xlsx") % {"name": stem},
        content_type=XLSX_CONTENT_TYPE,
    )


def _file_header(batch: ImportBatch) -> tuple[list[str], list[str | None]]:
    """Return the file's header and fields, aligned with the rejected rows' cells.

    Without a stored header (an import from the command line, or a file that
    could not be read), the columns are numbered instead.
    """
    width = 0
    for cells in batch.rejected_rows.values_list("cells", flat=True).iterator():
        width = max(width, len(cells or []))

    columns = header_columns_for(batch)
    if not columns:
        headers = [_("Column %(number)s") % {"number": n} for n in range(1, width + 1)]
        return headers, [None] * width

    width = max(width, max(column["index"] for column in columns) + 1)
    headers: list[str] = [""] * width
    fields: list[str | None] = [None] * width
    for column in columns:
        headers[column["index"]] = column["header"]
        fields[column["index"]] = column["field"]
    return headers, fields


@login_required
@require_GET
def report_download(request, batch_id: int):
    batch = batch_get_for(request.user, batch_id)
    if batch.status not in FINISHED:
        raise Http404("The import has not finished.")
    audit_log(actor=request.user, action="imports.batch.report_exported", target=batch)
    content = json.dumps(batch.summary, ensure_ascii=False, indent=2).encode()
    stem = PurePath(batch.file_name).stem
    return _attachment(
        content, "application/json", _("%(name)s-report.json") % {"name": stem}
    )


def _attachment(content: bytes, content_type: str, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=file_name
    )
    return response


@login_required
@require_GET
def source_profile_detail(request):
    _require_manager(request.user)
    return _render_source_profile(request)


@login_required
@require_POST
def code_table_save(request, table_name: str):
    _require_manager(request.user)
    table = mapping.code_table(table_name)
    if table is None:
        raise Http404("No such code table.")

    formset = _code_table_formset(table, data=request.POST)
    if not formset.is_valid():
        return _render_source_profile(request, bound=formset, status=400)

    try:
        source_profile_set_code_table(
            office_id=request.user.office_id,
            actor=request.user,
            table_name=table.name,
            table=formset.table,
        )
    except DomainError as error:
        messages.error(request, str(error))
        return _render_source_profile(request, bound=formset, status=400)
    messages.success(
        request, _("The code table %(name)s is saved.") % {"name": table.label}
    )
    return redirect("imports:source_profile")


def _render_source_profile(request, *, bound=None, status=200):
    """Render the profile page; `bound` replaces its table's formset after a POST."""
    profile = source_profile_for(request.user.office_id)
    tables = []
    for table in mapping.code_tables():
        if bound is not None and bound.prefix == table.name:
            formset = bound
        else:
            formset = _code_table_formset(
                table, initial=profile.code_tables.get(table.name, {})
            )
        tables.append((table, formset))

    header_map = sorted(
        (header, mapping.field_label(field) if field else _("Ignored"))
        for header, field in profile.header_map.items()
    )
    return render(
        request,
        "imports/source_profile.html",
        {"header_map": header_map, "tables": tables},
        status=status,
    )


def _code_table_formset(table, *, initial=None, data=None) -> CodeTableFormSet:
    rows = [
        {"code": code, "value": value}
        for code, value in sorted((initial or {}).items())
    ]
    return CodeTableFormSet(
        data,
        prefix=table.name,
        initial=rows,
        form_kwargs={"value_choices": table.choices},
    )


@login_required
@require_POST
def header_map_remove(request):
    _require_manager(request.user)
    headers = request.POST.getlist("header")
    if headers:
        source_profile_unmap_headers(
            office_id=request.user.office_id, actor=request.user, headers=headers
        )
        messages.success(request, _("The chosen column names are unknown again."))
    return redirect("imports:source_profile")
