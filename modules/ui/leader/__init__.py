"""Screens for seminar leaders: running a live workshop and projecting it."""
