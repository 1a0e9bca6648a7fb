"""Talk prompts: a pre-framing opening line per entry, with the customer's facts.

Pre-framing (预先框视法) sets the frame of a visit before the customer can
refuse it: "I am not here to sell, give me five minutes". The prompt picks
the sheet entry's leading finding and fills in the name and the date.
"""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from revisit.book.models import Gender
from revisit.planning.models import SheetEntry
from revisit.planning.scoring.messages import day_label, event_label
from revisit.planning.scoring.snapshot import HARDSHIP_EVENTS

# Two-character surnames; any other name starts with a one-character one.
# A data table, so the Chinese stays here rather than in gettext.
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 "
    "钟离 端木 独孤 南宫 西门 百里 呼延 澹台 申屠 太史 闻人 赫连 万俟 单于 第五".split()
)


def surname_of(full_name: str) -> str:
    name = full_name.strip()
    if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES:
        return name[:2]
    return name[:1]


def polite_title(full_name: str, gender: str) -> str:
    """Return 王先生 or 李女士; the full name when the gender is unknown."""
    surname = surname_of(full_name)
    if not surname or not ("\u4e00" <= surname[0] <= "\u9fff"):
        return full_name
    if gender == Gender.MALE:
        return pgettext("polite title", "Mr. %(surname)s") % {"surname": surname}
    if gender == Gender.FEMALE:
        return pgettext("polite title", "Ms. %(surname)s") % {"surname": surname}
    return full_name


def talk_prompt(entry: SheetEntry) -> str:
    """Return the opening line for a visit or call to the entry's customer."""
    customer = entry.customer
    leading = entry.findings[0] if entry.findings else {"code": "", "params": {}}
    params = dict(leading.get("params") or {})
    values = {"title": polite_title(customer.full_name, customer.gender)}
    for key in ("date", "grace_ends"):
        if key in params:
            values[key] = day_label(params[key])
    values["years"] = params.get("years", "")
    if "event" in params:
        values["event"] = event_label(params["event"])
    templates = {
        "renewal_due": _(
            "%(title)s, your renewal premium is due on %(date)s. I am not here to "
            "sell you anything: give me five minutes to go through your policies "
            "with you."
        ),
        "grace_period": _(
            "%(title)s, the premium due on %(date)s is still open and the grace "
            "period ends on %(grace_ends)s. I would like to help you keep your "
            "cover in force."
        ),
        "reinstatable": _(
            "%(title)s, your lapsed policy can still be reinstated. Five minutes "
            "are enough to show you how to get the cover back."
        ),
        "birthday": _(
            "%(title)s, happy birthday in advance! I would like to drop by with a "
            "small gift on %(date)s."
        ),
        "lunar_birthday": _(
            "%(title)s, happy birthday in advance! I would like to drop by with a "
            "small gift on %(date)s."
        ),
        "policy_anniversary": _(
            "%(title)s, on %(date)s your policy will have been with you for "
            "%(years)s years. Give me five minutes to check that it still fits "
            "your family."
        ),
        "payment_completed": _(
            "%(title)s, your premium payments finish on %(date)s, congratulations! "
            "Let me take five minutes to show you what the policy does for you "
            "from now on."
        ),
        "matured": _(
            "%(title)s, your policy matured on %(date)s. I am not here to sell: "
            "give me five minutes to show you how other customers use their "
            "maturity payment."
        ),
        "family_uncovered": _(
            "%(title)s, you have looked after yourself well. Give me five minutes "
            "to show you how other customers cover their whole family."
        ),
        "never_contacted": _(
            "%(title)s, I am your servicing agent. I would like to update your "
            "details and check your policies with you: five minutes are enough."
        ),
        "long_silence": _(
            "%(title)s, it has been a while! I would like to update your details "
            "and check your policies with you: five minutes are enough."
        ),
        "life_event": _(
            "%(title)s, congratulations on %(event)s! I would like to visit and "
            "check that your cover fits this new stage of life."
        ),
    }
    if params.get("event") in HARDSHIP_EVENTS:
        templates["life_event"] = _(
            "%(title)s, I heard about %(event)s and wanted to ask how you and your "
            "family are doing. If anything can be claimed, I will help you with it."
        )
    default = _(
        "%(title)s, I am not here to sell anything today. Give me five minutes to "
        "show you why customers like you review their cover every year."
    )
    return templates.get(leading.get("code", ""), default) % values
