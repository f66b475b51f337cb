"""The legal deadline of an annual report, in one table (the one home of this rule).

Regulation on the Disclosure of Government Information (国务院令第711号), art. 49: the
departments of governments at county level and above publish their report on the year
before by 31 January; the people's governments at county level and above by 31 March. The
Regulation names neither township governments nor street offices; they are given the later
date, so that the archive never calls an agency late on a day the Regulation does not set.
Deadlines are calendar days in Beijing time: a report is on time when it is out before the
end of that day (24:00 +08:00).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from archive.units import BEIJING

#: Agency kind (archive.catalogue.models.AGENCY_KINDS) → (month, day) of the next year, and
#: why. "other" is decided by the name (人民政府 → government, else department).
DEADLINES: dict[str, tuple[int, int, str]] = {
    "government": (3, 31, "people's government: 31 March (Regulation art. 49)"),
    "township": (3, 31, "township government: 31 March (art. 49 sets no date; the later one)"),
    "street_office": (3, 31, "street office: 31 March (art. 49 sets no date; the later one)"),
    "department": (1, 31, "department: 31 January (Regulation art. 49)"),
}
#: The printed ending that makes an agency of unknown kind a government.
GOVERNMENT_ENDING = "人民政府"


def deadline_kind(kind: str | None, name: str | None = None) -> str:
    """The row of DEADLINES an agency falls under: its registry kind, or for an agency of
    no known kind its name (…人民政府 is a government, anything else a department)."""
    if kind in DEADLINES:
        return kind
    return "government" if (name or "").endswith(GOVERNMENT_ENDING) else "department"


def due_date(year: int, kind: str | None, name: str | None = None) -> date:
    """The last day (Beijing time) to publish the report on `year`."""
    month, day, _ = DEADLINES[deadline_kind(kind, name)]
    return date(year + 1, month, day)


def due_end(year: int, kind: str | None, name: str | None = None) -> datetime:
    """The instant the deadline passes: the end of the due day in Beijing time (aware)."""
    return datetime.combine(due_date(year, kind, name) + timedelta(days=1), time(),
                            tzinfo=BEIJING)


def due_rule(kind: str | None, name: str | None = None) -> str:
    """Why that deadline, in words (for a finding's evidence)."""
    return DEADLINES[deadline_kind(kind, name)][2]


def latest_due_date(year: int) -> date:
    """The last deadline of any agency for `year` (31 March of the next year)."""
    return max(date(year + 1, month, day) for month, day, _ in DEADLINES.values())
