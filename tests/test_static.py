"""Checks of the addon's files that need no Odoo: they run on every machine."""

import ast
import csv
import re

import polib
import pytest
from conftest import ADDON
from lxml import etree

MANIFEST = ast.literal_eval((ADDON / "__manifest__.py").read_text(encoding="utf-8"))
XML_FILES = sorted(ADDON.rglob("*.xml"))
PY_FILES = sorted(p for p in ADDON.rglob("*.py") if "__pycache__" not in p.parts)
MODEL_FILES = sorted((ADDON / "models").glob("*.py")) + sorted((ADDON / "wizard").glob("*.py"))


def _model_names():
    """(name, is_abstract_or_transient) of every model the addon defines with _name."""
    found = []
    for path in MODEL_FILES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef):
                continue
            bases = {getattr(b, "attr", getattr(b, "id", "")) for b in node.bases}
            attrs = {}
            for stmt in node.body:
                if isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Name):
                    if isinstance(stmt.value, ast.Constant):
                        attrs[stmt.targets[0].id] = stmt.value.value
            if "_name" in attrs:
                found.append((attrs["_name"], bool(bases & {"AbstractModel", "TransientModel"})))
    return found


def test_manifest_keys():
    for key in ("name", "version", "license", "depends", "data", "author", "category", "summary"):
        assert key in MANIFEST, key
    assert MANIFEST["version"].startswith("18.0.")
    assert MANIFEST["license"] == "LGPL-3"
    assert {"base", "mail", "portal"} <= set(MANIFEST["depends"])


def test_manifest_files_exist_and_security_first():
    files = MANIFEST["data"] + MANIFEST.get("demo", [])
    for name in files:
        assert (ADDON / name).is_file(), name
    first = MANIFEST["data"][:2]
    assert all(name.startswith("security/") for name in first), "security files load first"


def test_every_data_file_is_listed():
    listed = set(MANIFEST["data"] + MANIFEST.get("demo", []))
    for folder in ("data", "views", "security", "report", "demo", "wizard"):
        for path in (ADDON / folder).glob("*"):
            if path.suffix in (".xml", ".csv"):
                assert str(path.relative_to(ADDON)) in listed, f"{path.name} is not in the manifest"


@pytest.mark.parametrize("path", XML_FILES, ids=lambda p: str(p.relative_to(ADDON)))
def test_xml_parses_and_uses_odoo18_idioms(path):
    tree = etree.parse(str(path))
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"<tree[ >]", text), "Odoo 18 uses <list>"
    assert " attrs=" not in text and " states=" not in text, "Odoo 18 uses invisible/readonly expressions"
    assert 'class="oe_chatter"' not in text, "Odoo 18 uses <chatter/>"
    assert 't-name="kanban-box"' not in text, "Odoo 18 kanban cards use t-name=\"card\""
    assert tree.getroot().tag == "odoo"


@pytest.mark.parametrize("path", PY_FILES, ids=lambda p: str(p.relative_to(ADDON)))
def test_python_compiles(path):
    compile(path.read_text(encoding="utf-8"), str(path), "exec")


def _class_attr(node, name):
    """The literal value of the class attribute ``name`` of ``node`` (None when absent)."""
    for stmt in node.body:
        if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in stmt.targets):
            return ast.literal_eval(stmt.value)
    return None


def one_model_per_file_problems(files):
    """What breaks "one model, one file" in ``files`` (Python files of models/ and wizard/).

    A file holds exactly one class: it defines one model (``_name``), or extends exactly one
    model that is not the addon's own (a core model). A class that only ``_inherit``s a model the
    addon defines somewhere else would spread that model over several files: its fields, computes
    and actions belong in the model's file, and its hooks are called from the action that needs
    them.
    """
    classes = {}
    for path in files:
        if path.name == "__init__.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        classes[path] = [n for n in tree.body if isinstance(n, ast.ClassDef)]
    defined = {}
    for path, nodes in classes.items():
        for node in nodes:
            name = _class_attr(node, "_name")
            if name:
                defined.setdefault(name, []).append(path.name)
    problems = [f"{name} is defined in {len(paths)} files: {', '.join(paths)}"
                for name, paths in defined.items() if len(paths) > 1]
    for path, nodes in classes.items():
        if len(nodes) != 1:
            problems.append(f"{path.name} holds {len(nodes)} classes: a file defines or extends exactly one model")
            continue
        node = nodes[0]
        name, inherit = _class_attr(node, "_name"), _class_attr(node, "_inherit")
        if name:
            if not isinstance(name, str):
                problems.append(f"{path.name}: _name must be one model name")
            continue
        parents = [inherit] if isinstance(inherit, str) else list(inherit or [])
        if len(parents) != 1:
            problems.append(f"{path.name} extends {len(parents)} models: a file extends exactly one core model")
        for parent in parents:
            if parent in defined:
                problems.append(f"{path.name} extends the addon's own {parent} (defined in "
                                f"{', '.join(defined[parent])}): fold it into that file")
    return problems


def test_one_model_per_file():
    assert one_model_per_file_problems(MODEL_FILES) == []


def test_one_model_per_file_refuses_an_extension_of_the_addons_own_model(tmp_path):
    (tmp_path / "thidua_thing.py").write_text(
        "class A(models.Model):\n    _name = 'thidua.thing'\n", encoding="utf-8")
    (tmp_path / "thidua_thing_extra.py").write_text(
        "class B(models.Model):\n    _inherit = 'thidua.thing'\n", encoding="utf-8")
    (tmp_path / "res_partner.py").write_text(
        "class C(models.Model):\n    _inherit = 'res.partner'\n\n\n"
        "class D(models.Model):\n    _inherit = 'res.users'\n", encoding="utf-8")
    problems = one_model_per_file_problems(sorted(tmp_path.glob("*.py")))
    assert len(problems) == 2, problems
    assert any("thidua_thing_extra.py extends the addon's own thidua.thing" in p for p in problems)
    assert any("res_partner.py holds 2 classes" in p for p in problems)


def test_access_csv_shape_and_every_model_has_acl():
    path = ADDON / "security" / "ir.model.access.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    header = ["id", "name", "model_id:id", "group_id:id", "perm_read", "perm_write", "perm_create", "perm_unlink"]
    assert list(rows[0].keys()) == header
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids)), "duplicate ACL ids"
    for row in rows:
        for perm in header[4:]:
            assert row[perm] in ("0", "1"), row
        assert row["group_id:id"], f"{row['id']}: an ACL without group gives access to everyone"
    covered = {row["model_id:id"] for row in rows}
    for name, abstract in _model_names():
        if abstract and name.endswith("mixin"):
            continue
        assert "model_" + name.replace(".", "_") in covered, f"model {name} has no ACL line"


def test_every_model_has_record_rules():
    rules = "".join(p.read_text(encoding="utf-8") for p in (ADDON / "security").glob("*.xml"))
    for name, abstract in _model_names():
        if abstract:
            continue
        assert f'ref="model_{name.replace(".", "_")}"' in rules, f"model {name} has no record rule"


def _po(name):
    return polib.pofile(str(ADDON / "i18n" / name))


def test_vi_po_parses_and_is_complete():
    po = _po("vi.po")
    untranslated = [e.msgid for e in po if not e.obsolete and not e.msgstr]
    assert not untranslated, f"untranslated terms: {untranslated[:10]}"
    assert not [e.msgid for e in po if e.fuzzy], "fuzzy translations"


def test_vi_po_covers_the_pot():
    pot_ids = {e.msgid for e in _po("chilang_thidua.pot")}
    po_ids = {e.msgid for e in _po("vi.po") if e.msgstr}
    missing = sorted(pot_ids - po_ids)
    assert not missing, f"terms of the .pot missing from vi.po: {missing[:10]}"


def test_vi_po_keeps_placeholders():
    for entry in _po("vi.po"):
        if not entry.msgstr:
            continue
        src = sorted(re.findall(r"%\(\w+\)s", entry.msgid))
        dst = sorted(re.findall(r"%\(\w+\)s", entry.msgstr))
        assert src == dst, f"placeholders differ in {entry.msgid!r}"


def test_code_strings_are_in_the_pot():
    """Every translatable message in the Python code is exported (regenerate the .pot if not)."""
    pot_ids = {e.msgid for e in _po("chilang_thidua.pot")}
    pattern = re.compile(r"""\b_\(\s*(?P<q>"|')(?P<s>(?:\\.|(?!(?P=q)).)*)(?P=q)\s*[,)]""")
    for path in PY_FILES:
        if "tests" in path.parts:
            continue
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            text = match.group("s").encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
            assert text in pot_ids, f"{path.name}: {text!r} is not in chilang_thidua.pot"
