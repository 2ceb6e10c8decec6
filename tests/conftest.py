import pathlib

import pytest

REPO = pathlib.Path(__file__).resolve().parent.parent
ADDON = REPO / "addons" / "chilang_thidua"


@pytest.fixture(scope="session")
def addon():
    return ADDON
