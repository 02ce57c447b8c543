"""Use cases of the branching vignettes: play a case and keep each finished run."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from modules.accounts.access import require_records
from modules.accounts.service import SignedIn
from modules.assessment import vignette_run as engine
from modules.course import Course
from modules.course.vignettes import Vignette
from modules.tracking import Database
from modules.tracking import vignette_runs as store
from modules.tracking.vignette_runs import RunRecord, RunRow


class CaseError(Exception):
    """A sentence for the trainee about a case that cannot be played or saved."""


@dataclass(frozen=True)
class CasePlay:
    """A run in progress as the page keeps it between reruns."""

    vignette_id: str
    state: engine.RunState
    started_at: datetime
    seed: str
    pending: engine.ChoiceOutcome | None = None  # feedback on the last choice, not yet read
    saved_run_id: int | None = None


class CaseService:
    def __init__(self, db: Database, course: Course) -> None:
        self.db = db
        self.course = course

    def vignette(self, vignette_id: str) -> Vignette:
        vignette = self.course.vignette(vignette_id)
        if vignette is None:
            raise CaseError("That case is not in the course.")
        return vignette

    def begin(self, vignette_id: str, now: datetime, seed: str) -> CasePlay:
        return CasePlay(vignette_id, engine.start(self.vignette(vignette_id)), now, seed)

    def choose(
        self, play: CasePlay, choice_id: str, *, seconds: float | None = None,
        confidence: int | None = None,
    ) -> CasePlay:  # fmt: skip
        vignette = self.vignette(play.vignette_id)
        try:
            state, outcome = engine.choose(vignette, play.state, choice_id, seconds, confidence)
        except engine.VignetteError as error:
            raise CaseError(str(error)) from None
        return CasePlay(play.vignette_id, state, play.started_at, play.seed, outcome)

    def finish(self, person: SignedIn, play: CasePlay, now: datetime) -> CasePlay:
        """Keep a finished run (once); returns the play with the run's id."""
        vignette = self.vignette(play.vignette_id)
        if play.saved_run_id is not None or not engine.finished(vignette, play.state):
            return play
        summary = engine.summarise(vignette, play.state)
        steps = [
            {"node": s.node_id, "choice": s.choice_id, "rating": s.rating, "pole": s.pole,
             "hierarchy_error": s.hierarchy_error, "counters": dict(s.counters_after),
             "seconds": s.seconds, "confidence": s.confidence}
            for s in play.state.steps
        ]  # fmt: skip
        run_id = store.save_run(self.db, RunRecord(
            user_id=person.user_id, vignette_id=vignette.id, run_key=play.seed,
            content_hash=vignette.content_hash,
            started_at=play.started_at, finished_at=now, steps=steps,
            counters=dict(play.state.counters), ending=summary.ending, points=summary.points,
            max_points=summary.max_points, score=summary.score,
            hierarchy_errors=summary.hierarchy_errors, acceptance_share=summary.acceptance_share,
        ))  # fmt: skip
        return CasePlay(play.vignette_id, play.state, play.started_at, play.seed, play.pending,
                        run_id)  # fmt: skip

    def runs(self, actor: SignedIn, user_id: int | None = None) -> list[RunRow]:
        user_id = actor.user_id if user_id is None else user_id
        require_records(self.db, actor, user_id)
        return store.runs_of(self.db, user_id)
