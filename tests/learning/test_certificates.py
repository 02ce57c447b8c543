"""Certificates: issued only on completion, once, as a PDF any name prints in; codes verify."""

import io
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pypdf
import pytest
from argon2 import PasswordHasher

from modules.accounts import AccountsService
from modules.certificates import normalise_code
from modules.course import load_course
from modules.learning import LearningService
from modules.learning.certificates import CertificateService
from modules.learning.service import LearningError
from modules.tracking import StoreFactory
from modules.tracking import certificates as store
from modules.tracking.certificates import CertificateRow

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
PASSWORD = "amber lantern orbit meadow"


@pytest.fixture
def setup(tmp_path: Path):
    with StoreFactory(tmp_path / "t.db").connection() as db:
        accounts = AccountsService(db, hasher=PasswordHasher(time_cost=1, memory_cost=8,
                                                             parallelism=1))  # fmt: skip
        accounts.register_trainee("Zoë Nguyễn", "zoe@example.org", PASSWORD, NOW)
        person = accounts.resume(accounts.sign_in("zoe@example.org", PASSWORD, NOW), NOW)
        learning = LearningService(db, load_course(ROOT / "tests/fixtures/course_ok").course)
        yield db, person, CertificateService(learning)


def test_no_certificate_before_completion(setup) -> None:
    db, person, certificates = setup
    with pytest.raises(LearningError, match="every module and the final exam"):
        certificates.certificate(person, NOW)
    assert store.certificate_of(db, person.user_id) is None


def test_a_certificate_prints_a_unicode_name_and_verifies(setup) -> None:
    db, person, certificates = setup
    row = store.issue(db, CertificateRow("ABCD-EFGH-JKLM-NPQR", person.user_id, person.name,
                                         "A course", NOW.date(), 1.4), NOW)  # fmt: skip
    assert certificates.certificate(person, NOW) == row  # issued once, then the same one
    text = pypdf.PdfReader(io.BytesIO(certificates.pdf(row, "https://x.invalid/verify")))
    content = text.pages[0].extract_text()
    assert "Zoë Nguyễn" in content and "ABCD-EFGH-JKLM-NPQR" in content
    assert certificates.verify("abcd efgh jklm npqr") == row
    assert certificates.verify("ABCD-EFGH-JKLM-NPQS") is None  # one character forged
    assert certificates.hours() == round((40 + 45) / 60, 1)  # the fixture modules' minutes


def test_normalise_code() -> None:
    assert normalise_code(" abcd-efgh jklmnpqr ") == "ABCD-EFGH-JKLM-NPQR"


def test_verify_command(tmp_path: Path) -> None:
    db_path = tmp_path / "v.db"
    with StoreFactory(db_path).connection() as db:
        accounts = AccountsService(db, hasher=PasswordHasher(time_cost=1, memory_cost=8,
                                                             parallelism=1))  # fmt: skip
        user_id = accounts.register_trainee("Ana", "ana@example.org", PASSWORD, NOW)
        store.issue(db, CertificateRow("WXYZ-2345-6789-ABCD", user_id, "Ana", "A course",
                                       NOW.date(), 2.0), NOW)  # fmt: skip
    env = {
        "DBT_COURSE_DB": str(db_path),
        "DBT_COURSE_CONTENT": str(ROOT / "tests/fixtures/course_ok"),
    }
    real = subprocess.run([sys.executable, "-m", "modules", "verify", "wxyz-2345-6789-abcd"],
                          cwd=ROOT, env=env, capture_output=True, text=True)  # fmt: skip
    assert real.returncode == 0 and "genuine. Ana completed" in real.stdout
    forged = subprocess.run([sys.executable, "-m", "modules", "verify", "WXYZ-2345-6789-ABCE"],
                            cwd=ROOT, env=env, capture_output=True, text=True)  # fmt: skip
    assert forged.returncode == 1 and "no certificate has this code" in forged.stderr
