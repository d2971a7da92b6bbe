"""Helpers shared by every test suite, importable as `support.*` (pytest puts tests/ on
sys.path, see pyproject.toml): constants, clocks, core builders, a statement counter."""
