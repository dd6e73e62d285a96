"""Build time for the default content and for content scaled 10x and 100x.

Scaling copies every programme and every role N times under new ids (period tasks point at the
copied roles), so pages, tasks and references all grow N-fold. Prints a table of the pipeline's
stage timings; the last column, time per written file, must stay flat for linear growth.

    .venv/bin/python bench/build.py [--scales 1 10 100] [--repeat 3]
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "site"))

from werkplek.pipeline import build


def scaled_content(target: Path, factor: int) -> Path:
    source = ROOT / "content"
    shutil.copytree(source, target)
    if factor == 1:
        return target
    roles = sorted(p.stem for p in (source / "roles").glob("*.yml"))
    for kind in ("roles", "programmes"):
        for path in sorted((source / kind).glob("*.yml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            for copy in range(1, factor):
                if kind == "programmes":
                    for period in data["periods"]:
                        for task in period["tasks"]:
                            base = task["role"].rsplit("-x", 1)[0]
                            task["role"] = f"{base}-x{copy}" if base in roles else task["role"]
                    data["name"] = f"{data['name'].split(' #')[0]} #{copy}"
                text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
                (target / kind / f"{path.stem}-x{copy}.yml").write_text(text, encoding="utf-8")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--repeat", type=int, default=3, help="builds per scale; the median is shown")
    args = parser.parse_args()

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for factor in args.scales:
            content = scaled_content(Path(tmp) / f"content-{factor}", factor)
            runs = []
            for run in range(args.repeat):
                report = build(content, Path(tmp) / f"out-{factor}-{run}")
                runs.append(report)
            total = statistics.median(sum(r.timings.values()) for r in runs)
            stages = {k: statistics.median(r.timings[k] for r in runs) for k in runs[0].timings}
            files = len(runs[0].urls)
            rows.append((factor, files, stages, total))

    stage_names = list(rows[0][2])
    header = ["scale", "files"] + stage_names + ["total s", "ms/file"]
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---:" for _ in header) + "|")
    for factor, files, stages, total in rows:
        cells = [f"{factor}x", str(files)] + [f"{stages[s]:.3f}" for s in stage_names]
        cells += [f"{total:.2f}", f"{1000 * total / files:.2f}"]
        print("| " + " | ".join(cells) + " |")
    if len(rows) >= 3:
        # Marginal cost of one more file between successive scales; flat means linear growth.
        margins = [(b[3] - a[3]) / (b[1] - a[1]) for a, b in itertools.pairwise(rows)]
        ratio = margins[-1] / margins[0]
        print(
            "\nms per extra file between scales: "
            + ", ".join(f"{1000 * m:.2f}" for m in margins)
            + f"; last / first = {ratio:.2f} ({'linear' if ratio < 1.5 else 'WORSE THAN LINEAR'})"
        )


if __name__ == "__main__":
    main()
