"""Sentences for findings: the reason shown on the sheet and the entry point.

Rendered in the active language, so callers wrap them in
`translation.override` when the text is stored.
"""

import datetime as dt

from django.utils.dateformat import format as format_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from revisit.planning.scoring.rules import Finding
from revisit.planning.scoring.snapshot import HARDSHIP_EVENTS


def day_label(iso_date: str | dt.date) -> str:
    """Return a short day such as 12月9日 ("Dec 9" in English)."""
    day = dt.date.fromisoformat(iso_date) if isinstance(iso_date, str) else iso_date
    # Django's own MONTH_DAY_FORMAT for zh_Hans pads the month ("09月5日").
    return format_date(day, pgettext("date format for a day of the year", "M j"))


def _list(items: list[str]) -> str:
    return pgettext("list separator", ", ").join(items)


def _category(code: str) -> str:
    labels = {
        "critical_illness": pgettext("missing cover", "critical illness cover"),
        "medical": pgettext("missing cover", "medical cover"),
        "education": pgettext("missing cover", "education savings"),
        "accident": pgettext("missing cover", "accident cover"),
    }
    return labels.get(code, code)


def _relation(code: str) -> str:
    labels = {
        "spouse": pgettext("family member", "spouse"),
        "child": pgettext("family member", "child"),
        "parent": pgettext("family member", "parent"),
        "sibling": pgettext("family member", "sibling"),
        "grandchild": pgettext("family member", "grandchild"),
        "grandparent": pgettext("family member", "grandparent"),
    }
    return labels.get(code, pgettext("family member", "family member"))


def event_label(code: str) -> str:
    labels = {
        "marriage": pgettext("life event", "a marriage"),
        "baby": pgettext("life event", "a new baby"),
        "home": pgettext("life event", "a new home"),
        "job": pgettext("life event", "a new job"),
        "promotion": pgettext("life event", "a promotion"),
        "retirement": pgettext("life event", "retirement"),
        "schooling": pgettext("life event", "a child starting school"),
        "illness": pgettext("life event", "an illness or hospital stay"),
        "accident": pgettext("life event", "an accident or injury"),
        "bereavement": pgettext("life event", "a death in the family"),
    }
    return labels.get(code, code)


def reason_text(finding: Finding) -> str:
    params = finding.params
    code = finding.code

    if code == "renewal_due":
        return _("Renewal premium due on %(date)s") % {
            "date": day_label(params["date"])
        }

    if code == "grace_period":
        return _(
            "Premium due on %(date)s is unpaid: in the grace period until "
            "%(grace_ends)s"
        ) % {
            "date": day_label(params["date"]),
            "grace_ends": day_label(params["grace_ends"]),
        }

    if code == "reinstatable":
        return ngettext(
            "%(count)s lapsed policy can still be reinstated",
            "%(count)s lapsed policies can still be reinstated",
            params["count"],
        ) % {"count": params["count"]}

    if code == "birthday":
        return _("Birthday on %(date)s, turning %(age)s") % {
            "date": day_label(params["date"]),
            "age": params["age"],
        }

    if code == "lunar_birthday":
        return _("Lunar birthday (%(lunar)s) on %(date)s") % {
            "date": day_label(params["date"]),
            "lunar": params["lunar"],
        }

    if code == "policy_anniversary":
        return ngettext(
            "Policy anniversary on %(date)s: %(years)s year in force",
            "Policy anniversary on %(date)s: %(years)s years in force",
            params["years"],
        ) % {"date": day_label(params["date"]), "years": params["years"]}

    if code == "payment_completed":
        return _("Premium payments finish on %(date)s") % {
            "date": day_label(params["date"])
        }

    if code == "matured":
        return _(
            "A policy matured on %(date)s: the maturity payment can be planned"
        ) % {"date": day_label(params["date"])}

    if code == "single_policy":
        return _("Holds a single policy: single-policy customers make most surrenders")

    if code == "missing_cover":
        categories = _list([_category(item) for item in params["categories"]])
        return _("Aged %(age)s with no %(categories)s yet") % {
            "age": params["age"],
            "categories": categories,
        }

    if code == "family_uncovered":
        names = _list(
            [
                _("%(name)s (%(relation)s)")
                % {
                    "name": member["name"],
                    "relation": _relation(member["relation"]),
                }
                for member in params["members"]
            ]
        )
        return ngettext(
            "%(count)s family member has no policy: %(names)s",
            "%(count)s family members have no policy: %(names)s",
            params["count"],
        ) % {"count": params["count"], "names": names}

    if code == "never_contacted":
        return _("No contact on record")

    if code == "long_silence":
        return ngettext(
            "No contact for %(months)s month, since %(date)s",
            "No contact for %(months)s months, since %(date)s",
            params["months"],
        ) % {"months": params["months"], "date": day_label(params["date"])}

    if code == "life_event":
        return _("A contact note on %(date)s mentions %(event)s") % {
            "date": day_label(params["date"]),
            "event": event_label(params["event"]),
        }

    raise ValueError(f"no sentence for finding code {code!r}")


_ENTRY_POINTS = {
    "renewal_due": gettext_lazy("Renewal reminder, then a review of their policies"),
    "grace_period": gettext_lazy(
        "Help them pay within the grace period so the policy stays in force"
    ),
    "reinstatable": gettext_lazy("Offer to help reinstate the lapsed policy"),
    "birthday": gettext_lazy("Birthday greeting with a small gift"),
    "lunar_birthday": gettext_lazy("Birthday greeting with a small gift"),
    "policy_anniversary": gettext_lazy("Policy anniversary visit: review their cover"),
    "payment_completed": gettext_lazy(
        "Payments complete: plan the next step of their cover"
    ),
    "matured": gettext_lazy("Plan what to do with the maturity payment"),
    "single_policy": gettext_lazy("Policy review: fill the gaps of a single policy"),
    "missing_cover": gettext_lazy("Needs analysis for the missing cover"),
    "family_uncovered": gettext_lazy(
        "Family cover plan, starting with the uncovered members"
    ),
    "never_contacted": gettext_lazy(
        "Reconnect with a service visit and update their details"
    ),
    "long_silence": gettext_lazy(
        "Reconnect with a service visit and update their details"
    ),
    "life_event": gettext_lazy(
        "Congratulate them and review cover for the new stage of life"
    ),
}
_HARDSHIP_ENTRY_POINT = gettext_lazy(
    "Visit to show they are cared for, and ask whether a claim is due"
)
_ROUTINE_ENTRY_POINT = gettext_lazy(
    "Routine service visit: catch up and review their policies"
)


def entry_point_text(finding: Finding | None) -> str:
    """Return the suggested entry point for `finding`, or the routine one for None."""
    code = finding.code if finding else ""
    if code == "life_event" and finding.params.get("event") in HARDSHIP_EVENTS:
        return str(_HARDSHIP_ENTRY_POINT)
    return str(_ENTRY_POINTS.get(code, _ROUTINE_ENTRY_POINT))
