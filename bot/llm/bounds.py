"""Size bounds for structured replies: a JSON-schema hint (`maxItems`), never a validation rule.

Servers that constrain generation with a grammar (llama.cpp's JSON mode, vLLM, Ollama) enforce
`maxItems`, so a small model cannot add list items until the token limit cuts the JSON; OpenAI's
strict schemas accept it too. String lengths are not bounded: `maxLength` is refused by OpenAI's
strict schemas, and llama-cpp-python expands it into a grammar rule nested once per character,
which its parser cannot read beyond a few hundred (the server crashed on a 2,200-character bound).
Replies are not rejected for exceeding a bound.
"""

from __future__ import annotations


def items(limit: int) -> dict[str, int]:
    """A list field's bound (`json_schema_extra`)."""
    return {"maxItems": limit}
