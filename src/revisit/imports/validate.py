"""Row checks that span cells: people, ID numbers and their cross-checks.

A resident ID number is validated by its check digit and upgraded from 15
to 18 characters; the birth date and gender it encodes fill empty columns
and must agree with filled ones. Numbers of other ID types (passport,
military, Hong Kong/Macau/Taiwan permits, birth certificate) are kept as
written and not checked.
"""

from collections import namedtuple

from django.utils.translation import gettext_lazy as _

from revisit.book.models import Gender, IdType
from revisit.core.exceptions import DomainError
from revisit.core.identity import parse_resident_id
from revisit.core.normalize import MESSAGES as NORMALIZE_MESSAGES
from revisit.imports.fields import FIELDS
from revisit.imports.normalize.cells import MESSAGES as CELL_MESSAGES
from revisit.imports.normalize.cells import UNKNOWN_CODE_PREFIX

MESSAGES = {
    "birth_mismatch": _(
        "The birth date %(given)s does not match the one in the ID number "
        "(%(derived)s)."
    ),
    "gender_mismatch": _(
        "The gender %(given)s does not match the ID number, which is a "
        "%(derived)s's."
    ),
    "missing": _("%(field)s is empty."),
}

Person = namedtuple(
    "Person",
    "name gender birth_date id_type id_number phone phone_alt address occupation income",
)

CACHE_LIMIT = 100_000
_GENDER_WORDS = {Gender.MALE: _("man"), Gender.FEMALE: _("woman")}


class RowRejected(Exception):
    """One row cannot be imported: the field at fault, its cell and the reason."""

    def __init__(self, field: str, value, reason):
        super().__init__(str(reason))
        self.field = field
        self.value = value
        self.reason = reason


def missing(field: str) -> RowRejected:
    reason = MESSAGES["missing"] % {"field": FIELDS[field].label}
    return RowRejected(field, "", reason)


def _looks_resident(number: str) -> bool:
    if len(number) == 18:
        return number[:17].isdigit() and (number[17].isdigit() or number[17] == "X")
    return len(number) == 15 and number.isdigit()


class PersonBuilder:
    """Build Person tuples from a row's values, caching ID checks."""

    def __init__(self):
        self._ids: dict[str, object] = {}

    def _resident(self, number: str):
        result = self._ids.get(number)
        if result is None:
            try:
                result = parse_resident_id(number)
            except DomainError as error:
                if error.code == "id_check_digit" and number.endswith("000"):
                    # Excel shows a number it cut to 15 digits with zeros.
                    error = DomainError(
                        NORMALIZE_MESSAGES["scientific"], code="number_lost_digits",
                        params={"value": number},
                    )
                result = error
            if len(self._ids) >= CACHE_LIMIT:
                self._ids.clear()
            self._ids[number] = result
        return result

    def build(self, values: dict, prefix: str) -> Person | None:
        """Return the person under `prefix` ("holder_" or "insured_"), or None.

        Raises RowRejected when an ID number or a cross-check fails.
        """
        name = values.get(prefix + "name")
        number = values.get(prefix + "id_number")
        if name is None and number is None:
            return None
        if name is None:
            raise missing(prefix + "name")
        id_type = values.get(prefix + "id_type")
        gender = values.get(prefix + "gender") or ""
        birth = values.get(prefix + "birth_date")
        unknown_type = id_type is not None and id_type.startswith(UNKNOWN_CODE_PREFIX)
        if number is None:
            number = ""
            if id_type is None or unknown_type:
                id_type = IdType.RESIDENT
        elif id_type == IdType.RESIDENT or (
            (id_type is None or unknown_type) and _looks_resident(number)
        ):
            number, gender, birth = self._check_resident(
                values, prefix, number, gender, birth
            )
            id_type = IdType.RESIDENT
        elif unknown_type:
            code = id_type[len(UNKNOWN_CODE_PREFIX):]
            reason = CELL_MESSAGES["code_unknown"] % {
                "value": code, "field": FIELDS[prefix + "id_type"].label,
            }
            raise RowRejected(prefix + "id_type", code, reason)
        elif id_type is None:
            id_type = IdType.OTHER
        phones = values.get(prefix + "phone") or ("", "")
        return Person(
            name, gender, birth, id_type, number, phones[0], phones[1],
            values.get(prefix + "address") or "",
            values.get(prefix + "occupation") or "",
            values.get(prefix + "income"),
        )

    def _check_resident(self, values, prefix, number, gender, birth):
        parsed = self._resident(number)
        if isinstance(parsed, DomainError):
            raise RowRejected(prefix + "id_number", number, parsed)
        derived_birth = parsed.birth_date.isoformat()
        if birth is None:
            birth = derived_birth
        elif birth != derived_birth:
            reason = MESSAGES["birth_mismatch"] % {"given": birth, "derived": derived_birth}
            raise RowRejected(prefix + "birth_date", birth, reason)
        if not gender:
            gender = parsed.gender
        elif gender != parsed.gender:
            reason = MESSAGES["gender_mismatch"] % {
                "given": Gender(gender).label, "derived": _GENDER_WORDS[parsed.gender],
            }
            raise RowRejected(prefix + "gender", gender, reason)
        return parsed.number, gender, birth
