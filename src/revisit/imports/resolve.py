"""In-memory indexes of the office's people and agents.

Each is loaded once per import with one query, and rows are then resolved
without touching the database. People are matched by ID number (15 and
18-character forms are the same person, because validation upgrades 15 to
18 first), then by name with phone, then by name with birth date; the
fallbacks never join two people who both have different ID numbers.
"""

import logging
from collections.abc import Callable

from django.contrib.auth.hashers import make_password
from django.db import connection

from revisit.accounts.models import Team, User
from revisit.imports.keys import IdSet
from revisit.imports.validate import Person

logger = logging.getLogger(__name__)

# Bits of Customer fields that are empty and may be filled by a later row.
# The other phone and the income are filled only when a customer is
# created: tracking them would keep nearly every customer in `blanks`.
GENDER, BIRTH, PHONE, ADDRESS, OCCUPATION, ID_NUMBER = (1 << bit for bit in range(6))
_SEPARATOR = "\x1f"


def _id_key(id_type: str, number: str) -> str:
    # The number alone: extracts often give the ID type for the holder but
    # not for the insured, and numbers of different ID types do not collide.
    return number


def _blank_mask(person: Person) -> int:
    mask = 0
    if not person.gender:
        mask |= GENDER
    if person.birth_date is None:
        mask |= BIRTH
    if not person.phone:
        mask |= PHONE
    if not person.address:
        mask |= ADDRESS
    if not person.occupation:
        mask |= OCCUPATION
    if not person.id_number:
        mask |= ID_NUMBER
    return mask


class _FallbackKeys:
    """Customer ids by name with phone and by name with birth date."""

    def __init__(self):
        self.by_phone: dict[str, int] = {}
        self.by_birth: dict[str, int] = {}

    def add(self, cid: int, name: str, phone: str, birth: str | None) -> None:
        if phone:
            self.by_phone.setdefault(name + _SEPARATOR + phone, cid)
        if birth:
            self.by_birth.setdefault(name + _SEPARATOR + birth, cid)

    def find(self, person: Person) -> int | None:
        cid = None
        if person.phone:
            cid = self.by_phone.get(person.name + _SEPARATOR + person.phone)
        if cid is None and person.birth_date:
            cid = self.by_birth.get(person.name + _SEPARATOR + person.birth_date)
        return cid


class PeopleIndex:
    """Customers of one office by ID number, with the fallbacks built on demand.

    A row with an ID number is matched by that number, or else to a
    customer without one by name with phone or birth date. A row without an
    ID number is matched against every customer by name with phone, then
    name with birth date; that index costs memory in proportion to the
    book, so it is built the first time such a row comes.

    `resolve` returns the customer id for a Person; new customers are
    queued in `new_rows` and fills of empty fields in `fill_rows` for the
    writer to flush.
    """

    def __init__(self, office_id: int, allocate: Callable[[], int]):
        self.office_id = office_id
        self.allocate = allocate
        self.by_id: dict[str, int] = {}
        self.without_id: set[int] = set()
        self.loose = _FallbackKeys()  # customers without an ID number
        self.everyone: _FallbackKeys | None = None  # built on demand
        self.blanks: dict[int, int] = {}
        self.existing_count = 0
        # Customers created by this import get ids above every loaded one.
        self.max_loaded_id = 0
        self.matched = IdSet()
        self.created = 0
        self.new_rows: list[tuple] = []
        self.fill_rows: list[tuple] = []

    def load(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, id_type, id_number, full_name, phone, birth_date, gender, "
                "address, occupation FROM book_customer WHERE office_id = %s",
                [self.office_id],
            )
            while rows := cursor.fetchmany(10_000):
                for row in rows:
                    self._load_row(row)
        logger.info(
            "people index office=%s customers=%s", self.office_id, self.existing_count
        )

    def _load_row(self, row) -> None:
        cid, id_type, number, name, phone, birth, gender, address, occupation = row
        self.existing_count += 1
        if cid > self.max_loaded_id:
            self.max_loaded_id = cid
        if birth is not None:
            birth = birth.isoformat()
        if number:
            self.by_id[_id_key(id_type, number)] = cid
        else:
            self.without_id.add(cid)
            self.loose.add(cid, name, phone, birth)
        mask = _blank_mask(
            Person(
                name,
                gender,
                birth,
                id_type,
                number,
                phone,
                "",
                address,
                occupation,
                None,
            )
        )
        if mask:
            self.blanks[cid] = mask

    def _build_everyone(self) -> _FallbackKeys:
        """Index every customer of the office (written or queued) by the fallbacks."""
        everyone = _FallbackKeys()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, full_name, phone, birth_date FROM book_customer "
                "WHERE office_id = %s ORDER BY id",
                [self.office_id],
            )
            while rows := cursor.fetchmany(10_000):
                for cid, name, phone, birth in rows:
                    everyone.add(cid, name, phone, birth.isoformat() if birth else None)
        for row in self.new_rows:
            everyone.add(row[0], row[3], row[10], row[7])
        logger.info("fallback index office=%s", self.office_id)
        return everyone

    def _find(self, person: Person) -> int | None:
        if person.id_number:
            cid = self.by_id.get(_id_key(person.id_type, person.id_number))
            if cid is None and self.without_id:
                cid = self.loose.find(person)
                if cid is not None and cid not in self.without_id:
                    return None  # has an ID number since: another person
            return cid
        if self.everyone is None:
            self.everyone = self._build_everyone()
        return self.everyone.find(person)

    def resolve(self, person: Person, agent_id: int, now) -> int:
        cid = self._find(person)
        if cid is None:
            return self._create(person, agent_id, now)
        if cid <= self.max_loaded_id:
            self.matched.add(cid)
        mask = self.blanks.get(cid)
        if mask:
            self._fill(cid, mask, person, now)
        if self.everyone is not None:
            self.everyone.add(cid, person.name, person.phone, person.birth_date)
        return cid

    def note_matched(self, cid: int) -> None:
        """Count a customer the caller matched without resolve() as matched."""
        if cid <= self.max_loaded_id:
            self.matched.add(cid)

    def matched_existing(self) -> int:
        """Count customers matched by this import that existed before it."""
        return len(self.matched)

    def _create(self, person: Person, agent_id: int, now) -> int:
        cid = self.allocate()
        self.created += 1
        if person.id_number:
            self.by_id[_id_key(person.id_type, person.id_number)] = cid
        else:
            self.without_id.add(cid)
            self.loose.add(cid, person.name, person.phone, person.birth_date)
        if self.everyone is not None:
            self.everyone.add(cid, person.name, person.phone, person.birth_date)
        mask = _blank_mask(person)
        if mask:
            self.blanks[cid] = mask
        self.new_rows.append(
            (
                cid,
                self.office_id,
                agent_id,
                person.name,
                person.name_pinyin,
                person.name_initials,
                person.gender,
                person.birth_date,
                person.id_type,
                person.id_number,
                person.phone,
                person.phone_alt,
                person.address,
                person.occupation,
                person.income,
                now,
                now,
            )
        )
        return cid

    def _fill(self, cid: int, mask: int, person: Person, now) -> None:
        provided = mask & ~_blank_mask(person)
        if not provided:
            return
        if provided & ID_NUMBER:
            key = _id_key(person.id_type, person.id_number)
            if key in self.by_id:
                provided &= ~ID_NUMBER  # another customer has this number
            else:
                self.by_id[key] = cid
                self.without_id.discard(cid)
        remaining = mask & ~provided
        if remaining:
            self.blanks[cid] = remaining
        else:
            del self.blanks[cid]
        if not provided:
            return
        self.fill_rows.append(
            (
                cid,
                person.gender if provided & GENDER else "",
                person.birth_date if provided & BIRTH else None,
                person.phone if provided & PHONE else "",
                person.phone_alt,  # written only where the customer has none
                person.address if provided & ADDRESS else "",
                person.occupation if provided & OCCUPATION else "",
                person.income,  # likewise
                person.id_type if provided & ID_NUMBER else "",
                person.id_number if provided & ID_NUMBER else "",
                now,
            )
        )


class AgentDirectory:
    """Agents of the office by agent code; unknown codes become new agents.

    An agent created here has an unusable password: an office manager sets
    one before the agent can sign in. Their team comes from the row's team
    column when the extract has one (matched by team name or code, created
    when missing).
    """

    def __init__(self, office):
        self.office = office
        self.by_code = {
            code: pk
            for code, pk in User.objects.filter(office=office)
            .exclude(agent_code="")
            .values_list("agent_code", "pk")
        }
        self.teams: dict[str, int] = {}
        for pk, code, name in Team.objects.filter(office=office).values_list(
            "pk", "code", "name"
        ):
            self.teams.setdefault(name, pk)
            self.teams.setdefault(code, pk)
        self.created: list[int] = []
        self.teams_created = 0

    def agent_id(self, code: str, *, name: str = "", team: str = "") -> int:
        pk = self.by_code.get(code)
        if pk is None:
            pk = self._create(code, name, team)
        return pk

    def _team_id(self, team: str) -> int | None:
        if not team:
            return None
        pk = self.teams.get(team)
        if pk is None:
            pk = Team.objects.create(
                office=self.office, code=team[:30], name=team[:100]
            ).pk
            self.teams[team] = pk
            self.teams_created += 1
        return pk

    def _create(self, code: str, name: str, team: str) -> int:
        username = f"{self.office.code}-{code}".lower()[:150]
        base, suffix = username, 1
        while User.objects.filter(username=username).exists():
            suffix += 1
            username = f"{base}-{suffix}"
        user = User.objects.create(
            username=username,
            password=make_password(None),
            role=User.Role.AGENT,
            office=self.office,
            team_id=self._team_id(team),
            agent_code=code,
            full_name=name[:100],
        )
        self.by_code[code] = user.pk
        self.created.append(user.pk)
        logger.info("agent created office=%s user=%s", self.office.pk, user.pk)
        return user.pk
