"""The trainee's journey as services the pages call, with their permission checks."""

from .service import CourseProgress, LearningService, ModuleProgress, QuizPlan, Submitted

__all__ = ["CourseProgress", "LearningService", "ModuleProgress", "QuizPlan", "Submitted"]
