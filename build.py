"""Build the site: python build.py [--content DIR] [--out DIR]   (default content/ -> build/)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "site"))

from werkplek.__main__ import cli  # noqa: E402

if __name__ == "__main__":
    cli(["build", *sys.argv[1:]], prog_name="build.py")
