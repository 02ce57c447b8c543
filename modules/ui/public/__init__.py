"""Screens anyone can reach signed out: sign-in, registration, and the first-run set-up."""
