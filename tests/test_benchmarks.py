"""The benchmark runner keeps working: it prints figures and writes them as JSON."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_quick_course_load_benchmark_writes_figures(tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    command = [sys.executable, "-m", "benchmarks", "--quick", "--only", "course_load"]
    run = subprocess.run(
        [*command, "--json", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr
    figures = json.loads(out.read_text())
    names = [f["name"] for f in figures]
    assert "course load, fixture course" in names
    assert any(name.startswith("course load, generated course of 200 items") for name in names)
    for entry in figures:
        assert set(entry) >= {"name", "value", "unit", "target"}
        assert entry["value"] > 0 and entry["unit"] == "ms"
        assert entry["name"] in run.stdout
