from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from revisit.core.models import BaseModel


class Technique(models.TextChoices):
    PRE_FRAMING = "pre_framing", _("Pre-framing")
    HYPOTHETICAL_QUESTION = "hypothetical_question", _("Hypothetical question")
    DESCENDING_INTRODUCTION = "descending_introduction", _("Descending introduction")
    INTERACTIVE_INTRODUCTION = "interactive_introduction", _("Interactive introduction")
    FEELING_INTRODUCTION = "feeling_introduction", _("Feeling introduction")
    ASSUMPTIVE_CLOSE = "assumptive_close", _("Assumptive close")


class TalkScript(BaseModel):
    """A talk script (话术) for one technique, with placeholders.

    Scripts without an office form the library every office starts from. An
    office manager who edits a library script saves an office copy that
    `replaces` it for that office; the library text stays as it was.
    """

    office = models.ForeignKey(
        "accounts.Office",
        verbose_name=_("sales office"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    technique = models.CharField(
        _("technique"), max_length=30, choices=Technique.choices
    )
    title = models.CharField(_("title"), max_length=200)
    situation = models.CharField(
        _("when to use it"),
        max_length=300,
        blank=True,
    )
    body = models.TextField(
        _("script"),
        help_text=_(
            "Placeholders filled on the visit preparation page: {name_title}, "
            "{policy}, {due_date}, {product}, {gap}."
        ),
    )
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("replaces library script"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="office_copies",
    )
    is_active = models.BooleanField(_("in use"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last edited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("talk script")
        verbose_name_plural = _("talk scripts")
        ordering = ["technique", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "replaces"],
                condition=models.Q(replaces__isnull=False),
                name="development_script_one_copy_per_office",
            ),
        ]

    def __str__(self) -> str:
        return self.title
