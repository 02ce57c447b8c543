"""The benchmark runner's reading of targets: met, missed, or none to meet."""

import pytest

from benchmarks.__main__ import figure, met


@pytest.mark.parametrize(
    ("result", "expected"),
    [
        (figure("dash", 471.0, "ms", "< 500 ms"), True),
        (figure("dash", 1832.0, "ms", "< 500 ms"), False),
        ({**figure("page", 13.3, "ms", "< 10x the empty page"), "ratio_to_empty": 6.3}, True),
        ({**figure("page", 30.0, "ms", "< 10x the empty page"), "ratio_to_empty": 14.2}, False),
        (figure("lost", 0, "votes", "0"), True),
        (figure("lost", 2, "votes", "0"), False),
        (figure("fill", 2912.0, "ms"), None),
    ],
)
def test_targets_are_read(result, expected) -> None:
    assert met(result) is expected
