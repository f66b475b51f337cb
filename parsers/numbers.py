"""Reading one printed cell as a number.

Reports print counts as `12`, `１２`, `474,394`, `0件`; zero as `0`, `无`, `-`, `—`, `－`,
`/`, `／`; nothing at all for an empty cell. This module says whether a piece of text *is*
a cell value (so the table reader can tell values from labels) and turns a value into the
number a field holds, refusing what a field cannot hold (a fraction of a request, a
negative count) rather than guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from parsers.normalize import halfwidth
from parsers.templates import AMOUNT, SIGNED

Number = int | float

# A printed number: optional sign, digits with optional thousands separators, optional
# decimals, optional unit. Anchored and without nested quantifiers: linear time.
_NUMBER = re.compile(
    r"([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(件|条|个|项|次|人次|万元|元)?"
)
# A change printed in words (本年增/减 of the 2019 template): 增加3, 减少2, 持平.
_CHANGE = re.compile(r"(增加|新增|增|减少|减)(\d+)(?:项|个|件)?")
_NO_CHANGE = frozenset({"持平", "不变", "无变化"})
# Zero as a word or a mark: 无, one or two dashes, a slash.
_ZERO_MARKS = frozenset({"无", "-", "--", "—", "——", "–", "―", "─", "－", "/", "\\", "0"})
# Characters a zero mark is made of (after half-width conversion).
_MARK_CHARS = frozenset("-—–―─/\\")


@dataclass(frozen=True, slots=True)
class Value:
    """A cell value as printed: the number read, whether it was printed as a mark for
    zero, its unit if one was printed, and the printed text."""

    number: Number
    text: str
    unit: str | None = None
    mark: bool = False


def read_value(piece: str) -> Value | None:
    """The value a whitespace-free piece of text prints, or None if it is not a value
    (a label, a word, a numbering like `1.`). Cached: the same pieces recur in every
    report (`0`, labels)."""
    if not piece or len(piece) > 24:
        return None
    return _read_value(piece)


@lru_cache(maxsize=8192)
def _read_value(piece: str) -> Value | None:
    text = halfwidth(piece).replace("，", ",")
    if text in _ZERO_MARKS or text == "无":
        return Value(0, piece, mark=text != "0")
    if text[0] in "增减新持不无":
        if text in _NO_CHANGE:
            return Value(0, piece, mark=True)
        m = _CHANGE.fullmatch(text)
        if m:
            direction = -1 if m.group(1).startswith("减") else 1
            return Value(direction * int(m.group(2)), piece)
        return None
    if "0" <= text[0] <= "9" or text[0] in "+-":
        m = _NUMBER.fullmatch(text)
        if m is None:
            return None
        sign, digits, decimals, unit = m.groups()
        whole = int(digits.replace(",", ""))
        number: Number = whole if decimals is None else float(f"{whole}.{decimals}")
        if sign == "-":
            number = -number
        return Value(number, piece, unit=unit)
    return None


def is_mark(piece: str) -> bool:
    """True for a zero written as a mark (dash, slash), which inside running text is
    punctuation rather than a cell."""
    return bool(piece) and all(c in _MARK_CHARS for c in halfwidth(piece))


def to_field(value: Value, kind: str) -> tuple[Number | None, str | None]:
    """The number a field of `kind` holds for `value`, or (None, why) when the printed
    value cannot be that field's (a fraction where a count is printed, a negative count)."""
    number = value.number
    if kind == AMOUNT:
        if number < 0:
            return None, f"negative amount {value.text!r}"
        return number, None
    if isinstance(number, float):
        if not number.is_integer():
            return None, f"{value.text!r} is not a whole number"
        number = int(number)
    if number < 0 and kind != SIGNED:
        return None, f"negative count {value.text!r}"
    return number, None
