"""xAPI 1.0.3 statements (JSON-ready dicts) for a trainee's answers, lessons, choices and modules.

Pure: the builders take plain values and return dicts, touching no database and no UI. Verbs and
activity types are the ADL ones (http://adlnet.gov/expapi/...). Activity ids are IRIs built as
`<base>/activities/<kind>/<id>`, where `base` is the course's public URL or, when it has none,
`DEFAULT_BASE`. Kinds: `question`, `lesson`, `module`, `vignette` and `decision` (one decision
point of a vignette, identified as `<vignette id>/<node id>`).

A statement's `id` is a UUID 5 of everything else in it, so exporting the same activity twice gives
the same ids (an LRS then recognises the duplicate) and any difference in the inputs gives a new
one. Timestamps must be timezone-aware and are written in UTC. Reflections are private: their
statement says only that one was written (`result.completion`), never what, and has no score.
"""

from __future__ import annotations

import json
import math
import re
import uuid
from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import quote

XAPI_VERSION = "1.0.3"
DEFAULT_BASE = "https://dbt-course.invalid"

_ADL = "http://adlnet.gov/expapi"
VERBS = {
    "answered": f"{_ADL}/verbs/answered",
    "completed": f"{_ADL}/verbs/completed",
    "responded": f"{_ADL}/verbs/responded",
    "passed": f"{_ADL}/verbs/passed",
    "failed": f"{_ADL}/verbs/failed",
}
ACTIVITY_TYPES = {
    "question": f"{_ADL}/activities/cmi.interaction",
    "lesson": f"{_ADL}/activities/lesson",
    "module": f"{_ADL}/activities/module",
    "vignette": f"{_ADL}/activities/simulation",
    "decision": f"{_ADL}/activities/interaction",
}
CHOICE_SCALED = {"optimal": 1.0, "acceptable": 0.5, "problematic": 0.0}
"""A vignette choice's score: the same scale the mastery estimate uses."""

_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, f"{DEFAULT_BASE}/xapi/statements")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://\S+$")

Rating = Literal["optimal", "acceptable", "problematic"]
AttemptKind = Literal["quiz", "review", "exam"]


def iso_duration(seconds: float) -> str:
    """An ISO 8601 duration to the hundredth of a second (xAPI's precision), largest unit hours:
    42.5 -> "PT42.5S", 3725 -> "PT1H2M5S", 0 -> "PT0S". Raises ValueError for negative, infinite
    or NaN seconds."""
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"a duration needs a finite, non-negative number of seconds: {seconds!r}")
    centis = round(seconds * 100)
    hours, centis = divmod(centis, 360_000)
    minutes, centis = divmod(centis, 6_000)
    whole, fraction = divmod(centis, 100)
    parts = []
    if hours:
        parts.append(f"{hours}H")
    if minutes:
        parts.append(f"{minutes}M")
    if whole or fraction or not parts:
        text = f"{whole}.{fraction:02d}".rstrip("0").rstrip(".") if fraction else str(whole)
        parts.append(f"{text}S")
    return "PT" + "".join(parts)


def answered_statement(
    *,
    email: str,
    name: str,
    question_id: str,
    question_title: str,
    timestamp: datetime,
    score: float | None = None,
    response: str | None = None,
    reflection: bool = False,
    seconds: float | None = None,
    module_id: str | None = None,
    module_title: str | None = None,
    attempt_kind: AttemptKind | None = None,
    base: str = DEFAULT_BASE,
) -> dict[str, Any]:
    """The "answered" statement for one quiz, review or exam item.

    A scored item needs `score` in [0, 1]: the result carries `score.scaled`, `success` (a full
    score) and `response` (the answer's classification) when given. A reflection
    (`reflection=True`) must have no score; its result is `completion: true` only, and `response`
    is dropped whatever it holds, because reflections are private. `seconds` adds the time taken
    as `result.duration`; `attempt_kind` is recorded as a context extension."""
    result: dict[str, Any]
    if reflection:
        if score is not None:
            raise ValueError(f"a reflection is not scored, yet score={score!r} was given")
        result = {"completion": True}
    else:
        if score is None:
            raise ValueError("a scored item needs its score (0-1)")
        scaled = _unit(score, "score")
        result = {"score": {"scaled": scaled}, "success": scaled == 1.0, "completion": True}
        if response is not None:
            result["response"] = response
    if seconds is not None:
        result["duration"] = iso_duration(seconds)
    extensions = {f"{_base(base)}/extensions/attempt-kind": attempt_kind} if attempt_kind else None
    return _statement(
        email=email,
        name=name,
        verb="answered",
        activity=_activity(base, "question", question_id, question_title),
        timestamp=timestamp,
        result=result,
        context=_context(base, module_id, module_title, extensions=extensions),
    )


def lesson_statement(
    *,
    email: str,
    name: str,
    lesson_id: str,
    lesson_title: str,
    timestamp: datetime,
    seconds: float | None = None,
    module_id: str | None = None,
    module_title: str | None = None,
    base: str = DEFAULT_BASE,
) -> dict[str, Any]:
    """The "completed" statement for a lesson the trainee finished: `result.completion` is
    true, with the time spent as `result.duration` when `seconds` is known."""
    result: dict[str, Any] = {"completion": True}
    if seconds is not None:
        result["duration"] = iso_duration(seconds)
    return _statement(
        email=email,
        name=name,
        verb="completed",
        activity=_activity(base, "lesson", lesson_id, lesson_title),
        timestamp=timestamp,
        result=result,
        context=_context(base, module_id, module_title),
    )


def choice_statement(
    *,
    email: str,
    name: str,
    vignette_id: str,
    vignette_title: str,
    node_id: str,
    choice_id: str,
    rating: Rating,
    timestamp: datetime,
    seconds: float | None = None,
    module_id: str | None = None,
    module_title: str | None = None,
    base: str = DEFAULT_BASE,
) -> dict[str, Any]:
    """The "responded" statement for one choice made at a vignette's decision point.

    The object is the decision point (`<base>/activities/decision/<vignette id>/<node id>`), the
    response is the choice id and `score.scaled` follows its rating: optimal 1, acceptable 0.5,
    problematic 0 (`success` only for the optimal choice). The vignette is named in
    `context.contextActivities.grouping`, the module, when known, in `parent`."""
    if rating not in CHOICE_SCALED:
        raise ValueError(f"unknown rating {rating!r}: expected one of {sorted(CHOICE_SCALED)}")
    scaled = CHOICE_SCALED[rating]
    result: dict[str, Any] = {
        "score": {"scaled": scaled},
        "success": rating == "optimal",
        "response": choice_id,
    }
    if seconds is not None:
        result["duration"] = iso_duration(seconds)
    decision = _activity(
        base,
        "decision",
        f"{_segment(vignette_id)}/{_segment(node_id)}",
        f"{vignette_title}: decision {node_id}",
        quoted=True,
    )
    vignette = _activity(base, "vignette", vignette_id, vignette_title)
    return _statement(
        email=email,
        name=name,
        verb="responded",
        activity=decision,
        timestamp=timestamp,
        result=result,
        context=_context(base, module_id, module_title, grouping=[vignette]),
    )


def module_statement(
    *,
    email: str,
    name: str,
    module_id: str,
    module_title: str,
    passed: bool,
    best_percent: float | None,
    timestamp: datetime,
    base: str = DEFAULT_BASE,
) -> dict[str, Any]:
    """The "passed" or "failed" statement for a module's status: `success` is `passed` and
    `score.scaled` the best quiz percent / 100 (left out when no quiz attempt was completed, so
    no percent exists)."""
    result: dict[str, Any] = {"success": bool(passed)}
    if best_percent is not None:
        result["score"] = {"scaled": _unit(best_percent / 100, "best_percent / 100")}
    return _statement(
        email=email,
        name=name,
        verb="passed" if passed else "failed",
        activity=_activity(base, "module", module_id, module_title),
        timestamp=timestamp,
        result=result,
        context=None,
    )


def _statement(
    *,
    email: str,
    name: str,
    verb: str,
    activity: dict[str, Any],
    timestamp: datetime,
    result: dict[str, Any],
    context: dict[str, Any] | None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "actor": _agent(email, name),
        "verb": {"id": VERBS[verb], "display": {"en-US": verb}},
        "object": activity,
        "result": result,
        "timestamp": _timestamp(timestamp),
        "version": XAPI_VERSION,
    }
    if context:
        body["context"] = context
    key = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return {"id": str(uuid.uuid5(_NAMESPACE, key)), **body}


def _agent(email: str, name: str) -> dict[str, Any]:
    address = email.strip()
    if address.lower().startswith("mailto:"):
        address = address[len("mailto:") :]
    if address.count("@") != 1 or address.startswith("@") or address.endswith("@"):
        raise ValueError(f"not an email address: {email!r}")
    if any(c.isspace() for c in address):
        raise ValueError(f"not an email address: {email!r}")
    return {"objectType": "Agent", "name": name, "mbox": f"mailto:{address}"}


def _activity(
    base: str, kind: str, activity_id: str, title: str, *, quoted: bool = False
) -> dict[str, Any]:
    path = activity_id if quoted else _segment(activity_id)
    return {
        "objectType": "Activity",
        "id": f"{_base(base)}/activities/{kind}/{path}",
        "definition": {"name": {"en-US": title}, "type": ACTIVITY_TYPES[kind]},
    }


def _context(
    base: str,
    module_id: str | None,
    module_title: str | None,
    *,
    grouping: list[dict[str, Any]] | None = None,
    extensions: dict[str, Any] | None = None,
) -> dict[str, Any] | None:
    activities: dict[str, Any] = {}
    if module_id is not None:
        activities["parent"] = [_activity(base, "module", module_id, module_title or module_id)]
    if grouping:
        activities["grouping"] = grouping
    context: dict[str, Any] = {}
    if activities:
        context["contextActivities"] = activities
    if extensions:
        context["extensions"] = extensions
    return context or None


def _base(base: str) -> str:
    trimmed = base.rstrip("/")
    if not _SCHEME.match(trimmed):
        raise ValueError(f"the base must be an absolute IRI such as {DEFAULT_BASE!r}: {base!r}")
    return trimmed


def _segment(text: str) -> str:
    if not text:
        raise ValueError("an activity id cannot be empty")
    return quote(text, safe="")


def _timestamp(moment: datetime) -> str:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"the timestamp needs a timezone: {moment!r}")
    text = moment.astimezone(UTC).isoformat(timespec="milliseconds")
    return text.removesuffix("+00:00") + "Z"


def _unit(value: float, what: str) -> float:
    number = float(value)
    if not 0.0 <= number <= 1.0:
        raise ValueError(f"{what} must be within 0..1: {value!r}")
    return number
