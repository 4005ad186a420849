"""The folder walk of an ingest: which files to read, and every input left out with its reason."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from copilot.store.report import FileResult
from ingestion.base import SourceFile

IGNORE_FILE = ".copilotignore"


def _ignored(rel: Path, patterns: Sequence[str]) -> str | None:
    """The first ``.copilotignore`` pattern the path matches, if any."""
    s = rel.as_posix()
    return next((p for p in patterns if fnmatch.fnmatch(s, p) or fnmatch.fnmatch(rel.name, p)),
                None)


def _inside(path: Path, root: Path) -> bool:
    return path == root or path.is_relative_to(root)


@dataclass(frozen=True)
class Discovery:
    """What a folder walk found: files to ingest, and every input left out with its reason."""

    files: list[tuple[Path, SourceFile]]
    skipped: list[FileResult]


def discover(paths: Iterable[Path]) -> list[tuple[Path, SourceFile]]:
    """(root, file) pairs under the given paths (see :func:`discover_all` for the skips)."""
    return discover_all(paths).files


def discover_all(paths: Iterable[Path]) -> Discovery:
    """Walk the given paths without ever leaving a folder root.

    Symlinks are resolved: one pointing outside its root (or nowhere) is refused, one pointing
    inside is left to the real file the walk reaches anyway. Hidden files and folders, Office
    lock files (~$...), non-regular files and ``.copilotignore`` matches are skipped. Every
    skipped input is reported with its reason, nothing is dropped silently.
    """
    found: list[tuple[Path, SourceFile]] = []
    skipped: list[FileResult] = []
    for p in paths:
        if not p.is_dir():
            p = p.resolve()  # a file named explicitly is the user's choice, links included
            if p.is_file():
                found.append((p.parent, SourceFile(p, p.name)))
            continue
        root = p.resolve()
        ignore_file = root / IGNORE_FILE
        patterns = [ln.strip() for ln in ignore_file.read_text(encoding="utf-8").splitlines()
                    if ln.strip() and not ln.startswith("#")] if ignore_file.is_file() else []
        for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
            here = Path(dirpath)
            for name in sorted(dirnames):
                rel = (here / name).relative_to(root)
                reason = _skip_reason(here / name, rel, root, patterns, folder=True)
                if reason:
                    dirnames.remove(name)
                    skipped.append(_skip(root, rel, reason))
            dirnames.sort()
            for name in sorted(filenames):
                f = here / name
                rel = f.relative_to(root)
                if rel.as_posix() == IGNORE_FILE:
                    continue  # the folder's own ignore list, not a document
                reason = _skip_reason(f, rel, root, patterns, folder=False)
                if reason:
                    skipped.append(_skip(root, rel, reason))
                else:
                    found.append((root, SourceFile(f, (Path(root.name) / rel).as_posix())))
    found.sort(key=lambda rs: rs[1].path)
    return Discovery(found, skipped)


def _skip(root: Path, rel: Path, reason: str) -> FileResult:
    return FileResult((Path(root.name) / rel).as_posix(), "skipped", reason=reason)


def _skip_reason(path: Path, rel: Path, root: Path, patterns: Sequence[str],
                 folder: bool) -> str | None:
    """Why this entry of a folder walk is not ingested (None: ingest it / walk into it)."""
    what = "folder" if folder else "file"
    if path.is_symlink():
        target = path.resolve()
        if not target.exists():
            return f"symlink to {os.readlink(path)}, which does not exist"
        if not _inside(target, root):
            return f"symlink to {target}, outside the folder being ingested - refused"
        return (f"symlink to {target.relative_to(root).as_posix() or '.'} inside the folder,"
                f" which is ingested from its real place")
    if path.name.startswith("."):
        return f"hidden {what} (name starts with '.')"
    if path.name.startswith("~$"):
        return "Office lock file (~$...), left by an open document"
    pattern = _ignored(rel, patterns)
    if pattern is not None:
        return f"matches '{pattern}' in {IGNORE_FILE}"
    if not folder and not path.is_file():
        return "not a regular file (device, socket or pipe)"
    return None
