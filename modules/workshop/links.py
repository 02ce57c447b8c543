"""The address participants open, and its QR code (segno: pure Python, maintained)."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import segno


def base_url(public_url: str | None, page_url: str | None) -> str:
    """DBT_COURSE_PUBLIC_URL when set, else the origin of the page the leader has open."""
    if public_url:
        return public_url.rstrip("/")
    if page_url:
        parts = urlsplit(page_url)
        if parts.scheme and parts.netloc:
            return f"{parts.scheme}://{parts.netloc}"
    return ""


def join_link(base: str, code: str) -> str:
    return f"{base.rstrip('/')}/join?code={code}"


def qr_png(link: str, scale: int = 8) -> bytes:
    """A QR code of the link, black on white with the standard quiet zone, as PNG bytes."""
    out = io.BytesIO()
    segno.make(link, error="m").save(out, kind="png", scale=scale, border=4)
    return out.getvalue()
