"""The norm of a vector (‖y - a^L‖^2, Nielsen's quadratic cost) and bars that pair up two ways."""
import pytest

from derive.cli import main
from derive.parsing.parse import ParseError, parse


@pytest.mark.parametrize("text, column", [
    ("|2 ||b^l_j|| - 1| = 2 b^l_j", 4),               # |2·‖b‖ - 1| or |2| |b| |-1|: it was read 2 |b^l_j|
    ("||a^l_j|| b^l_j ||z^l_j|| = 1", 8),            # ‖a‖ b ‖z‖, |a·|b|·z| or |(|a| |b| |z|)|
    ("|a^l_j| |b^l_j| |z^l_j| = 1", 7),               # |a| |b| |z| or |a ‖b‖ z|
])
def test_bars_that_pair_up_two_ways_are_bad_input(text, column):
    with pytest.raises(ParseError, match="pair up two ways") as e:
        parse(text)
    assert e.value.column == column


@pytest.mark.parametrize("text", [
    "|2 * ||b^l_j|| - 1| = 1", "||a^l_j|| * b^l_j * ||z^l_j|| = 1", "|a^l_j| * |b^l_j| * |z^l_j| = 1",
    "|a^l_j| |b^l_j| = 1", "|a^l_j||b^l_j| = 1", "||a^l_j|| - ||b^l_j|| = 1", "|b^l_j| b^l_j = b^l_j |b^l_j|",
    "||b^l_j| - 1| = 1", "2 |b^l_j| = 1",
])
def test_bars_that_pair_up_one_way_are_read(text):
    parse(text)


def test_an_ambiguous_claim_is_bad_input_not_a_verdict():
    """|2 ||b|| - 1| = 2b was REFUTED, read as 2|b| = 2b: false for b < 0, but so is the other reading's."""
    assert main(["verify", "|2 ||b^l_j|| - 1| = 2 b^l_j"]) == 2
