"""Tests of modules/learning (a package, so test_service.py may share its name with others)."""
