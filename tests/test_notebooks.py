"""Every notebook in notebooks/ runs from top to bottom with nbclient; a failing cell fails the test.

The notebooks are committed with their outputs stripped. The kernel is "python3", pinned here to
this interpreter (a kernelspec in a temporary JUPYTER_PATH), so the notebooks see the installed
`derive`, whatever other python3 kernels the machine has.
"""
import json
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

FOLDER = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = sorted(FOLDER.glob("*.ipynb"))


def test_there_are_notebooks():
    names = [p.name for p in NOTEBOOKS]
    assert {"01-bp1-bp4.ipynb", "03-proof-to-numbers.ipynb", "04-chapter-3.ipynb"} <= set(names)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: strip the outputs"


@pytest.fixture
def python3_kernel(tmp_path, monkeypatch):
    """A python3 kernelspec for this interpreter, found before any other."""
    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    return "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs(path, tmp_path, python3_kernel):
    nb = nbformat.read(path, as_version=4)
    work = tmp_path / "run"
    work.mkdir()
    client = NotebookClient(nb, timeout=300, startup_timeout=120, kernel_name=python3_kernel,
                            resources={"metadata": {"path": str(work)}})
    client.execute()                            # raises CellExecutionError on a failing cell
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    if path.name.startswith("01-"):
        html = [o.data["text/html"] for o in outputs if "text/html" in o.get("data", {})]
        assert len(html) >= 8 and all("<math" in h for h in html), "the proofs display as MathML"
        assert all("PROVED by the kernel" in h for h in html)
    if path.name.startswith("03-"):
        images = [o for o in outputs if "image/png" in o.get("data", {})]
        assert len(images) == 3, "the V-shaped error curve, the gradient agreement plot, the complex step"
    for cell in nb.cells:                       # a figure drawn is a figure shown (a display(fig) under Agg is text)
        if cell.cell_type == "code" and "plt.subplots" in cell.source:
            assert any("image/png" in o.get("data", {}) for o in cell.outputs), f"{path.name}: a figure with no image"
