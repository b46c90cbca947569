"""bot.state package."""
