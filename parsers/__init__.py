"""Pure bytes-to-record code: report text, HTML, PDF, Word and scans into the canonical
record of docs/record.md. No network, no database, no files beyond the bytes it is given.

    >>> from parsers import parse_text, parse_bytes
    >>> record = parse_text(open("report.txt", encoding="utf-8").read())
    >>> record.to_dict()["tables"]["requests"]["new"]["total"]
"""

from importlib import import_module
from typing import Any

_EXPORTS = {
    "Record": "parsers.record",
    "Check": "parsers.record",
    "parse_text": "parsers.text",
    "parse_bytes": "parsers.document",
    "cross_year_checks": "parsers.checks",
    "PARSER_VERSION": "parsers.version",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    """Import the public names lazily, so `import parsers` stays cheap."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'parsers' has no attribute {name!r}")
    return getattr(import_module(module), name)
