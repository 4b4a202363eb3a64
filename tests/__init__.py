"""The test suite (a package, so that pytest and the tests import one and the same tests.conftest)."""
