"""Deterministic shuffling of options, steps and responses, so a trainee sees a stable order.

Authors write the answer into the authored order more often than not: an ordering item's steps
are authored in the correct order, and matching responses tend to follow their premises. So every
list a trainee chooses from is shown shuffled, and an ordering item with 3 or more steps is never
shown in its authored order (which would give the answer away); with 2 steps the only other order
is the reversal, so that case is not forced.

The randomness is passed in as a seed rather than taken from the global `random` module: the same
attempt re-rendered shows the same order, and tests can pin it. A string seed gives the same
permutation on every run and machine (`random.Random` hashes strings with SHA-512, not `hash()`).
"""

from __future__ import annotations

import random
from collections.abc import Sequence

MAX_REDRAWS = 100
"""Redraws before falling back to a rotation; with 3+ steps each draw is authored at most 1 in 6."""


def shown_order(ids: Sequence[str], seed: str | int) -> tuple[str, ...]:
    """A permutation of `ids` that depends only on `ids` and `seed`."""
    order = list(ids)
    random.Random(f"{seed}").shuffle(order)
    return tuple(order)


def shown_steps(step_ids: Sequence[str], seed: str | int) -> tuple[str, ...]:
    """Like `shown_order`, but never the authored (correct) order when there are 3+ steps."""
    authored = tuple(step_ids)
    if len(authored) < 3:
        return shown_order(authored, seed)
    for redraw in range(MAX_REDRAWS):
        order = shown_order(authored, seed if redraw == 0 else f"{seed}#{redraw}")
        if order != authored:
            return order
    # Unreachable in practice (1 in 6**100 at worst), but the loop must provably end.
    return authored[1:] + authored[:1]


def attempt_seed(attempt_key: str, question_id: str) -> str:
    """A seed per item per attempt; the length prefix tells ("a:b", "c") from ("a", "b:c")."""
    return f"{len(attempt_key)}:{attempt_key}:{question_id}"
