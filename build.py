"""Build the site: python build.py [--content DIR] [--out DIR]   (default content/ -> build/)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "site"))

from werkplek.__main__ import build  # noqa: E402
from werkplek.usage import run  # noqa: E402

if __name__ == "__main__":
    run(build, sys.argv[1:], prog_name="build.py")  # click's own errors in Dutch, as for werkplek
