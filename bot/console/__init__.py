"""Local console: a web page that plays Slack (Web API, events, clicks) for the real bot."""
