"""The start-up check of the chat model: one tiny request with the parameters replies will use."""

from __future__ import annotations

import openai

from bot.errors import ConfigError
from bot.llm.chat import ChatLLM
from bot.llm.failures import describe, is_transient, setting_to_fix


def probe_model(llm: ChatLLM) -> str | None:
    """None when the endpoint accepts our parameters; a warning line when it is unreachable or
    busy; ConfigError naming the setting to fix when it rejects the key, model or a parameter."""
    try:
        llm.client.chat.completions.create(
            model=llm.rules.model,
            messages=[{"role": "user", "content": "Reply with the word OK."}],
            timeout=min(llm.settings.llm_timeout_s, 15.0),
            **llm.rules.params("probe"),
        )
    except openai.APIStatusError as exc:
        if is_transient(exc):
            return f"the model endpoint is busy or failing ({describe(exc)[1]})"
        raise ConfigError(setting_to_fix(exc)) from exc
    except openai.APIConnectionError as exc:
        reason = describe(exc)[0]
        return f"the model endpoint cannot be reached ({reason}): check OPENAI_BASE_URL"
    return None
