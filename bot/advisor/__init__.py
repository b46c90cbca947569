"""bot.advisor package."""
