import subprocess
import sys
from pathlib import Path

import pytest

from yichuang.core.env import EnvError, env_bool, env_choice, env_int, env_list, env_str

ROOT = Path(__file__).resolve().parents[3]


def test_env_bool_accepts_only_true_or_false() -> None:
    assert env_bool("X", False, environ={"X": "True"}) is True
    assert env_bool("X", True, environ={"X": "false"}) is False
    assert env_bool("X", True, environ={}) is True
    with pytest.raises(EnvError, match="X must be True or False, not 'yes'"):
        env_bool("X", False, environ={"X": "yes"})


def test_env_int_names_the_variable_and_the_bound() -> None:
    assert env_int("N", 3, environ={"N": "7"}) == 7
    with pytest.raises(EnvError, match="N must be a whole number, not 'seven'"):
        env_int("N", 3, environ={"N": "seven"})
    with pytest.raises(EnvError, match="N must be at least 1, not 0"):
        env_int("N", 3, minimum=1, environ={"N": "0"})


def test_env_str_without_default_is_required() -> None:
    with pytest.raises(EnvError, match="KEY is required"):
        env_str("KEY", environ={"KEY": "  "})
    assert env_str("KEY", "d", environ={}) == "d"


def test_env_list_refuses_empty_items() -> None:
    assert env_list("L", [], environ={"L": "a, b"}) == ["a", "b"]
    with pytest.raises(EnvError, match="L has an empty item"):
        env_list("L", [], environ={"L": "a,,b"})


def test_env_choice_lists_the_choices() -> None:
    with pytest.raises(EnvError, match="C must be one of x, y, not 'z'"):
        env_choice("C", "x", choices=("x", "y"), environ={"C": "z"})


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    clean = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", **env}
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        capture_output=True,
        text=True,
        env=clean,
        cwd=ROOT,
        timeout=60,
    )


def test_a_bad_value_stops_start_up_with_a_message_naming_the_variable() -> None:
    result = _manage({"YICHUANG_DEBUG": "maybe"}, "check")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "Configuration error: YICHUANG_DEBUG must be True or False, not 'maybe'"
    )


def test_production_refuses_to_start_without_a_secret_key() -> None:
    result = _manage({"YICHUANG_ENV": "production", "YICHUANG_ALLOWED_HOSTS": "x"}, "check")
    assert result.returncode == 2
    assert "YICHUANG_SECRET_KEY is required" in result.stderr


def test_an_unknown_database_scheme_is_refused() -> None:
    result = _manage({"DATABASE_URL": "mysql://root@localhost/x"}, "check")
    assert result.returncode == 2
    assert "DATABASE_URL must start with sqlite:// or postgresql://" in result.stderr


def test_every_variable_the_settings_read_is_documented_in_env_example() -> None:
    import re

    settings_source = (ROOT / "yichuang" / "settings.py").read_text(encoding="utf-8")
    read = set(re.findall(r'env_[a-z]+\(\s*"([A-Z_]+)"', settings_source))
    documented = (ROOT / ".env.example").read_text(encoding="utf-8")
    assert read, "the settings read no variables?"
    assert sorted(name for name in read if name not in documented) == []
