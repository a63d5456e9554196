"""The single-record commands: ``campaign create`` and ``lead add|get|update``.

Each checks its input locally first (E.164 phones, at most
:data:`~leadprep.dialnexa.MAX_NOTES` notes, ISO dates), so a typo costs no API
call, then prints what DialNexa answered: a short line, or the whole answer with
``--json``.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from typing import Any

import numpy as np
import phonenumbers

from .._exceptions import EXIT_ROWS_LEFT_OUT, ConflictError, UsageError
from ..api import Campaign, DialNexaClient, Lead
from ..dialnexa import DEFAULT_REGION as DEFAULT_REGION_IN
from ..dialnexa import MAX_NOTES
from ..normalise import PhoneNormaliser, written_elsewhere
from ..settings import (
    AGENT_ID,
    ALLOW_INSECURE_HTTP,
    API_KEY,
    BASE_URL,
    CAMPAIGN,
    CAMPAIGN_NAME,
    DEFAULT_REGION,
    FROM_NUMBER,
    JSON,
    LEAD_ID,
    LEAD_NAME,
    MAX_CONCURRENT_CALLS,
    MAX_RETRIES,
    NOTE,
    PHONE,
    QUIET,
    REPLACE_NOTES,
    RETRY_INTERVAL_MINUTES,
    SCHEDULED_AT,
    TIMEOUT,
    Settings,
)


def parse_notes(pairs: tuple[str, ...]) -> dict[str, str] | None:
    """``["k=v", ...]`` → dict, refusing malformed pairs and more than MAX_NOTES keys."""
    if not pairs:
        return None
    notes: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UsageError(
                f"--note {pair!r} is not KEY=VALUE", hint="e.g. --note product=home_loan"
            )
        notes[key.strip()] = value
    return _checked_notes(notes)


def _checked_notes(notes: dict[str, Any]) -> dict[str, Any]:
    if len(notes) > MAX_NOTES:
        raise UsageError(
            f"{len(notes)} notes; DialNexa accepts at most {MAX_NOTES}",
            hint="drop the variables the agent prompt does not use",
        )
    return notes


def split_phone(text: str, region: str, *, given: bool = True) -> tuple[str, str, str]:
    """Validate ``text`` → (E.164, national number, ``+CC``) or raise UsageError. When the
    region was not ``given``, a number plainly written as another region writes its
    numbers is refused rather than read as the default region's (one wrong call)."""
    elsewhere = None if given else written_elsewhere(text, region)
    if elsewhere is not None:
        raise UsageError(
            f"{text!r} is written like a {elsewhere} number; read as {region} it would call "
            "someone else",
            hint=f"write it with its country code (+…), or pass --default-region {elsewhere}",
        )
    normaliser = PhoneNormaliser(region)
    answer = normaliser(np.array([text], dtype=object))
    if answer.code[0]:
        raise UsageError(
            f"{text!r} is not a valid phone number: {answer.reason[0]}",
            hint=f"write it in E.164 (+919876543210), or as a local number of region "
            f"{normaliser.region} (--default-region)",
        )
    e164 = str(answer.e164[0])
    number = phonenumbers.parse(e164)
    return e164, phonenumbers.national_significant_number(number), f"+{number.country_code}"


def _e164_or_none(text: str | None, what: str) -> str | None:
    if text is None:
        return None
    e164, _, _ = split_phone(text, DEFAULT_REGION_IN)
    if not text.strip().startswith("+"):
        raise UsageError(f"{what} {text!r} must be in E.164", hint=f"e.g. {e164}")
    return e164


def _iso(text: str | None) -> str | None:
    if text is None:
        return None
    try:
        datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise UsageError(
            f"--scheduled-at {text!r} is not an ISO 8601 date-time",
            hint="e.g. 2026-12-01T09:30:00+05:30",
        ) from exc
    return text


def _print(obj: Campaign | Lead, settings: Settings, line: str) -> None:
    """DialNexa's answer: whole (``--json``), as a line, or nothing (``-q``)."""
    if settings[JSON]:
        print(json.dumps(obj.raw, indent=2, ensure_ascii=False))
    elif not settings[QUIET]:
        print(line)


def client_from(settings: Settings) -> DialNexaClient:
    return DialNexaClient(
        base_url=settings[BASE_URL],
        api_key=settings[API_KEY],
        timeout=settings[TIMEOUT],
        allow_insecure_http=settings[ALLOW_INSECURE_HTTP],
    )


def campaign_create(settings: Settings) -> int:
    given = {
        "max_retries": settings[MAX_RETRIES],
        "retry_interval_minutes": settings[RETRY_INTERVAL_MINUTES],
    }
    retry = {key: value for key, value in given.items() if value is not None}
    body: dict[str, Any] = {
        "name": settings[CAMPAIGN_NAME],
        "agent_id": settings[AGENT_ID],
        "from_phone_number": _e164_or_none(settings[FROM_NUMBER], "--from-number"),
        "scheduled_at": _iso(settings[SCHEDULED_AT]),
        "max_concurrent_calls": settings[MAX_CONCURRENT_CALLS],
        "retry_config": retry or None,
    }
    with client_from(settings) as client:
        campaign = client.create_campaign(**body)
    status = campaign.status or "status unknown"
    _print(campaign, settings, f"campaign {campaign.id} created ({status})")
    return 0


def lead_add(settings: Settings) -> int:
    """Add one lead. A number already in the campaign is not an error of the API or
    of the network: one sentence naming the lead that is there, exit 1 (nothing added)."""
    notes = parse_notes(settings[NOTE])
    e164, national, country = split_phone(
        str(settings[PHONE]), _region(settings), given=settings.given(DEFAULT_REGION)
    )
    with client_from(settings) as client:
        try:
            lead = client.add_lead(
                campaign_id=settings[CAMPAIGN],
                name=str(settings[LEAD_NAME]),
                phone_number=national,
                country_code=country,
                notes=notes,
            )
        except ConflictError as exc:
            existing = _existing_lead_id(exc.body)
            named = f" as lead {existing}" if existing else ""
            see = f"; 'leadprep lead get {existing}' shows it" if existing else ""
            print(
                f"{e164} is already in campaign {settings[CAMPAIGN]}{named}: nothing was "
                f"added{see}",
                file=sys.stderr,
            )
            return EXIT_ROWS_LEFT_OUT
    _print(lead, settings, f"lead {lead.id} added: {lead.phone_number or e164} ({lead.status})")
    return 0


def _existing_lead_id(body: str | None) -> str | None:
    """The lead a 409 names, if the answer names one (``lead_id``, ``id``)."""
    try:
        data = json.loads(body or "")
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    for key in ("lead_id", "leadId", "existing_lead_id", "id"):
        if isinstance(data.get(key), str) and data[key]:
            return str(data[key])
    return None


def lead_get(settings: Settings) -> int:
    with client_from(settings) as client:
        lead = client.get_lead(settings[LEAD_ID])
    notes = ", ".join(f"{k}={v}" for k, v in lead.notes.items())
    _print(
        lead,
        settings,
        f"lead {lead.id}: {lead.phone_number} {lead.name or ''} — {lead.status}"
        + (f", call log {lead.call_log_id}" if lead.call_log_id else "")
        + (f"\n  {notes}" if notes else ""),
    )
    return 0


def lead_update(settings: Settings) -> int:
    """Update one lead. DialNexa replaces the whole ``notes`` object, so ``--note``
    merges into the lead's current notes (read first) unless ``--replace-notes``."""
    notes = parse_notes(settings[NOTE])
    national = country = None
    phone = settings[PHONE]
    if phone is not None:
        _, national, country = split_phone(
            phone, _region(settings), given=settings.given(DEFAULT_REGION)
        )
    lead_id = settings[LEAD_ID]
    with client_from(settings) as client:
        if notes is not None and not settings[REPLACE_NOTES]:
            current = client.get_lead(lead_id).notes
            notes = _checked_notes({**{str(k): v for k, v in current.items()}, **notes})
        lead = client.update_lead(
            lead_id,
            name=settings[LEAD_NAME],
            phone_number=national,
            country_code=country,
            notes=notes,
        )
    shown = ", ".join(f"{k}={v}" for k, v in lead.notes.items())
    _print(
        lead,
        settings,
        f"lead {lead.id} updated: {lead.phone_number} ({lead.status})"
        + (f"\n  {shown}" if shown else ""),
    )
    return 0


def _region(settings: Settings) -> str:
    return settings[DEFAULT_REGION] or DEFAULT_REGION_IN
