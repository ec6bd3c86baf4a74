"""derive check on a batch of files: the library proved once a process, every file's own steps
still checked, --jobs, and the JSON Lines a gradebook reads."""
import json
from pathlib import Path

import pytest

from derive import Network, api
from derive.checkdoc import check_document
from derive.cli import main
from derive.documents import read
from derive.kernel.check import Kernel

PROOFS = Path(__file__).resolve().parent.parent / "proofs"
RIGHT = "claim: dC/db[l,j]*a[l-1,k] = delta[l,j]*a[l-1,k]\n  = delta[l,j]*a[l-1,k]   [by BP3]\n"
HIDDEN_CASE = ("% claim: \\delta^l_j = \\frac{\\partial C}{\\partial a^l_j} \\sigma'(z^l_j)\n"
                "% case: l = L\n\\begin{align*}\n\\delta^l_j &= (a^l_j - y_j) \\sigma'(z^l_j) && \\text{(definitions)} "
                "\\\\\n&= \\frac{\\partial C}{\\partial a^l_j} \\sigma'(z^l_j) && \\text{(definitions)}\n\\end{align*}\n"
                "% case: l < L\n\\begin{align*}\n\\delta^l_j &= \\frac{\\partial C}{\\partial a^l_j} \\sigma'(z^l_j) && "
                "\\text{(chain rule)}\n\\end{align*}\n")     # a row of the case l = L written in l (bad input)
WRONG = "claim: dC/db[l,j]*a[l-1,k] = delta[l,j]*a[l-1,k]\n  = dC/da[l,j]*a[l-1,k]   [by BP3]\n"   # no sigma'


@pytest.fixture
def fresh(monkeypatch):
    """No library kernel kept from other tests; the identities the kernel checks, by name."""
    monkeypatch.setattr(api, "_LIBRARIES", {})
    checked, check = [], Kernel.check

    def counting(self, claim, proof, strict=False, **more):
        checked.append(getattr(claim, "name", None))
        return check(self, claim, proof, strict, **more)
    monkeypatch.setattr(Kernel, "check", counting)
    return checked


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_a_cited_identity_is_proved_once_and_every_file_is_still_checked(tmp_path, fresh):
    right, wrong = write(tmp_path, "right.proof", RIGHT), write(tmp_path, "wrong.proof", WRONG)
    first = check_document(read(right), Network(), str(right))
    second = check_document(read(wrong), Network(), str(wrong))
    assert fresh.count("bp3") == 1 and fresh.count("claim") == 2     # BP3 once; each file's own chain
    assert first.verdict.status == "proved"
    assert second.verdict.status == "refuted" and second.verdict.steps[0].status == "refuted"
    assert "missing σ'" in str(second.hints[0])
    library, _ = api._LIBRARIES[(None,) + Network().options]
    assert "claim" not in library.proved                             # nothing a file proves comes back


def test_a_file_that_cites_its_own_claim_is_circular_after_the_library_proved_it(tmp_path, fresh):
    write(tmp_path, "uses.proof", RIGHT)
    check_document(read(tmp_path / "uses.proof"), Network())          # BP3 is now proved in this process
    own = write(tmp_path, "own.proof", "claim: dC/db[l,j] = delta[l,j]\n  = delta[l,j]   [by BP3]\n")
    proof = check_document(read(own), Network(), str(own))
    record = proof.verdict.steps[0]
    assert proof.verdict.status == "undecided" and record.problem.kind == "circular"
    assert record.problem.data["names"] == ["bp3"]


def test_jobs_2_prints_what_jobs_1_prints_in_the_order_given(tmp_path, capsys):
    files = [str(write(tmp_path, "wrong.proof", WRONG)), str(PROOFS / "bp3.proof"),
             str(PROOFS / "wrong" / "seed-answer-bp3.tex"), str(write(tmp_path, "right.proof", RIGHT))]
    for flags in ([], ["--json"]):
        assert main(["check", "--no-color", *flags, *files]) == 1
        one = capsys.readouterr().out
        assert main(["check", "--no-color", "--jobs", "2", *flags, *files]) == 1
        assert capsys.readouterr().out == one
    assert [json.loads(t)["file"] for t in one.splitlines()] == files


def test_jobs_must_be_at_least_one(capsys):
    assert main(["check", "--jobs", "0", str(PROOFS / "bp3.proof")]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_json_lines_give_a_gradebook_each_file_its_verdict_and_failed_steps(tmp_path, capsys):
    files = [str(PROOFS / "bp3.proof"), str(PROOFS / "wrong" / "seed-question-attempt.tex"),
             str(write(tmp_path, "wrong.proof", WRONG))]
    assert main(["check", "--json", *files]) == 1
    rows = [json.loads(t) for t in capsys.readouterr().out.splitlines()]
    assert [r["file"] for r in rows] == files
    assert [r["verdict"] for r in rows] == ["proved", "refuted", "refuted"]
    assert rows[0]["failed"] == []
    attempt = rows[1]["failed"][0]
    assert (attempt["line"], attempt["problem"]) == (12, "differ") and "differ" in attempt["message"]
    mine = rows[2]["failed"]
    assert [(f["step"], f["line"], f["status"], f["problem"]) for f in mine] == [(1, 2, "refuted", "differ")]
    assert mine[0]["hint"].startswith("missing σ'")


def test_a_library_proved_for_one_network_is_never_lent_to_another(tmp_path, fresh):
    """BP4 proved for the plain cost states dC/dw = a delta; with L2 that is false, and a file
    checked on the regularized network must not borrow it (each network keeps its own library)."""
    plain = write(tmp_path, "plain.proof", "claim: dC/dw[l,j,k]*y[1] = a[l-1,k]*delta[l,j]*y[1]\n"
                                           "  = a[l-1,k]*delta[l,j]*y[1]   [by BP4]\n")
    assert check_document(read(plain), Network(), str(plain)).verdict.status == "proved"
    regularized = Network(regularization="l2")
    assert check_document(read(plain), regularized, str(plain)).verdict.status == "refuted"


def test_an_unreadable_file_in_a_batch_gets_its_own_line_and_the_others_are_graded(tmp_path, capsys):
    bad = write(tmp_path, "bad.proof", "claim: dC/db[l,j] = \n")
    good = write(tmp_path, "good.proof", RIGHT)
    assert main(["check", str(bad), str(good), "--json"]) == 2
    lines = [json.loads(t) for t in capsys.readouterr().out.splitlines()]
    assert [d["file"] for d in lines] == [str(bad), str(good)]
    assert lines[0]["verdict"] == "error" and "ends too early" in lines[0]["message"]
    assert lines[1]["verdict"] == "proved"
    assert main(["check", str(bad), str(good), "--no-color"]) == 2
    captured = capsys.readouterr()
    assert f"derive: error: {bad}: line 1" in captured.err and "PROVED" in captured.out
    assert main(["check", str(bad)]) == 2                          # alone: bad input, one line


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_file_that_checking_finds_bad_input_gets_its_own_line_and_the_others_are_graded(tmp_path, capsys, jobs):
    """A page can be read and still be bad input once checked: a row of a hidden case l = L written in l shows a
    formula false for l < L (checkdoc). In a batch that error ended the run with no line for any file (the red team
    of stop 45); it is that file's line now, as an unreadable file's, and the others are graded."""
    hidden = write(tmp_path, "hidden.tex", HIDDEN_CASE)
    good = write(tmp_path, "good.proof", RIGHT)
    assert main(["check", str(good), str(hidden), "--json", "--jobs", jobs]) == 2
    lines = [json.loads(t) for t in capsys.readouterr().out.splitlines()]
    assert [(d["file"], d["verdict"]) for d in lines] == [(str(good), "proved"), (str(hidden), "error")]
    assert "only a note hidden on the page says" in lines[1]["message"]
    assert main(["check", str(hidden), str(good), "--no-color", "--jobs", jobs]) == 2
    captured = capsys.readouterr()
    assert f"derive: error: {hidden}: line 4" in captured.err and "PROVED" in captured.out
    assert main(["check", str(hidden)]) == 2                       # alone: bad input, one line
    assert capsys.readouterr().err.startswith("derive: error: line 4")


def test_a_batch_exits_with_its_worst_file_refuted_first(tmp_path, capsys):
    """Refuted outranks unreadable, which outranks undecided: a gradebook script that reads the exit
    code never misses a refutation behind an undecided file (3 > 1 as numbers)."""
    undecided = write(tmp_path, "undecided.proof", "claim: 2*dC/db[l,j] = 2*delta[l,j]\n"
                                                   "  = 2*delta[l,j]   [by claim]\n")
    wrong = write(tmp_path, "wrong.proof", WRONG)
    bad = write(tmp_path, "bad.proof", "claim: dC/db[l,j] = \n")
    right = write(tmp_path, "right.proof", RIGHT)
    assert main(["check", str(undecided), str(right), "--json"]) == 3
    assert main(["check", str(wrong), str(undecided), "--json"]) == 1
    assert main(["check", str(undecided), str(bad), str(right), "--json"]) == 2
    assert main(["check", str(bad), str(undecided), str(wrong), "--json"]) == 1
    assert main(["check", str(right), str(right), "--json"]) == 0
    capsys.readouterr()


def test_a_claim_that_is_bad_input_loses_no_other_claims_verdict(tmp_path, capsys):
    """A file of two claims, the first refuted and the second bad input (a case split of a claim that names no
    layer l), gave one error line and exit 2 in a batch: the refutation was lost, though refuted outranks bad input
    (the red team of stop 45). Each claim gets its line now; a file named `l.proof` is named in its error line too
    (its message, 'line 3: ...', starts with the file's name)."""
    two = write(tmp_path, "two.proof", WRONG + "claim: dC/da[L,j] = a[L,j] - y[j]\ncase: l = L\n"
                                               "  = a[L,j] - y[j]   [by definition]\n")
    good = write(tmp_path, "good.proof", RIGHT)
    assert main(["check", str(two), str(good), "--json"]) == 1
    lines = [json.loads(t) for t in capsys.readouterr().out.splitlines()]
    assert [(d["file"], d["verdict"]) for d in lines] == [(str(two), "refuted"), (str(two), "error"),
                                                         (str(good), "proved")]
    assert main(["check", str(two)]) == 1                          # alone: the refutation and the error line
    captured = capsys.readouterr()
    assert "REFUTED" in captured.out and captured.err.count("derive: error:") == 1
    named = write(tmp_path, "l.proof", HIDDEN_CASE)
    assert main(["check", str(good), str(named)]) == 2
    assert f"derive: error: {named}: line" in capsys.readouterr().err
