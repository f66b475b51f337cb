"""One configuration for the CLI, Scrapy and Alembic: a data directory holding the embedded
default (SQLite + local blob folder), overridable by environment variables.

The data directory is found as git finds `.git`: `NIANBAO_HOME` if set, else the nearest
folder named `nianbao-data` in the current folder or one of its parents, else the per-user
data directory (`~/.local/share/nianbao` on Linux, from platformdirs).

| variable            | default                          | what                          |
|---------------------|----------------------------------|-------------------------------|
| `NIANBAO_HOME`      | nearest `nianbao-data`, else the per-user data directory | the data directory |
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

#: How the data directory was found (Settings.found_by): named by NIANBAO_HOME, the
#: `nianbao-data` of the current folder or of a parent folder, or the per-user directory.
FOUND_BY_VAR, FOUND_HERE, FOUND_ABOVE, FOUND_USER = "NIANBAO_HOME", "here", "above", "user"


def user_home() -> Path:
    """The per-user data directory, used when no other archive is found."""
    from platformdirs import user_data_path

    return user_data_path("nianbao", appauthor=False)


def locate_home(env: Mapping[str, str], cwd: Path | None = None) -> tuple[Path, str]:
    """The data directory the settings mean, and how it was found (see the module)."""
    if env.get(HOME_VAR):
        return Path(env[HOME_VAR]).expanduser().absolute(), FOUND_BY_VAR
    here = (cwd or Path.cwd()).absolute()
    for folder in (here, *here.parents):
        candidate = folder / DEFAULT_HOME
        if candidate.is_dir():
            return candidate, FOUND_HERE if folder == here else FOUND_ABOVE
    return user_home(), FOUND_USER


@dataclass(frozen=True)
class Settings:
    """Where the catalogue and the blobs live."""

    home: Path
    db_url: str
    store_url: str
    store_options: dict[str, Any] = field(default_factory=dict)
    found_by: str = FOUND_BY_VAR

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, cwd: Path | None = None) -> Settings:
        """Read the settings from the environment (or the given mapping); the data directory
        is looked for from `cwd` (the current folder) upwards."""
        env = os.environ if env is None else env
        home, found_by = locate_home(env, cwd)
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
        return cls(home=home, db_url=db_url, store_url=store_url, store_options=options,
                   found_by=found_by)

    @property
    def uses_sqlite(self) -> bool:
        return self.db_url.startswith("sqlite")

    @property
    def sqlite_path(self) -> Path | None:
        """The SQLite file of the catalogue (None for a server database or in-memory)."""
        if not self.uses_sqlite:
            return None
        name = self.db_url.split("///", 1)[1] if "///" in self.db_url else ""
        return Path(name.split("?", 1)[0]) if name and name != ":memory:" else None

    def where(self) -> str:
        """The archive's place as people should read it: the folder, and how it was found
        when that is not the obvious `./nianbao-data` (None then)."""
        how = {FOUND_BY_VAR: f"{HOME_VAR}", FOUND_HERE: "this folder's nianbao-data",
               FOUND_ABOVE: "found above the current folder",
               FOUND_USER: "the per-user archive"}[self.found_by]
        return f"{self.home} ({how})"

    def looked_in(self) -> str:
        """Where an archive was looked for, for the message that none was found."""
        if self.found_by == FOUND_BY_VAR:
            return f"{self.home} (set by {HOME_VAR})"
        return (f"{HOME_VAR} is not set, there is no {DEFAULT_HOME} folder in "
                f"{Path.cwd()} or above it, and none at {self.home}")

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
