"""Where findings come from: the KB's findings files (the 2011 paper's, the later literature's) and their groups."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import InputError
from .kbfiles import present
from .model import Diagnostic, Finding

PAPER_FILE = "findings.lp"  # the findings of Badiani et al. (2011)
LITERATURE_DIR = "findings"  # findings from the later literature, one file per topic or paper
MAX_FILES = 1000  # files in findings/: more is a mistake (a copied folder), not a literature


@dataclass(frozen=True, order=True)
class SourceGroup:
    """A group of findings by where they come from: `rank` orders groups (paper, literature, extra files)."""

    rank: int
    name: str  # "paper", "literature" or "extra"
    label: str  # the heading reports use


def kb_finding_files(root: Path) -> list[Path]:
    """The KB's own findings files: findings.lp (if present), then findings/*.lp sorted by name.

    findings/ must be a folder inside the KB (not a symbolic link); its files are read as every KB file is
    (regular files only, see kbfiles), so a link or a FIFO named `x.lp` is an error naming it. Hidden files
    (an editor's `.#x.lp`) are skipped.
    """
    paths = [root / PAPER_FILE] if present(root / PAPER_FILE) else []
    folder = root / LITERATURE_DIR
    if os.path.islink(folder):
        raise InputError(Diagnostic("error", f"{folder} is a symbolic link: findings/ must be a folder inside the "
                                    "knowledge base"))
    if not folder.is_dir():
        return paths
    try:
        names = sorted(entry.name for entry in os.scandir(folder)
                       if entry.name.endswith(".lp") and not entry.name.startswith("."))
    except OSError as exc:
        raise InputError(Diagnostic("error", f"cannot read {folder}: {exc.strerror}")) from None
    if len(names) > MAX_FILES:
        raise InputError(Diagnostic("error", f"{folder} holds {len(names)} .lp files, more than {MAX_FILES}: "
                                    "a findings folder holds one file per topic or paper"))
    return paths + [folder / name for name in names]


def all_finding_files(root: Path, extra: list[Path]) -> list[Path]:
    """The KB's findings files, then the extra files (`--findings`), each once."""
    paths = kb_finding_files(root)
    for path in map(Path, extra):
        if path.resolve() not in {p.resolve() for p in paths}:
            paths.append(path)
    return paths


def origin_of(path: str | Path, root: Path) -> str:
    """A findings file as reports name it: relative to the KB (`findings/kappa.lp`), else as given."""
    try:
        return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return str(path)


def with_origins(findings: list[Finding], root: Path) -> list[Finding]:
    """The findings, each knowing the file it came from."""
    # Each file's origin resolved once: resolving a path per finding was a third of loading 50,000 findings.
    origins = {file: origin_of(file, root) for file in {f.location.file for f in findings if f.location}}
    return [replace(f, origin=origins[f.location.file]) if f.location else f for f in findings]


def source_group(origin: str) -> SourceGroup:
    """The group of a finding by its file: the 2011 paper (findings.lp), the later literature (findings/TOPIC.lp,
    one group per file), or an extra file named on the command line."""
    if origin == PAPER_FILE:
        return SourceGroup(0, "paper", "The 2011 paper (findings.lp)")
    parts = origin.split("/")
    if len(parts) == 2 and parts[0] == LITERATURE_DIR:
        topic = parts[1].removesuffix(".lp").replace("_", " ")
        return SourceGroup(1, "literature", f"Later literature: {topic} ({origin})")
    return SourceGroup(2, "extra", f"Extra findings file: {origin}")


def by_source(findings) -> list[tuple[SourceGroup, list[Finding]]]:
    """Findings grouped by source group, groups in rank then label order, findings in file order."""
    groups: dict[SourceGroup, list[Finding]] = {}
    members: dict[str, list[Finding]] = {}  # origin -> its group's list: each file's group made once, not per finding
    for finding in findings:
        found = members.get(finding.origin)
        if found is None:
            found = members[finding.origin] = groups.setdefault(source_group(finding.origin), [])
        found.append(finding)
    return sorted(groups.items(), key=lambda item: item[0])
