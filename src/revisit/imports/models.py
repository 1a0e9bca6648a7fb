from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from revisit.core.models import BaseModel


class ImportBatch(BaseModel):
    """One run of the import pipeline over one file."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        COMMITTED = "committed", _("Imported")
        FAILED = "failed", _("Failed")
        REJECTED = "rejected", _("Nothing imported")

    office = models.ForeignKey(
        "accounts.Office", verbose_name=_("sales office"), on_delete=models.PROTECT,
        related_name="import_batches",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("imported by"), null=True,
        blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    file_name = models.CharField(_("file name"), max_length=255)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    strict = models.BooleanField(
        _("strict"), default=False,
        help_text=_("Import nothing unless every row is valid."),
    )
    default_agent_code = models.CharField(
        _("agent for rows without one"), max_length=30, blank=True
    )
    only_agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("only for agent"), null=True,
        blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text=_(
            "Every row goes to this agent, and rows naming another agent are "
            "rejected: an agent importing their own file."
        ),
    )
    profile_name = models.CharField(
        _("source profile"), max_length=100, default="default",
        help_text=_("The saved column mapping and code tables to use."),
    )
    rows_total = models.PositiveIntegerField(_("rows read"), default=0)
    rows_done = models.PositiveIntegerField(_("rows processed"), default=0)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    error_message = models.TextField(_("error"), blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    runner = models.JSONField(
        _("runner"), default=dict, blank=True,
        help_text=_(
            "The process running the import: host, boot id, process id and "
            "start time, so an import whose process died can be marked failed."
        ),
    )
    header_columns = models.JSONField(
        _("header columns"), default=list, blank=True,
        help_text=_(
            "The file's header, kept for the rejected-rows export after the "
            "uploaded file is deleted."
        ),
    )

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.pk})"


class RejectedRow(models.Model):
    """A row the import did not take, with the first reason found."""

    batch = models.ForeignKey(
        ImportBatch, verbose_name=_("import"), on_delete=models.CASCADE,
        related_name="rejected_rows",
    )
    row_number = models.PositiveIntegerField(
        _("row"), help_text=_("Row number as the spreadsheet shows it (1-based).")
    )
    column = models.CharField(_("column"), max_length=100, blank=True)
    value = models.CharField(_("value"), max_length=500, blank=True)
    message = models.CharField(_("reason"), max_length=500)
    cells = models.JSONField(
        _("row cells"), default=list, blank=True,
        help_text=_("The row as read, so it can be exported, fixed and re-imported."),
    )

    class Meta:
        verbose_name = _("rejected row")
        verbose_name_plural = _("rejected rows")
        ordering = ["batch", "row_number", "pk"]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.row_number}"


class SourceProfile(BaseModel):
    """An office's saved header mapping and code tables for one extract source.

    `header_map` maps a header as the file writes it (trimmed, full-width
    characters folded, runs of spaces made one) to a field name of
    revisit.imports.fields.FIELDS, or to "" to skip the column; it wins over
    the built-in synonym table. "header#2" maps the second column of that
    name.
    `code_tables` maps a field name to {code: canonical value}, for example
    {"status": {"6": "in_force"}, "gender": {"1": "M", "2": "F"}}.
    """

    office = models.ForeignKey(
        "accounts.Office", verbose_name=_("sales office"), on_delete=models.CASCADE,
        related_name="source_profiles",
    )
    name = models.CharField(_("name"), max_length=100, default="default")
    header_map = models.JSONField(_("header mapping"), default=dict, blank=True)
    code_tables = models.JSONField(_("code tables"), default=dict, blank=True)

    class Meta:
        verbose_name = _("source profile")
        verbose_name_plural = _("source profiles")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "name"], name="imports_profile_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name
