"""Entry check and final exam: drawn only from `exam` items, feedback only after the whole exam,
and the trainee's gain from one to the other.

Rules:
- The entry check draws ENTRY_PER_MODULE exam items from each module; the final exam draws
  FINAL_PER_MODULE, leaving out the items the trainee met in the entry check unless the module's
  exam bank is too small to fill the final without them.
- The final exam passes at FINAL_PASS_MARK percent with every must-pass (safety-critical) item in
  it answered correctly, as a module quiz does. The course is *completed* when every module is
  passed (must-pass items included) and a final exam has passed.
- The entry check is taken once, before the final exam is started.
- Gain is shown in points (final % minus entry %) and as Hake's normalised gain
  g = (final − entry) / (100 − entry), the share of the possible improvement achieved; it is
  undefined when the entry score was already 100 %.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping, Sequence

from modules.course.questions import QuestionBase

ENTRY_PER_MODULE = 2
FINAL_PER_MODULE = 3
FINAL_PASS_MARK = 80


def draw_exam(
    exam_banks: Mapping[str, Sequence[QuestionBase]],
    per_module: int,
    rng: random.Random,
    exclude: Collection[str] = frozenset(),
) -> tuple[str, ...]:
    """Item ids, `per_module` from each module's exam bank, avoiding `exclude` where possible;
    modules in course order, items shuffled within the whole exam."""
    chosen: list[str] = []
    for module_id in exam_banks:
        bank = [q for q in exam_banks[module_id] if q.exam]
        fresh = [q for q in bank if q.id not in exclude]
        rng.shuffle(fresh)
        picked = fresh[:per_module]
        if len(picked) < per_module:  # bank too small: reuse excluded items rather than fall short
            reused = [q for q in bank if q.id in exclude]
            rng.shuffle(reused)
            picked += reused[: per_module - len(picked)]
        chosen += [q.id for q in picked]
    rng.shuffle(chosen)
    return tuple(chosen)


def gain(entry_percent: float, final_percent: float) -> tuple[float, float | None]:
    """(points gained, normalised gain) between the entry check and the final exam."""
    points = final_percent - entry_percent
    normalised = None if entry_percent >= 100 else points / (100 - entry_percent)
    return points, normalised


def course_completed(modules_passed: Mapping[str, bool], final_passed: bool) -> bool:
    return bool(modules_passed) and all(modules_passed.values()) and final_passed
