"""The build sends the app's modules minified (minify.py): each is the same program as its source, parsed
with acorn (a JavaScript parser from the npm lock) before and after, and a third smaller."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from werkplek.minify import minify_scripts

from .helpers import ROOT

STATIC = ROOT / "static"
# Prints the built files whose program differs from their source's (or that do not parse): positions
# aside, every node, name, literal (with its raw text) and template part must be equal.
SAME_PROGRAM = r"""
import { parse } from 'acorn';
import { readFileSync } from 'node:fs';
const tree = (file) => JSON.stringify(
  parse(readFileSync(file, 'utf8'), { ecmaVersion: 'latest', sourceType: 'module' }),
  (key, value) => (key === 'start' || key === 'end' ? undefined : value),
);
const differ = [];
for (const [source, built] of JSON.parse(process.argv[1])) {
  try {
    if (tree(source) !== tree(built)) differ.push(built);
  } catch (error) {
    differ.push(`${built}: ${error.message}`);
  }
}
console.log(JSON.stringify(differ));
"""


def different_programs(pairs: list[tuple[Path, Path]]) -> list[str]:
    out = subprocess.run(
        ["node", "--input-type=module", "-e", SAME_PROGRAM, json.dumps([[str(a), str(b)] for a, b in pairs])],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def app_modules(site: Path) -> list[tuple[Path, Path]]:
    built = sorted(p for p in (site / "static").rglob("*.js") if "vendor" not in p.parts)
    return [(STATIC / p.relative_to(site / "static"), p) for p in built]


def test_every_module_of_the_app_is_the_same_program_and_a_third_smaller(built_site):
    pairs = app_modules(built_site)
    assert len(pairs) == len([p for p in STATIC.rglob("*.js") if "vendor" not in p.parts]) > 50
    assert different_programs(pairs) == []
    source = sum(a.stat().st_size for a, _ in pairs)
    built = sum(b.stat().st_size for _, b in pairs)
    assert built < source * 2 / 3, (source, built)
    storage = (built_site / "static/js/lib/storage.js").read_text(encoding="utf-8")
    assert "// The only module that touches IndexedDB" not in storage and "\n  " not in storage


def test_vendor_files_stay_as_published(built_site):
    for path in (STATIC / "vendor").rglob("*"):
        if path.is_file():
            assert (
                built_site / "static/vendor" / path.relative_to(STATIC / "vendor")
            ).read_bytes() == path.read_bytes()


def test_the_check_finds_a_changed_program(tmp_path):
    """The comparison above can fail: a module whose meaning changed, or one that no longer parses."""
    source = tmp_path / "src" / "static" / "a.js"
    source.parent.mkdir(parents=True)
    text = "// a comment\nexport const greet = (name) => `Dag ${name}, het is ${new Date().getDay()}`;\nconst r = /a b/g;\n"
    source.write_text(text, encoding="utf-8")
    site = tmp_path / "site"
    (site / "static").mkdir(parents=True)
    same, changed, broken = (site / "static" / f"{n}.js" for n in ("same", "changed", "broken"))
    for target in (same, changed, broken):
        target.write_text(text, encoding="utf-8")
    minify_scripts(site)
    changed.write_text(changed.read_text(encoding="utf-8").replace("Dag ", "Dag"), encoding="utf-8")
    broken.write_text(broken.read_text(encoding="utf-8").replace("export", "exprt"), encoding="utf-8")
    found = different_programs([(source, same), (source, changed), (source, broken)])
    assert found[0] == str(changed) and found[1].startswith(f"{broken}: "), found
    assert len(found) == 2
