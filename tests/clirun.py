"""Running the real `nianbao` command as a user does: a separate process, its own data
directory, a wide terminal (so tables are not wrapped mid-word)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

#: The installed `nianbao` console script next to this Python, else the same entry point.
_SCRIPT = shutil.which("nianbao", path=str(Path(sys.executable).parent))
NIANBAO = [_SCRIPT] if _SCRIPT else [sys.executable, "-c", "from archive.cli.main import main; main()"]


def nianbao(args: Sequence[str], *, home: Path, cwd: Path,
            timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """`nianbao ARGS` in `cwd` on the archive in `home` (NIANBAO_HOME set explicitly; other
    archive settings cleared), stdout and stderr captured as text."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("NIANBAO_DB_URL", "NIANBAO_STORE_URL", "NIANBAO_STORE_OPTIONS")}
    env |= {"NIANBAO_HOME": str(home), "COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.run([*NIANBAO, *args], cwd=cwd, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=timeout)
