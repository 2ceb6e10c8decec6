"""The untranslated-term check itself: it passes on the addon and fails on one blanked term."""

import importlib.util
import pathlib

import polib
from conftest import ADDON, REPO

SPEC = importlib.util.spec_from_file_location("i18n_check", REPO / "tools" / "i18n_check.py")
i18n_check = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(i18n_check)

PO = ADDON / "i18n" / "vi.po"
POT = ADDON / "i18n" / "chilang_thidua.pot"


def test_every_term_of_the_addon_is_translated():
    missing = i18n_check.missing_translations(PO, POT)
    assert not missing, f"untranslated terms: {missing[:10]}"


def test_one_blank_term_is_reported(tmp_path: pathlib.Path):
    po = polib.pofile(str(PO))
    victim = next(entry for entry in po if entry.msgstr and "Registration" in entry.msgid)
    victim.msgstr = ""
    copy = tmp_path / "vi.po"
    po.save(str(copy))
    assert i18n_check.missing_translations(copy, POT) == [victim.msgid]


def test_one_term_missing_from_the_po_is_reported(tmp_path: pathlib.Path):
    po = polib.pofile(str(PO))
    victim = next(entry for entry in po if entry.msgstr and "Council" in entry.msgid)
    po.remove(victim)
    copy = tmp_path / "vi.po"
    po.save(str(copy))
    assert i18n_check.missing_translations(copy, POT) == [victim.msgid]


def test_a_fuzzy_term_is_reported(tmp_path: pathlib.Path):
    po = polib.pofile(str(PO))
    victim = next(entry for entry in po if entry.msgstr and "Decision" in entry.msgid)
    victim.flags.append("fuzzy")
    copy = tmp_path / "vi.po"
    po.save(str(copy))
    assert i18n_check.missing_translations(copy, POT) == [victim.msgid]
