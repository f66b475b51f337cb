"""The tokenizer of the search index: overlapping CJK bigrams, Latin words and numbers.

SQLite's own FTS5 tokenizers do not work for Chinese (unicode61 makes a whole run of
Chinese one token; trigram cannot find two-character words such as 公开), so the index is
fed tokens made here, space-joined, and the same function reads the queries.

A run of CJK characters `ABCD` becomes `AB BC CD D`: every overlapping pair, then the run's
last character alone. The trailing single character makes every character of the text the
first character of some token, so a one-character query `X` is the prefix query `X*`, and a
phrase that ends or starts at a punctuation mark still lines up token for token. Text is
NFKC-folded (full-width letters and digits become ASCII) and lower-cased first.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

#: Characters indexed as CJK (one token per pair): Han ideographs (with extensions and
#: compatibility forms), kana and hangul.
CJK_RANGES = (
    "\u3040-\u30ff"  # hiragana, katakana
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uac00-\ud7af"  # hangul syllables
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\U00020000-\U0003134f"  # extensions B-G
)
_RUN = re.compile(f"([{CJK_RANGES}]+)|([^\\W_{CJK_RANGES}]+)")
_CJK = re.compile(f"[{CJK_RANGES}]")

#: Bumped whenever tokens change, so an index made by an older tokenizer can be rebuilt.
TOKENIZER_VERSION = 1


def fold(text: str) -> str:
    """NFKC and lower case: ＡＢＣ１２３ reads as abc123."""
    return unicodedata.normalize("NFKC", text).lower()


def runs(text: str) -> Iterator[tuple[bool, str]]:
    """(is_cjk, run) for each run of CJK characters or of other letters and digits."""
    for m in _RUN.finditer(fold(text)):
        if m.group(1):
            yield True, m.group(1)
        else:
            yield False, m.group(2)


def _run_tokens(run: str) -> list[str]:
    return [run[i:i + 2] for i in range(len(run) - 1)] + [run[-1]]


def search_tokens(text: str) -> list[str]:
    """The tokens of a document, in order: `行政复议 2024年` → 行政 政复 复议 议 2024 年."""
    tokens: list[str] = []
    for cjk, run in runs(text):
        if cjk:
            tokens.extend(_run_tokens(run))
        else:
            tokens.append(run)
    return tokens


def token_text(text: str) -> str:
    """The tokens space-joined: what the index stores."""
    return " ".join(search_tokens(text))


@dataclass(frozen=True)
class Term:
    """One query term: tokens that must appear consecutively; `prefix` when the last token
    is a single CJK character that may begin a longer token (`税` finds 税费)."""

    text: str
    tokens: tuple[str, ...]
    prefix: bool = False

    @property
    def compact(self) -> str:
        """The term's letters and digits, folded: what it matches in a text, punctuation
        and spaces aside (used for highlighting)."""
        return "".join(run for _, run in runs(self.text))


def term(text: str) -> Term | None:
    """A query term from a word or phrase; None when it has no letters or digits."""
    parts = list(runs(text))
    if not parts:
        return None
    tokens: list[str] = []
    for cjk, run in parts:
        tokens.extend(_run_tokens(run) if cjk else [run])
    prefix = False
    last_cjk, last = parts[-1]
    if last_cjk and len(last) > 1:
        tokens.pop()  # the text may go on after the phrase: its last pair is enough
    elif last_cjk:
        prefix = True
    return Term(text, tuple(tokens), prefix)


_QUERY = re.compile(r'"([^"]*)"?|(\S+)')


def parse_query(query: str) -> list[Term]:
    """Terms of a query, all of which must match: words separated by spaces, and
    "quoted phrases" (full-width quotes “…” and 「…」 too)."""
    query = (query or "").translate(_QUOTES)
    out: list[Term] = []
    for m in _QUERY.finditer(query):
        t = term(m.group(1) if m.group(1) is not None else m.group(2))
        if t is not None and t not in out:
            out.append(t)
    return out


_QUOTES = str.maketrans({"“": '"', "”": '"', "「": '"', "」": '"', "『": '"', "』": '"',
                         "＂": '"'})


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))
