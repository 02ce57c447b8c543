"""Writes a synthetic course of a chosen size, for timing the loader on more than the fixtures."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "course_ok"
PARAGRAPH = (
    "The therapist notices the client's distress, names it without judgement and links it to "
    "what happened this week, then turns with the client towards one small step they can take. "
) * 6


def _option(n: int, correct: bool) -> dict:
    return {
        "id": f"o{n}",
        "text": f"Response number {n} to the moment described.",
        "correct": correct,
        "feedback": "This explains why the response does or does not fit the moment.",
    }


def _question(module: str, n: int) -> dict:
    kinds = ["single", "multiple", "ordering", "matching", "reflection"]
    kind = kinds[n % len(kinds)]
    item = {
        "id": f"{module}.q{n:03d}",
        "type": kind,
        "objective": f"{module}.o{n % 3 + 1}",
        "difficulty": n % 3 + 1,
        "scenario": "A client describes a difficult week and asks what to do next.",
        "prompt": "What is the most useful response?",
        "rationale": "Because it balances acceptance and change at this moment.",
        "references": ["linehan1993a"],
        "exam": n % 10 == 0 and kind != "reflection",
    }
    if kind == "single":
        item["options"] = [_option(i, i == 0) for i in range(4)]
    elif kind == "multiple":
        item["options"] = [_option(i, i < 2) for i in range(5)]
    elif kind == "ordering":
        item["steps"] = [
            {"id": f"s{i}", "text": f"Step {i}", "feedback": "Why it comes here."} for i in range(4)
        ]
    elif kind == "matching":
        item["premises"] = [
            {"id": f"p{i}", "text": f"Statement {i}", "match": f"r{i}", "feedback": "Why."}
            for i in range(3)
        ]
        item["responses"] = [{"id": f"r{i}", "text": f"Level {i}"} for i in range(4)]
    else:
        item["model_answer"] = "A model answer."
        item["self_check"] = ["Did I validate first?"]
    return item


def write_course(
    root: Path, modules: int = 4, items_per_module: int = 50, lessons: int = 4
) -> Path:
    """A course of `modules` × `items_per_module` items and lessons of about 1,200 words."""
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(FIXTURE / "content", root / "content", ignore=shutil.ignore_patterns("0*"))
    (root / "quizzes").mkdir()
    for m in range(1, modules + 1):
        module = f"mod{m}"
        folder = root / "content" / f"{m:02d}-{module}"
        folder.mkdir()
        spec = {
            "id": module,
            "title": f"Module {m}",
            "order": m,
            "summary": "A generated module.",
            "estimated_minutes": 60,
            "pass_mark": 80,
            "objectives": [
                {"id": f"{module}.o{i}", "text": f"Choose response {i}."} for i in (1, 2, 3)
            ],
        }
        (folder / "module.yaml").write_text(yaml.safe_dump(spec, sort_keys=False))
        for n in range(1, lessons + 1):
            body = "\n\n".join(f"## Part {p}\n\n{PARAGRAPH}[[Validation]]" for p in range(1, 6))
            (folder / f"{n:02d}-lesson.md").write_text(
                f"---\nid: {module}.lesson{n}\ntitle: Lesson {n}\nobjectives: [{module}.o1]\n"
                f"minutes: 15\nreferences: [linehan1993a]\n---\n# Lesson {n}\n\n{body}\n"
            )
        bank = {
            "module": module,
            "questions": [_question(module, n) for n in range(items_per_module)],
        }
        (root / "quizzes" / f"{module}.yaml").write_text(yaml.safe_dump(bank, sort_keys=False))
    return root
