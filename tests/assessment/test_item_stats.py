"""Item analysis: hand-worked figures, scipy/numpy reference checks, and the edge cases."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from modules.assessment.item_stats import (
    DISTRACTOR_BEATS_KEY,
    LOW_DISCRIMINATION_FLAG,
    MIN_RESPONDENTS,
    TOO_EASY,
    TOO_HARD,
    choice_table,
    cronbach_alpha,
    facility,
    item_table,
    kr20,
    option_frequencies,
    point_biserial,
    score_matrix,
    upper_lower,
)

# The hand-worked example: 5 users × 3 items, 0/1.
#
#   user  q1 q2 q3  total
#   u1     1  1  1    3
#   u2     1  1  0    2
#   u3     1  0  1    2
#   u4     0  1  0    1
#   u5     0  0  0    0
#
# p = (0.6, 0.6, 0.4); p·q = 0.24 each, Σ p q = 0.72.
# totals 3, 2, 2, 1, 0: mean 1.6, squared deviations 1.96 + 0.16 + 0.16 + 0.36 + 2.56 = 5.2,
# population variance 5.2 / 5 = 1.04.
# KR-20 = 3/2 × (1 − 0.72 / 1.04) = 1.5 × 0.32 / 1.04 = 0.48 / 1.04 = 6/13 ≈ 0.4615.
HAND = pd.DataFrame(
    {"q1": [1, 1, 1, 0, 0], "q2": [1, 1, 0, 1, 0], "q3": [1, 0, 1, 0, 0]},
    index=pd.Index(["u1", "u2", "u3", "u4", "u5"], name="user_id"),
    dtype=float,
)
HAND_TOTALS = HAND.sum(axis=1)


def answers_from(matrix: pd.DataFrame, wrong: str = "b", right: str = "a") -> pd.DataFrame:
    """Long-form answers from a users × items score matrix (NaN = not answered): classification
    `right` when the score is 1, else `wrong`."""
    rows = [
        {
            "user_id": user,
            "question_id": question,
            "score": float(score),
            "classification": right if score == 1 else wrong,
        }
        for user, row in matrix.iterrows()
        for question, score in row.items()
        if not pd.isna(score)
    ]
    return pd.DataFrame(rows, columns=["user_id", "question_id", "score", "classification"])


def row_of(table: pd.DataFrame, question_id: str) -> pd.Series:
    found = table[table["question_id"] == question_id]
    assert len(found) == 1
    return found.iloc[0]


# --- facility ------------------------------------------------------------------------------


def test_facility_hand_worked() -> None:
    # q1: 3 of 5 right → 0.6.
    assert facility(HAND["q1"]) == pytest.approx(0.6)
    # Partial credit counts as wrong: only the two 1s are correct → 2/5 = 0.4.
    assert facility([1.0, 0.5, 1.0, 0.0, 0.99]) == pytest.approx(0.4)


def test_facility_edges() -> None:
    assert facility([]) is None
    with pytest.raises(ValueError):
        facility([0.5, 1.2])
    with pytest.raises(ValueError):
        facility([0.5, float("nan")])


# --- point-biserial ------------------------------------------------------------------------


def test_point_biserial_hand_worked() -> None:
    # q1 correct x = 1 1 1 0 0, rest score y = total − q1 = 2 1 1 1 0.
    # x̄ = 0.6, ȳ = 1.0; dx = .4 .4 .4 −.6 −.6, dy = 1 0 0 0 −1.
    # Σ dx dy = 0.4 + 0.6 = 1.0; Σ dx² = 3 × 0.16 + 2 × 0.36 = 1.2; Σ dy² = 2.
    # r = 1.0 / sqrt(1.2 × 2) = 1 / sqrt(2.4) ≈ 0.6455.
    rest = HAND_TOTALS - HAND["q1"]
    assert point_biserial(HAND["q1"], rest) == pytest.approx(1 / math.sqrt(2.4))
    # q2: x = 1 1 0 1 0, y = 2 1 2 0 0; dx = .4 .4 −.6 .4 −.6, dy = 1 0 1 −1 −1.
    # Σ dx dy = 0.4 + 0 − 0.6 − 0.4 + 0.6 = 0 → r = 0.
    assert point_biserial(HAND["q2"], HAND_TOTALS - HAND["q2"]) == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_point_biserial_matches_scipy(seed: int) -> None:
    rng = np.random.default_rng(seed)
    correct = rng.integers(0, 2, size=60)
    rest = rng.normal(5, 2, size=60) + 1.5 * correct  # some real association
    expected = stats.pointbiserialr(correct, rest).statistic
    assert point_biserial(correct, rest) == pytest.approx(expected, abs=1e-12)


def test_point_biserial_zero_variance_is_none() -> None:
    # Everyone right: no variance in x.
    assert point_biserial([1, 1, 1, 1], [3, 1, 2, 0]) is None
    # Everyone wrong.
    assert point_biserial([0, 0, 0], [3, 1, 2]) is None
    # All rest scores equal (zero-variance totals).
    assert point_biserial([1, 0, 1, 0], [2, 2, 2, 2]) is None
    # Equal up to floating-point noise from subtraction still counts as equal.
    assert point_biserial([1, 0], [1.5 - 0.5, 0.7 + 0.3]) is None
    assert point_biserial([1], [3]) is None


def test_point_biserial_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        point_biserial([1, 0, 0.5], [1, 2, 3])
    with pytest.raises(ValueError):
        point_biserial([1, 0, 1], [1, 2])


# --- upper-lower index ---------------------------------------------------------------------


def test_upper_lower_hand_worked() -> None:
    # n = 5, g = max(1, round(0.27 × 5 = 1.35)) = 1.
    # Ranked by (total, user_id): u5 (0), u4 (1), u2 (2), u3 (2), u1 (3).
    # Bottom = {u5}, top = {u1}. q1: 1 − 0 = 1. q2: 1 − 0 = 1. q3: 1 − 0 = 1.
    for item in ("q1", "q2", "q3"):
        assert upper_lower(HAND[item], HAND_TOTALS) == pytest.approx(1.0)


def test_upper_lower_breaks_ties_by_user_id() -> None:
    # share 0.4: g = round(2.0) = 2. Ranked u5, u4, u2, u3, u1 (u2 and u3 tie on 2; u3 sorts
    # later, so it ranks higher). Bottom = {u5, u4}, top = {u3, u1}.
    # q2 = u1 1, u2 1, u3 0, u4 1, u5 0: top 1/2 = 0.5, bottom 1/2 = 0.5 → D = 0.
    # (Had u2 been placed in the top group, D would be 1.0 − 0.5 = 0.5.)
    assert upper_lower(HAND["q2"], HAND_TOTALS, share=0.4) == pytest.approx(0.0)
    # The order the rows come in does not matter.
    shuffled = ["u3", "u5", "u1", "u4", "u2"]
    assert upper_lower(
        HAND["q2"].loc[shuffled], HAND_TOTALS.loc[shuffled[::-1]], share=0.4
    ) == pytest.approx(0.0)


@pytest.mark.parametrize(("n", "group"), [(20, 5), (50, 14), (4, 1), (2, 1)])
def test_upper_lower_group_size(n: int, group: int) -> None:
    # Totals 0..n−1, one distinct per user. Only the user at rank n − group (the lowest member
    # of the top group if it has `group` members) is right, so D = 1/group; a group one smaller
    # would leave that user out (D = 0) and one larger would give 1/(group + 1).
    # n = 50: 0.27 × 50 = 13.5 rounds (half up) to 14.
    users = [f"u{i:02d}" for i in range(n)]
    totals = pd.Series(np.arange(n, dtype=float), index=users)
    correct = pd.Series(0.0, index=users)
    correct.iloc[n - group] = 1.0
    assert upper_lower(correct, totals) == pytest.approx(1 / group)


def test_upper_lower_edges() -> None:
    assert upper_lower(pd.Series(dtype=float), pd.Series(dtype=float)) is None
    # One user: the same user is top and bottom, D = 0.
    assert upper_lower([1.0], [3.0]) == pytest.approx(0.0)
    with pytest.raises(ValueError):
        upper_lower(HAND["q1"], HAND_TOTALS.drop("u1"))
    with pytest.raises(ValueError):
        upper_lower(HAND["q1"], HAND_TOTALS, share=0.6)


# --- option frequencies --------------------------------------------------------------------


def test_option_frequencies_hand_worked() -> None:
    # a ×3, b ×1, c+d ×1, one missing → shares over the 5 given: 0.6, 0.2, 0.2.
    table = option_frequencies(["a", "b", "a", "c+d", None, "a"])
    assert list(table.index) == ["a", "b", "c+d"]
    assert list(table["count"]) == [3, 1, 1]
    assert list(table["share"]) == pytest.approx([0.6, 0.2, 0.2])
    assert option_frequencies([]).empty


# --- reliability ---------------------------------------------------------------------------


def test_kr20_and_alpha_hand_worked() -> None:
    # See the table at the top: KR-20 = 6/13. Alpha on the same 0/1 data uses the item
    # variances p q = 0.24 each, so it is 6/13 too.
    assert kr20(HAND) == pytest.approx(6 / 13)
    assert cronbach_alpha(HAND) == pytest.approx(6 / 13)


def test_alpha_partial_credit_hand_worked() -> None:
    #   user  i1   i2   total
    #   a     1    0.5  1.5
    #   b     0.5  0.5  1.0
    #   c     0    0    0
    #   d     0.5  1    1.5
    # i1: mean 0.5, var (0.25 + 0 + 0.25 + 0) / 4 = 0.125; i2 likewise 0.125.
    # totals mean 1.0, var (0.25 + 0 + 1 + 0.25) / 4 = 0.375.
    # α = 2 × (1 − 0.25 / 0.375) = 2 × 1/3 = 2/3.
    matrix = pd.DataFrame({"i1": [1, 0.5, 0, 0.5], "i2": [0.5, 0.5, 0, 1]}, index=list("abcd"))
    assert cronbach_alpha(matrix) == pytest.approx(2 / 3)
    with pytest.raises(ValueError):
        kr20(matrix)  # not 0/1


def alpha_by_covariance(values: np.ndarray) -> float:
    """Independent reference: α = k/(k−1) × (1 − trace(C) / sum(C)), C the item covariance."""
    c = np.cov(values, rowvar=False)
    k = values.shape[1]
    return k / (k - 1) * (1 - np.trace(c) / c.sum())


def correlated_scores(seed: int, users: int = 80, items: int = 8) -> np.ndarray:
    rng = np.random.default_rng(seed)
    ability = rng.normal(0, 1, size=(users, 1))
    return np.clip(0.5 + 0.25 * ability + rng.normal(0, 0.2, size=(users, items)), 0, 1)


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_alpha_matches_covariance_formula(seed: int) -> None:
    values = correlated_scores(seed)
    expected = alpha_by_covariance(values)
    assert 0.3 < expected < 1  # the data really is correlated, so this is not a trivial check
    assert cronbach_alpha(pd.DataFrame(values)) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("seed", [21, 22, 23])
def test_kr20_equals_alpha_on_zero_one_data(seed: int) -> None:
    binary = (correlated_scores(seed) >= 0.5).astype(float)
    matrix = pd.DataFrame(binary)
    result = kr20(matrix)
    assert result is not None
    assert result == pytest.approx(cronbach_alpha(matrix), abs=1e-12)
    assert result == pytest.approx(alpha_by_covariance(binary), abs=1e-12)


def test_reliability_uses_only_users_who_answered_everything() -> None:
    with_gaps = pd.concat(
        [HAND, pd.DataFrame({"q1": [1.0], "q2": [np.nan], "q3": [0.0]}, index=["u6"])]
    )
    assert kr20(with_gaps) == pytest.approx(6 / 13)
    assert cronbach_alpha(with_gaps) == pytest.approx(6 / 13)


def test_reliability_edges_are_none() -> None:
    # Zero-variance totals: everyone scores 1 of 2.
    flat = pd.DataFrame({"q1": [1.0, 0.0, 1.0], "q2": [0.0, 1.0, 0.0]})
    assert kr20(flat) is None
    assert cronbach_alpha(flat) is None
    # Fewer than two items.
    assert kr20(HAND[["q1"]]) is None
    assert cronbach_alpha(HAND[["q1"]]) is None
    # Nobody answered every item.
    gaps = pd.DataFrame({"q1": [1.0, np.nan], "q2": [np.nan, 0.0]})
    assert kr20(gaps) is None
    assert cronbach_alpha(gaps) is None


# --- item table ----------------------------------------------------------------------------

# The hand example repeated four times: 20 users, A0..A3 with u1's answers, B0..B3 with u2's,
# and so on. Facility, r and KR-20 do not change under repetition (p and the population
# variance are the same), so: facility 0.6, 0.6, 0.4; r(q1) = 1/sqrt(2.4) ≈ 0.6455, r(q2) = 0;
# r(q3): x = 1 0 1 0 0, y = total − q3 = 2 2 1 1 0, dx = .6 −.4 .6 −.4 −.4,
# dy = .8 .8 −.2 −.2 −1.2, Σ dx dy = 0.6, Σ dx² = 1.2, Σ dy² = 2.8 → r = 0.6 / sqrt(3.36).
# Upper-lower, g = round(0.27 × 20 = 5.4) = 5. Ascending by (total, user_id):
# E0..E3 (0), D0..D3 (1), B0..B3, C0..C3 (2), A0..A3 (3). Bottom = E0..E3, D0; top = C3, A0..A3.
# q1: top 5/5, bottom 0/5 → D = 1. q2: top 4/5 (C3 wrong), bottom 1/5 (D0 right) → D = 0.6.
# q3: top 5/5, bottom 0/5 → D = 1.
REPEATED = pd.concat(
    [HAND.rename(index=lambda u, c=copy: "ABCDE"[int(u[1]) - 1] + str(c)) for copy in range(4)]
)


def test_item_table_hand_worked() -> None:
    table = item_table(answers_from(REPEATED), {"q1": "a", "q2": "a", "q3": "a"})
    assert list(table["question_id"]) == ["q1", "q2", "q3"]
    assert list(table["n"]) == [20, 20, 20]
    assert table["enough"].all()
    assert list(table["facility"]) == pytest.approx([0.6, 0.6, 0.4])
    assert list(table["point_biserial"]) == pytest.approx(
        [1 / math.sqrt(2.4), 0.0, 0.6 / math.sqrt(3.36)], abs=1e-12
    )
    assert list(table["upper_lower"]) == pytest.approx([1.0, 0.6, 1.0])
    assert row_of(table, "q1")["option_shares"] == pytest.approx({"a": 0.6, "b": 0.4})
    assert row_of(table, "q3")["option_shares"] == pytest.approx({"b": 0.6, "a": 0.4})
    # r(q2) = 0 < 0.15: low discrimination; nothing else trips.
    assert list(table["flags"]) == [(), (LOW_DISCRIMINATION_FLAG,), ()]
    assert kr20(score_matrix(answers_from(REPEATED), correct_only=True)) == pytest.approx(6 / 13)


def test_item_table_fewer_than_twenty_is_not_enough_data() -> None:
    # 19 users, everyone right on q1: facility would be 1 (too easy) but there is not enough data.
    users = [f"u{i:02d}" for i in range(MIN_RESPONDENTS - 1)]
    matrix = pd.DataFrame(
        {"q1": 1.0, "q2": [i % 2 for i in range(len(users))]}, index=users, dtype=float
    )
    table = item_table(answers_from(matrix), {"q1": "a", "q2": "a"})
    assert list(table["n"]) == [19, 19]
    assert not table["enough"].any()
    assert list(table["flags"]) == [(), ()]
    for column in ("facility", "point_biserial", "upper_lower", "option_shares"):
        assert all(value is None for value in table[column]), column


def test_item_table_enough_is_per_item() -> None:
    users = [f"u{i:02d}" for i in range(MIN_RESPONDENTS)]
    matrix = pd.DataFrame({"q1": [i % 2 for i in range(20)], "q2": 1.0}, index=users, dtype=float)
    matrix.loc["u00", "q2"] = np.nan  # one user skipped q2: 19 answers
    table = item_table(answers_from(matrix), {})
    assert list(table["enough"]) == [True, False]
    assert row_of(table, "q1")["facility"] == pytest.approx(0.5)
    assert row_of(table, "q2")["facility"] is None


def test_item_everyone_gets_right() -> None:
    users = [f"u{i:02d}" for i in range(20)]
    matrix = pd.DataFrame(
        {"q1": 1.0, "q2": [float(i < 12) for i in range(20)]}, index=users, dtype=float
    )
    row = row_of(item_table(answers_from(matrix), {"q1": "a"}), "q1")
    assert row["facility"] == pytest.approx(1.0)
    assert row["point_biserial"] is None
    assert row["upper_lower"] == pytest.approx(0.0)
    assert row["flags"] == (TOO_EASY,)


def test_item_table_too_hard() -> None:
    # q1: 3 of 20 right → facility 0.15 < 0.2.
    users = [f"u{i:02d}" for i in range(20)]
    matrix = pd.DataFrame(
        {"q1": [float(i < 3) for i in range(20)], "q2": [float(i < 10) for i in range(20)]},
        index=users,
    )
    table = item_table(answers_from(matrix), {})
    assert row_of(table, "q1")["facility"] == pytest.approx(0.15)
    assert TOO_HARD in row_of(table, "q1")["flags"]
    assert TOO_HARD not in row_of(table, "q2")["flags"]
    # With the threshold lowered it is no longer flagged.
    lenient = item_table(answers_from(matrix), {}, too_hard=0.1)
    assert TOO_HARD not in row_of(lenient, "q1")["flags"]


def distractor_answers(top_choices: list[str]) -> pd.DataFrame:
    """20 users, 3 items, key of q1 = "a".

    u00–u04 get q2 and q3 right; on q1 they choose `top_choices` (q1 right only with "a"), so
    their totals are 3 (chose "a") or 2. u05–u19 get q2 and q3 wrong and q1 right (total 1).
    The top 27 % (g = 5) is therefore exactly u00–u04.
    """
    rows = []
    for i in range(20):
        user = f"u{i:02d}"
        strong = i < 5
        q1 = top_choices[i] if strong else "a"
        rows.append((user, "q1", float(q1 == "a"), q1))
        for question in ("q2", "q3"):
            rows.append((user, question, float(strong), "a" if strong else "b"))
    return pd.DataFrame(rows, columns=["user_id", "question_id", "score", "classification"])


def test_distractor_chosen_by_most_of_the_top_group_is_flagged() -> None:
    # Top 5: "b" three times, the key "a" twice → 3 > 2.
    table = item_table(distractor_answers(["b", "b", "b", "a", "a"]), {"q1": "a"})
    row = row_of(table, "q1")
    assert row["facility"] == pytest.approx(17 / 20)
    assert row["option_shares"] == pytest.approx({"a": 0.85, "b": 0.15})
    assert DISTRACTOR_BEATS_KEY in row["flags"]


def test_no_distractor_flag_when_the_key_leads_or_ties_or_there_is_no_key() -> None:
    leads = item_table(distractor_answers(["b", "a", "a", "a", "a"]), {"q1": "a"})
    assert DISTRACTOR_BEATS_KEY not in row_of(leads, "q1")["flags"]
    # Split distractors: b 2, c 1, key 2 → no distractor chosen MORE often than the key.
    ties = item_table(distractor_answers(["b", "b", "c", "a", "a"]), {"q1": "a"})
    assert DISTRACTOR_BEATS_KEY not in row_of(ties, "q1")["flags"]
    no_key = item_table(distractor_answers(["b", "b", "b", "a", "a"]), {})
    assert DISTRACTOR_BEATS_KEY not in row_of(no_key, "q1")["flags"]


def test_partial_credit_counts_in_totals_but_not_as_correct() -> None:
    # q2 is a multiple-choice item: u00–u09 fully right (1), u10–u19 half right (0.5).
    # q1: u00–u09 right. Facility of q2 = 10/20 = 0.5 (the halves are wrong), but the totals are
    # 2 for u00–u09 and 0.5 for the rest; the rest score for q1 is q2's score: 1 vs 0.5, so
    # q1's correctness lines up exactly with it → r = 1.
    users = [f"u{i:02d}" for i in range(20)]
    matrix = pd.DataFrame(
        {
            "q1": [float(i < 10) for i in range(20)],
            "q2": [1.0 if i < 10 else 0.5 for i in range(20)],
        },
        index=users,
    )
    table = item_table(answers_from(matrix), {})
    assert row_of(table, "q2")["facility"] == pytest.approx(0.5)
    assert row_of(table, "q1")["point_biserial"] == pytest.approx(1.0)


def test_only_the_first_attempt_counts() -> None:
    answers = answers_from(REPEATED)
    # Later retries, all right, would lift q3 to facility 1 if they were counted.
    retries = answers[answers["question_id"] == "q3"].assign(score=1.0, classification="a")
    table = item_table(pd.concat([answers, retries], ignore_index=True), {"q3": "a"})
    assert row_of(table, "q3")["n"] == 20
    assert row_of(table, "q3")["facility"] == pytest.approx(0.4)


def test_item_table_point_biserial_matches_scipy_on_random_data() -> None:
    rng = np.random.default_rng(7)
    users, items = 40, 6
    ability = rng.normal(0, 1, size=(users, 1))
    raw = ability + rng.normal(0, 1, size=(users, items))
    scores = np.where(raw > 0.5, 1.0, np.where(raw > -0.5, 0.5, 0.0))  # partial credit too
    scores[rng.random((users, items)) < 0.1] = np.nan  # some items skipped
    matrix = pd.DataFrame(
        scores, index=[f"u{i:02d}" for i in range(users)], columns=[f"q{j}" for j in range(items)]
    )
    table = item_table(answers_from(matrix), {})
    totals = np.nansum(scores, axis=1)
    for j in range(items):
        answered = ~np.isnan(scores[:, j])
        correct = (scores[answered, j] == 1).astype(int)
        rest = totals[answered] - scores[answered, j]
        expected = stats.pointbiserialr(correct, rest).statistic
        row = row_of(table, f"q{j}")
        assert row["n"] == answered.sum()
        assert row["point_biserial"] == pytest.approx(expected, abs=1e-12)
        assert row["facility"] == pytest.approx(correct.mean())


def test_item_table_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        item_table(pd.DataFrame({"user_id": ["u1"], "question_id": ["q1"]}), {})
    bad = answers_from(HAND).assign(score=2.0)
    with pytest.raises(ValueError):
        item_table(bad, {})


def test_item_table_empty() -> None:
    empty = pd.DataFrame(columns=["user_id", "question_id", "score", "classification"])
    table = item_table(empty, {})
    assert table.empty
    assert "point_biserial" in table.columns


# --- vignette choices ----------------------------------------------------------------------


def test_choice_table_hand_worked() -> None:
    # Node n1, 20 users: c1 (optimal) ×12, c2 (acceptable) ×6, c3 (problematic) ×2
    # → shares 0.6, 0.3, 0.1; optimal share 0.6. u00's later second run (c3) is ignored.
    # Node n2, 5 users: not enough data.
    rating = {"c1": "optimal", "c2": "acceptable", "c3": "problematic"}
    picks = ["c1"] * 12 + ["c2"] * 6 + ["c3"] * 2
    rows = [(f"u{i:02d}", "v1", "n1", c, rating[c]) for i, c in enumerate(picks)]
    rows.append(("u00", "v1", "n1", "c3", "problematic"))
    rows += [(f"u{i:02d}", "v1", "n2", "d1", "optimal") for i in range(5)]
    choices = pd.DataFrame(
        rows, columns=["user_id", "vignette_id", "node_id", "choice_id", "rating"]
    )
    table = choice_table(choices)
    assert list(table["node_id"]) == ["n1", "n2"]
    n1, n2 = table.iloc[0], table.iloc[1]
    assert n1["n"] == 20
    assert n1["enough"]
    assert n1["choice_shares"] == pytest.approx({"c1": 0.6, "c2": 0.3, "c3": 0.1})
    assert list(n1["choice_shares"]) == ["c1", "c2", "c3"]
    assert n1["optimal_choice"] == "c1"
    assert n1["optimal_share"] == pytest.approx(0.6)
    assert n2["n"] == 5
    assert not n2["enough"]
    assert n2["choice_shares"] is None
    assert n2["optimal_share"] is None
    assert n2["optimal_choice"] == "d1"


def test_choice_table_needs_its_columns() -> None:
    with pytest.raises(ValueError):
        choice_table(pd.DataFrame({"user_id": ["u1"], "node_id": ["n1"]}))


def test_pairwise_alpha_equals_alpha_on_complete_data_and_copes_with_gaps() -> None:
    from modules.assessment.item_stats import pairwise_alpha

    rng = np.random.default_rng(11)
    ability = rng.normal(size=60)
    scores = pd.DataFrame({f"q{i}": (ability + rng.normal(size=60) > 0).astype(float)
                           for i in range(6)})  # fmt: skip
    assert pairwise_alpha(scores) == pytest.approx(cronbach_alpha(scores))
    gappy = scores.mask(rng.random(scores.shape) < 0.3)  # 30 % not answered, as in drawn quizzes
    value = pairwise_alpha(gappy)
    assert value is not None and 0 < value < 1
    assert pairwise_alpha(scores.iloc[:10]) is None  # fewer than 20 respondents per item
