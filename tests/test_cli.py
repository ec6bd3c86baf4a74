"""The derive command: output, formats, exit codes and one-line errors."""
import json
import subprocess
import sys

import pytest

from derive.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_prove_bp3_prints_the_numbered_steps_and_the_verdict(capsys):
    code, out, err = run(capsys, "prove", "bp3", "--no-color")
    assert code == 0
    assert "1.  = Σ_{k=1}^{n_l} ∂C/∂z^l_k ∂z^l_k/∂b^l_j" in out
    assert "Kronecker-delta collapse" in out and "range condition discharged" in out
    assert "side condition: the collapse keeps the term only if 1 ≤ j ≤ n_l" in out
    assert out.count("✓") == 6
    assert "PROVED by the kernel" in out
    assert "\x1b[" not in out


def test_no_color_environment_is_honoured(capsys, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    code, out, _ = run(capsys, "prove", "bp1")
    assert code == 0 and "\x1b[" not in out


def test_json_output_is_one_object_per_identity(capsys):
    code, out, _ = run(capsys, "prove", "bp3", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["identity"] == "bp3" and data["verdict"] == "proved"
    assert [s["rule"] for s in data["steps"]][-2:] == ["kronecker", "range"]
    assert all(s["passed"] is True for s in data["steps"])


def test_latex_and_markdown_formats(capsys):
    code, out, _ = run(capsys, "prove", "bp3", "--format", "latex")
    assert code == 0 and "\\begin{align*}" in out and "\\frac{\\partial C}{\\partial b^l_j}" in out
    assert out.strip().endswith("\\end{document}")
    code, out, _ = run(capsys, "prove", "bp3", "--format", "markdown")
    assert code == 0 and "$$" in out and "[j = k]" in out


def test_list_shows_the_statements(capsys):
    code, out, _ = run(capsys, "list", "--activation", "sigmoid", "--cost", "cross-entropy", "--no-color")
    assert code == 0
    assert "∂C/∂b^l_j = δ^l_j" in out
    assert "δ^L_j = a^L_j - y_j" in out


@pytest.mark.parametrize("argv, words", [
    (["prove", "bp9"], "unknown identity 'bp9'"),
    (["prove", "bp1", "--widths", "2,x"], "whole numbers separated by commas"),
    (["prove", "bp1", "--widths", "2"], "2 to 64 layers"),
    (["prove", "bp1", "--widths", "0,2"], "every width must be a whole number"),
    (["prove", "bp1", "--activation", "swish"], "invalid choice"),
    (["prove"], "required"),
    ([], "required"),
])
def test_bad_input_is_one_line_and_exit_2(capsys, argv, words):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("derive: error:") and words in err


def test_help_on_every_command():
    for argv in (["--help"], ["prove", "--help"], ["list", "--help"]):
        with pytest.raises(SystemExit) as e:
            main(argv)
        assert e.value.code == 0


def test_console_script_runs_as_a_process():
    done = subprocess.run([sys.executable, "-m", "derive", "prove", "bp1", "--widths", "2,2"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "PROVED" in done.stdout and done.stderr == ""
