"""derive check on every document of proofs/, on the known-wrong ones, and on broken files."""
import json
from pathlib import Path

import pytest

from derive import Network, prove
from derive.checkdoc import check_document
from derive.cli import main
from derive.documents import read
from derive.printing.common import titles
from derive.printing.proofdoc import proof_document
from derive.model.symbols import L, dsigma, j, z

PROOFS = Path(__file__).resolve().parent.parent / "proofs"
GOOD = sorted(p for p in PROOFS.iterdir() if p.is_file() and p.suffix in (".tex", ".proof"))
# each known-wrong document: the line of its first wrong step and what the hint must say
WRONG = {
    "seed-answer-bp3.tex": (7, "wrong index: a^{l-1}_j should be a^{l-1}_i"),
    "seed-question-attempt.tex": (12, "b^l_j is a parameter, not a function of b^L_j"),
}


def test_the_library_has_the_documents_the_issue_names():
    names = {p.name for p in GOOD}
    assert {"bp1.proof", "bp2.proof", "bp3.proof", "bp4.proof", "seed-answer-bp3.tex",
            "wiki-bp4-induction.tex"} <= names
    assert set(WRONG) == {p.name for p in (PROOFS / "wrong").iterdir()}


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.name)
def test_every_library_document_is_proved(path):
    report = check_document(read(path), Network(), str(path))
    assert report.verdict == "proved", [(s.line, s.reason, s.hint) for s in report.steps if s.passed is not True]
    assert report.reaches_claim is True
    assert report.steps and all(s.passed is True for s in report.steps)


@pytest.mark.parametrize("name", sorted(WRONG))
def test_each_wrong_document_fails_exactly_where_expected(name):
    line, words = WRONG[name]
    report = check_document(read(PROOFS / "wrong" / name), Network(), name)
    assert report.verdict == "refuted"
    failed = [s for s in report.steps if s.passed is False]
    assert failed[0].line == line
    assert words in str(failed[0].hint)
    assert all(s.passed is True for s in report.steps if s.line < line)


def test_the_seed_answer_typo_gets_a_counterexample_and_its_chain_still_reaches_the_claim():
    report = check_document(read(PROOFS / "wrong" / "seed-answer-bp3.tex"), Network())
    typo = next(s for s in report.steps if s.passed is False)
    assert typo.counterexample["lhs"] != typo.counterexample["rhs"]
    assert report.reaches_claim is True          # the derivation itself is right


@pytest.mark.parametrize("name", ["bp1", "bp2", "bp3", "bp4"])
def test_exported_proofs_stay_in_sync_with_the_engine(name):
    proofs = prove("all")
    proof = next(p for p in proofs if p.identity.name == name)
    expected = proof_document(proof, titles(proofs))
    assert (PROOFS / f"{name}.proof").read_text() == expected, \
        f"proofs/{name}.proof is stale: regenerate with derive prove {name} --format proof > proofs/{name}.proof"


def test_command_line_exit_codes(capsys):
    assert main(["check", str(PROOFS / "seed-answer-bp3.tex"), "--no-color"]) == 0
    out = capsys.readouterr().out
    assert "the chain reaches the claim" in out and "PROVED" in out
    assert main(["check", str(PROOFS / "wrong" / "seed-question-attempt.tex"), "--no-color"]) == 1
    out = capsys.readouterr().out
    assert "✗ line 12" in out and "hint:" in out
    assert main(["check", str(PROOFS / "wrong" / "seed-answer-bp3.tex"), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["verdict"] == "refuted" and data["reaches_claim"] is True


def test_a_user_proof_file_with_a_missing_sigma_prime(tmp_path):
    doc = tmp_path / "mine.proof"
    doc.write_text("claim: delta[L,j] = dC/da[L,j]*sigma'(z[L,j])\n"
                   "  = sum(k, dC/da[L,k]*da[L,k]/dz[L,j])   [by chain rule]\n"
                   "  = dC/da[L,j]   [by algebra]\n"
                   "  = dC/da[L,j]*sigma'(z[L,j])\n")
    report = check_document(read(doc), Network())
    bad = [s for s in report.steps if s.passed is False]
    assert bad and bad[0].line == 3 and str(bad[0].hint) == "missing σ'(z^L_j): the activation's derivative is left out"
    assert bad[0].hint[1] == dsigma(z[L, j])            # the formula is kept as an expression
    assert report.verdict == "refuted"


def test_a_transposed_weight_is_named(tmp_path):
    doc = tmp_path / "mine.tex"
    doc.write_text("\\begin{align*}\n\\frac{\\partial z^{l+1}_k}{\\partial a^l_j} &= w^{l+1}_{jk}\n\\end{align*}\n")
    report = check_document(read(doc), Network())
    assert report.steps[0].passed is False and "transposed weight" in str(report.steps[0].hint)


@pytest.mark.parametrize("name, content, words", [
    ("doc.proof", b"", "is empty"),
    ("doc.tex", b"\x00\x01binary", "binary file"),
    ("doc.tex", b"\xff\xfe\xfa", "not UTF-8"),
    ("doc.tex", b"just some prose, no equations", "holds no equation"),
    ("doc.proof", b"just some prose", "unknown symbol 'just'"),
    ("doc.proof", b"claim: dC/db[l,j] = delta[l,j]\n  = delta[l,j] +\n", "line 2"),
])
def test_unreadable_files_are_input_errors(tmp_path, capsys, name, content, words):
    path = tmp_path / name
    path.write_bytes(content)
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and words in err


def test_missing_files_and_directories(tmp_path, capsys):
    assert main(["check", str(tmp_path / "nope.tex")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["check", str(tmp_path)]) == 2
    assert "directory" in capsys.readouterr().err


def test_on_a_concrete_net_the_claim_a_document_reaches_is_checked_at_every_instance(capsys):
    assert main(["check", str(PROOFS / "wiki-bp4-induction.tex"), "--widths", "2,3,2", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    weights = 2 * 3 + 3 * 2
    assert data["verdict"] == "proved" and data["counterexample"] is None
    assert f"every instance checked: all {weights} instances on [2, 3, 2] symbolically" in data["message"]
    assert main(["check", str(PROOFS / "seed-answer-bp3.tex"), "--no-color"]) == 0
    assert "every instance" not in capsys.readouterr().out          # any size: the steps decide
