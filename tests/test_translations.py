"""No English in the Norwegian interface (issue 20, item 2): the message catalogue side.

The texts of the product are English msgids translated in ``locale/nb``. A text escapes the
translation in two ways, and each has a test here:

- it is marked with a helper that ``makemessages`` does not know (``_lazy = gettext_lazy``, or
  ``import gettext_lazy as _lazy``), so it is never extracted: only the standard names are used;
- it is extracted but has no Norwegian text (or a fuzzy one): ``makemessages`` is run on a copy
  of the sources with the catalogue as it is, and every msgid it finds must be translated.

The rendered side (every page of the demo as each role, in Chromium) is in
``tests/browser/test_reflow.py``, which reads each page's text with :mod:`tests.english`.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: The names ``makemessages`` extracts (xgettext's Python keywords and Django's own).
STANDARD = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}
TRANSLATION_MODULES = {"django.utils.translation", "gettext"}
#: What is not product code: the virtual environment, caches, generated files.
SKIP_DIRS = {".venv", ".git", ".ruff_cache", "var", "test-artifacts", "node_modules", "__pycache__"}


def _python_files():
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if not SKIP_DIRS.intersection(rel.parts) and "egg-info" not in rel.parts[0]:
            yield path


def _aliases(tree: ast.AST) -> list[tuple[int, str]]:
    """Every place a translation function gets a name ``makemessages`` does not extract."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in TRANSLATION_MODULES:
            for alias in node.names:
                name = alias.asname or alias.name
                if alias.name in STANDARD and name not in STANDARD:
                    found.append((node.lineno, f"import {alias.name} as {name}"))
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Name | ast.Attribute):
            value = node.value.id if isinstance(node.value, ast.Name) else node.value.attr
            if value in STANDARD - {"_"}:
                for target in node.targets:
                    if isinstance(target, ast.Name) and target.id not in STANDARD:
                        found.append((node.lineno, f"{target.id} = {value}"))
    return found


def test_texts_are_marked_only_with_the_names_makemessages_extracts():
    problems = []
    for path in _python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for lineno, what in _aliases(tree):
            problems.append(f"{path.relative_to(ROOT)}:{lineno}: {what}")
    assert not problems, (
        "Texts marked under another name are never extracted, so they stay English:\n"
        + "\n".join(problems)
    )


def test_the_alias_check_finds_the_kind_of_helper_that_let_english_through():
    tree = ast.parse(
        "from django.utils.translation import gettext_lazy as _lazy\n"
        "from django.utils.translation import gettext_lazy as _\n"
        "from django.utils import translation\n"
        "lazy = translation.gettext_lazy\n"
    )
    assert [what for _line, what in _aliases(tree)] == [
        "import gettext_lazy as _lazy",
        "lazy = gettext_lazy",
    ]


def _copy_sources(target: Path) -> None:
    def ignore(directory, names):
        rel = Path(directory).relative_to(ROOT)
        skipped = {n for n in names if n in SKIP_DIRS or n.endswith(".egg-info")}
        if rel.parts[:1] == ("static",):
            skipped |= {n for n in names if n == "vendor"}
        return skipped

    shutil.copytree(ROOT, target, ignore=ignore, symlinks=True)


def test_every_text_makemessages_finds_has_its_Norwegian_translation(tmp_path):
    """``make messages`` on a copy: nothing new, nothing untranslated or fuzzy, in bokmål
    and in nynorsk."""
    if not shutil.which("xgettext"):
        pytest.skip("GNU gettext is not installed (scripts/install-system-deps.sh installs it)")
    copy = tmp_path / "src"
    _copy_sources(copy)
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "nb",
            "-l",
            "nn",
            "--no-location",
            "--no-obsolete",
            "-i",
            "static/*",
            "-v0",
        ],
        cwd=copy,
        check=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "hjelpetiltak.settings.test"},
    )
    for lang in ("nb", "nn"):  # issue 26: the nynorsk catalogue is checked the same way
        _assert_all_translated(copy / "locale" / lang / "LC_MESSAGES" / "django.po", lang)


def _assert_all_translated(catalogue, lang: str) -> None:
    # The copy was extracted: the catalogue is the whole product's, and the evaluation's
    # message that once stayed English is in it.
    text = catalogue.read_text(encoding="utf-8")
    assert text.count("\nmsgid ") > 1000
    assert {
        "nb": "Evalueringen er gjennomført. Send den til partene",
        "nn": "Evalueringa er gjennomført. Send evalueringa til partane",
    }[lang] in text
    missing = subprocess.run(
        ["msgattrib", "--untranslated", "--no-wrap", str(catalogue)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    fuzzy = subprocess.run(
        ["msgattrib", "--only-fuzzy", "--no-wrap", str(catalogue)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    untranslated = [line for line in (missing + fuzzy).splitlines() if line.startswith("msgid ")]
    untranslated = [line for line in untranslated if line != 'msgid ""']
    assert not untranslated, (
        f"Texts with no {lang} translation (run `make messages` and translate them):\n"
        + "\n".join(untranslated)
    )
