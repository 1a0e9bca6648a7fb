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
    default_agent_code = models.CharField(_("agent for rows without one"), max_length=30, blank=True)
    rows_total = models.PositiveIntegerField(_("rows read"), default=0)
    rows_done = models.PositiveIntegerField(_("rows processed"), default=0)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    error_message = models.TextField(_("error"), blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.pk})"
