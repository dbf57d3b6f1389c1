"""The references a report cites: the works behind its findings' sources, as a Markdown list (pure)."""

from __future__ import annotations

from .escaping import code_span, markdown_text, url_part
from .model import Citation, Finding


def cited(findings: tuple[Finding, ...] | list[Finding], citations: list[Citation]) -> list[Citation]:
    """The citations the findings' sources use, in order of first use; unknown keys appear with their key only.

    Example:
        cited(kb.findings, kb.citations)
    """
    by_key = {c.key: c for c in citations}
    keys = dict.fromkeys(s.citation for f in findings for s in f.sources)
    return [by_key.get(key, Citation(key, key)) for key in keys]


def render_references(findings: tuple[Finding, ...] | list[Finding], citations: list[Citation]) -> list[str]:
    """A `## References` section: one line per cited work, its key, its text and a DOI link where known.

    Example:
        lines = render_references(result.findings, kb.citations)
    """
    works = cited(findings, citations)
    if not works:
        return []
    out = ["## References", ""]
    for work in works:
        link = f" [{markdown_text('doi:' + work.doi)}](https://doi.org/{url_part(work.doi)})" if work.doi else ""
        out.append(f"- {code_span(work.key)}: {markdown_text(work.text.rstrip('.'))}.{link}")
    return out + [""]
