"""The single-record commands: ``campaign create`` and ``lead add|get|update``.

Each checks its input locally first (E.164 phones, at most
:data:`~leadprep.dialnexa.MAX_NOTES` notes, ISO dates), so a typo costs no API
call, then prints what DialNexa answered: a short line, or the whole answer with
``--json``.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from typing import Any

import numpy as np
import phonenumbers

from .._exceptions import EXIT_ROWS_LEFT_OUT, ConflictError, UsageError
from ..api import Campaign, DialNexaClient, Lead
from ..dialnexa import DEFAULT_REGION, MAX_NOTES
from ..normalise import PhoneNormaliser


def parse_notes(pairs: list[str] | None) -> dict[str, str] | None:
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


def split_phone(text: str, region: str) -> tuple[str, str, str]:
    """Validate ``text`` → (E.164, national number, ``+CC``) or raise UsageError."""
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
    e164, _, _ = split_phone(text, DEFAULT_REGION)
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


def _print(obj: Campaign | Lead, args: argparse.Namespace, line: str) -> None:
    if args.json:
        print(json.dumps(obj.raw, indent=2, ensure_ascii=False))
    else:
        print(line)


def client_from(args: argparse.Namespace) -> DialNexaClient:
    return DialNexaClient(
        base_url=args.base_url,
        api_key=args.api_key,
        timeout=args.timeout,
        allow_insecure_http=args.allow_insecure_http,
    )


def campaign_create(args: argparse.Namespace) -> int:
    retry: dict[str, int] = {}
    if args.max_retries is not None:
        retry["max_retries"] = args.max_retries
    if args.retry_interval_minutes is not None:
        retry["retry_interval_minutes"] = args.retry_interval_minutes
    body: dict[str, Any] = {
        "name": args.name,
        "agent_id": args.agent_id,
        "from_phone_number": _e164_or_none(args.from_number, "--from-number"),
        "scheduled_at": _iso(args.scheduled_at),
        "max_concurrent_calls": args.max_concurrent_calls,
        "retry_config": retry or None,
    }
    with client_from(args) as client:
        campaign = client.create_campaign(**body)
    status = campaign.status or "status unknown"
    _print(campaign, args, f"campaign {campaign.id} created ({status})")
    return 0


def lead_add(args: argparse.Namespace) -> int:
    """Add one lead. A number already in the campaign is not an error of the API or
    of the network: one sentence naming the lead that is there, exit 1 (nothing added)."""
    notes = parse_notes(args.note)
    e164, national, country = split_phone(args.phone, args.default_region)
    with client_from(args) as client:
        try:
            lead = client.add_lead(
                campaign_id=args.campaign,
                name=args.name,
                phone_number=national,
                country_code=country,
                notes=notes,
            )
        except ConflictError as exc:
            existing = _existing_lead_id(exc.body)
            named = f" as lead {existing}" if existing else ""
            see = f"; 'leadprep lead get {existing}' shows it" if existing else ""
            print(
                f"{e164} is already in campaign {args.campaign}{named}: nothing was added{see}",
                file=sys.stderr,
            )
            return EXIT_ROWS_LEFT_OUT
    _print(lead, args, f"lead {lead.id} added: {lead.phone_number or e164} ({lead.status})")
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


def lead_get(args: argparse.Namespace) -> int:
    with client_from(args) as client:
        lead = client.get_lead(args.id)
    notes = ", ".join(f"{k}={v}" for k, v in lead.notes.items())
    _print(
        lead,
        args,
        f"lead {lead.id}: {lead.phone_number} {lead.name or ''} — {lead.status}"
        + (f", call log {lead.call_log_id}" if lead.call_log_id else "")
        + (f"\n  {notes}" if notes else ""),
    )
    return 0


def lead_update(args: argparse.Namespace) -> int:
    """Update one lead. DialNexa replaces the whole ``notes`` object, so ``--note``
    merges into the lead's current notes (read first) unless ``--replace-notes``."""
    notes = parse_notes(args.note)
    national = country = None
    if args.phone is not None:
        _, national, country = split_phone(args.phone, args.default_region)
    with client_from(args) as client:
        if notes is not None and not args.replace_notes:
            current = client.get_lead(args.id).notes
            notes = _checked_notes({**{str(k): v for k, v in current.items()}, **notes})
        lead = client.update_lead(
            args.id, name=args.name, phone_number=national, country_code=country, notes=notes
        )
    shown = ", ".join(f"{k}={v}" for k, v in lead.notes.items())
    _print(
        lead,
        args,
        f"lead {lead.id} updated: {lead.phone_number} ({lead.status})"
        + (f"\n  {shown}" if shown else ""),
    )
    return 0
