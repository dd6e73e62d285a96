"""Publishing without a developer (issue 18 §2): the script the GitHub and GitLab workflows run
(publish/publish.sh), run here as it is on a repository that holds only content/, and `werkplek build --zip`
for a school's own web space. GitHub and GitLab themselves cannot run here; what they add (checkout, upload)
is theirs."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from werkplek import deploy_check
from werkplek.__main__ import cli
from werkplek.errors import Problem, WerkplekError
from werkplek.publish import base_path, github_annotations

from .helpers import CONTENT, ROOT, copy_of_checkout, static_server, tree_digest

# What a checkout of the app at a release tag holds that the script uses (as tests/test_wheel.py builds from).
APP_PARTS = ["pyproject.toml", "README.md", "LICENSE", "requirements-serve.lock", "site", "static", "pwa", "publish"]


def run_script(repo: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("WERKPLEK_", "GITHUB_", "CI_", "VIRTUAL_ENV"))}
    return subprocess.run(
        ["bash", str(ROOT / "publish" / "publish.sh")],
        cwd=repo,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_the_script_publishes_a_content_repository_and_a_broken_edit_replaces_nothing(tmp_path, serve_wheels):
    app = copy_of_checkout(tmp_path / "app", APP_PARTS)
    repo = tmp_path / "partnerschap"
    shutil.copytree(CONTENT, repo / "content")
    env = {"WERKPLEK_APP": str(app), "WERKPLEK_VENV": str(tmp_path / "venv"), "WERKPLEK_BASE": "/partnerschap"}
    if serve_wheels:  # the lock's files, downloaded while other tests ran; the script checks their hashes
        env |= {"PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(serve_wheels)}

    result = run_script(repo, env)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Alles in orde:" in result.stdout, result.stdout
    assert "Klaar om te publiceren: public/ (onder /partnerschap/)." in result.stdout
    site = repo / "public"
    published = tree_digest(site)
    # What the workflow uploads passes check-deploy under its sub-path on a plain static server, too.
    with static_server(site, "partnerschap") as url:
        assert deploy_check.check_deployment(url, timeout=15, parallel=6).exit_code == 0

    # A broken edit: the Dutch message with file and line, on GitHub an annotation on the commit, and the
    # output folder (what would be published) is left exactly as it was.
    site_yml = repo / "content" / "site.yml"
    data = yaml.safe_load(site_yml.read_text(encoding="utf-8"))
    site_yml.write_text(site_yml.read_text(encoding="utf-8").replace(f"title: {data['title']}\n", "title: 7\n"))
    line = site_yml.read_text(encoding="utf-8").splitlines().index("title: 7") + 1
    broken = run_script(repo, {**env, "GITHUB_ACTIONS": "true"})
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert f"content/site.yml:{line}: title: moet tekst zijn (gevonden: 7)" in broken.stderr, broken.stderr
    assert "er is niets gebouwd" in broken.stderr
    assert f"::error file=content/site.yml,line={line},title=Werkplek::title: moet tekst zijn (gevonden: 7)" in (
        broken.stdout
    )
    assert "Traceback" not in broken.stderr and "Error:" not in broken.stderr
    assert "installeren" not in broken.stdout  # the environment is reused while the lock is the same
    assert tree_digest(site) == published


def test_the_script_says_in_dutch_what_it_misses(tmp_path):
    repo = tmp_path / "leeg"
    repo.mkdir()
    result = run_script(repo, {})
    assert result.returncode == 1
    assert result.stderr.startswith("Fout: WERKPLEK_APP is niet gezet"), result.stderr
    result = run_script(repo, {"WERKPLEK_APP": str(ROOT)})
    assert result.returncode == 1
    assert result.stderr.startswith("Fout: content/site.yml ontbreekt"), result.stderr


def test_build_zip_is_one_archive_of_the_site_that_a_host_serves_as_built(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build", "--content", str(CONTENT), "--out", "site", "--zip"])
    assert result.exit_code == 0, result.output
    archive = tmp_path / "site.zip"
    assert "site.zip: pak het uit in de map van de site" in result.output
    built = {name for name in tree_digest(tmp_path / "site") if name != ".werkplek-build"}
    with zipfile.ZipFile(archive) as zf:
        assert zf.testzip() is None
        assert set(zf.namelist()) == built
        zf.extractall(tmp_path / "uitgepakt")
    # Unpacked into a sub-folder of the web space, exactly as check-deploy wants it.
    with static_server(tmp_path / "uitgepakt", "stage") as url:
        assert deploy_check.check_deployment(url, timeout=15, parallel=6).exit_code == 0
    assert not list(tmp_path.glob("*.deel"))


def test_the_base_path_and_the_annotations_are_written_as_the_hosts_read_them():
    assert [base_path(v) for v in ("/", "", "/repo", "repo/", "/a/b", "  /a//b/ ")] == [
        "/",
        "/",
        "/repo/",
        "/repo/",
        "/a/b/",
        "/a/b/",
    ]
    for bad in ("/../etc", "/a/./b", "a\\b"):
        with pytest.raises(WerkplekError, match="zonder . of .."):
            base_path(bad)
    [line] = github_annotations(
        [Problem("content/forms/a,b.yml", "items[0]", "100% fout:\nzie", line=4, field="items nr. 1")]
    )
    assert line == "::error file=content/forms/a%2Cb.yml,line=4,title=Werkplek::items nr. 1: 100%25 fout:%0Azie"
