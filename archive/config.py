"""One configuration for the CLI, Scrapy and Alembic: a data directory holding the embedded
default (SQLite + local blob folder), overridable by environment variables.

| variable            | default                          | what                          |
|---------------------|----------------------------------|-------------------------------|
| `NIANBAO_HOME`      | `./nianbao-data`                 | the data directory            |
| `NIANBAO_DB_URL`    | `sqlite:///$NIANBAO_HOME/nianbao.sqlite` | SQLAlchemy URL (PostgreSQL: `postgresql+psycopg://…`) |
| `NIANBAO_STORE_URL` | `$NIANBAO_HOME/blobs`            | fsspec URL of the blob store (`s3://bucket/prefix`) |
| `NIANBAO_STORE_OPTIONS` | `{}`                         | JSON options for the store, e.g. `{"endpoint_url": "http://minio:9000"}` |
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archive.errors import ConfigError

HOME_VAR = "NIANBAO_HOME"
DB_VAR = "NIANBAO_DB_URL"
STORE_VAR = "NIANBAO_STORE_URL"
STORE_OPTIONS_VAR = "NIANBAO_STORE_OPTIONS"
DEFAULT_HOME = "nianbao-data"


@dataclass(frozen=True)
class Settings:
    """Where the catalogue and the blobs live."""

    home: Path
    db_url: str
    store_url: str
    store_options: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read the settings from the environment (or the given mapping)."""
        env = os.environ if env is None else env
        home = Path(env.get(HOME_VAR) or DEFAULT_HOME).expanduser().absolute()
        db_url = env.get(DB_VAR) or f"sqlite:///{home / 'nianbao.sqlite'}"
        if db_url.startswith("postgresql://") or db_url.startswith("postgres://"):
            db_url = "postgresql+psycopg://" + db_url.split("://", 1)[1]
        store_url = env.get(STORE_VAR) or str(home / "blobs")
        try:
            options = json.loads(env.get(STORE_OPTIONS_VAR) or "{}")
            if not isinstance(options, dict):
                raise ValueError("not a JSON object")
        except ValueError as exc:
            raise ConfigError(f"{STORE_OPTIONS_VAR} must be a JSON object ({exc})") from None
        return cls(home=home, db_url=db_url, store_url=store_url, store_options=options)

    @property
    def uses_sqlite(self) -> bool:
        return self.db_url.startswith("sqlite")

    def ensure_home(self) -> Path:
        """Create the data directory, or say clearly why it cannot be used."""
        try:
            self.home.mkdir(parents=True, exist_ok=True)
            # a probe of its own: processes opening the same home at once must not
            # delete each other's (one would then fail with "No such file or directory")
            with tempfile.NamedTemporaryFile(dir=self.home, prefix=".write-test-"):
                pass
        except OSError as exc:
            raise ConfigError(
                f"data directory {self.home} is not writable ({exc.strerror or exc}); "
                f"set {HOME_VAR} to a writable folder"
            ) from None
        return self.home
