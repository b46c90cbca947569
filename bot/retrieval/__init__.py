"""bot.retrieval package."""
