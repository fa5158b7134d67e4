"""The package as a user gets it: `python -m build` makes an sdist and a wheel without a
warning, `twine check` passes them, and the wheel, installed into a fresh virtual
environment outside the repository, starts a record with `cv-builder new` and builds it
into three PDFs in an empty folder.

The fresh environment has no pip and no dependencies of its own: a .pth line lends it the
test environment's site-packages (jinja2, pydantic...), whose editable install of this
tree is not on its path (a path in a .pth is added without reading the .pth files there).
That keeps the test to a few seconds and off the network.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest

import cv_builder

REPO = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
needs_build = pytest.mark.skipif(importlib.util.find_spec("build") is None,
                                 reason="the `build` package is not installed (pip install "
                                        "-e '.[test]' brings it)")


def test_every_folder_of_the_package_is_listed():
    """pyproject.toml lists the packages (find would not see the mapped template folder):
    a new subpackage must be added there, or the wheel would lack it."""
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    folders = {".".join(path.parent.relative_to(REPO).parts)
               for path in (REPO / "cv_builder").rglob("__init__.py")}
    mapped = set(PYPROJECT["tool"]["setuptools"]["package-dir"])
    assert listed == folders | mapped


def test_the_version_is_declared_once():
    assert PYPROJECT["project"]["dynamic"] == ["version"]
    assert "version" not in PYPROJECT["project"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {
        "attr": "cv_builder.__version__"}


@pytest.fixture(scope="session")
def dist(tmp_path_factory) -> Path:
    """`python -m build` of this tree: the sdist, then the wheel built from the sdist (so
    the wheel proves the sdist complete). --no-isolation: the test environment already has
    setuptools (the test extra asks for >= 77), and the network stays out of the tests."""
    if importlib.util.find_spec("build") is None:
        pytest.skip("the `build` package is not installed")
    out = tmp_path_factory.mktemp("dist")
    source = tmp_path_factory.mktemp("source") / "cv-builder"
    # A clean copy: build writes cv_builder.egg-info and build/ into the tree it builds.
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "output", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis",
        "build", "dist"))
    # PYTHONDONTWRITEBYTECODE (set on some machines) makes setuptools warn that it skips
    # byte-compiling: a fact about the machine, not the package.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    result = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir",
                             str(out), str(source)], capture_output=True, text=True, env=env,
                            stdin=subprocess.DEVNULL, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    (out / "build.log").write_text(output, encoding="utf-8")
    return out


def wheel_of(dist: Path) -> Path:
    (wheel,) = dist.glob("*.whl")
    return wheel


@needs_build
def test_python_m_build_gives_no_warnings(dist):
    output = (dist / "build.log").read_text(encoding="utf-8")
    warnings = [line for line in output.splitlines() if "warn" in line.lower()]
    assert not warnings, "\n".join(warnings)
    assert wheel_of(dist).name == f"cv_builder-{cv_builder.__version__}-py3-none-any.whl"


@needs_build
def test_twine_check_passes(dist):
    if importlib.util.find_spec("twine") is None:
        pytest.skip("twine is not installed (pip install -e '.[test]' brings it)")
    files = [str(path) for path in dist.iterdir() if path.suffix in (".whl", ".gz")]
    result = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", *files],
                            capture_output=True, text=True, stdin=subprocess.DEVNULL,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("PASSED") == 2, result.stdout


@needs_build
def test_the_wheel_holds_templates_schema_variants_and_licence(dist):
    names = set(zipfile.ZipFile(wheel_of(dist)).namelist())
    templates = {"cv_builder/latex_templates/" + path.relative_to(REPO / "latex_templates")
                 .as_posix() for path in (REPO / "latex_templates").rglob("*.j2")}
    assert templates and templates <= names
    assert {"cv_builder/docs/cv.schema.json", "cv_builder/record/variants.yaml",
            "cv_builder/record/locales/en.yaml"} <= names
    info = f"cv_builder-{cv_builder.__version__}.dist-info"
    assert f"{info}/licenses/LICENSE" in names
    metadata = zipfile.ZipFile(wheel_of(dist)).read(f"{info}/METADATA").decode()
    assert "License-Expression: MIT" in metadata
    assert f"Version: {cv_builder.__version__}" in metadata
    assert not [name for name in names if name.startswith("cv_builder/docs/") and
                name != "cv_builder/docs/cv.schema.json"]  # the schema, not the docs


@needs_build
def test_the_sdist_holds_what_make_test_needs(dist):
    (sdist,) = dist.glob("*.tar.gz")
    root = f"cv_builder-{cv_builder.__version__}/"
    names = {name.removeprefix(root) for name in tarfile.open(sdist).getnames()}
    assert {"LICENSE", "Makefile", "README.md", "pyproject.toml", "data/cv.yaml",
            "docs/cv.schema.json", "latex_templates/base.tex.j2", "tests/conftest.py",
            "bench/bench.py"} <= names
    assert not [name for name in names if "__pycache__" in name]


def fresh_venv(folder: Path) -> Path:
    """A virtual environment without pip whose only loan is the test environment's
    site-packages (the dependencies; not this tree)."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True,
                   timeout=120)
    python = folder / "bin" / "python"
    own = subprocess.run([str(python), "-c", "import sysconfig; "
                          "print(sysconfig.get_paths()['purelib'])"], capture_output=True,
                         text=True, check=True).stdout.strip()
    lent = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(own, "test-dependencies.pth").write_text("\n".join(sorted(lent)) + "\n")
    return python


@needs_build
@pytest.mark.latex
def test_the_installed_wheel_starts_a_record_and_builds_three_pdfs(dist, tmp_path):
    python = fresh_venv(tmp_path / "venv")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q",
                    "--no-deps", "--no-index", str(wheel_of(dist))], check=True, timeout=300,
                   stdin=subprocess.DEVNULL)
    bin_dir = python.parent
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    work = tmp_path / "empty"
    work.mkdir()
    assert not work.resolve().is_relative_to(REPO)

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(list(args), cwd=work, env=env, capture_output=True, text=True,
                              stdin=subprocess.DEVNULL, timeout=300)

    where = run(str(python), "-c", "import cv_builder; print(cv_builder.__file__); "
                                   "print(cv_builder.TEMPLATE_DIR)").stdout.split()
    assert all(Path(p).is_relative_to(tmp_path / "venv") for p in where), where
    version = run("cv-builder", "--version")
    assert version.stdout.strip() == f"cv-builder, version {cv_builder.__version__}"
    new = run("cv-builder", "new", "Grace Hopper")
    assert new.returncode == 0, new.stdout + new.stderr
    assert "cv-builder build --data grace-hopper.yaml" in new.stdout
    schema_line = (work / "grace-hopper.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert schema_line.startswith("# yaml-language-server: $schema=file://")
    assert Path(schema_line.split("file://")[1]).is_file()  # the installed schema
    built = run("cv-builder", "build", "--data", "grace-hopper.yaml")
    assert built.returncode == 0, built.stdout + built.stderr
    pdfs = sorted(path.name for path in (work / "output").glob("*.pdf"))
    assert pdfs == ["academic-cv.pdf", "industry-resume.pdf", "research-statement.pdf"]
    doctor = run("cv-builder", "doctor")
    assert doctor.returncode == 0, doctor.stdout
