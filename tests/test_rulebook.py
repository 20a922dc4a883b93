"""The rulebook in the repository, docs/rules.md, and the rule IDs that code and tests cite.

What counts as citing a rule (the forms docs/rules.md describes):

* ``VED-04`` or ``VED_04`` (or ``VED04``) in capitals, for a family docs/rules.md defines, anywhere
  in a scanned file: code, comments, docstrings, templates, the message catalogue, tests;
* ``VED_04``, ``ved_04`` or ``ved04`` in any case inside a test's name (``test_…``), as
  ``../shared/tools/rule_coverage.py`` counted them.

Lower-case forms outside test names (``_ved02`` helpers, a test's ``world.sak_18``) are
identifiers, not citations. A capitalised ``ABC-12`` of a family docs/rules.md does *not*
define is taken as a rule ID only where it reads like one: in brackets on its line
(«… (ABC-12)»), on a line that also cites a known rule (``VED-06, VDE-07``), or as ``ABC_12``
in a test's name. So ``UTF-8``, ``SHA-256``, ``ISO-8601``, dates, ``nb-NO`` and settings names
never count, and NOT_RULE_PREFIXES lists the few prefixes that look like a family but are not.

Scanned: the project's Python files (apps, tests, bench, scripts), ``templates/`` (HTML and
text), ``static/js/`` and the ``.po`` catalogues. Not scanned: ``docs/`` (it defines the rules),
``.venv``, ``static/vendor``, migrations (history: a help text fixed later would stay there
forever), generated and local folders, and this file (its examples cite made-up IDs).
A test file is one under ``tests/`` or named ``test_*.py`` / ``*_test.py``.

When ``../shared`` (the steering repository) sits beside the project, docs/rules.md must have
the same rule IDs and texts as ``../shared/domain/RULES.md`` and docs/glossary.md the same
glossary; ``../shared`` wins, so docs/ is changed to match it.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RULES_MD = ROOT / "docs" / "rules.md"
GLOSSARY_MD = ROOT / "docs" / "glossary.md"
SHARED_DOMAIN = ROOT.parent / "shared" / "domain"

RULE_LINE = re.compile(r"^- ([A-ZÆØÅ]+)-(\d\d) ")
PLANNED = re.compile(r"\*\(planned: issue (\d+)\)\*")

SKIP_DIRS = {
    ".git",
    ".venv",
    "venv",
    "node_modules",
    "__pycache__",
    "migrations",
    "docs",
    "var",
    "test-artifacts",
    "staticfiles",
    "media",
    "vendor",
    ".ruff_cache",
    ".pytest_cache",
    ".hypothesis",
    ".make",
}
# Capitalised prefixes followed by two digits that are not rule families.
NOT_RULE_PREFIXES = {"COVID", "ISO", "RFC", "SHA", "UTF", "WCAG"}

LETTER_OR_DIGIT = "A-Za-zÆØÅæøå0-9"
UNKNOWN_ID = re.compile(
    rf"(?<![{LETTER_OR_DIGIT}_.-])([A-ZÆØÅ]{{2,8}})-(\d\d)(?![{LETTER_OR_DIGIT}]|\.\d)"
)
TEST_NAME = re.compile(r"\btest_\w+")
UNKNOWN_IN_TEST_NAME = re.compile(r"(?<=_)([A-ZÆØÅ]{2,8})_(\d\d)(?=_|$)")


@dataclass(frozen=True)
class Rule:
    id: str
    family: str
    text: str
    planned_issue: int | None


@dataclass(frozen=True)
class Citation:
    id: str
    path: str
    line: int
    in_test: bool

    def where(self) -> str:
        return f"{self.path}:{self.line}"


def parse_rules(text: str) -> list[Rule]:
    """The rules of a rulebook: a line ``- FAM-NN text`` and its indented continuation lines."""
    rules: list[Rule] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        m = RULE_LINE.match(lines[i])
        if not m:
            i += 1
            continue
        block = [lines[i]]
        i += 1
        while i < len(lines) and lines[i].startswith("  ") and lines[i].strip():
            block.append(lines[i])
            i += 1
        joined = " ".join(part.strip() for part in block)
        planned = PLANNED.search(joined)
        rule_text = " ".join(PLANNED.sub("", joined).split())
        rules.append(
            Rule(
                id=f"{m.group(1)}-{m.group(2)}",
                family=m.group(1),
                text=rule_text,
                planned_issue=int(planned.group(1)) if planned else None,
            )
        )
    return rules


@cache
def rulebook() -> dict[str, Rule]:
    return {r.id: r for r in parse_rules(RULES_MD.read_text(encoding="utf-8"))}


def families(rules) -> list[str]:
    return sorted({r.family for r in rules}, key=len, reverse=True)


@cache
def known_patterns(family_names: tuple[str, ...]) -> tuple[re.Pattern, re.Pattern]:
    names = "|".join(family_names)
    capitals = re.compile(rf"(?<![{LETTER_OR_DIGIT}])({names})[-_]?(\d\d)(?!\d)")
    in_test_name = re.compile(rf"(?<![{LETTER_OR_DIGIT}])({names})_?(\d\d)(?!\d)", re.IGNORECASE)
    return capitals, in_test_name


def _in_brackets(line: str, start: int, end: int) -> bool:
    return line.rfind("(", 0, start) > line.rfind(")", 0, start) and ")" in line[end:]


def citations_in_line(line: str, family_names: list[str]) -> set[str]:
    """Every rule ID the line cites, by the forms in the module docstring."""
    capitals, in_test_name = known_patterns(tuple(family_names))
    known = set(family_names)
    found = {f"{m.group(1)}-{m.group(2)}" for m in capitals.finditer(line)}
    for name in TEST_NAME.finditer(line):
        ident = name.group(0)[len("test") :]
        found |= {f"{m.group(1).upper()}-{m.group(2)}" for m in in_test_name.finditer(ident)}
        for m in UNKNOWN_IN_TEST_NAME.finditer(ident):
            if m.group(1) not in known and m.group(1) not in NOT_RULE_PREFIXES:
                found.add(f"{m.group(1)}-{m.group(2)}")
    cites_known = bool(found)
    for m in UNKNOWN_ID.finditer(line):
        family = m.group(1)
        if family in known or family in NOT_RULE_PREFIXES:
            continue
        if cites_known or _in_brackets(line, m.start(), m.end()):
            found.add(f"{family}-{m.group(2)}")
    return found


def is_test_file(relative: Path) -> bool:
    name = relative.name
    return (
        relative.parts[0] == "tests" or name.startswith("test_") or name.endswith("_test.py")
    ) and name.endswith(".py")


def scanned_files():
    this = Path(__file__).resolve()
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.endswith(".egg-info"))
        for name in sorted(files):
            path = Path(folder, name)
            relative = path.relative_to(ROOT)
            top = relative.parts[0]
            if path == this:
                continue
            if (
                path.suffix == ".py"
                or (top == "templates" and path.suffix in {".html", ".txt"})
                or (top == "static" and path.suffix == ".js")
                or (top == "locale" and path.suffix == ".po")
            ):
                yield relative


@cache
def citations() -> tuple[Citation, ...]:
    family_names = families(rulebook().values())
    found = []
    for relative in scanned_files():
        in_test = is_test_file(relative)
        text = (ROOT / relative).read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), start=1):
            for rule_id in citations_in_line(line, family_names):
                found.append(Citation(rule_id, relative.as_posix(), number, in_test))
    return tuple(found)


def _listing(by_id: dict[str, list[str]], limit: int = 8) -> str:
    lines = []
    for rule_id in sorted(by_id):
        places = sorted(set(by_id[rule_id]))
        more = f" … and {len(places) - limit} more" if len(places) > limit else ""
        lines.append(f"  {rule_id}: {', '.join(places[:limit])}{more}")
    return "\n".join(lines)


# --- docs/rules.md itself ---------------------------------------------------------------------


def test_the_rulebook_defines_each_rule_once_with_a_well_formed_status():
    rules = parse_rules(RULES_MD.read_text(encoding="utf-8"))
    assert rules, "docs/rules.md defines no rules (a rule line reads '- VED-04 text')"
    seen: dict[str, int] = defaultdict(int)
    for r in rules:
        seen[r.id] += 1
    twice = sorted(i for i, n in seen.items() if n > 1)
    assert not twice, f"docs/rules.md defines these rule IDs more than once: {', '.join(twice)}"
    loose = [r.id for r in rules if "(planned" in r.text.lower()]
    assert not loose, (
        "A status marker in docs/rules.md is not of the form *(planned: issue NN)*: "
        + ", ".join(loose)
    )


# --- what code and tests cite -----------------------------------------------------------------


def test_every_rule_id_cited_by_code_or_tests_is_defined_in_the_rulebook():
    defined = set(rulebook())
    undefined: dict[str, list[str]] = defaultdict(list)
    for c in citations():
        if c.id not in defined:
            undefined[c.id].append(c.where())
    assert not undefined, (
        "These rule IDs are cited but docs/rules.md does not define them (a typo, or a rule "
        "to add to the rulebook first; a prefix that is not a rule family goes into "
        "NOT_RULE_PREFIXES in tests/test_rulebook.py):\n" + _listing(undefined)
    )


def test_every_rule_not_marked_planned_is_cited_by_a_test():
    cited = {c.id for c in citations() if c.in_test}
    missing = [r for r in rulebook().values() if r.planned_issue is None and r.id not in cited]
    by_family: dict[str, list[str]] = defaultdict(list)
    for r in missing:
        by_family[r.family].append(r.id)
    assert not missing, (
        "No test cites these rules of docs/rules.md (name the ID in the test that proves the "
        "rule, e.g. test_VED_04_…, or mark the rule *(planned: issue NN)* if it is not built):\n"
        + "\n".join(f"  {family}: {', '.join(ids)}" for family, ids in sorted(by_family.items()))
    )


def test_no_rule_marked_planned_is_cited_by_a_test():
    planned = {r.id: r.planned_issue for r in rulebook().values() if r.planned_issue is not None}
    cited: dict[str, list[str]] = defaultdict(list)
    for c in citations():
        if c.in_test and c.id in planned:
            cited[f"{c.id} (planned: issue {planned[c.id]})"].append(c.where())
    assert not cited, (
        "Tests cite these rules, which docs/rules.md still marks planned: remove their "
        "*(planned: issue NN)* marker now that they are built:\n" + _listing(cited)
    )


# --- in step with the steering repository -----------------------------------------------------


def _shared(name: str) -> Path:
    path = SHARED_DOMAIN / name
    if not path.is_file():
        pytest.skip(f"../shared/domain/{name} is not beside the project")
    return path


def test_the_rule_ids_are_those_of_the_steering_rulebook():
    shared = {r.id for r in parse_rules(_shared("RULES.md").read_text(encoding="utf-8"))}
    ours = set(rulebook())
    assert ours == shared, (
        "docs/rules.md and ../shared/domain/RULES.md define different rules (../shared wins):\n"
        f"  only in ../shared: {', '.join(sorted(shared - ours)) or '-'}\n"
        f"  only in docs/rules.md: {', '.join(sorted(ours - shared)) or '-'}"
    )


def test_each_rule_says_what_the_steering_rulebook_says():
    shared = {r.id: r.text for r in parse_rules(_shared("RULES.md").read_text(encoding="utf-8"))}
    differ = sorted(i for i, r in rulebook().items() if i in shared and shared[i] != r.text)
    assert not differ, (
        "These rules' text in docs/rules.md differs from ../shared/domain/RULES.md; copy the "
        "text from there (../shared wins): " + ", ".join(differ)
    )


def test_the_glossary_is_the_steering_glossary():
    shared = _shared("GLOSSARY.md").read_text(encoding="utf-8")
    ours = GLOSSARY_MD.read_text(encoding="utf-8")
    paragraphs = ours.split("\n\n")
    without_header = "\n\n".join(p for p in paragraphs if not p.startswith("This file mirrors"))
    assert without_header == shared, (
        "docs/glossary.md differs from ../shared/domain/GLOSSARY.md (besides its own note that "
        "it mirrors it); copy it from there (../shared wins)."
    )


# --- the way citations are found --------------------------------------------------------------

EXAMPLE_FAMILIES = ["SENTER", "INNSYN", "ROLE", "VED", "SAK", "INN", "ETT"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('raise RuleViolation("VED-04", msg)', {"VED-04"}),
        ("def test_VED_04_approver_is_not_author(world):", {"VED-04"}),
        ("def test_ved04_and_sak_02_in_lower_case(world):", {"VED-04", "SAK-02"}),
        ("def test_ROLE_02_ROLE_03_matrix(client):", {"ROLE-02", "ROLE-03"}),
        ('msgstr "Sortert etter godkjenningsfrist (VED-13)."', {"VED-13"}),
        ("VED_01 = Rule(", {"VED-01"}),
        ("INNSYN-01 and SENTER-02", {"INNSYN-01", "SENTER-02"}),
        ("# blocked (ABC-12)", {"ABC-12"}),
        ("# VED-06, VDE-07", {"VED-06", "VDE-07"}),
        ("def test_VDE_07_typo_in_the_family(world):", {"VDE-07"}),
        ("world.sak_18 = make_sak(age=18)", set()),
        ("def _ved02(vedtak, on):", set()),
        ('<meta charset="UTF-8"> (UTF-8) SHA-256 ISO-8601 2026-12-04 nb-NO', set()),
        ("LANGUAGE_CODE = 'nb-NO'  # P6a target 1.15, PLC2401", set()),
        ("(see COVID-19)", set()),
        ("Releases ABC-12 without brackets", set()),
        ("settet-01 RETT_01", set()),
        ('pytest.raises(DatabaseError, match="DOK-0")', set()),
    ],
)
def test_citations_are_found_in_the_documented_forms(line, expected):
    assert citations_in_line(line, EXAMPLE_FAMILIES) == expected


def test_a_planned_marker_is_read_and_kept_out_of_the_rule_text():
    text = "## X\n\n- ETT-03 No measure runs past 25. (must)\n  *(planned: issue 24)*\n- VED-01 Y\n"
    rules = parse_rules(text)
    assert [(r.id, r.text, r.planned_issue) for r in rules] == [
        ("ETT-03", "- ETT-03 No measure runs past 25. (must)", 24),
        ("VED-01", "- VED-01 Y", None),
    ]
