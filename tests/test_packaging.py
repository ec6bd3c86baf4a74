"""What ships with the package: the type marker and a licence that matches the pyproject."""

def test_the_package_ships_its_type_marker():
    from importlib.resources import files
    import tomllib
    from pathlib import Path
    assert files("derive").joinpath("py.typed").is_file()
    pyproject = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text())
    assert "py.typed" in pyproject["tool"]["setuptools"]["package-data"]["derive"]


def test_the_license_file_matches_the_pyproject():
    import tomllib
    from pathlib import Path
    root = Path(__file__).resolve().parent.parent
    declared = tomllib.loads((root / "pyproject.toml").read_text())["project"]["license"]["text"]
    assert (root / "LICENSE").read_text().startswith(f"{declared} License")
