"""Typed views of DialNexa's responses.

The docs disagree with themselves (``notes`` vs ``metadata``, ``name`` present or
not); both shapes are accepted. Every model keeps the whole answer in ``raw`` so
nothing the server said is lost, and parsing never fails on a missing optional
field — only on an answer that is not a JSON object at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


def _str(data: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        value = data.get(key)
        if value is not None:
            return str(value)
    return None


def _int(data: dict[str, Any], *keys: str) -> int | None:
    for key in keys:
        value = data.get(key)
        if isinstance(value, bool):
            continue
        if isinstance(value, int):
            return value
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            return int(value)
    return None


@dataclass(frozen=True)
class Campaign:
    id: str
    name: str | None = None
    agent_id: str | None = None
    status: str | None = None
    from_phone_number: str | None = None
    max_concurrent_calls: int | None = None
    scheduled_at: str | None = None
    retry_config: dict[str, Any] | None = None
    organization_id: str | None = None
    created_at: str | None = None
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> Campaign:
        retry = data.get("retry_config")
        return cls(
            id=_str(data, "id") or "",
            name=_str(data, "name"),
            agent_id=_str(data, "agent_id"),
            status=_str(data, "status"),
            from_phone_number=_str(data, "from_phone_number"),
            max_concurrent_calls=_int(data, "max_concurrent_calls"),
            scheduled_at=_str(data, "scheduled_at"),
            retry_config=retry if isinstance(retry, dict) else None,
            organization_id=_str(data, "organization_id"),
            created_at=_str(data, "created_at"),
            raw=data,
        )


@dataclass(frozen=True)
class Lead:
    id: str
    campaign_id: str | None = None
    phone_number: str | None = None
    name: str | None = None
    status: str | None = None
    #: dynamic variables: the docs call them ``notes`` in one place, ``metadata`` in another
    notes: dict[str, Any] = field(default_factory=dict)
    call_log_id: str | None = None
    created_at: str | None = None
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> Lead:
        notes = data.get("notes")
        if not isinstance(notes, dict):
            notes = data.get("metadata")
        return cls(
            id=_str(data, "id") or "",
            campaign_id=_str(data, "campaign_id", "campaignId"),
            phone_number=_str(data, "phone_number", "phoneNumber"),
            name=_str(data, "name"),
            status=_str(data, "status"),
            notes=dict(notes) if isinstance(notes, dict) else {},
            call_log_id=_str(data, "call_log_id"),
            created_at=_str(data, "created_at"),
            raw=data,
        )


@dataclass(frozen=True)
class UploadResult:
    campaign_id: str | None
    leads_created: int
    leads_skipped: int
    message: str = ""
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> UploadResult:
        return cls(
            campaign_id=_str(data, "campaign_id", "campaignId"),
            leads_created=_int(data, "leads_created", "leadsCreated") or 0,
            leads_skipped=_int(data, "leads_skipped", "leadsSkipped") or 0,
            message=_str(data, "message") or "",
            raw=data,
        )
