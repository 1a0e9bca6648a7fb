"""Small formatters for sentences shown to customers: money, names, lists."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext

from revisit.book.models import Gender

# Two-character surnames common enough to matter when addressing someone;
# every other surname is the first character of the name.
COMPOUND_SURNAMES = frozenset(
    {
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "夏侯",
        "轩辕",
        "令狐",
        "端木",
    }
)

TEN_THOUSAND = Decimal("10000")


def _whole(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def format_yuan(amount: Decimal | int) -> str:
    """Format a sum of money the way a customer reads it.

    Chinese readers count large sums in 万 (ten thousand yuan): 300万元.
    Other languages get whole yuan with thousands separators.
    """
    amount = _whole(Decimal(amount))
    language = translation.get_language() or ""
    if language.startswith("zh") and abs(amount) >= TEN_THOUSAND:
        tens = (amount / TEN_THOUSAND).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        text = format(tens.normalize(), "f")
        # Translators: an amount in units of ten thousand yuan, as in 300万元.
        return gettext("%(amount)s ten-thousand yuan") % {"amount": text}
    text = number_format(amount, decimal_pos=0, force_grouping=True)
    return gettext("%(amount)s yuan") % {"amount": text}


def format_percent(share: Decimal) -> str:
    """Format a fraction as a whole percentage: 0.153 reads 15%."""
    whole = (share * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return f"{whole}%"


def surname_of(full_name: str) -> str:
    name = full_name.strip()
    if name[:2] in COMPOUND_SURNAMES:
        return name[:2]
    return name[:1]


def name_title(full_name: str, gender: str, *, is_child: bool = False) -> str:
    """Return the polite form of address: 王先生, 李女士, or the full name.

    Children are called by their full name, never 先生 or 女士.
    """
    name = full_name.strip()
    # Latin-script names and unknown genders are addressed by full name,
    # because neither the surname nor the title can be known reliably.
    if not name or not ("\u4e00" <= name[0] <= "\u9fff"):
        return name
    if is_child:
        return name
    if gender == Gender.MALE:
        return gettext("Mr %(surname)s") % {"surname": surname_of(name)}
    if gender == Gender.FEMALE:
        return gettext("Ms %(surname)s") % {"surname": surname_of(name)}
    return name


def join_list(items: list[str]) -> str:
    # Translators: separator between items of a short list, such as 医疗、意外.
    return gettext(", ").join(items)
