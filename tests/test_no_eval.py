"""No path from user text reaches eval: the package never calls the evaluating parsers."""
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "derive"
FORBIDDEN = re.compile(r"\b(sympify|parse_expr|parse_latex|eval|exec|lambdify)\s*\(|\bimport\s+pickle|\bpickle\.")


def test_the_package_source_has_no_evaluating_calls():
    hits = []
    for path in PACKAGE.rglob("*.py"):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            code = line.split("#", 1)[0]
            if FORBIDDEN.search(code):
                hits.append(f"{path.relative_to(PACKAGE.parent)}:{number}: {line.strip()}")
    assert not hits, hits


def test_the_scan_would_catch_them(tmp_path):
    assert FORBIDDEN.search("x = sympify(text)") and FORBIDDEN.search("eval (s)")
    assert FORBIDDEN.search("import pickle") and not FORBIDDEN.search("evaluate(text)")
