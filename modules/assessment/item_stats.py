"""Classical item analysis for quiz and exam items, test reliability, and vignette choice shares.

Everything here is a pure function over pandas DataFrames (or plain sequences); nothing reads the
database. The answers handed in are first attempts, one row per user and question, with
reflections already left out:

    user_id, question_id, score (0..1), classification

where `classification` is the key of what was chosen (single choice: the option id; multiple
choice: the chosen ids joined with "+"). `keys` maps a question id to the classification of the
key where one exists (for single choice, the correct option id).

Conventions used throughout:
- An answer is *correct* when its score is 1 (within 1e-9). Multiple-choice items, which the
  quiz scores with partial credit, are therefore scored 0/1 here: correct only when fully right.
- Variances are population variances (ddof = 0) everywhere, for items and totals alike.
- The single-figure functions (`facility`, `point_biserial`, `upper_lower`, `kr20`,
  `cronbach_alpha`) compute on whatever they are given; the tables (`item_table`,
  `choice_table`) report "not enough data" (`enough` False and None for every figure) when fewer
  than MIN_RESPONDENTS users answered.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

MIN_RESPONDENTS = 20
UPPER_LOWER_SHARE = 0.27
LOW_DISCRIMINATION = 0.15
CORRECT_TOLERANCE = 1e-9

TOO_EASY = "too easy"
TOO_HARD = "too hard"
DISTRACTOR_BEATS_KEY = "a distractor beats the key among the strongest"
LOW_DISCRIMINATION_FLAG = "low discrimination"

ANSWER_COLUMNS = ("user_id", "question_id", "score", "classification")
CHOICE_COLUMNS = ("user_id", "vignette_id", "node_id", "choice_id", "rating")
ITEM_TABLE_COLUMNS = (
    "question_id",
    "n",
    "enough",
    "facility",
    "point_biserial",
    "upper_lower",
    "option_shares",
    "key",
    "flags",
)
CHOICE_TABLE_COLUMNS = (
    "vignette_id",
    "node_id",
    "n",
    "enough",
    "choice_shares",
    "optimal_choice",
    "optimal_share",
)
ITEM_FIGURES = ("facility", "point_biserial", "upper_lower", "option_shares")
CHOICE_FIGURES = ("choice_shares", "optimal_share")


# --- helpers ---------------------------------------------------------------------------------


def _scores(values: Iterable[float]) -> np.ndarray:
    array = np.asarray(list(values) if not isinstance(values, np.ndarray) else values, dtype=float)
    if array.ndim != 1:
        raise ValueError("scores must be one-dimensional")
    if np.isnan(array).any():
        raise ValueError("scores contain missing values")
    if ((array < 0) | (array > 1)).any():
        raise ValueError("scores must lie in [0, 1]")
    return array


def _is_correct(scores: np.ndarray) -> np.ndarray:
    return scores >= 1.0 - CORRECT_TOLERANCE


def _zero_one(values: Iterable[float], what: str) -> np.ndarray:
    array = np.asarray(list(values) if not isinstance(values, np.ndarray) else values, dtype=float)
    if array.ndim != 1:
        raise ValueError(f"{what} must be one-dimensional")
    if not np.isin(array, (0.0, 1.0)).all():
        raise ValueError(f"{what} must hold only 0 and 1")
    return array


def _is_constant(array: np.ndarray) -> bool:
    """No spread beyond floating-point noise (totals built by subtraction may carry some)."""
    if array.size < 2:
        return True
    scale = max(1.0, float(np.abs(array).max()))
    return float(np.ptp(array)) <= 1e-9 * scale


def _as_series(values: pd.Series | Sequence[float], what: str) -> pd.Series:
    series = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=float)
    if not series.index.is_unique:
        raise ValueError(f"{what} has repeated user ids")
    return series


def _group_size(n: int, share: float) -> int:
    """round(share × n), halves rounded up, at least 1, and at most n // 2 once n ≥ 2 so the
    upper and lower groups never overlap."""
    size = max(1, math.floor(share * n + 0.5))
    return min(size, n // 2) if n >= 2 else size


def _ranked_groups(totals: pd.Series, share: float) -> tuple[list, list]:
    """(lower, upper) user ids: users ranked by total ascending, equal totals ordered by user_id
    (so among equal totals the later id ranks higher); the lower group is the first g, the upper
    group the last g, with g from `_group_size`."""
    if not 0 < share <= 0.5:
        raise ValueError("share must be in (0, 0.5]")
    frame = pd.DataFrame({"user_id": totals.index, "total": totals.to_numpy(dtype=float)})
    ordered = frame.sort_values(["total", "user_id"], kind="mergesort")["user_id"].tolist()
    size = _group_size(len(ordered), share)
    return ordered[:size], ordered[-size:]


def _table(
    rows: list[dict[str, object]], columns: Sequence[str], figures: Sequence[str]
) -> pd.DataFrame:
    """A DataFrame of `rows` whose figure columns keep Python floats and None (object dtype), so
    "not enough data" stays None rather than turning into NaN."""
    table = pd.DataFrame(rows, columns=list(columns))
    for column in figures:
        table[column] = pd.Series([row[column] for row in rows], index=table.index, dtype=object)
    return table


def _check_columns(frame: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what} lacks columns {missing}")


def _first_answers(answers: pd.DataFrame) -> pd.DataFrame:
    """One row per user and question: the first in the order given (the first attempt)."""
    _check_columns(answers, ANSWER_COLUMNS, "answers")
    first = answers.drop_duplicates(["user_id", "question_id"], keep="first").copy()
    first["score"] = _scores(first["score"].to_numpy())
    return first


def _complete_rows(matrix: pd.DataFrame) -> np.ndarray:
    return matrix.dropna(axis=0, how="any").to_numpy(dtype=float)


# --- single figures --------------------------------------------------------------------------


def facility(scores: Iterable[float]) -> float | None:
    """Facility (difficulty index) p = (number of correct answers) / (number of answers).

    An answer is correct when its score is 1 (within 1e-9); partial credit counts as wrong, so a
    `multiple` item is scored 0/1 here and is correct only when fully right. None when there are
    no scores. Scores must lie in [0, 1].
    """
    array = _scores(scores)
    if array.size == 0:
        return None
    return float(_is_correct(array).mean())


def point_biserial(item_correct: Iterable[float], rest_scores: Iterable[float]) -> float | None:
    """Point-biserial correlation between 0/1 correctness on an item and the rest score.

    The rest score is each user's total on the REST of the test (this item removed), which keeps
    the item from correlating with itself. The figure is Pearson's r between the two vectors:

        r = Σ (x − x̄)(y − ȳ) / sqrt(Σ (x − x̄)² · Σ (y − ȳ)²)

    with x the 0/1 correctness and y the rest score (equal to the textbook
    (M₁ − M₀)/σ_y · sqrt(p q) form with population σ). None when either vector has zero variance
    (everyone right, everyone wrong, or all rest scores equal) or there are fewer than 2 pairs.
    """
    x = _zero_one(item_correct, "item_correct")
    y = np.asarray(list(rest_scores), dtype=float)
    if x.shape != y.shape:
        raise ValueError("item_correct and rest_scores differ in length")
    if np.isnan(y).any():
        raise ValueError("rest_scores contain missing values")
    if _is_constant(x) or _is_constant(y):
        return None
    dx, dy = x - x.mean(), y - y.mean()
    r = float((dx * dy).sum() / math.sqrt((dx**2).sum() * (dy**2).sum()))
    return max(-1.0, min(1.0, r))


def upper_lower(
    item_correct: pd.Series | Sequence[float],
    totals: pd.Series | Sequence[float],
    share: float = UPPER_LOWER_SHARE,
) -> float | None:
    """Upper-lower discrimination index D = p_upper − p_lower.

    Users are ranked by total score; p_upper is the facility of the item in the top `share`
    (27 %) of users and p_lower in the bottom `share`. Group size g = max(1, round(share × n)),
    halves rounded up, capped at n // 2 for n ≥ 2 so the groups cannot overlap. Ties are broken
    deterministically: users are ordered by (total, user_id) ascending, the bottom group is the
    first g and the top group the last g, so among equal totals the later user_id ranks higher.

    Pass pandas Series indexed by user_id (the two are aligned on it); plain sequences are taken
    as positional, with user ids 0..n−1. None when there are no users.
    """
    correct = _as_series(item_correct, "item_correct")
    total = _as_series(totals, "totals")
    if set(correct.index) != set(total.index):
        raise ValueError("item_correct and totals cover different users")
    if correct.empty:
        return None
    values = pd.Series(_zero_one(correct.to_numpy(), "item_correct"), index=correct.index)
    lower, upper = _ranked_groups(total, share)
    return float(values.loc[upper].mean() - values.loc[lower].mean())


def option_frequencies(classifications: Iterable[object]) -> pd.DataFrame:
    """Count and share of each classification: share = count / (number of non-missing ones).

    Missing classifications (None/NaN) are left out of counts and shares. Returns a DataFrame
    indexed by classification with columns `count` and `share`, most chosen first, equal counts
    in key order.
    """
    values = pd.Series(list(classifications), dtype=object).dropna()
    counts = values.value_counts()
    frame = pd.DataFrame({"count": counts.astype(int)})
    frame.index.name = "classification"
    frame = frame.reset_index().sort_values(
        ["count", "classification"], ascending=[False, True], kind="mergesort"
    )
    frame["share"] = frame["count"] / max(1, int(frame["count"].sum()))
    return frame.set_index("classification")[["count", "share"]]


# --- tables ----------------------------------------------------------------------------------


def score_matrix(answers: pd.DataFrame, *, correct_only: bool = False) -> pd.DataFrame:
    """Users × items matrix of first-attempt scores (NaN where a user did not answer an item).

    With `correct_only` the cells are 0/1 correctness (score == 1), the input `kr20` expects;
    otherwise the raw scores in [0, 1] that `cronbach_alpha` takes. Rows and columns are sorted.
    """
    first = _first_answers(answers)
    if correct_only:
        first["score"] = _is_correct(first["score"].to_numpy()).astype(float)
    matrix = first.pivot(index="user_id", columns="question_id", values="score")
    return matrix.sort_index().sort_index(axis=1)


def item_table(
    answers: pd.DataFrame,
    keys: Mapping[str, str],
    too_easy: float = 0.9,
    too_hard: float = 0.2,
) -> pd.DataFrame:
    """One row per question: n, facility, point-biserial, upper-lower D, option shares, flags.

    - Each user's first answer to each item counts (the first row per user and question in the
      order given). A user's total = Σ of their item scores over all items in the table (partial
      credit included); the rest score for an item = total − that item's score.
    - For each item, only the n users who answered it take part: facility = share with score 1,
      point_biserial = r(correct, rest score), upper_lower = D by total (27 % groups), and
      option_shares = {classification: share} as in `option_frequencies`.
    - Flags: "too easy" when facility > too_easy; "too hard" when facility < too_hard;
      "a distractor beats the key among the strongest" when, in the upper 27 % group by total,
      some classification other than the key (from `keys`) is chosen more often than the key
      (only for items with a key); "low discrimination" when the point-biserial is below 0.15
      (not when it is undefined).
    - When n < MIN_RESPONDENTS: `enough` is False, facility, point_biserial, upper_lower and
      option_shares are None, and there are no flags.

    Columns: question_id, n, enough, facility, point_biserial, upper_lower, option_shares, key,
    flags (a tuple of flag strings). Rows sorted by question_id. The figure columns have object
    dtype and hold Python floats or None (`.astype(float)` turns None into NaN).
    """
    first = _first_answers(answers)
    totals = first.groupby("user_id")["score"].sum()
    rows = []
    for question_id, item in first.groupby("question_id", sort=True):
        key = keys.get(question_id)
        rows.append(_item_row(question_id, item, totals, key, too_easy, too_hard))
    return _table(rows, ITEM_TABLE_COLUMNS, ITEM_FIGURES)


def _item_row(
    question_id: object,
    item: pd.DataFrame,
    totals: pd.Series,
    key: str | None,
    too_easy: float,
    too_hard: float,
) -> dict[str, object]:
    n = len(item)
    row: dict[str, object] = {
        "question_id": question_id,
        "n": n,
        "enough": n >= MIN_RESPONDENTS,
        "facility": None,
        "point_biserial": None,
        "upper_lower": None,
        "option_shares": None,
        "key": key,
        "flags": (),
    }
    if n < MIN_RESPONDENTS:
        return row
    item = item.set_index("user_id")
    scores = item["score"]
    correct = pd.Series(_is_correct(scores.to_numpy()).astype(float), index=item.index)
    item_totals = totals.loc[item.index]
    rest = item_totals - scores
    p = facility(scores)
    r = point_biserial(correct.to_numpy(), rest.to_numpy())
    d = upper_lower(correct, item_totals)
    shares = option_frequencies(item["classification"])["share"]
    _, upper = _ranked_groups(item_totals, UPPER_LOWER_SHARE)

    flags = []
    if p is not None and p > too_easy:
        flags.append(TOO_EASY)
    if p is not None and p < too_hard:
        flags.append(TOO_HARD)
    if key is not None and _distractor_beats_key(item.loc[upper, "classification"], key):
        flags.append(DISTRACTOR_BEATS_KEY)
    if r is not None and r < LOW_DISCRIMINATION:
        flags.append(LOW_DISCRIMINATION_FLAG)
    row.update(
        facility=p,
        point_biserial=r,
        upper_lower=d,
        option_shares={k: float(v) for k, v in shares.items()},
        flags=tuple(flags),
    )
    return row


def _distractor_beats_key(classifications: pd.Series, key: str) -> bool:
    counts = option_frequencies(classifications)["count"]
    key_count = int(counts.get(key, 0))
    return any(int(c) > key_count for label, c in counts.items() if label != key)


# --- reliability -----------------------------------------------------------------------------


def kr20(matrix: pd.DataFrame) -> float | None:
    """Kuder-Richardson 20 on a users × items matrix of 0/1 correctness.

        KR-20 = k/(k−1) × (1 − Σ pᵢ qᵢ / σ²_total)

    with k items, pᵢ the share correct on item i, qᵢ = 1 − pᵢ, and σ²_total the population
    variance (ddof = 0) of the users' total scores. NaN means "not answered": only users who
    answered every item are used (listwise deletion), so build the matrix from items most users
    met. None when k < 2, when no user answered every item, or when σ²_total is 0.
    """
    values = _complete_rows(matrix)
    k = values.shape[1] if values.ndim == 2 else 0
    if k < 2 or values.shape[0] == 0:
        return None
    if not np.isin(values, (0.0, 1.0)).all():
        raise ValueError("kr20 needs a 0/1 matrix")
    p = values.mean(axis=0)
    total_variance = values.sum(axis=1).var(ddof=0)
    if total_variance <= 1e-12:
        return None
    return float(k / (k - 1) * (1 - (p * (1 - p)).sum() / total_variance))


def cronbach_alpha(matrix: pd.DataFrame) -> float | None:
    """Cronbach's alpha on a users × items matrix of scores in [0, 1] (partial credit allowed).

        α = k/(k−1) × (1 − Σ σ²ᵢ / σ²_total)

    with k items, σ²ᵢ the variance of item i and σ²_total the variance of the users' totals, both
    population variances (ddof = 0). On 0/1 data σ²ᵢ = pᵢ qᵢ, so α equals KR-20. Only users who
    answered every item are used (NaN = not answered). None when k < 2, when no user answered
    every item, or when σ²_total is 0.
    """
    values = _complete_rows(matrix)
    k = values.shape[1] if values.ndim == 2 else 0
    if k < 2 or values.shape[0] == 0:
        return None
    if ((values < 0) | (values > 1)).any():
        raise ValueError("cronbach_alpha needs scores in [0, 1]")
    item_variances = values.var(axis=0, ddof=0)
    total_variance = values.sum(axis=1).var(ddof=0)
    if total_variance <= 1e-12:
        return None
    return float(k / (k - 1) * (1 - item_variances.sum() / total_variance))


# --- vignettes -------------------------------------------------------------------------------


def choice_table(choices: pd.DataFrame) -> pd.DataFrame:
    """Per vignette node: the share of users choosing each choice and the share choosing the
    optimal one.

    Input columns: user_id, vignette_id, node_id, choice_id, rating ("optimal", "acceptable" or
    "problematic"). Each user counts once per node: their first row in the order given. For a
    node answered by n users, share(c) = (users choosing c) / n and optimal_share = (users whose
    choice is rated "optimal") / n. optimal_choice is the id of the optimal choice when someone
    chose it, else None. When n < MIN_RESPONDENTS, `enough` is False and choice_shares and
    optimal_share are None.

    Columns: vignette_id, node_id, n, enough, choice_shares (dict, most chosen first),
    optimal_choice, optimal_share. Rows sorted by vignette_id, node_id. choice_shares and
    optimal_share have object dtype and hold Python values or None.
    """
    _check_columns(choices, CHOICE_COLUMNS, "choices")
    first = choices.drop_duplicates(["user_id", "vignette_id", "node_id"], keep="first")
    rows = []
    for (vignette_id, node_id), node in first.groupby(["vignette_id", "node_id"], sort=True):
        n = len(node)
        optimal = node.loc[node["rating"] == "optimal", "choice_id"].unique()
        row: dict[str, object] = {
            "vignette_id": vignette_id,
            "node_id": node_id,
            "n": n,
            "enough": n >= MIN_RESPONDENTS,
            "choice_shares": None,
            "optimal_choice": optimal[0] if len(optimal) else None,
            "optimal_share": None,
        }
        if n >= MIN_RESPONDENTS:
            shares = option_frequencies(node["choice_id"])["share"]
            row["choice_shares"] = {k: float(v) for k, v in shares.items()}
            row["optimal_share"] = float((node["rating"] == "optimal").mean())
        rows.append(row)
    return _table(rows, CHOICE_TABLE_COLUMNS, CHOICE_FIGURES)


def pairwise_alpha(matrix: pd.DataFrame, min_pairs: int = 5) -> float | None:
    """Cronbach's alpha (KR-20 on 0/1 scores) when each person answered only some items, as in
    quizzes drawn from a larger bank: alpha = k/(k−1) × (1 − trace(C) / ΣC), with C the
    covariance matrix computed pairwise (each pair of items over the people who answered both,
    at least `min_pairs` of them; a pair never answered together counts as uncorrelated, which
    errs low). Items fewer than MIN_RESPONDENTS people answered are left out. On complete data
    it equals `cronbach_alpha` exactly (the n/(n−1) factor cancels in the ratio)."""
    answered = matrix.loc[:, matrix.notna().sum() >= MIN_RESPONDENTS]
    answered = answered.loc[:, answered.var(ddof=0) > 0]
    k = answered.shape[1]
    if k < 2:
        return None
    cov = answered.cov(min_periods=min_pairs).fillna(0.0).to_numpy()
    total = float(cov.sum())
    if total <= 0:
        return None
    return float(k / (k - 1) * (1 - float(np.trace(cov)) / total))
