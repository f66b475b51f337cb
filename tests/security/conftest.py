"""The web tests' filled archive (tests/web/conftest.py), on SQLite and PostgreSQL."""

from tests.web.conftest import filled, web_arc  # noqa: F401  (fixtures used by name)
