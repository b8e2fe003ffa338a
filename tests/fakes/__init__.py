"""Fake platform servers over real HTTP for tests."""
