"""Security checks that need no Odoo: the README table and the sudo() discipline."""

import importlib.util
import re
import sys

from conftest import ADDON, REPO

sys.path.insert(0, str(REPO / "tools"))
import security_table  # noqa: E402


def test_readme_security_table_matches_access_matrix():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    expected = security_table.expected_readme(text, security_table.render(security_table.load_matrix()))
    assert text == expected, "README.md's Security table differs from access_matrix.py: run tools/security_table.py"


def test_access_matrix_is_plain_data():
    """The static tools import it without Odoo: it must not import odoo."""
    source = security_table.MATRIX_FILE.read_text(encoding="utf-8")
    assert not re.search(r"^\s*(from|import)\s+odoo", source, re.M)
    spec = importlib.util.spec_from_file_location("m", security_table.MATRIX_FILE)
    matrix = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(matrix)
    for model, specs in matrix.MATRIX.items():
        assert set(specs) == set(matrix.ROLES), model
        for spec in specs.values():
            for letters in matrix.split(spec):
                assert set(letters) <= set(matrix.OPERATIONS), (model, spec)


def test_every_sudo_is_justified():
    """Each ``.sudo(`` in the addon's code (not its tests) has a ``# sudo:`` comment on the same
    line or in the comment block right above it, saying why the access rights may be bypassed."""
    offenders = []
    for path in sorted(ADDON.rglob("*.py")):
        if "tests" in path.relative_to(ADDON).parts:
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines):
            # sudo(False) gives the rights back: only the sudo that lifts them needs a reason
            if ".sudo(" not in line.replace(".sudo(False)", "") or line.lstrip().startswith("#"):
                continue
            window = [line]
            above = number - 1
            while above >= 0 and lines[above].lstrip().startswith("#"):
                window.append(lines[above])
                above -= 1
            if not any("# sudo:" in candidate for candidate in window):
                offenders.append(f"{path.relative_to(ADDON)}:{number + 1}: {line.strip()}")
    assert not offenders, "sudo() without a '# sudo: why' comment:\n" + "\n".join(offenders)


def test_every_sudo_is_justified_in_templates():
    """QWeb templates must not call sudo(): controllers prepare what the page may show."""
    offenders = [
        str(path.relative_to(ADDON))
        for path in sorted(ADDON.rglob("*.xml"))
        if ".sudo()" in path.read_text(encoding="utf-8")
    ]
    assert not offenders, offenders
