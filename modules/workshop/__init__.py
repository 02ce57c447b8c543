"""Live workshops: a leader projects a case or quiz items step by step and the room answers."""

from .service import Participant, View, WorkshopError, WorkshopService

__all__ = ["Participant", "View", "WorkshopError", "WorkshopService"]
