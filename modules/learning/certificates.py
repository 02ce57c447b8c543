"""Use cases of certificates: issue one when the course is completed, and verify a code."""

from __future__ import annotations

from datetime import datetime

from modules.accounts.service import SignedIn
from modules.certificates import certificate_pdf, new_code, normalise_code
from modules.tracking import certificates as store
from modules.tracking.certificates import CertificateRow

from .exams import ExamService
from .service import LearningError, LearningService

COURSE_TITLE = "DBT for clinicians: a foundational course in Dialectical Behavior Therapy"


class CertificateService:
    def __init__(self, learning: LearningService) -> None:
        self.learning = learning
        self.db = learning.db

    def hours(self) -> float:
        """The course's study time: the sum of the modules' estimated minutes, in hours."""
        minutes = sum(m.estimated_minutes for m in self.learning.course.modules)
        return round(minutes / 60, 1)

    def certificate(self, person: SignedIn, now: datetime) -> CertificateRow:
        """The person's certificate, issued the first time it is asked for after completion."""
        existing = store.certificate_of(self.db, person.user_id)
        if existing is not None:
            return existing
        if not ExamService(self.learning).status(person).completed:
            raise LearningError("The certificate comes when every module and the final exam "
                                "are passed.")  # fmt: skip
        row = CertificateRow(new_code(), person.user_id, person.name, COURSE_TITLE, now.date(),
                             self.hours())  # fmt: skip
        return store.issue(self.db, row, now)

    def pdf(self, certificate: CertificateRow, verify_url: str) -> bytes:
        return certificate_pdf(certificate.name, certificate.course, certificate.completed_on,
                               certificate.hours, certificate.code, verify_url)  # fmt: skip

    def verify(self, code: str) -> CertificateRow | None:
        """The certificate with this code, or None for a code that was never issued."""
        return store.certificate_by_code(self.db, normalise_code(code))
