"""Kilovolt Advisor: a Slack bot for Kilovolt's social-media doctrine."""
