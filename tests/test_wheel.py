"""The wheel: `pip install werkplek-*.whl` outside the checkout builds the same site as the checkout does.

The wheel is built from a copy of what it is made of (pyproject.toml, README, LICENSE, site/, static/,
pwa/), so the checkout gets no build folders and nothing else of it can leak in. It is installed into a
fresh venv without its dependencies; those come from the project's own venv through a .pth file, which
puts them after the venv's own site-packages: `werkplek` is imported from the wheel, never the checkout.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

from .helpers import ROOT, copy_of_checkout, tree_digest

WHEEL_SOURCES = ["pyproject.toml", "README.md", "LICENSE", "site", "static", "pwa"]


def _run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, (args, result.stdout[-2000:], result.stderr[-2000:])
    return result.stdout


def test_an_installed_wheel_builds_the_same_site_outside_the_checkout(tmp_path, built_site, content_copy):
    source = copy_of_checkout(tmp_path / "source", WHEEL_SOURCES)
    wheels = tmp_path / "wheels"
    _run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--quiet",
        "--no-deps",
        "--no-build-isolation",
        "--no-index",
        "-w",
        wheels,
        source,
        cwd=tmp_path,
    )
    [wheel] = wheels.glob("werkplek-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {
        "werkplek/static/css/main.css",
        "werkplek/pwa/sw.js",
        "werkplek/pwa/manifest.webmanifest",
        "werkplek/templates/base.html",
        "werkplek/push/sender.py",
    } <= names
    modules = {p.relative_to(ROOT / "site").as_posix() for p in (ROOT / "site" / "werkplek").rglob("*.py")}
    assert modules <= names, sorted(modules - names)  # pyproject.toml lists the packages by hand

    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    _run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        python,
        "install",
        "--quiet",
        "--no-deps",
        "--no-index",
        wheel,
        cwd=tmp_path,
    )
    site_packages = Path(
        _run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=tmp_path).strip()
    )
    (site_packages / "project-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")

    outside = tmp_path / "elders"  # a working folder with nothing of the checkout in it
    outside.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    where = _run(
        python, "-c", "import werkplek.pipeline as p; print(p.__file__); print(p.DEFAULT_STATIC)", cwd=outside, env=env
    ).split()
    assert all(Path(w).is_relative_to(site_packages) for w in where), where
    werkplek = venv / ("Scripts/werkplek.exe" if os.name == "nt" else "bin/werkplek")
    _run(werkplek, "build", "--content", content_copy, "--out", outside / "site", cwd=outside, env=env)

    site = outside / "site"
    for name in ("static/css/main.css", "sw.js", "manifest.webmanifest"):
        assert (site / name).is_file(), name
    assert tree_digest(site) == tree_digest(built_site)  # the same files, byte for byte


def _pins(lock: Path) -> dict[str, tuple[str, frozenset[str]]]:
    """name -> (version, hashes) of a lock written by `./dev lock` (pip's hash format)."""
    pins: dict[str, tuple[str, frozenset[str]]] = {}
    name = ""
    for line in lock.read_text().splitlines():
        if line and not line[0].isspace() and "==" in line:
            name, version = line.split(" ", 1)[0].split("==")
            pins[name] = (version, frozenset())
        elif line.strip().startswith("--hash=") and name:
            version, hashes = pins[name]
            pins[name] = (version, hashes | {line.strip().rstrip(" \\").removeprefix("--hash=")})
    return pins


def test_the_serve_lock_is_the_full_lock_without_the_test_tools():
    """./dev serve installs requirements-serve.lock: the same versions and hashes, a subset, no test extras."""
    full, serve = _pins(ROOT / "requirements.lock"), _pins(ROOT / "requirements-serve.lock")
    assert serve and set(serve) < set(full)
    assert {name: full[name] for name in serve} == serve
    assert all(hashes for _, hashes in serve.values())
    assert {"waitress", "flask", "pywebpush", "certifi", "setuptools", "pillow", "resvg-py"} <= set(serve)
    assert not {"pytest", "playwright", "pypdf", "zxing-cpp", "pytest-xdist"} & set(serve)
