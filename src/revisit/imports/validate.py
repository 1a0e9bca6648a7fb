"""Row checks that span cells: people, ID numbers and their cross-checks.

A resident ID number is validated by its check digit and upgraded from 15
to 18 characters. The birth date and gender it encodes fill empty columns
and must agree with filled ones. Numbers of other ID types (passport,
military, Hong Kong/Macau/Taiwan permits, birth certificate) are kept as
written and not checked.
"""

import datetime as dt
from collections import namedtuple
from operator import itemgetter

from django.utils.translation import gettext_lazy as _

from revisit.book.models import Gender, IdType
from revisit.core.exceptions import DomainError
from revisit.core.identity import resident_id_facts
from revisit.core.normalize import MESSAGES as NORMALIZE_MESSAGES
from revisit.imports.fields import FIELDS
from revisit.imports.names import cached_name_keys
from revisit.imports.normalize.cells import MESSAGES as CELL_MESSAGES
from revisit.imports.normalize.cells import UNKNOWN_CODE_PREFIX

MESSAGES = {
    "birth_mismatch": _(
        "The birth date %(given)s does not match the one in the ID number "
        "(%(derived)s)."
    ),
    "gender_mismatch": _(
        "The gender %(given)s does not match the ID number, which gives %(derived)s."
    ),
    "missing": _("%(field)s is empty."),
}

# name_pinyin and name_initials are the search keys of a new customer;
# people loaded from the database leave them empty.
Person = namedtuple(
    "Person",
    "name gender birth_date id_type id_number phone phone_alt address occupation "
    "income name_pinyin name_initials",
    defaults=("", ""),
)

CACHE_LIMIT = 20_000


class RowRejected(Exception):
    """One row cannot be imported: the field at fault, its cell and the reason."""

    def __init__(self, field: str, value, reason):
        super().__init__(str(reason))
        self.field = field
        self.value = value
        self.reason = reason

    def __reduce__(self):
        # Exception pickles only its args; the import's worker process sends
        # these to the importing one.
        return (self.__class__, (self.field, self.value, self.reason))


def missing(field: str) -> RowRejected:
    reason = MESSAGES["missing"] % {"field": FIELDS[field].label}
    return RowRejected(field, "", reason)


def _looks_resident(number: str) -> bool:
    if len(number) == 18:
        return number[:17].isdigit() and (number[17].isdigit() or number[17] == "X")
    return len(number) == 15 and number.isdigit()


class ResidentIdChecker:
    """resident_id_facts with a cache, shared by the holder and insured columns."""

    def __init__(self):
        self._results: dict[str, object] = {}
        # Read once rather than once a number; see _parse for a new day.
        self._today = dt.date.today()

    def check(self, number: str):
        """Return (18-character number, ISO birth date, gender), or the
        DomainError saying what is wrong."""
        result = self._results.get(number)
        if result is None:
            try:
                resident, birth, gender, _upgraded = self._parse(number)
                result = (resident, birth.isoformat(), gender)
            except DomainError as error:
                if error.code == "id_check_digit" and number.endswith("000"):
                    # Excel shows a number it cut to 15 digits with zeros.
                    error = DomainError(
                        NORMALIZE_MESSAGES["scientific"],
                        code="number_lost_digits",
                        params={"value": number},
                    )
                result = error
            if len(self._results) >= CACHE_LIMIT:
                self._results.clear()
            self._results[number] = result
        return result

    def _parse(self, number: str) -> tuple:
        try:
            return resident_id_facts(number, today=self._today)
        except DomainError as error:
            # A birth date after the day the import started may be today's
            # date by now: check again against the current date.
            if error.code != "id_birth_date" or self._today == dt.date.today():
                raise
        self._today = dt.date.today()
        return resident_id_facts(number, today=self._today)


# The person fields of a row, in the order PersonBuilder reads them.
PERSON_PARTS = (
    "name",
    "id_number",
    "id_type",
    "gender",
    "birth_date",
    "phone",
    "address",
    "occupation",
    "income",
)


class PersonBuilder:
    """Build the Person of one side of a row ("holder_" or "insured_").

    People repeat over rows, so results (errors included) are cached by the
    person's normalised values.
    """

    def __init__(self, slots: dict[str, int], prefix: str, ids: ResidentIdChecker):
        self.prefix = prefix
        self.ids = ids
        self.take = itemgetter(*(slots[prefix + part] for part in PERSON_PARTS))
        self._people: dict[tuple, object] = {}

    def build(self, row: tuple) -> Person | RowRejected | None:
        """Return the person in `row`, the RowRejected saying why it is
        invalid, or None when the row names no person on this side."""
        key = self.take(row)
        if key[0] is None and key[1] is None:
            return None
        result = self._people.get(key)
        if result is None:
            try:
                result = self._build(key)
            except RowRejected as rejected:
                result = rejected
            if len(self._people) >= CACHE_LIMIT:
                self._people.clear()
            self._people[key] = result
        return result

    def _build(self, key: tuple) -> Person:
        prefix = self.prefix
        name, number, id_type, gender, birth, phones, address, occupation, income = key
        if name is None:
            raise missing(prefix + "name")
        gender = gender or ""
        unknown_type = id_type is not None and id_type.startswith(UNKNOWN_CODE_PREFIX)
        if number is None:
            number = ""
            if id_type is None or unknown_type:
                id_type = IdType.RESIDENT
        elif id_type == IdType.RESIDENT or (
            (id_type is None or unknown_type) and _looks_resident(number)
        ):
            number, gender, birth = self._check_resident(number, gender, birth)
            id_type = IdType.RESIDENT
        elif unknown_type:
            code = id_type[len(UNKNOWN_CODE_PREFIX) :]
            reason = CELL_MESSAGES["code_unknown"] % {
                "value": code,
                "field": FIELDS[prefix + "id_type"].label,
            }
            raise RowRejected(prefix + "id_type", code, reason)
        elif id_type is None:
            id_type = IdType.OTHER
        phone, phone_alt = phones or ("", "")
        pinyin, initials = cached_name_keys(name)
        return Person(
            name,
            gender,
            birth,
            id_type,
            number,
            phone,
            phone_alt,
            address or "",
            occupation or "",
            income,
            pinyin,
            initials,
        )

    def _check_resident(self, number, gender, birth):
        prefix = self.prefix
        parsed = self.ids.check(number)
        if parsed.__class__ is not tuple:
            raise RowRejected(prefix + "id_number", number, parsed)
        resident, derived_birth, derived_gender = parsed
        if birth is None:
            birth = derived_birth
        elif birth != derived_birth:
            reason = MESSAGES["birth_mismatch"] % {
                "given": birth,
                "derived": derived_birth,
            }
            raise RowRejected(prefix + "birth_date", birth, reason)
        if not gender:
            gender = derived_gender
        elif gender != derived_gender:
            given = str(Gender(gender).label)
            reason = MESSAGES["gender_mismatch"] % {
                "given": given,
                "derived": Gender(derived_gender).label,
            }
            raise RowRejected(prefix + "gender", given, reason)
        return resident, gender, birth
