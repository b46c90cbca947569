"""bot.llm package."""
