#!/usr/bin/env python3
"""Which terms of the addon are not translated into Vietnamese.

``missing_translations(po, pot)`` is the check the static tests run (tests/test_static.py): it
lists the msgids of vi.po with an empty or fuzzy msgstr, and those of the .pot that vi.po lacks.
Usage: tools/i18n_check.py [vi.po] [chilang_thidua.pot]   (exit status 1 when something is missing)
"""

import pathlib
import sys

import polib

I18N = pathlib.Path(__file__).resolve().parent.parent / "addons" / "chilang_thidua" / "i18n"


def missing_translations(po_path=I18N / "vi.po", pot_path=I18N / "chilang_thidua.pot"):
    """Sorted msgids a vi_VN user would meet in English."""
    po = polib.pofile(str(po_path))
    missing = {entry.msgid for entry in po if not entry.obsolete and (not entry.msgstr or entry.fuzzy)}
    if pot_path:
        translated = {entry.msgid for entry in po if entry.msgstr and not entry.fuzzy}
        missing |= {entry.msgid for entry in polib.pofile(str(pot_path))} - translated
    return sorted(missing)


def main(argv):
    missing = missing_translations(*argv[1:3]) if len(argv) > 1 else missing_translations()
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    print(f"{len(missing)} untranslated term(s)")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
