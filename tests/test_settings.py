"""Settings read from the environment, with defaults that work in a fresh checkout."""

from pathlib import Path

import pytest

from modules.settings import REPOSITORY_ROOT, load_settings


def test_defaults() -> None:
    settings = load_settings({})
    assert settings.db_path == REPOSITORY_ROOT / "progress" / "training.db"
    assert settings.content_root == REPOSITORY_ROOT
    assert settings.public_url is None
    assert settings.public_url_is_local


def test_environment_overrides(tmp_path: Path) -> None:
    settings = load_settings(
        {
            "DBT_COURSE_DB": str(tmp_path / "t.db"),
            "DBT_COURSE_CONTENT": "tests/fixtures/course_ok",
            "DBT_COURSE_PUBLIC_URL": "https://training.example.org/dbt/",
        }
    )
    assert settings.db_path == tmp_path / "t.db"
    assert settings.content_root == REPOSITORY_ROOT / "tests" / "fixtures" / "course_ok"
    assert settings.public_url == "https://training.example.org/dbt"
    assert not settings.public_url_is_local


@pytest.mark.parametrize(
    "url", ["http://localhost:8501", "http://127.0.0.1:8501/", "http://[::1]:8501"]
)
def test_local_public_urls_are_recognised(url: str) -> None:
    assert load_settings({"DBT_COURSE_PUBLIC_URL": url}).public_url_is_local
