"""Settings from the environment, and one-line errors for malformed ones."""

from pathlib import Path

import pytest

from pm_assistant.core.config import load_settings
from pm_assistant.core.errors import UserInputError


def test_home_and_endpoint_come_from_the_environment(tmp_path: Path) -> None:
    settings = load_settings({"PM_ASSISTANT_HOME": str(tmp_path), "OPENAI_API_KEY": "k",
                              "OPENAI_BASE_URL": "http://127.0.0.1:1/v1", "PM_ASSISTANT_MODEL": "m",
                              "PM_ASSISTANT_TIMEOUT": "5", "PM_ASSISTANT_MAX_RETRIES": "0"})
    assert settings.home == tmp_path and settings.llm_configured and settings.model == "m"
    assert settings.timeout_s == 5.0 and settings.max_retries == 0
    assert settings.transcripts_dir == tmp_path / "transcripts"


def test_no_key_means_offline(tmp_path: Path) -> None:
    assert not load_settings({"PM_ASSISTANT_HOME": str(tmp_path)}).llm_configured


def test_a_home_that_is_a_file_is_a_usage_error(tmp_path: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("x")
    with pytest.raises(UserInputError, match="PM_ASSISTANT_HOME must be a folder"):
        load_settings({"PM_ASSISTANT_HOME": str(afile)})


@pytest.mark.parametrize(("name", "value"), [("PM_ASSISTANT_TIMEOUT", "abc"), ("PM_ASSISTANT_MAX_RETRIES", "-1"),
                                             ("PM_ASSISTANT_MAX_RETRIES", "1.5")])
def test_malformed_numbers_name_the_variable(tmp_path: Path, name: str, value: str) -> None:
    with pytest.raises(UserInputError, match=name):
        load_settings({"PM_ASSISTANT_HOME": str(tmp_path), name: value})


def test_the_api_key_never_shows_in_a_repr(tmp_path: Path) -> None:
    settings = load_settings({"PM_ASSISTANT_HOME": str(tmp_path), "OPENAI_API_KEY": "sk-very-secret"})
    assert "sk-very-secret" not in repr(settings) and "sk-very-secret" not in str(settings)
    assert settings.api_key is not None and settings.api_key.get_secret_value() == "sk-very-secret"
