"""The weekly review sheet 532客户经营周工作检视表 and its settings.

An agent's sheet for an ISO week lists the customers screened that week
(16 by default), each with the facts that ranked it, the agent's analysis
and entry point, and the actions planned and done. A customer counts as
screened in a rotation once they stand on a sheet entry of that rotation;
when every customer of the book has been screened, the next rotation starts.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from revisit.book.models import Grade
from revisit.core.models import BaseModel
from revisit.planning.weeks import IsoWeek

DEFAULT_SHEET_SIZE = 16


def default_grade_mix() -> dict[str, int]:
    # Leans to grades 3 and 5: working customers who are rarely or never
    # met is what the 532 method is for.
    return {"2": 3, "3": 6, "5": 7}


def default_appointment_weekdays() -> list[int]:
    return [0, 1]  # Monday and Tuesday, ISO weekday - 1


class PlanningSettings(BaseModel):
    """An office's rules for proposing weekly sheets."""

    office = models.OneToOneField(
        "accounts.Office",
        verbose_name=_("sales office"),
        on_delete=models.CASCADE,
        related_name="planning_settings",
    )
    sheet_size = models.PositiveSmallIntegerField(
        _("customers per sheet"),
        default=DEFAULT_SHEET_SIZE,
    )
    grade_mix = models.JSONField(
        _("grade mix"),
        default=default_grade_mix,
        help_text=_(
            "Customers per grade on a proposed sheet, for example "
            '{"2": 3, "3": 6, "5": 7}. Grades that run out are filled from the others.'
        ),
    )
    appointment_weekdays = models.JSONField(
        _("phone appointment days"),
        default=default_appointment_weekdays,
        help_text=_("Weekdays for phone appointments, 0 = Monday ... 6 = Sunday."),
    )
    visits_per_day_min = models.PositiveSmallIntegerField(
        _("visits per day, minimum"),
        default=3,
    )
    visits_per_day_max = models.PositiveSmallIntegerField(
        _("visits per day, maximum"),
        default=4,
    )
    silence_months = models.PositiveSmallIntegerField(
        _("months without contact that count as long silence"),
        default=12,
    )
    life_event_days = models.PositiveSmallIntegerField(
        _("days a life event in a contact note stays recent"),
        default=180,
    )
    scorer_weights = models.JSONField(
        _("scorer weights"),
        default=dict,
        blank=True,
        help_text=_("Weight per ranking rule code; rules left out keep their default."),
    )

    class Meta:
        verbose_name = _("planning settings")
        verbose_name_plural = _("planning settings")

    def __str__(self) -> str:
        return str(self.office)

    @classmethod
    def for_office(cls, office) -> "PlanningSettings":
        """Return the office's settings, or unsaved defaults when none are stored."""
        found = cls.objects.filter(office=office).first()
        return found or cls(office=office)

    def clean(self) -> None:
        mix = self.mix()
        if sum(mix.values()) != self.sheet_size:
            raise ValidationError(
                {
                    "grade_mix": _(
                        "The grade mix adds up to %(total)s customers but a sheet has "
                        "%(size)s."
                    )
                    % {"total": sum(mix.values()), "size": self.sheet_size}
                },
                code="grade_mix_total",
            )
        if self.visits_per_day_min > self.visits_per_day_max:
            raise ValidationError(
                {"visits_per_day_min": _("The minimum is above the maximum.")},
                code="visits_range",
            )

    def mix(self) -> dict[int, int]:
        """Return the grade mix as {grade: count}, ignoring unknown grades."""
        known = {value for value, _label in Grade.choices}
        mix = {}
        for key, count in (self.grade_mix or {}).items():
            grade = int(key)
            if grade in known and int(count) > 0:
                mix[grade] = int(count)
        return mix


class SheetStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")


# The agent may edit a sheet in these states; submitted and approved sheets
# stay locked until the supervisor returns them.
EDITABLE_STATUSES = frozenset(
    {SheetStatus.PROPOSED, SheetStatus.IN_PROGRESS, SheetStatus.RETURNED}
)


class WeeklySheet(BaseModel):
    """An agent's weekly review sheet 周工作检视表 for one ISO week."""

    office = models.ForeignKey(
        "accounts.Office",
        verbose_name=_("sales office"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent"),
        on_delete=models.PROTECT,
        related_name="weekly_sheets",
    )
    week_start = models.DateField(_("week starting"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SheetStatus.choices,
        default=SheetStatus.PROPOSED,
        db_index=True,
    )
    rotation = models.PositiveIntegerField(
        _("rotation"),
        default=1,
        help_text=_("Round through the whole book that this sheet belongs to."),
    )
    summary = models.TextField(_("summary of the week"), blank=True)
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        help_text=_(
            "Raised by every change; a save that carries an older one is rejected."
        ),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("weekly review sheet")
        verbose_name_plural = _("weekly review sheets")
        ordering = ["-week_start", "agent"]
        constraints = [
            models.UniqueConstraint(
                fields=["agent", "week_start"], name="planning_sheet_unique_week"
            ),
        ]
        indexes = [
            models.Index(
                fields=["office", "week_start"], name="planning_sheet_week_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agent_id} {self.week}"

    @property
    def week(self) -> IsoWeek:
        return IsoWeek.containing(self.week_start)

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class SheetEntry(BaseModel):
    """One customer row of a sheet."""

    sheet = models.ForeignKey(
        WeeklySheet,
        verbose_name=_("sheet"),
        on_delete=models.CASCADE,
        related_name="entries",
    )
    customer = models.ForeignKey(
        "book.Customer",
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="sheet_entries",
    )
    position = models.PositiveSmallIntegerField(_("position"))
    rotation = models.PositiveIntegerField(
        _("rotation"),
        help_text=_("Rotation in which this row counts the customer as screened."),
    )
    grade = models.PositiveSmallIntegerField(
        _("grade when proposed"),
        choices=Grade.choices,
    )
    score = models.FloatField(_("score"), default=0)
    reasons = models.JSONField(
        _("reasons"),
        default=list,
        blank=True,
        help_text=_("Sentences that explain the score, in the office's language."),
    )
    findings = models.JSONField(
        _("findings"),
        default=list,
        blank=True,
        help_text=_("Rule codes, weights and facts behind the score."),
    )
    suggested_entry_point = models.CharField(
        _("suggested entry point"),
        max_length=200,
        blank=True,
    )
    analysis = models.TextField(_("analysis"), blank=True)
    entry_point = models.CharField(_("entry point"), max_length=200, blank=True)
    result = models.CharField(_("result"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("sheet entry")
        verbose_name_plural = _("sheet entries")
        ordering = ["sheet", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["sheet", "customer"], name="planning_entry_unique_customer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sheet_id} #{self.position} {self.customer_id}"

    @property
    def chosen_entry_point(self) -> str:
        return self.entry_point or self.suggested_entry_point


class ActionKind(models.TextChoices):
    PHONE_APPOINTMENT = "phone_appointment", _("Phone appointment")
    VISIT = "visit", _("Visit")
    INVITATION = "invitation", _("Activity or seminar invitation")


class PlannedAction(BaseModel):
    """A call, visit or invitation planned for a sheet entry, ticked when done."""

    entry = models.ForeignKey(
        SheetEntry,
        verbose_name=_("sheet entry"),
        on_delete=models.CASCADE,
        related_name="actions",
    )
    kind = models.CharField(
        _("kind of action"), max_length=20, choices=ActionKind.choices
    )
    planned_date = models.DateField(_("planned date"))
    planned_time = models.TimeField(_("planned time"), null=True, blank=True)
    is_done = models.BooleanField(_("done"), default=False)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    contact = models.ForeignKey(
        "outreach.Contact",
        verbose_name=_("logged contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="planned_actions",
    )

    class Meta:
        verbose_name = _("planned action")
        verbose_name_plural = _("planned actions")
        ordering = ["planned_date", "planned_time", "pk"]
        indexes = [
            models.Index(fields=["planned_date"], name="planning_action_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.planned_date}"


def new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarToken(BaseModel):
    """The secret in an agent's calendar feed URL; anyone holding it reads the feed."""

    agent = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent"),
        on_delete=models.CASCADE,
        related_name="calendar_token",
    )
    token = models.CharField(
        _("token"),
        max_length=64,
        unique=True,
        default=new_calendar_token,
    )

    class Meta:
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")

    def __str__(self) -> str:
        return str(self.agent_id)
