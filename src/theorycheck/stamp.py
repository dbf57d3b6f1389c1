"""What produced a report: the tool's version, the knowledge base's content hash and the options (never a time)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from .escaping import svg_text
from .kb import KB


def tool_version() -> str:
    """The version of theorycheck: `theorycheck.__version__`, which pyproject.toml reads too (asking
    importlib.metadata cost 11 ms of every command's start)."""
    from . import __version__

    return __version__


def kb_files(kb: KB) -> list[Path]:
    """Every file the knowledge base was read from: background, theories, findings and the BibTeX files beside them."""
    paths = {Path(kb.background.path)} | {Path(p.path) for p in kb.programs.values()}
    findings = {Path(f.location.file) for f in kb.findings if f.location}
    paths |= findings | {p.with_suffix(".bib") for p in findings} | {kb.root / "findings.bib"}
    paths |= set((kb.root / "references").glob("*.bib"))
    return sorted(p for p in paths if p.is_file())


def kb_hash(kb: KB) -> str:
    """A short sha256 over the KB's files, each named relative to the KB folder, in sorted order: the same content
    in another folder (a copy, a clone) has the same hash; any changed byte changes it.

    Example:
        kb_hash(load_kb("."))  # '3f2a9c1e0b7d'
    """
    digest = hashlib.sha256()
    root = kb.root.resolve()
    named = []
    for path in kb_files(kb):
        resolved = path.resolve()
        named.append((str(resolved.relative_to(root)) if resolved.is_relative_to(root) else path.name, resolved))
    for name, path in sorted(named):
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


@dataclass(frozen=True)
class Stamp:
    """Tool version, KB hash and the options that shaped a report (`--min-strength robust`, `--drop x`, ...)."""

    version: str
    kb_hash: str
    options: tuple[str, ...] = field(default=())

    def text(self) -> str:
        """`theorycheck 0.1.0 · knowledge base sha256:3f2a9c1e0b7d · options: --drop x`."""
        return (f"theorycheck {self.version} · knowledge base sha256:{self.kb_hash} · "
                f"options: {' '.join(self.options) or 'none'}")

    def as_dict(self) -> dict:
        return {"tool": "theorycheck", "version": self.version, "kb_hash": f"sha256:{self.kb_hash}",
                "options": list(self.options)}

    def footer(self, text: str, style: str = "markdown") -> str:
        """`text` stamped: a closing Markdown line, a first comment line (`%` for LaTeX, `#` for CSV), or an SVG
        `<desc>` after the opening tag (an XML comment may not hold the `--` of an option)."""
        line = f"Produced by {self.text()}"
        if style == "svg":
            head, _, rest = text.partition("\n")
            return f"{head}\n<desc>{svg_text(line)}</desc>\n{rest}"
        if style != "markdown":
            return f"{style} {line}\n{text}"
        return text.rstrip("\n") + f"\n\n{line}.\n"


def make_stamp(kb: KB, options: list[str] | tuple[str, ...] = ()) -> Stamp:
    """The stamp of a report on `kb` made with `options`."""
    return Stamp(tool_version(), kb_hash(kb), tuple(options))
