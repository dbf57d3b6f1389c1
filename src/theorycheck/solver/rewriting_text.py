"""A check program's rewriting kept across runs, in the analysis cache (cache.py), as clingo text.

The rewriting of background and theory (rewriting.py) is a Python walk of clingo's AST: on the shipped KB it was
two thirds of what `run --theory` did in the parent besides loading, and it depends only on the files' texts and
the engine's code. clingo's ASTs cannot be kept between processes; their rendering can, and clingo's parser reads
it back in a fraction of the time.
"""

from __future__ import annotations

from clingo import ast

from ..model import Location
from .rewriting import _keep, rewrite_files

_READ: dict[tuple, tuple[list, list]] = {}  # a grounding's rewriting read back from the analysis cache


def rewritten(files: list, versioned: set[str], log, traced: bool = True) -> tuple[list, list[tuple[str, Location]]]:
    """`rewrite_files(files, versioned, log, traced)`, from the cache when an earlier run kept it.

    Statements read back carry `<string>` locations, so only a grounding whose warnings nobody reads may use them:
    a check's (its errors are found again in the files as written, `grounding._raise_plain_errors`); lint grounds
    `rewrite_files` itself, for clingo's warnings. A rewriting that does not read back as the same statements
    (compared by clingo's rendering) is never kept as text. In the process that computes it, the statements are
    the files' own."""
    from ..cache import cached, enabled

    if not enabled():  # nothing to keep: rendering and checking the text would be work for nothing
        return rewrite_files(files, versioned, log, traced)
    parts = [str(traced)]
    for source in files:
        own = sorted(frozenset(versioned) & frozenset(source.members))
        parts += [str(source.path), source.text, str(source.switchable), str(source.trace_ungrouped), " ".join(own)]
    key = tuple(parts)
    if key not in _READ:
        fresh: list = []  # rewritten in this process (not in the cache): its own statements, with their files

        def compute():
            fresh.append(rewrite_files(files, versioned, log, traced))
            return _as_text(*fresh[0])

        text, rules = cached("rewriting", key, compute)
        read = None if fresh else _read_back(text, rules)
        _keep(_READ, key, fresh[0] if fresh else read or rewrite_files(files, versioned, log, traced))
    return _READ[key]


def _read_back(text: str | None, rules: list) -> tuple[list, list] | None:
    """The statements of a rewriting kept as text, None if there is none (or the entry does not parse)."""
    if text is None:
        return None
    statements: list = []
    try:
        ast.parse_string(text, statements.append)
    except RuntimeError:
        return None
    return statements, rules


def _as_text(statements: list, rules: list) -> tuple[str | None, list]:
    """The statements as clingo text (None if they do not read back the same, or hold a `#program` part), and the
    traced rules."""
    # Each file's statements open with the `#program base.` clingo's parser puts there, and a KB file may hold no
    # other part (allowlist.py): the text leaves them out, as one file in the base part.
    parts = [stm for stm in statements if stm.ast_type == ast.ASTType.Program]
    if any(part.name != "base" or part.parameters for part in parts):
        return None, rules
    rendered = [str(stm) for stm in statements if stm.ast_type != ast.ASTType.Program]
    text = "\n".join(rendered)
    back: list = []
    try:
        ast.parse_string(text, back.append)
    except RuntimeError:
        return None, rules
    return (text if [str(stm) for stm in back[1:]] == rendered else None), rules
