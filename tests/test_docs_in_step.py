"""The README's configuration table and `.env.example` name every setting the code reads."""

from __future__ import annotations

import pytest

from bot.config import PROJECT_ROOT, Settings

VARIABLES = sorted(str(field.validation_alias) for field in Settings.model_fields.values())


@pytest.mark.parametrize("document", ["README.md", ".env.example"])
def test_every_setting_is_documented(document: str) -> None:
    text = (PROJECT_ROOT / document).read_text(encoding="utf-8")
    missing = [name for name in VARIABLES if name not in text]
    assert not missing, f"{document} does not mention {missing}"


def test_readme_shows_the_two_promised_commands() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme
