"""Last-updated dates: one `git log` for the whole docs folder, file times as the fallback.

One git call per build, not per page: a help centre has thousands of pages.
"""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path


def last_commit_times(folder: Path) -> dict[Path, datetime]:
    """Map each file under `folder` to the time of the last commit that touched it."""
    try:
        top = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"], cwd=folder, capture_output=True, text=True, check=True
        ).stdout.strip()
        log = subprocess.run(
            ["git", "log", "--format=@%ct", "--name-only", "--no-renames", "--", "."],
            cwd=folder,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    times: dict[Path, datetime] = {}
    stamp = None
    for line in log.splitlines():
        if line.startswith("@"):
            stamp = datetime.fromtimestamp(int(line[1:]), tz=UTC)
        elif line and stamp is not None:
            times.setdefault((Path(top) / line).resolve(), stamp)  # newest commit comes first
    return times


def modified_time(path: Path, committed: dict[Path, datetime]) -> datetime:
    """The last commit's time; the file's own time when it was never committed."""
    commit_time = committed.get(path.resolve())
    if commit_time is not None:
        return commit_time
    return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
