#!/usr/bin/env bash
# Publish a partnership's site from a repository that holds only its content/ (docs/publiceren.md).
# The GitHub and GitLab workflows beside this file run it as it is; so do the tests (tests/test_publish.py).
#
#   WERKPLEK_APP      a checkout of the Werkplek app at a release tag (the workflow checks it out): required
#   WERKPLEK_CONTENT  the content folder (default: content)
#   WERKPLEK_OUT      where the site is written, what the workflow publishes (default: public)
#   WERKPLEK_BASE     the path the site will live under, e.g. /repo/ (default: the path of GitLab's
#                     CI_PAGES_URL when set, else /)
#   WERKPLEK_VENV     the Python environment it makes (default: .werkplek/venv; reused while the lock is the same)
#   PYTHON            the Python 3.11+ to make it with (default: python3)
#
# Steps: install the app's pinned dependencies from its lock file (with hashes) and the app itself; check
# the content (errors in Dutch with file and line; on GitHub also as annotations on the commit); build;
# serve the build locally under WERKPLEK_BASE and run check-deploy against it. Any failure exits non-zero,
# so the workflow stops before its publishing step and the live site stays as it was.
set -euo pipefail

fail() { echo "Fout: $*" >&2; exit 1; }

APP=${WERKPLEK_APP:-}
[ -n "$APP" ] || fail "WERKPLEK_APP is niet gezet: dat is de map met de app van Werkplek (de workflow haalt haar op)."
[ -f "$APP/requirements-serve.lock" ] && [ -f "$APP/pyproject.toml" ] \
  || fail "$APP is geen map met de app van Werkplek (requirements-serve.lock of pyproject.toml ontbreekt)."
CONTENT=${WERKPLEK_CONTENT:-content}
[ -f "$CONTENT/site.yml" ] || fail "$CONTENT/site.yml ontbreekt: zet de inhoud van het partnerschap in de map $CONTENT/."
OUT=${WERKPLEK_OUT:-public}
VENV=${WERKPLEK_VENV:-.werkplek/venv}
PYTHON=${PYTHON:-python3}
if [ -z "${WERKPLEK_BASE:-}" ] && [ -n "${CI_PAGES_URL:-}" ]; then
  WERKPLEK_BASE=$("$PYTHON" -c 'import sys, urllib.parse; print(urllib.parse.urlsplit(sys.argv[1]).path or "/")' "$CI_PAGES_URL")
fi
BASE=${WERKPLEK_BASE:-/}

# The dependencies exactly as the app's lock names them (with hashes), again only when the lock changed.
lock_hash=$(sha256sum "$APP/requirements-serve.lock" | cut -d' ' -f1)
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$VENV/.werkplek-lock" 2>/dev/null)" != "$lock_hash" ]; then
  echo "Werkplek installeren (uit $APP/requirements-serve.lock)…"
  "$PYTHON" -m venv "$VENV" || fail "kon geen Python-omgeving maken in $VENV met $PYTHON."
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps \
    -r "$APP/requirements-serve.lock" || fail "de afhankelijkheden uit de lock konden niet geïnstalleerd worden."
  echo "$lock_hash" > "$VENV/.werkplek-lock"
fi
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation \
  --force-reinstall "$APP" || fail "de app in $APP kon niet geïnstalleerd worden."

"$VENV/bin/werkplek" publish --content "$CONTENT" --out "$OUT" --base "$BASE"
