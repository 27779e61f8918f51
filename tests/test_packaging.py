"""The wheel built from the repository, installed alone into a fresh venv, builds a help centre.

The editable install the other tests use reads files straight from the source tree, so it hides package
data left out of the wheel and build-time imports of the receiver's packages (the `feedback` extra).
Installing the wheel needs its dependencies from the package index: offline, these tests skip — except
in CI (CI=true), where a skip would hide a broken wheel.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "plugins/helpcentre"
RECEIVER_PACKAGES = ("sqlalchemy", "starlette", "uvicorn", "alembic", "psycopg")
EXTRA_HINT = "the feedback receiver needs: pip install 'mkdocs-helpcentre[feedback]'"
# What pip prints when it cannot reach the package index (as opposed to a dependency that does not exist).
OFFLINE_SIGNS = (
    "NewConnectionError",
    "Temporary failure in name resolution",
    "Network is unreachable",
    "ConnectTimeoutError",
    "ReadTimeoutError",
    "ProxyError",
    "Max retries exceeded",
)
PIP_TIME_LIMIT = 900  # seconds: a first install downloads ~40 packages; from the cache it takes < 1 minute


def _tracked(under: str) -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "-z", under], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return [name for name in listed.stdout.split("\0") if name and (ROOT / name).is_file()]


def _pip(python: Path | str, *args: str) -> None:
    result = subprocess.run(
        [str(python), "-m", "pip", *args],
        capture_output=True,
        text=True,
        timeout=PIP_TIME_LIMIT,
        env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
    )
    if result.returncode == 0:
        return
    output = result.stdout + result.stderr
    if any(sign in output for sign in OFFLINE_SIGNS) and os.environ.get("CI") != "true":
        pytest.skip(f"the package index is out of reach (pip {args[0]}); CI=true makes this a failure")
    pytest.fail(f"pip {' '.join(args)} failed:\n{output[-4000:]}")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """Built from the files git tracks only, copied aside: a stale build/ folder cannot leak into it."""
    source = tmp_path_factory.mktemp("source")
    for name in _tracked("."):
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, source / name)
    out = tmp_path_factory.mktemp("wheel")
    _pip(sys.executable, "wheel", "--quiet", "--no-deps", "--wheel-dir", str(out), str(source))
    (built,) = out.glob("mkdocs_helpcentre-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A fresh venv with the wheel and its declared dependencies, nothing else (no system packages)."""
    folder = tmp_path_factory.mktemp("venv") / "env"
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    _pip(folder / "bin/python", "install", "--quiet", str(wheel))
    return folder / "bin"


def _run(venv: Path, *command: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PATH": f"{venv}{os.pathsep}{os.environ['PATH']}"}
    env.pop("PYTHONPATH", None)
    return subprocess.run(
        [str(venv / command[0]), *command[1:]], cwd=cwd, capture_output=True, text=True, env=env, timeout=300
    )


def test_wheel_holds_every_file_git_tracks_in_the_package(wheel):
    inside = set(zipfile.ZipFile(wheel).namelist())
    left_out = [name for name in _tracked(PACKAGE) if name.removeprefix("plugins/") not in inside]
    assert left_out == [], "add these to [tool.setuptools.package-data] in pyproject.toml"


def test_installed_wheel_builds_a_two_language_help_centre_with_search(venv, tmp_path):
    project = tmp_path / "help"
    created = _run(venv, "helpcentre", "init", str(project), "--languages", "en,fi")
    assert created.returncode == 0, created.stderr
    settings = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(settings.replace("# site_url:", "site_url:"), encoding="utf-8")
    _article(project / "docs/en/billing/index.md", "Billing", "Money matters", "")
    _article(project / "docs/fi/billing/index.md", "Laskutus", "Rahaa", "")
    _article(project / "docs/en/billing/refunds.md", "Refunds", "How refunds reach you", "refunds " * 40)
    _article(project / "docs/fi/billing/refunds.md", "Hyvitykset", "Miten hyvitys toimii", "hyvitys " * 40)

    built = _run(venv, "mkdocs", "build", "--strict", cwd=project)
    assert built.returncode == 0, built.stderr
    assert "Traceback" not in built.stderr
    site = project / "site"
    assert "Refunds" in (site / "billing/refunds/index.html").read_text(encoding="utf-8")
    assert "Hyvitykset" in (site / "fi/billing/refunds/index.html").read_text(encoding="utf-8")
    assert (site / "sitemap.xml").read_text(encoding="utf-8").count("<url>") == 6
    assets = [name.removeprefix(f"{PACKAGE}/templates/") for name in _tracked(f"{PACKAGE}/templates/assets")]
    assert assets and [name for name in assets if not (site / name).is_file()] == []
    for search in (site / "search", site / "fi/search"):
        assert json.loads((search / "meta.json").read_text(encoding="utf-8"))["documents"] >= 1

    found = _run(venv, "helpcentre", "search", "refund", "--site", str(project))
    assert found.returncode == 0, found.stderr
    assert "Refunds" in found.stdout and "/billing/refunds/" in found.stdout


def test_feedback_commands_without_the_extra_name_the_extra_to_install(venv):
    for command in (["feedback", "serve", "--help"], ["feedback", "report"], ["feedback"]):
        result = _run(venv, "helpcentre", *command)
        assert result.returncode == 2, (command, result.stdout, result.stderr)
        assert EXTRA_HINT in result.stderr
        assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_site_only_install_brings_no_web_server_orm_or_database_driver(venv):
    probe = "import importlib.util as u, sys; print(' '.join(m for m in sys.argv[1:] if u.find_spec(m)))"
    found = _run(venv, "python", "-c", probe, *RECEIVER_PACKAGES)
    assert found.returncode == 0, found.stderr
    assert found.stdout.split() == []


def _article(path: Path, title: str, description: str, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: {title}\ndescription: {description}\n---\n\n{body}\n", encoding="utf-8")
