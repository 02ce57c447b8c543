"""One settings object read from the environment, with safe defaults for a fresh checkout."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

REPOSITORY_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    db_path: Path
    content_root: Path
    public_url: str | None

    @property
    def public_url_is_local(self) -> bool:
        """True when invitation links would only work on this machine."""
        if not self.public_url:
            return True
        host = urlsplit(self.public_url).hostname or ""
        return host in {"localhost", "127.0.0.1", "::1", "0.0.0.0"}


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Read DBT_COURSE_DB, DBT_COURSE_CONTENT and DBT_COURSE_PUBLIC_URL; relative paths are taken
    from the repository root so the app behaves the same whatever folder it is started from."""
    env = os.environ if environ is None else environ

    def path_from(name: str, default: Path) -> Path:
        raw = env.get(name, "").strip()
        if not raw:
            return default
        path = Path(raw).expanduser()
        return path if path.is_absolute() else REPOSITORY_ROOT / path

    public_url = env.get("DBT_COURSE_PUBLIC_URL", "").strip().rstrip("/") or None
    return Settings(
        db_path=path_from("DBT_COURSE_DB", REPOSITORY_ROOT / "progress" / "training.db"),
        content_root=path_from("DBT_COURSE_CONTENT", REPOSITORY_ROOT),
        public_url=public_url,
    )
