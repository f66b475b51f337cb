"""When portals are crawled: the schedule rules, in one place.

A portal profile may carry `schedule = "..."` (crawler/portals.toml or a NIANBAO_PORTALS
file): `"season"` (the default, below), `"off"` (never scheduled), or a crontab expression of
five fields read in Beijing time (`"30 6 * * 1-5"`). Annual reports come in a season
(Regulation art. 49: departments publish by 31 January, governments by 31 March) and are
edited afterwards, so the default revisits every portal daily from January to April and weekly
for the rest of the year. Every due time is delayed by a random jitter (up to `JITTER_SECONDS`)
so a fleet of archives does not hit a portal at the same minute.

Everything that runs crawls on a rhythm reads these rules: `nianbao scheduler` (APScheduler
triggers), `nianbao schedule` (what runs next) and `nianbao schedule --print cron|systemd`.

    >>> rule = rule_for(None)
    >>> [r.cron for r in rule.rhythms]
    ['0 2 * 1-4 *', '0 2 * 5-12 1']
    >>> next_due(rule, datetime(2025, 4, 30, 3, 0, tzinfo=BEIJING)).isoformat()
    '2025-05-05T02:00:00+08:00'
"""

from __future__ import annotations

import random
import re
import shlex
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from archive.errors import NianbaoError
from archive.units import BEIJING

if TYPE_CHECKING:
    from apscheduler.triggers.base import BaseTrigger

#: A profile's `schedule` for the default rhythm, and for no scheduled crawls at all.
SEASON, OFF = "season", "off"
#: The most a due crawl is delayed at random (seconds): 02:00 becomes 02:00 to 04:00.
JITTER_SECONDS = 2 * 3600
#: The zone schedules are read in (cron lines and timers say so too).
ZONE_NAME = "Asia/Shanghai"


@dataclass(frozen=True)
class Rhythm:
    """One crontab expression (Beijing time) and what it means in words."""

    cron: str
    words: str


#: The default rule, one row per part of the year. At 02:00 Beijing time (plus jitter): a
#: quiet hour for government sites, and the previous working day's publications are online.
SEASON_RHYTHMS: tuple[Rhythm, ...] = (
    Rhythm("0 2 * 1-4 *", "daily, January to April (the publishing season)"),
    Rhythm("0 2 * 5-12 1", "weekly on Mondays, May to December"),
)


class ScheduleError(NianbaoError, ValueError):
    """A `schedule` a profile carries that cannot be read."""


@dataclass(frozen=True)
class Rule:
    """A portal's schedule: its text as written, the crontab rhythms it stands for, the jitter."""

    text: str
    rhythms: tuple[Rhythm, ...]
    jitter: int = JITTER_SECONDS

    @property
    def words(self) -> str:
        """The rule for people: "season (daily, January to April …; weekly …)"."""
        if self.text == SEASON:
            return "season: " + "; ".join(r.words for r in self.rhythms)
        return f"cron {self.text}"


def rule_for(schedule: str | None, *, portal: str | None = None) -> Rule | None:
    """The rule of a profile's `schedule` (None or "season": the default); None for "off".
    A bad expression is a ScheduleError naming the portal and what to write instead."""
    text = (schedule or SEASON).strip()
    if text == OFF:
        return None
    if text == SEASON:
        return Rule(SEASON, SEASON_RHYTHMS)
    try:
        cron_fields(text)
    except ScheduleError as exc:
        where = f"portal {portal!r}: " if portal else ""
        raise ScheduleError(f"{where}schedule {text!r}: {exc}; write \"season\", \"off\" or "
                            "five crontab fields in Beijing time, e.g. \"0 2 * * 1\"") from None
    return Rule(text, (Rhythm(text, f"cron {text}"),))


# ------------------------------------------------------------------ crontab expressions

@dataclass(frozen=True)
class Field:
    """One crontab field: its name, its range and the names its values may have."""

    name: str
    low: int
    high: int
    names: tuple[str, ...] = ()


FIELDS = (
    Field("minute", 0, 59),
    Field("hour", 0, 23),
    Field("day of month", 1, 31),
    Field("month", 1, 12, ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
                           "oct", "nov", "dec")),
    Field("day of week", 0, 7, ("sun", "mon", "tue", "wed", "thu", "fri", "sat")),
)
DAY_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
SYSTEMD_DAYS = ("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat")


@dataclass(frozen=True)
class CronFields:
    """A crontab expression as the sets of values each field allows (Sunday is 0, never 7)."""

    minutes: frozenset[int]
    hours: frozenset[int]
    days: frozenset[int]
    months: frozenset[int]
    weekdays: frozenset[int]
    any_day: bool  # day of month was "*"
    any_weekday: bool  # day of week was "*"


def cron_fields(expr: str) -> CronFields:
    """Read a five-field crontab expression (numbers, names, `*`, `a-b`, `*/n`, `a-b/n`,
    lists); ScheduleError says which field is wrong."""
    parts = expr.split()
    if len(parts) != 5:
        raise ScheduleError(f"a crontab expression has 5 fields, this has {len(parts)}")
    sets = [_field_values(text, spec) for text, spec in zip(parts, FIELDS, strict=True)]
    weekdays = frozenset(d % 7 for d in sets[4])
    return CronFields(frozenset(sets[0]), frozenset(sets[1]), frozenset(sets[2]),
                      frozenset(sets[3]), weekdays, parts[2] == "*", parts[4] == "*")


def _field_values(text: str, spec: Field) -> set[int]:
    values: set[int] = set()
    for item in text.lower().split(","):
        match = re.fullmatch(r"(\*|[a-z0-9]+)(?:-([a-z0-9]+))?(?:/(\d+))?", item)
        if not match:
            raise ScheduleError(f"{spec.name} {item!r} is not a value, range or step")
        start, end, step = match.groups()
        if start == "*":
            if end:
                raise ScheduleError(f"{spec.name} {item!r}: '*' takes no range")
            low, high = spec.low, spec.high
        else:
            low = _value(start, spec)
            high = _value(end, spec) if end else (spec.high if step else low)
        if high < low:
            raise ScheduleError(f"{spec.name} {item!r} runs backwards")
        values.update(range(low, high + 1, int(step) if step else 1))
    return values


def _value(text: str, spec: Field) -> int:
    if text in spec.names:
        return spec.names.index(text) + (spec.low if spec.name == "month" else 0)
    if not text.isdigit() or not spec.low <= int(text) <= spec.high:
        raise ScheduleError(f"{spec.name} {text!r} is not between {spec.low} and {spec.high}")
    return int(text)


def _listed(values: Iterable[int]) -> str:
    return ",".join(str(v) for v in sorted(values))


# ------------------------------------------------------------------ APScheduler triggers

def trigger_for(rule: Rule, *, jitter: bool = True) -> BaseTrigger:
    """The APScheduler trigger of a rule, in Beijing time: the earliest of its rhythms (a
    crontab line restricting both the day of month and the day of week fires on either, as
    cron does), delayed by up to the rule's jitter."""
    from apscheduler.triggers.combining import OrTrigger
    from apscheduler.triggers.cron import CronTrigger

    triggers = []
    for rhythm in rule.rhythms:
        f = cron_fields(rhythm.cron)
        common: dict[str, Any] = dict(minute=_listed(f.minutes), hour=_listed(f.hours),
                                      month=_listed(f.months), timezone=BEIJING)
        weekdays = ",".join(DAY_NAMES[d] for d in sorted(f.weekdays))
        if f.any_day or f.any_weekday:
            triggers.append(CronTrigger(day="*" if f.any_day else _listed(f.days),
                                        day_of_week="*" if f.any_weekday else weekdays,
                                        **common))
        else:  # cron's rule: either field matching is enough
            triggers.append(CronTrigger(day=_listed(f.days), **common))
            triggers.append(CronTrigger(day_of_week=weekdays, **common))
    return OrTrigger(triggers, jitter=rule.jitter if jitter and rule.jitter else None)


def next_due(rule: Rule, after: datetime) -> datetime:
    """When a rule is next due at or after `after` (before jitter), in Beijing time."""
    due = trigger_for(rule, jitter=False).get_next_fire_time(None, after)
    assert due is not None  # a crontab rule never ends
    return due.astimezone(BEIJING)


# ------------------------------------------------------------------ cron and systemd entries

@dataclass(frozen=True)
class Entry:
    """Portals crawled together on one rule: the `nianbao crawl` arguments and a name."""

    name: str  # a file-name-safe label: the portal key, or "all"
    crawl_args: tuple[str, ...]  # ("--all",) or the portal keys
    rule: Rule


def entries(portals: Sequence[tuple[str, Rule | None]], all_keys: Iterable[str]) -> list[Entry]:
    """Portals grouped by rule: the portals on the default rule become one `crawl --all`
    when they are exactly the portals `--all` crawls, else one `crawl KEY…`; every other
    rule is one entry per portal. Portals with no rule (off) are left out."""
    out: list[Entry] = []
    season = [key for key, rule in portals if rule is not None and rule.text == SEASON]
    if season:
        everything = sorted(season) == sorted(all_keys)
        out.append(Entry("all" if everything else (season[0] if len(season) == 1 else
                                                    "season"),
                         ("--all",) if everything else tuple(season), Rule(SEASON,
                                                                          SEASON_RHYTHMS)))
    for key, rule in portals:
        if rule is not None and rule.text != SEASON:
            out.append(Entry(key, (key,), rule))
    return out


def crontab(items: Sequence[Entry], *, nianbao: str, env: dict[str, str], locks: str,
            rng: random.Random | None = None) -> str:
    """A crontab for `items`: one line per rhythm running `nianbao crawl`, under flock(1)
    (a crawl still running makes the next one skip, as the scheduler does), after a sleep
    drawn once here in place of the scheduler's jitter."""
    rng = rng or random.Random()
    lines = ["# nianbao: scheduled crawls (from `nianbao schedule --print cron`).",
             "# Times are Beijing time: CRON_TZ is read by cronie; on other crons set the",
             "# machine's zone to Asia/Shanghai or shift the hours.",
             f"CRON_TZ={ZONE_NAME}", *(f"{k}={v}" for k, v in env.items())]
    for item in items:
        delay = rng.randrange(item.rule.jitter) if item.rule.jitter else 0
        command = (f"flock -n {shlex.quote(f'{locks}/crawl-{item.name}.lock')} "
                   f"{nianbao} crawl {' '.join(shlex.quote(a) for a in item.crawl_args)}")
        for rhythm in item.rule.rhythms:
            lines.append(f"# {item.name}: {rhythm.words}")
            lines.append(f"{rhythm.cron} sleep {delay} && {command}")
    return "\n".join(lines) + "\n"


def systemd_calendars(expr: str) -> list[str]:
    """The systemd OnCalendar= values of a crontab expression (Beijing time); two when it
    restricts both the day of month and the day of week (cron fires on either)."""
    f = cron_fields(expr)
    time = f"{_spans(f.hours, 0, 23, 2)}:{_spans(f.minutes, 0, 59, 2)}:00"
    months = _spans(f.months, 1, 12, 2)
    days = _spans(f.days, 1, 31, 2)
    weekdays = ",".join(SYSTEMD_DAYS[d] for d in sorted(f.weekdays))
    if f.any_day or f.any_weekday:
        prefix = "" if f.any_weekday else weekdays + " "
        return [f"{prefix}*-{months}-{days if not f.any_day else '*'} {time} {ZONE_NAME}"]
    return [f"*-{months}-{days} {time} {ZONE_NAME}", f"{weekdays} *-{months}-* {time} {ZONE_NAME}"]


def _spans(values: Iterable[int], low: int, high: int, width: int) -> str:
    """Values for systemd: "*" for all, else runs as "a..b" and single values, comma-joined."""
    ordered = sorted(values)
    if ordered == list(range(low, high + 1)):
        return "*"
    runs: list[list[int]] = []
    for v in ordered:
        if runs and v == runs[-1][-1] + 1:
            runs[-1].append(v)
        else:
            runs.append([v])
    return ",".join(f"{r[0]:0{width}d}" if len(r) == 1 else f"{r[0]:0{width}d}..{r[-1]:0{width}d}"
                    for r in runs)


def systemd_units(items: Sequence[Entry], *, nianbao: str, env: dict[str, str]) -> str:
    """A .service and .timer pair per entry, as one text with a file name above each unit:
    the timer fires on every rhythm of the rule, delayed at random by up to the jitter, and
    catches up once after the machine was off (Persistent=)."""
    blocks = []
    for item in items:
        unit = "nianbao-crawl" if item.name == "all" else f"nianbao-crawl-{item.name}"
        calendars = [c for r in item.rule.rhythms for c in systemd_calendars(r.cron)]
        blocks.append("\n".join([
            f"# /etc/systemd/system/{unit}.service",
            "[Unit]",
            f"Description=nianbao: crawl {' '.join(item.crawl_args)}",
            "Wants=network-online.target",
            "After=network-online.target",
            "",
            "[Service]",
            "Type=oneshot",
            *(f"Environment={shlex.quote(f'{k}={v}')}" for k, v in env.items()),
            f"ExecStart={nianbao} crawl {' '.join(item.crawl_args)}",
            "",
            f"# /etc/systemd/system/{unit}.timer",
            "[Unit]",
            f"Description=nianbao: {item.rule.words}",
            "",
            "[Timer]",
            *(f"OnCalendar={c}" for c in calendars),
            f"RandomizedDelaySec={item.rule.jitter}",
            "Persistent=true",
            "",
            "[Install]",
            "WantedBy=timers.target",
        ]))
    footer = ("# enable with: systemctl daemon-reload && systemctl enable --now "
              + " ".join(("nianbao-crawl" if i.name == "all" else f"nianbao-crawl-{i.name}")
                         + ".timer" for i in items))
    return "\n\n".join(blocks) + ("\n\n" + footer if items else "") + "\n"
