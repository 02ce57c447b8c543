"""Screens every signed-in person has, whatever their role."""
