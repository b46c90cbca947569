"""bot.slack package."""
