"""Platform norms (length, hashtags, links) loaded once from prompts/platforms.yaml."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel

from bot.errors import ConfigError, InputError
from bot.yamlfile import load_yaml


class PlatformNorms(BaseModel):
    """What reads naturally on one network."""

    name: str
    label: str
    chars: tuple[int, int]
    limit: int
    hashtags: int
    links_clickable: bool = True


@lru_cache(maxsize=8)
def load_platforms(prompts_dir: Path) -> tuple[dict[str, PlatformNorms], dict[str, str]]:
    """All platform norms and aliases from `prompts_dir/platforms.yaml`."""
    path = prompts_dir / "platforms.yaml"
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
        norms = {name: PlatformNorms(name=name, **spec) for name, spec in data["platforms"].items()}
    except (OSError, KeyError, TypeError, ValueError, yaml.YAMLError) as exc:
        raise ConfigError(
            f"cannot load platform norms from {path}: {exc.__class__.__name__}"
        ) from exc
    if "generic" not in norms:
        raise ConfigError(f"{path} must define a 'generic' platform")
    return norms, {str(k): str(v) for k, v in (data.get("aliases") or {}).items()}


def resolve_platform(prompts_dir: Path, platform: str | None) -> PlatformNorms:
    """The norms for `platform` (aliases accepted, None → generic); unknown → InputError."""
    norms, aliases = load_platforms(prompts_dir)
    if not platform:
        return norms["generic"]
    key = platform.strip().lower()
    key = aliases.get(key, key)
    if key not in norms:
        known = ", ".join(n for n in norms if n != "generic")
        raise InputError(
            f"unknown platform '{platform}' (choose one of: {known})",
            f"Plateforme inconnue « {platform} » (choisissez parmi : {known}).",
        )
    return norms[key]
