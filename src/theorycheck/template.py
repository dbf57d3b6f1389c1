"""The commented template `theorycheck new-theory` writes for a new theory file."""

from __future__ import annotations

import re
from pathlib import Path

from .errors import InputError
from .kb import BACKGROUND

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")

TEMPLATE = """\
%# {name}: a theory of addiction (TODO: say which, in one line)
%! theory {name}
%! title: TODO The theory's title, e.g. A dopamine theory of drug reward
%! citation: TODO Author (Year) Journal Volume:Page, the source of the axioms below
%
% This file holds only axioms: general claims of the theory about mechanisms, stated over the vocabulary
% declared in theories/background.lp. Each axiom is one line
%     %! axiom ID [REFS]: CLAIM
% (ID a snake_case name, REFS the reference numbers of its source, CLAIM the claim in plain words; continue a
% long claim on lines starting with `%!   `), followed by its rules. Every rule belongs to the axiom above it.
%
% Rules state mechanisms with the predicates of background.lp ("Mechanism vocabulary" in its header):
%     depends_on(D, P, S)        process P, as engaged by drug D, depends on substrate S
%     activates(D, S)            acute exposure to drug D increases the activity of substrate S
%     adapts(D, M, T, Dir)       exposure regimen M to drug D changes T in direction Dir
%     independent_of(D, P, S)    process P of drug D does not depend on substrate S
%     setting_favours(D, P, F)   the setting modulates process P of drug D (F: high or low familiarity)
%     after_effect(D, P, Dir)    as an acute dose of drug D wears off, P changes in direction Dir
%     drives(D, O, P)            outcome O with drug D (acquisition, escalation, relapse) is driven by process P
%     reflects(Pr, P)            individual differences in predictor Pr reflect differences in process P
%     common_basis(D1, D2, A)    drugs D1 and D2 share aspect A;  distinct_basis(D1, D2, A): they do not
% The bridge rules of the background turn these into predictions, so every theory is judged on equal terms.
% Rules may test asked(Key), the observation keys the findings ask about, but never observed values,
% finding ids or their metadata. Rules over addictive(D) keep the theory unitary; naming a drug or a drug
% class (heroin, drug_class(D, opiate)) makes it class-specific, and the reports say so.
%
% Check it with
%     theorycheck lint {path}
%     theorycheck run --theory {name}            (in theories/ of the knowledge base)
%     theorycheck run --theory-file {path}       (anywhere else)

%## Axioms

%! axiom dopamine_reward [TODO]: The rewarding effect of every addictive drug depends on mesolimbic dopamine.
depends_on(D, reward, mesolimbic_da) :- addictive(D).

%! axiom dopamine_release [TODO]: Every addictive drug increases mesolimbic dopamine transmission.
activates(D, mesolimbic_da) :- addictive(D).
"""


def theory_template(name: str, path: str | None = None) -> str:
    """The template text for a theory called `name` (which must be a snake_case name).

    Example:
        text = theory_template("my_dopamine_theory")
    """
    check_name(name)
    return TEMPLATE.format(name=name, path=path or f"theories/{name}.lp")


def check_name(name: str) -> None:
    """A theory name is a file stem: snake_case, and not the background's."""
    if not _NAME.fullmatch(name):  # fullmatch: `$` alone would let a name end in a newline
        raise InputError(f"'{name}' is not a theory name: use a lower-case letter, then lower-case letters, digits "
                         "or underscores (e.g. my_dopamine_theory)")
    if name == Path(BACKGROUND).stem:
        raise InputError(f"'{name}' is reserved for theories/{BACKGROUND}, which is not a theory")


def write_template(root: Path, name: str, folder: Path | None = None, force: bool = False) -> Path:
    """Write the template to `folder/NAME.lp` (default: the KB's theories/), refusing to overwrite a file.

    Example:
        write_template(Path("."), "my_dopamine_theory")
    """
    from .writer import write_atomic

    check_name(name)
    if folder is None:
        if not (root / "theories" / BACKGROUND).is_file():
            raise InputError(f"{root}: not a knowledge base (no theories/{BACKGROUND}); use --kb DIR or --output DIR")
        folder = root / "theories"
    path = folder / f"{name}.lp"
    if path.exists() and not force:
        raise InputError(f"{path} already exists; choose another name, or --force to overwrite it")
    try:
        write_atomic(path, theory_template(name, str(path)))
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror}") from None
    return path
