"""Write over-full records: the seed record plus nine jobs of six bullets each, or plus six
bullets (two on the current job, two on the internship, one on each of two projects)."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

BULLET = ("Led a cross-functional effort that shipped a measurable improvement to a production "
          "system used by millions, with careful evaluation and clear written reports ({n}).")


def overfull(source: Path, target: Path, jobs: int = 9, bullets: int = 6) -> Path:
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    extra = [{
        "organization": f"Company {i + 1}", "position": "Senior Engineer",
        "location": "Remote", "start": f"{2010 - i}-01", "end": f"{2010 - i}-12",
        "tags": ["industry"], "highlights": [BULLET.format(n=f"{i + 1}.{b + 1}")
                                             for b in range(bullets)],
    } for i in range(jobs)]
    data["experience"] = data.get("experience", []) + extra
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def six_bullets(source: Path, target: Path) -> Path:
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    jobs = data["experience"]
    for job in (jobs[0], jobs[-1]):
        job["highlights"] = [BULLET.format(n=f"{job['organization']} {b + 1}") for b in range(2)]
    for project in data["projects"][:2]:
        project["highlights"] = [BULLET.format(n=project["name"])]
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


if __name__ == "__main__":
    print(overfull(Path(sys.argv[1]), Path(sys.argv[2])))
