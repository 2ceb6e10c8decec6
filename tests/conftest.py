import pathlib

import pytest

REPO = pathlib.Path(__file__).resolve().parent.parent
ADDON = REPO / "addons" / "chilang_thidua"


@pytest.fixture(scope="session")
def addon():
    return ADDON


# pytest-odoo (optional: the Odoo suite can run through it, see README) loads an Odoo registry
# in session-wide autouse fixtures. These tests are static: they read the addon's files and need
# no database, so the same fixture names are made no-ops here, for this folder only.
@pytest.fixture(scope="session", autouse=True)
def load_registry():
    yield


@pytest.fixture(scope="session", autouse=True)
def load_http():
    yield


@pytest.fixture(scope="module", autouse=True)
def enable_odoo_test_flag():
    yield
