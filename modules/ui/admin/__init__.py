"""Screens for the people who run the app and its content."""
