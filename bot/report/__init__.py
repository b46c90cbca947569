"""`kilovolt report`: what teams asked, what the guidance did not answer, what to write next."""

from bot.report.data import Report, build_report, period
from bot.report.render import render_html

__all__ = ["Report", "build_report", "period", "render_html"]
