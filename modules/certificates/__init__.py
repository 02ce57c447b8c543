"""Certificates of completion: a PDF with the trainee's name, and a code anyone can verify."""

from __future__ import annotations

import secrets
from datetime import date
from pathlib import Path

from fpdf import FPDF

FONTS = Path(__file__).resolve().parent / "fonts"
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_code() -> str:
    """16 characters in four groups (80 bits): unguessable, and easy to read out."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def normalise_code(code: str) -> str:
    raw = "".join(ch for ch in code.upper() if ch.isalnum())
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def certificate_pdf(
    name: str, course: str, completed_on: date, hours: float, code: str, verify_url: str
) -> bytes:
    """A one-page A4 landscape certificate, in DejaVu Sans so any name prints (e.g. Zoë Nguyễn)."""
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_title(f"Certificate of completion: {name}")
    pdf.set_author("DBT for clinicians")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.add_page()
    pdf.set_draw_color(47, 107, 111)
    pdf.set_line_width(1.2)
    pdf.rect(12, 12, pdf.w - 24, pdf.h - 24)
    pdf.set_y(40)
    pdf.set_font("DejaVu", "", 16)
    pdf.cell(0, 10, "Certificate of completion", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font("DejaVu", "B", 30)
    pdf.cell(0, 16, name, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("DejaVu", "", 15)
    pdf.multi_cell(0, 9, f"has completed the course\n{course}", align="C")
    pdf.ln(4)
    pdf.set_font("DejaVu", "", 12)
    pdf.cell(0, 8, f"Completed on {completed_on:%d %B %Y} · {hours:g} hours of study",
             align="C", new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    pdf.set_y(pdf.h - 45)
    pdf.set_font("DejaVu", "", 10)
    pdf.cell(0, 6, f"Verification code: {code}", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 6, f"Verify at {verify_url}", align="C", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
