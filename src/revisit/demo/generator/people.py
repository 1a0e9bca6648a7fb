"""Made-up people: names, resident IDs, phones, addresses, jobs and incomes."""

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from revisit.book.models import Gender
from revisit.demo.generator import catalog

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARACTERS = "10X98765432"
_MOBILE_PREFIXES = (
    "130 131 132 133 135 136 137 138 139 150 151 152 153 155 156 157 158 159 "
    "166 176 177 180 181 182 183 186 187 188 189 191 198 199"
).split()


def resident_id_check_character(first17: str) -> str:
    """Return the 18th character of a resident ID (GB 11643-1999, ISO 7064 MOD 11-2)."""
    pairs = zip(first17, _ID_WEIGHTS, strict=True)
    total = sum(int(digit) * weight for digit, weight in pairs)
    return _ID_CHECK_CHARACTERS[total % 11]


@dataclass
class Person:
    full_name: str
    gender: str
    birth_date: dt.date
    id_number: str
    phone: str
    phone_alt: str
    address: str
    occupation: str
    annual_income: Decimal | None
    notes: str


class PersonMaker:
    """Draw people from one random.Random, never repeating an ID number."""

    def __init__(self, rng: random.Random, today: dt.date):
        self.rng = rng
        self.today = today
        self._used_ids: set[str] = set()
        self._surnames = [name for name, _ in catalog.SURNAMES]
        self._surname_weights = [weight for _, weight in catalog.SURNAMES]

    # --- Pieces ---------------------------------------------------------------

    def surname(self) -> str:
        return self.rng.choices(self._surnames, self._surname_weights)[0]

    def given_name(self, gender: str, birth_year: int) -> str:
        older = birth_year < 1975
        if gender == Gender.MALE:
            pool = catalog.GIVEN_MALE_OLD if older else catalog.GIVEN_MALE_NEW
        else:
            pool = catalog.GIVEN_FEMALE_OLD if older else catalog.GIVEN_FEMALE_NEW
        return self.rng.choice(pool)

    def birth_date(self, age_low: int, age_high: int) -> dt.date:
        """Return a birth date for someone aged age_low to age_high today."""
        latest = self._years_before(self.today, age_low) - dt.timedelta(days=1)
        earliest = self._years_before(self.today, age_high + 1) + dt.timedelta(days=1)
        span = (latest - earliest).days
        return earliest + dt.timedelta(days=self.rng.randint(0, max(span, 0)))

    def resident_id(self, birth_date: dt.date, gender: str, region: str) -> str:
        while True:
            sequence = self.rng.randint(0, 499) * 2
            if gender == Gender.MALE:
                sequence += 1
            first17 = f"{region}{birth_date:%Y%m%d}{sequence:03d}"
            number = first17 + resident_id_check_character(first17)
            if number not in self._used_ids:
                self._used_ids.add(number)
                return number

    def mobile(self) -> str:
        return (
            self.rng.choice(_MOBILE_PREFIXES) + f"{self.rng.randint(0, 99_999_999):08d}"
        )

    def landline(self) -> str:
        return f"0571-8{self.rng.randint(0, 9_999_999):07d}"

    def address(self, district: str) -> str:
        street = self.rng.choice(catalog.STREETS[district])
        number = self.rng.randint(1, 999)
        building = self.rng.randint(1, 30)
        unit = self.rng.randint(1, 4)
        room = self.rng.randint(1, 28) * 100 + self.rng.randint(1, 4)
        return (
            f"{catalog.CITY}{district}{street}{number}号{building}幢{unit}单元{room}室"
        )

    def home(self) -> tuple[str, str]:
        """Return (region code, address) for a new household."""
        region, district = self.rng.choice(catalog.REGIONS_LOCAL)
        address = self.address(district)
        if self.rng.random() < 0.3:
            # Born elsewhere, living in the office's city.
            region = self.rng.choice(catalog.REGIONS_ELSEWHERE)
        return region, address

    # --- Whole people ----------------------------------------------------------

    def person(
        self,
        *,
        gender: str,
        birth_date: dt.date,
        region: str,
        address: str,
        surname: str | None = None,
    ) -> Person:
        rng = self.rng
        age = self.age(birth_date)
        full_name = (surname or self.surname()) + self.given_name(
            gender, birth_date.year
        )
        occupation, income = self._occupation(age)
        phone = self.mobile() if age >= 16 else ""
        phone_alt = self.landline() if age >= 18 and rng.random() < 0.08 else ""
        notes = rng.choice(catalog.CUSTOMER_NOTES) if rng.random() < 0.06 else ""
        return Person(
            full_name=full_name,
            gender=gender,
            birth_date=birth_date,
            id_number=self.resident_id(birth_date, gender, region),
            phone=phone,
            phone_alt=phone_alt,
            address=address,
            occupation=occupation,
            annual_income=income,
            notes=notes,
        )

    def age(self, birth_date: dt.date) -> int:
        today = self.today
        before_birthday = (today.month, today.day) < (birth_date.month, birth_date.day)
        return today.year - birth_date.year - before_birthday

    def _occupation(self, age: int) -> tuple[str, Decimal | None]:
        if age < 6:
            return catalog.OCCUPATION_PRESCHOOL, None
        if age < 22:
            return catalog.OCCUPATION_STUDENT, None
        if age >= 60:
            return catalog.OCCUPATION_RETIRED, None
        occupation, median = self.rng.choice(catalog.OCCUPATIONS)
        if median is None or self.rng.random() < 0.4:
            return occupation, None
        income = median * self.rng.lognormvariate(0, 0.35)
        return occupation, Decimal(round(income, -4)).quantize(Decimal("0.01"))

    @staticmethod
    def _years_before(day: dt.date, years: int) -> dt.date:
        try:
            return day.replace(year=day.year - years)
        except ValueError:  # 29 February in a common year
            return day.replace(year=day.year - years, day=28)
