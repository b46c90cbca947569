"""One subscription's weekly post: ideas generated once and kept, posted, Slack errors sorted.

A permanent Slack error (channel gone, bot removed, channel archived, app deactivated) pauses the
subscription and tells the subscriber by DM how to resume; anything else is retried with back-off,
posting the kept ideas again (no second model call).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.advisor.models import IdeaSet
from bot.slack import metrics
from bot.slack.blocks import fallback_text, fit, ideas_blocks, section
from bot.slack.conversation import new_reply_id
from bot.slack.services import Services
from bot.slack.startup import slack_error_code
from bot.slack.texts import DAY_NAMES, Language, t
from bot.state import SubscriptionInfo
from bot.state.weekly import WeeklyClaim

log = logging.getLogger(__name__)

TRANSIENT_ERRORS = frozenset(
    {"internal_error", "fatal_error", "service_unavailable", "request_timeout", "ratelimited"}
)
"""Slack error codes worth retrying; any other refusal of chat.postMessage is permanent."""
PAUSE_REASONS = {
    "channel_not_found": "paused_channel_not_found",
    "not_in_channel": "paused_not_in_channel",
    "is_archived": "paused_is_archived",
    "account_inactive": "paused_app_disabled",
    "token_revoked": "paused_app_disabled",
    "invalid_auth": "paused_app_disabled",
    "not_authed": "paused_app_disabled",
    "team_access_not_granted": "paused_app_disabled",
}
FIRST_RETRY = timedelta(minutes=10)
LONGEST_RETRY = timedelta(hours=6)


def retry_delay(attempts: int) -> timedelta:
    """10 min after the first failure, doubling each time, at most 6 h."""
    return min(FIRST_RETRY * 2 ** min(attempts, 10), LONGEST_RETRY)


def permanent_error(exc: Exception) -> str | None:
    """Slack's error code when retrying cannot help; None for transient failures."""
    if not isinstance(exc, SlackApiError):
        return None  # the model, the network, a timeout: try again later
    status = getattr(exc.response, "status_code", 200) or 200
    code = slack_error_code(exc, "")
    if not code or status == 429 or status >= 500 or code in TRANSIENT_ERRORS:
        return None
    return code


def pause_message(sub: SubscriptionInfo, code: str, command: str, language: Language) -> str:
    """The DM telling the subscriber why the weekly post stopped and the command to resume."""
    day = DAY_NAMES[language][sub.weekday]
    if language == "en":
        resume = f"{command} subscribe {day} {sub.hour}:{sub.minute:02d}"
    else:
        resume = f"{command} abonner {day} {sub.hour}h{sub.minute:02d}"
    key = PAUSE_REASONS.get(code) or (
        "paused_restricted" if code.startswith("restricted_action") else "paused_other"
    )
    reason = t(key, language, resume=resume, code=code)
    return t("weekly_paused", language, channel=sub.channel, reason=reason)


class WeeklyPoster:
    """Deliver the week a worker has claimed, keeping the claim's owner check at every step."""

    def __init__(self, services: Services, client: WebClient, worker_id: str) -> None:
        self.services, self.client, self.worker_id = services, client, worker_id

    def deliver(self, sub: SubscriptionInfo, week: str, now: datetime) -> bool:
        """Post the claimed week; True when posted (failures are recorded, never raised)."""
        store, started = self.services.store, self.services.monotonic()
        claim = store.weekly_claim(sub.id, week, self.worker_id)
        if claim is None:
            return False
        language: Language = "en" if sub.language == "en" else "fr"
        if not sub.language:
            language = self.services.languages.get(sub.created_by)
        try:
            ideas, reply_id = self._ideas(sub, claim, language)
            renewed_at = now + timedelta(seconds=self.services.monotonic() - started)
            if not store.renew_weekly_claim(sub.id, week, self.worker_id, renewed_at):
                log.warning(
                    "weekly post of %s (%s) taken over by another worker", sub.channel, week
                )
                return False
            ts = self._send(sub, ideas, reply_id, language)
        except Exception as exc:
            self._failed(sub, claim, exc, now, language)
            return False
        if not store.finish_weekly_post(sub.id, week, self.worker_id, ts):
            log.warning("weekly post of %s (%s) sent, but the claim was lost", sub.channel, week)
        metrics.WEEKLY_POSTS.inc()
        return True

    def _ideas(
        self, sub: SubscriptionInfo, claim: WeeklyClaim, language: Language
    ) -> tuple[IdeaSet, str]:
        """The week's kept ideas, or new ones (one model call per week), kept before posting."""
        if claim.ideas:
            return IdeaSet.model_validate(claim.ideas), claim.reply_id
        ideas = self.services.advisor.ideas(
            week=claim.week, language=language, profile=self.services.profile(sub.channel)
        )
        reply_id = new_reply_id()
        payload = ideas.model_dump(mode="json")
        self.services.store.save_reply(
            reply_id,
            "ideas",
            mode=ideas.mode,
            sources=[s.model_dump() for s in ideas.sources],
            payload=payload,
            channel=sub.channel,
        )
        self.services.store.store_weekly_ideas(
            sub.id, claim.week, self.worker_id, reply_id, payload
        )
        return ideas, reply_id

    def _send(
        self, sub: SubscriptionInfo, ideas: IdeaSet, reply_id: str, language: Language
    ) -> str:
        intro = t(f"weekly_intro_{day_part(sub.weekday)}", language)
        knowledge_dir = self.services.settings.knowledge_dir
        blocks = fit([section(intro), *ideas_blocks(ideas, reply_id, knowledge_dir, False)])
        response = self.client.chat_postMessage(
            channel=sub.channel, text=fallback_text(intro), blocks=blocks, unfurl_links=False
        )
        return str(response.get("ts") or "")

    def _failed(
        self,
        sub: SubscriptionInfo,
        claim: WeeklyClaim,
        exc: Exception,
        now: datetime,
        language: Language,
    ) -> None:
        store, week = self.services.store, claim.week
        code = permanent_error(exc)
        if code is None:
            retry_at = now + retry_delay(claim.attempts)
            why = slack_error_code(exc, "") if isinstance(exc, SlackApiError) else ""
            log.warning(
                "weekly post of %s (%s) failed (%s); retry at %s",
                sub.channel,
                week,
                why or type(exc).__name__,
                retry_at.isoformat(timespec="minutes"),
                exc_info=not isinstance(exc, SlackApiError),
            )
            store.release_weekly_post(
                sub.id, week, self.worker_id, retry_at, why or type(exc).__name__
            )
            metrics.WEEKLY_RETRIES.inc()
            return
        log.warning("weekly post of %s paused: Slack answered %s", sub.channel, code)
        store.fail_weekly_post(sub.id, week, self.worker_id, code)
        if store.pause_subscription(sub.id, code, now):
            metrics.WEEKLY_PAUSED.labels(error=code).inc()
            self._tell_subscriber(sub, code, language)

    def _tell_subscriber(self, sub: SubscriptionInfo, code: str, language: Language) -> None:
        if not sub.created_by:
            log.warning("paused subscription of %s has no subscriber to tell", sub.channel)
            return
        text = pause_message(sub, code, self.services.settings.slash_command, language)
        try:  # a user id as channel: Slack posts in the app's DM with that user
            self.client.chat_postMessage(channel=sub.created_by, text=text)
        except SlackApiError as exc:
            log.warning("subscriber not told of the pause: %s", slack_error_code(exc, "?"))


def day_part(weekday: int) -> str:
    """Which opening line fits a post on `weekday` (0 = Monday): start, midweek, friday, weekend."""
    if weekday <= 1:
        return "start"
    if weekday <= 3:
        return "midweek"
    return "friday" if weekday == 4 else "weekend"
