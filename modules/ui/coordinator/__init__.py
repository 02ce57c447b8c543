"""Screens a training coordinator uses to run cohorts."""
