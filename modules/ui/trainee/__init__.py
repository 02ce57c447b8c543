"""Screens a trainee uses to study the course."""
