"""Synthetic knowledge bases for the scale benchmark: N findings and T theories of A axioms, from one seed.

    python bench/generate.py N T A [--seed S] [--out DIR]      # prints the folder it wrote

or, from Python, `generate(n_findings, n_theories, n_axioms, seed) -> Path`.

The folder is a complete knowledge base that `theorycheck --kb DIR` loads and lints without errors:

- `theories/background.lp` is a byte-for-byte copy of the real one, so findings and theories use the real
  vocabulary, key constructors and bridge rules.
- `findings.lp` holds N findings written like the real ones (every metadata fact, a source and a citation per
  finding). Each finding compares an opiate (heroin, morphine) with a psychostimulant (cocaine, amphetamine,
  methamphetamine) on one or two observation templates: about 55 % are differences (opposite or unequal values for
  the two drugs), 45 % similarities (equal values). The mix of key constructors follows findings.lp: mostly
  effect/3 (about 72 %) and compare/4 (about 10 %), then predictor/3, contrast/4, relation/3 and cross_predicts/3.
  70 % of the manipulations and measures come from a core set that the mechanism predicates reach (reward,
  seeking, dopamine, sensitization, ...), the rest uniformly from everything the background declares, so the number
  of distinct keys keeps growing with N as it would in a real literature.
- `theories/synthetic_NN.lp` are T theories of A axioms each, in the real format (`%! axiom id [refs]: claim`
  then general rules over depends_on/activates/adapts/drives/setting_favours/independent_of/common_basis over
  `addictive(D)`; about a third of the theories also restrict some axioms to a drug class, as the real
  class-specific theory does). Directions are drawn once per theory and mechanism, so theories are coherent by
  construction, and explained, partial, silent and contradicted verdicts all occur.

The same (N, T, A, seed) always gives byte-identical files.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BACKGROUND = ROOT / "theories" / "background.lp"

OPIATES = ("heroin", "morphine")
STIMULANTS = ("cocaine", "amphetamine", "methamphetamine")

# Key constructors and their share of findings (findings.lp: effect 75 %, compare 9 %, predictor 6 %, ...).
CONSTRUCTORS = (("effect", 72), ("compare", 10), ("predictor", 6), ("contrast", 6), ("relation", 4),
                ("cross_predicts", 2))

# What the mechanism predicates reach through the bridge rules: exposure regimens and interventions on the
# dopamine, opioid, glutamate and stress systems; measures of reward, seeking, intake, dopamine and plasticity.
CORE_MANIPULATIONS = (
    "acute", "repeated", "self_administration", "withdrawal", "chronic_use", "extended_access", "priming",
    "antagonist(dopamine_receptor,systemic)", "antagonist(dopamine_receptor,intra_nac)",
    "antagonist(mu_opioid_receptor,systemic)", "antagonist(mu_opioid_receptor,chronic)",
    "antagonist_sedating_dose(dopamine_receptor)", "lesion(nac,six_ohda)", "lesion(nac,excitotoxic)",
    "lesion(vta,excitotoxic)", "inactivation(vta)", "inactivation(mesolimbic_da)", "knockout(mu_opioid_receptor)",
    "stress(footshock)", "stress(social_defeat)", "cue_exposure(cue)", "cue_exposure(contextual_cue)",
    "activation(mesolimbic_da)", "treatment(methadone)", "intracranial(nac)", "intracranial(vta)")
# Measures of the processes most theories speak about (MAIN_PROCESSES below), then other common measures.
MAIN_MEASURES = (
    "sa_reward", "cpp", "sa_acquisition", "locomotor_activation", "psychomotor_sensitization", "nac_dopamine",
    "da_transmission_sensitization", "reinstatement(drug_priming)", "reinstatement(cue)", "incubation", "craving",
    "escalation", "sa_intake", "drug_use", "binge_intake", "punished_seeking", "place_aversion",
    "drug_discrimination", "impulsivity")
CORE_MEASURES = MAIN_MEASURES + (
    "da_neuron_activity(vta)", "reinstatement(footshock)", "memory", "attention", "cognitive_flexibility",
    "decision_making", "runway_approach", "ltp(nac)", "dendritic_spines(nac)", "dendritic_spines(mpfc)", "fos(nac)",
    "gene_expression(nac)", "extinguished_seeking")
SETTING_PAIRS = (("resident", "nonresident"), ("nonresident", "resident"), ("home", "outside_home"),
                 ("outside_home", "home"))
OTHER_PAIRS = (("female", "male"), ("dependent", "nondependent"), ("immediate", "delayed"),
               ("high_trait", "low_trait"))
CORE_ASPECTS = ("genetic_vulnerability", "environmental_vulnerability", "generalized_vulnerability",
                "effective_treatment", "da_release_mechanism", "reward_encoding_neurons(nac)",
                "gene_expression_profile(nac)", "structural_plasticity_profile(nac)",
                "structural_plasticity_profile(mpfc)", "choice_determinants")

# For theories: the processes and substrates the axioms talk about, the main ones most often.
MAIN_PROCESSES = ("reward", "incentive_salience", "psychomotor_activation", "psychomotor_sensitization",
                  "drug_seeking", "cue_responding", "drug_taking", "compulsive_use", "aversion", "subjective_effect",
                  "da_responsiveness", "inhibitory_control", "da_transmission")
PROCESSES = ("reward", "operant_reward", "incentive_salience", "psychomotor_activation", "psychomotor_sensitization",
             "drug_seeking", "cue_responding", "primed_seeking", "stress_induced_seeking", "drug_taking",
             "compulsive_use", "aversion", "inhibitory_control", "memory", "attention", "cognitive_flexibility",
             "decision_making", "approach", "subjective_effect", "liking", "withdrawal_state", "habit_control",
             "craving_incubation", "acquisition")
ADAPTABLE = PROCESSES + ("da_responsiveness", "glutamate_responsiveness", "synaptic_potentiation(nac)",
                         "structural_plasticity(nac)", "structural_plasticity(mpfc)", "gene_expression(nac)",
                         "neuronal_activation(nac)", "hedonic_set_point", "extinction_control")
SUBSTRATES = ("mesolimbic_da", "mu_opioid_receptor", "dopamine_receptor", "crf_system", "glutamate_receptor", "nac",
              "mesocortical_da", "nigrostriatal_da", "nmda_receptor", "noradrenaline_system", "vta",
              "cortico_striatal_thalamic_circuit", "executive_control_circuit")
CENTRES = SUBSTRATES[:6]
REGIMENS = (("repeated", 50), ("chronic", 20), ("withdrawal", 15), ("self_administration", 15))
OUTCOMES = ("acquisition", "escalation", "relapse", "craving", "drug_use", "binge_intake")
BASES = ("genetic_vulnerability", "environmental_vulnerability", "generalized_vulnerability",
         "choice_determinants")
CLASSES = ("opiate", "psychostimulant")
DOMAINS_BY_CONSTRUCTOR = {"effect": ("neurochemistry", "plasticity", "relapse", "escalation", "initiation",
                                     "cognition", "dopamine_box3", "gene_expression"),
                          "compare": ("setting",), "contrast": ("cognition", "human_clinical"),
                          "relation": ("plasticity", "human_epidemiology", "gene_expression"),
                          "cross_predicts": ("escalation",), "predictor": ("initiation", "relapse")}
PARADIGMS = ("self_administration", "cpp", "reinstatement", "runway", "drug_discrimination", "neurochemistry",
             "psychomotor_sensitization", "cognitive_testing", "in_vivo_recording", "epidemiology", "gene_expression")
SPECIES = ("rat", "rat", "rat", "mouse", "monkey", "human")
# Share of manipulations and measures drawn from the core sets (the rest: anything the background declares).
CORE_SHARE = 0.7
# Observed values lean the way the literature does: more reported increases than null results.
VALUE_WEIGHTS = {"increase": 5, "decrease": 3, "no_change": 2, "greater": 4, "less": 4, "no_difference": 2,
                 "positive": 5, "negative": 1, "none": 3}
STRENGTHS = (("robust", 60), ("mixed", 20), ("preliminary", 15), ("caution", 5))
WORDS = ("dopamine", "reward", "setting", "seeking", "relapse", "escalation", "sensitization", "withdrawal",
         "context", "cue", "plasticity", "opioid", "stimulant", "craving", "intake", "response")


def _vocabulary():
    """The real vocabulary (terms by type, value sets), read from background.lp by theorycheck itself."""
    from theorycheck.vocabulary import read_vocabulary

    return read_vocabulary(BACKGROUND, BACKGROUND.read_text(encoding="utf-8"))


def _weighted(rng: random.Random, pairs) -> str:
    names, weights = zip(*pairs)
    return rng.choices(names, weights)[0]


class _Findings:
    def __init__(self, rng: random.Random, vocab):
        self.rng = rng
        terms = vocab.terms
        for term in CORE_MANIPULATIONS:
            assert term in terms["manipulation"], term
        for term in CORE_MEASURES:
            assert term in terms["measure"], term
        self.manipulations = sorted(terms["manipulation"])
        self.measures = sorted(m for m in terms["measure"] if not m.startswith("preference_over"))
        self.aspects = sorted(terms["aspect"])
        self.predictors = sorted(terms["predictor"])
        self.outcomes = sorted(terms["outcome"])
        self.values = {name: sorted(values) for name, values in vocab.values.items()}

    def manipulation(self) -> str:
        roll = self.rng.random()
        if roll < CORE_SHARE:  # half of them exposure regimens, the first seven of the core manipulations
            return self.rng.choice(CORE_MANIPULATIONS[:7] if roll < 0.5 * CORE_SHARE else CORE_MANIPULATIONS[7:])
        return self.rng.choice(self.manipulations)

    def measure(self) -> str:
        roll = self.rng.random()
        if roll < CORE_SHARE:
            return self.rng.choice(MAIN_MEASURES if roll < 0.8 * CORE_SHARE else CORE_MEASURES)
        return self.rng.choice(self.measures)

    def pair(self) -> tuple[str, str]:
        return self.rng.choice(OPIATES), self.rng.choice(STIMULANTS)

    def values_for(self, constructor: str, difference: bool) -> tuple[str, str]:
        """Values for the opiate and the psychostimulant: unequal for a difference, equal for a similarity."""
        values = self.values[constructor]
        first = self.rng.choices(values, [VALUE_WEIGHTS.get(v, 1) for v in values])[0]
        if not difference:
            return first, first
        return first, self.rng.choice([v for v in values if v != first])

    def observations(self, constructor: str, difference: bool) -> list[tuple[str, str]]:
        rng = self.rng
        opiate, stimulant = self.pair()
        if constructor == "effect":
            out, used = [], set()
            for _ in range(rng.choice((1, 1, 2))):
                m, x = self.manipulation(), self.measure()
                while (m, x) in used:  # one value per key and finding (draws again only on a repeat)
                    m, x = self.manipulation(), self.measure()
                used.add((m, x))
                a, b = self.values_for("effect", difference)
                out += [(f"effect({opiate},{m},{x})", a), (f"effect({stimulant},{m},{x})", b)]
            return out
        if constructor == "compare":
            c1, c2 = rng.choice(SETTING_PAIRS if rng.random() < 0.8 else OTHER_PAIRS)
            x = rng.choice(("sa_reward", "cpp", "locomotor_activation", "sa_acquisition", "psychomotor_sensitization",
                            "reinstatement(drug_priming)", "use_preference", "drug_discrimination"))
            if rng.random() < 0.2:
                x = f"preference_over({stimulant})"
                return [(f"compare({opiate},{x},{c1},{c2})", self.values_for("compare", difference)[0])]
            a, b = self.values_for("compare", difference)
            return [(f"compare({opiate},{x},{c1},{c2})", a), (f"compare({stimulant},{x},{c1},{c2})", b)]
        if constructor == "contrast":
            m, x = self.manipulation(), self.measure()
            value = rng.choice(("greater", "less")) if difference else "no_difference"
            return [(f"contrast({stimulant},{opiate},{m},{x})", value)]
        if constructor == "relation":
            aspect = rng.choice(CORE_ASPECTS if rng.random() < 0.6 else self.aspects)
            value = rng.choice(("distinct", "partly_shared")) if difference else "shared"
            return [(f"relation({opiate},{stimulant},{aspect})", value)]
        if constructor == "cross_predicts":
            value = "none" if difference else "positive"
            return [(f"cross_predicts({opiate},{stimulant},{rng.choice(self.outcomes)})", value)]
        predictor, outcome = rng.choice(self.predictors), rng.choice(self.outcomes)
        a, b = self.values_for("predictor", difference)
        return [(f"predictor({predictor},{opiate},{outcome})", a), (f"predictor({predictor},{stimulant},{outcome})", b)]


PER_FILE = 10_000  # findings per file: 50,000 in one file would pass the KB's 16 MiB limit on a file


def findings_files(n: int, rng: random.Random, vocab) -> dict[str, str]:
    """Relative path -> text: findings.lp with the citations and the first PER_FILE findings, then
    findings/synthetic_NN.lp with PER_FILE each (the KB loads findings/*.lp beside findings.lp)."""
    head, blocks = _finding_blocks(n, rng, vocab)
    files = {"findings.lp": _joined(head, blocks[:PER_FILE])}
    for part, start in enumerate(range(PER_FILE, len(blocks), PER_FILE), start=1):
        files[f"findings/synthetic_{part:02d}.lp"] = _joined(
            [f"%# Synthetic findings, part {part} (bench/generate.py; citations in findings.lp)", ""],
            blocks[start:start + PER_FILE])
    return files


def findings_text(n: int, rng: random.Random, vocab) -> str:
    """All N findings in one file (findings_files splits them)."""
    return _joined(*_finding_blocks(n, rng, vocab))


def _joined(head: list[str], blocks: list[list[str]]) -> str:
    """The head's lines, then each finding's lines and an empty line."""
    return "\n".join(head + [line for block in blocks for line in (*block, "")])


def _finding_blocks(n: int, rng: random.Random, vocab) -> tuple[list[str], list[list[str]]]:
    """The header and citation lines, and the lines of each finding."""
    gen = _Findings(rng, vocab)
    n_citations = max(1, n // 10)
    head = [f"%# Synthetic findings for the scale benchmark ({n} findings; bench/generate.py)", "%",
            "% Not real data: observations are drawn at random over the real vocabulary of theories/background.lp.", ""]
    for c in range(n_citations):
        head.append(f'citation(synth{c:06d}, "Synthetic A, Author B ({1990 + c % 30}) A synthetic study {c} of '
                    f'opiates and psychostimulants. J Synth {c % 50 + 1}:{c % 900 + 1}", "10.5555/synth.{c:06d}").')
    head.append("")
    width = len(str(n))
    blocks = []
    for i in range(n):
        ident = f"syn_{i:0{width}d}"
        constructor = _weighted(rng, CONSTRUCTORS)
        difference = rng.random() < 0.55
        kind = "difference" if difference else "similarity"
        observations = gen.observations(constructor, difference)
        topic = " ".join(rng.sample(WORDS, 2))
        blocks.append([f"finding({ident}).",
                       f'title({ident}, "Synthetic {kind} {i}: opiates and psychostimulants on {topic}").',
                       f"kind({ident}, {kind}).",
                       f"domain({ident}, {rng.choice(DOMAINS_BY_CONSTRUCTOR[constructor])}).",
                       f"species({ident}, {rng.choice(SPECIES)}).",
                       f"paradigm({ident}, {rng.choice(PARADIGMS)}).",
                       f"strength({ident}, {_weighted(rng, STRENGTHS)}).",
                       f'source({ident}, synth{rng.randrange(n_citations):06d}, "Fig. {rng.randrange(1, 9)}'
                       f'{"abcd"[rng.randrange(4)]}", "{rng.randrange(1, 250)}").',
                       f'quote({ident}, "the {topic} differed between the two drug classes").',
                       *(f"observed({ident}, {key}, {value})." for key, value in observations)])
    return head, blocks


class _Theory:
    """One synthetic theory: coherent by construction (one direction per mechanism, drawn once).

    Like the real theories, each has a few central substrates (the mesolimbic dopamine system for incentive
    sensitization, the mu opioid receptor for an opiate-specific account, ...) that most of its axioms chain
    through: a drug activates them, processes depend on them, exposure adapts what depends on them.
    """

    def __init__(self, rng: random.Random, index: int, n_axioms: int):
        self.rng, self.index, self.n_axioms = rng, index, n_axioms
        self.class_specific = rng.random() < 1 / 3
        self.centres = rng.sample(CENTRES, 2)
        self.directions: dict[tuple, str] = {}
        self.familiarity: dict[tuple, str] = {}
        self.basis: dict[str, str] = {}
        self.dependencies: set[tuple[str, str]] = set()
        self.independent: set[tuple[str, str]] = set()
        self.rules: set[str] = set()

    def _scope(self) -> tuple[str, str, str]:
        """The body that selects drugs, a word for the claim, and a key for per-class choices."""
        if self.class_specific and self.rng.random() < 0.5:
            drug_class = self.rng.choice(CLASSES)
            return f"drug_class(D, {drug_class})", f"{drug_class}s", drug_class
        return "addictive(D)", "addictive drugs", "all"

    def _substrate(self) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.6:
            return rng.choice(self.centres)
        return self._process() if roll < 0.8 else rng.choice(SUBSTRATES)

    def _process(self) -> str:
        return self.rng.choice(MAIN_PROCESSES if self.rng.random() < 0.8 else PROCESSES)

    def rule(self) -> tuple[str, str, str]:
        """A rule, the claim it states and a short name for its axiom."""
        rng = self.rng
        body, who, scope = self._scope()
        kind = rng.choices(("depends", "activates", "adapts", "drives", "setting", "independent", "basis"),
                           (30, 15, 30, 8, 7, 5, 5))[0]
        if kind == "depends":
            process, on = self._process(), self._substrate()
            if on == process or (process, on) in self.dependencies or (on, process) in self.independent:
                on = self.centres[0]
            self.dependencies.add((on, process))
            return (f"depends_on(D, {process}, {on}) :- {body}.",
                    f"In {who}, {_words(process)} depends on {_words(on)}.", f"{process}_needs")
        if kind == "activates":
            target = rng.choice(self.centres) if rng.random() < 0.7 else rng.choice(
                SUBSTRATES[:10] + ("psychomotor_activation", "subjective_effect", "reward", "da_transmission"))
            return (f"activates(D, {target}) :- {body}.",
                    f"{who.capitalize()} acutely activate {_words(target)}.", f"activates_{target}")
        if kind == "adapts":
            regimen = _weighted(rng, REGIMENS)
            target = self._process() if rng.random() < 0.7 else rng.choice(ADAPTABLE)
            direction = self.directions.setdefault((regimen, target, scope),
                                                   rng.choice(("increase", "increase", "decrease", "no_change")))
            return (f"adapts(D, {regimen}, {target}, {direction}) :- {body}.",
                    f"{regimen.capitalize().replace('_', '-')} exposure to {who} changes {_words(target)} "
                    f"({_words(direction)}).", f"{regimen}_{target}")
        if kind == "drives":
            outcome, process = rng.choice(OUTCOMES), self._process()
            return (f"drives(D, {outcome}, {process}) :- {body}.",
                    f"With {who}, {_words(outcome)} is driven by {_words(process)}.", f"{process}_drives")
        if kind == "setting":
            process = rng.choice(("reward", "psychomotor_activation", "psychomotor_sensitization", "primed_seeking",
                                  "subjective_effect"))
            level = self.familiarity.setdefault((process, scope), rng.choice(("high", "low")))
            return (f"setting_favours(D, {process}, {level}) :- {body}.",
                    f"The {_words(process)} of {who} is enhanced in settings of {level} familiarity.",
                    f"setting_{process}")
        if kind == "independent":
            process, on = self._process(), rng.choice(SUBSTRATES)
            if (on, process) in self.dependencies:
                on = "noradrenaline_system" if on != "noradrenaline_system" else "nigrostriatal_da"
            if (on, process) in self.dependencies:
                return self.rule()
            self.independent.add((on, process))
            return (f"independent_of(D, {process}, {on}) :- {body}.",
                    f"In {who}, {_words(process)} does not depend on {_words(on)}.", f"{process}_spares")
        aspect = rng.choice(BASES)
        relation = self.basis.setdefault(aspect, rng.choice(("common_basis", "distinct_basis")))
        claim = "share" if relation == "common_basis" else "do not share"
        body2 = body.replace("(D,", "(D2,").replace("(D)", "(D2)")
        return (f"{relation}(D, D2, {aspect}) :- {body}, {body2}, D != D2.",
                f"Any two {who} {claim} their {_words(aspect)}.", f"{aspect}_basis")

    def _spine(self) -> list[tuple[str, str, str]]:
        body, who, _ = self._scope()
        centre, process = self.centres[0], self.rng.choice(MAIN_PROCESSES)
        self.dependencies.add((centre, process))
        rules = [(f"activates(D, {centre}) :- {body}.", f"{who.capitalize()} acutely activate {_words(centre)},",
                  f"{centre}_core"),
                 (f"depends_on(D, {process}, {centre}) :- {body}.",
                  f"on which {_words(process)} depends.", "")]
        self.rules.update(r for r, _, _ in rules)
        return rules

    def _fresh_rule(self) -> tuple[str, str, str]:
        for _ in range(50):
            rule = self.rule()
            if rule[0] not in self.rules:
                self.rules.add(rule[0])
                return rule
        return rule

    def text(self) -> str:
        rng = self.rng
        name = f"synthetic_{self.index:02d}"
        lines = [f"%# Synthetic theory {self.index} for the scale benchmark", f"%! theory {name}",
                 f"%! title: Synthetic theory {self.index} ({'class-specific' if self.class_specific else 'unitary'})",
                 f"%! citation: Synthetic A ({2000 + self.index}) J Synth {self.index}:1 (bench/generate.py)",
                 "%", "% Generated at random over the mechanism predicates of background.lp; not a real theory.",
                 f"% Central substrates: {', '.join(self.centres)}.", "", "%## Axioms", ""]
        used: set[str] = set()
        for a in range(self.n_axioms):
            rules = [self._fresh_rule() for _ in range(rng.choice((1, 1, 2, 3)))]
            if a == 0:  # the theory's core claim: drugs act on its first centre, and a main process rests on it
                rules = self._spine()
            ident = f"a{a + 1:02d}_{rules[0][2]}".replace("(", "_").replace(")", "").replace(",", "_")
            while ident in used:
                ident += "_b"
            used.add(ident)
            refs = ", ".join(str(r) for r in sorted(rng.sample(range(1, 250), rng.choice((1, 1, 2)))))
            claim = " ".join(dict.fromkeys(c for _, c, _ in rules))
            lines.append(f"%! axiom {ident} [{refs}]: {claim}")
            lines += list(dict.fromkeys(r for r, _, _ in rules))
            lines.append("")
        return "\n".join(lines)


def _words(term: str) -> str:
    return term.replace("_", " ")


def default_root(n_findings: int, n_theories: int, n_axioms: int, seed: int) -> Path:
    return Path(tempfile.gettempdir()) / "theorycheck-bench" / f"kb-n{n_findings}-t{n_theories}-a{n_axioms}-s{seed}"


def generate(n_findings: int, n_theories: int, n_axioms: int, seed: int, root: str | Path | None = None) -> Path:
    """Write a synthetic knowledge base folder (default: under the system temp folder) and return its path.

    Deterministic: the same arguments give byte-identical files. An existing folder is replaced.
    """
    root = Path(root) if root is not None else default_root(n_findings, n_theories, n_axioms, seed)
    if root.exists():
        shutil.rmtree(root)
    (root / "theories").mkdir(parents=True)
    shutil.copyfile(BACKGROUND, root / "theories" / "background.lp")
    vocab = _vocabulary()
    findings_rng = random.Random(f"findings/{seed}/{n_findings}")
    for name, text in findings_files(n_findings, findings_rng, vocab).items():
        (root / name).parent.mkdir(exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    # Theories depend on the seed and their index only: the T=6 theories are the first 6 of the T=30 ones.
    for t in range(1, n_theories + 1):
        theory = _Theory(random.Random(f"theory/{seed}/{t}/{n_axioms}"), t, n_axioms)
        (root / "theories" / f"synthetic_{t:02d}.lp").write_text(theory.text(), encoding="utf-8")
    return root


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("findings", type=int)
    parser.add_argument("theories", type=int)
    parser.add_argument("axioms", type=int)
    parser.add_argument("--seed", type=int, default=2011)
    parser.add_argument("--out", type=Path, default=None, help="folder to write (default: under the temp folder)")
    args = parser.parse_args(argv)
    print(generate(args.findings, args.theories, args.axioms, args.seed, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
