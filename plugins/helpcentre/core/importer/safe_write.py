"""Writing imported pages without ever overwriting what the importer did not write or a writer edited.

The importer records each file it writes in a manifest beside the docs folder
(`.helpcentre-import.json`: path → SHA-256 of the bytes written, and the source item). On the next
import a file is
- written when it does not exist (unless the manifest has it: a writer deleted it, which is kept so);
- updated when its bytes still hash to what the manifest recorded (nobody touched it since);
- kept, with a note, when it exists but the manifest does not have it (not ours) or its hash differs
  (a writer edited it), unless `overwrite` is set.
A hash of the content rather than a timestamp: a `git checkout` or copy changes times, not bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .report import INFO, Note

MANIFEST = ".helpcentre-import.json"
PAGE_MODE = 0o644
WRITTEN, UPDATED, UNCHANGED, KEPT_EDITED, KEPT_FOREIGN, KEPT_DELETED = (
    "written", "updated", "unchanged", "kept: edited by a writer", "kept: not written by the importer",
    "kept: deleted by a writer",
)  # fmt: skip


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Outcome:
    state: str
    note: Note | None = None


class Writer:
    """Writes files under `docs`; call `save()` at the end to record them."""

    def __init__(self, docs: Path, overwrite: bool = False):
        self.docs, self.overwrite = docs, overwrite
        self.manifest_path = docs.parent / MANIFEST
        self.manifest: dict[str, dict] = _load(self.manifest_path)

    def write(self, relative: str, text: str, source: str) -> Outcome:
        return self.write_bytes(relative, text.encode("utf-8"), source)

    def write_bytes(self, relative: str, data: bytes, source: str) -> Outcome:
        """A page's bytes, or an image's: the same rules (an image a writer replaced is kept too)."""
        target = self.docs / relative
        recorded = self.manifest.get(relative)
        outcome = self._decide(target, relative, data, recorded)
        if outcome.state in (WRITTEN, UPDATED):
            _atomic_write(target, data, self.docs)
        if outcome.state in (WRITTEN, UPDATED, UNCHANGED):
            self.manifest[relative] = {"sha256": digest(data), "source": source}
        return outcome

    def _decide(self, target: Path, relative: str, data: bytes, recorded: dict | None) -> Outcome:
        if target.is_symlink() or (target.exists() and not target.is_file()):
            return Outcome(KEPT_FOREIGN, Note("kept", f"{relative} is a link or a folder: not written"))
        if not target.exists():
            if recorded and not self.overwrite:
                why = f"{relative} was imported before and has been deleted since: not written again"
                return Outcome(KEPT_DELETED, Note("deleted-kept", f"{why} (--overwrite writes it)", INFO))
            return Outcome(WRITTEN)
        current = digest(target.read_bytes())
        if current == digest(data):
            return Outcome(UNCHANGED)
        if self.overwrite:
            return Outcome(UPDATED)
        if recorded is None:
            why = f"{relative} exists and was not written by the importer: kept as it is"
            return Outcome(KEPT_FOREIGN, Note("exists", f"{why} (--overwrite replaces it)"))
        if recorded.get("sha256") != current:
            why = f"{relative} was edited after the last import: your edit is kept, the new import is not"
            return Outcome(KEPT_EDITED, Note("edited-kept", f"{why} (--overwrite replaces it)"))
        return Outcome(UPDATED)

    def previous_paths(self) -> dict[str, str]:
        """Source item → the path (inside its language folder) an earlier import wrote it to."""
        return {
            entry["source"]: relative.split("/", 1)[1]
            for relative, entry in sorted(self.manifest.items())
            if isinstance(entry, dict) and isinstance(entry.get("source"), str) and "/" in relative
        }

    def save(self) -> Path:
        text = json.dumps({"version": 1, "files": dict(sorted(self.manifest.items()))}, indent=1)
        _atomic_write(self.manifest_path, (text + "\n").encode("utf-8"), self.manifest_path.parent)
        return self.manifest_path


def _load(path: Path) -> dict[str, dict]:
    if not path.is_file():
        return {}
    try:
        files = json.loads(path.read_text(encoding="utf-8")).get("files", {})
    except (ValueError, AttributeError):
        raise ManifestError(path) from None
    return files if isinstance(files, dict) else {}


class ManifestError(Exception):
    def __init__(self, path: Path):
        super().__init__(
            f"{path.as_posix()}:1: the import manifest is not valid JSON — restore it from git, or delete "
            "it and import with --overwrite (every imported page is then written again)"
        )


def _atomic_write(target: Path, data: bytes, root: Path) -> None:
    """Through a temporary file in the same folder: an interrupted import leaves no half-written page."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.parent.resolve().is_relative_to(root.resolve()):
        raise OSError(f"{target.as_posix()} would be outside {root.as_posix()} (a symbolic link on the way)")
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".import-", suffix=".tmp")
    try:
        os.fchmod(handle, PAGE_MODE)  # mkstemp's file is private (0600); a page is not
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
