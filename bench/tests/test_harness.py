import json

import pytest

from bench import harness


def test_a_result_holds_metrics_baseline_and_targets(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(harness, "RESULTS_DIR", tmp_path)
    path = harness.write_result(
        "demo",
        scale="quick",
        metrics={"rate": 10.0},
        baseline={"rate": 20.0},
        targets={"ratio": harness.target(0.5, limit=0.3, op=">=")},
    )
    document = json.loads(path.read_text())
    assert document["baseline"] == {"rate": 20.0}
    assert document["targets"]["ratio"] == {"value": 0.5, "limit": 0.3, "op": ">=", "met": True}


def test_a_missed_target_says_so() -> None:
    assert harness.target(1.4, limit=1.3, op="<=")["met"] is False


def test_percentiles_use_the_nearest_rank() -> None:
    samples = [float(n) for n in range(1, 101)]
    assert harness.percentile(samples, 0.99) == 99.0
    assert harness.percentile(samples, 0.5) == 50.0


def test_an_unknown_scale_is_refused(monkeypatch) -> None:
    monkeypatch.setenv("BENCH_SCALE", "huge")
    with pytest.raises(SystemExit):
        harness.current_scale()
