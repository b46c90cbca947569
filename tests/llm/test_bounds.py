"""List bounds reach the structured-output schemas (grammar servers and OpenAI strict alike)."""

from __future__ import annotations

import json

import openai

from bot.advisor.critique_llm import critique_schema
from bot.advisor.ideas import ideas_schema


def test_schemas_bound_every_list() -> None:
    schema = critique_schema(["promotion", "clarity"], ["promo_words"]).model_json_schema()
    props = schema["properties"]
    assert props["findings"]["maxItems"] == 8 and props["overruled"]["maxItems"] == 1
    assert props["strengths"]["maxItems"] == 4
    assert "maxLength" not in json.dumps(schema)  # llama-cpp-python cannot parse long ones
    ideas = ideas_schema(["promotion"]).model_json_schema()
    assert ideas["properties"]["ideas"]["maxItems"] == 5


def test_strict_schema_keeps_the_bounds() -> None:
    tool = openai.pydantic_function_tool(critique_schema(["promotion"], []))["function"]
    assert tool["parameters"]["properties"]["findings"]["maxItems"] == 8


def test_a_reply_past_a_bound_still_validates() -> None:
    model = critique_schema(["promotion"], [])
    reply = {
        "summary": "x",
        "strengths": ["a"] * 6,
        "findings": [],
        "overruled": [],
        "rewrite": "y",
    }
    assert len(model.model_validate(reply).strengths) == 6
