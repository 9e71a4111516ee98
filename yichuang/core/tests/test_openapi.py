import json
from pathlib import Path

from yichuang.api import api

COMMITTED = Path(__file__).resolve().parents[3] / "docs" / "openapi.json"


def test_the_committed_openapi_schema_is_current() -> None:
    current = json.loads(json.dumps(api.get_openapi_schema(), default=str))
    committed = json.loads(COMMITTED.read_text(encoding="utf-8"))
    assert committed == current, "run `make openapi` and commit docs/openapi.json"
