"""The sandbox's handlers: DialNexa's five documented endpoints over a :class:`Store`.

Behaviour follows DialNexa's API reference; where it leaves a choice open the
sandbox picks one and says so here (and in ``schemas/dialnexa-openapi.yaml``),
and leadprep's client must cope with both readings:

* an upload whose rows fail destination validation answers 400 with the failed
  rows grouped by reason and creates **nothing** (atomic);
* ``position`` is the spreadsheet row number of the uploaded file (header = 1);
* numbers already in the campaign, and repeats within the file, are skipped and
  counted in ``leads_skipped``; so are rows with a blank phone_number;
* a file over 10 MB (read strictly: :data:`~leadprep.dialnexa.MAX_FILE_BYTES`
  bytes) answers 413.

Files are read by the sandbox's own small reader (:mod:`._reader`: the csv module,
openpyxl, xlrd), phone numbers and destinations decided with phonenumbers directly
(:mod:`._routes`), never with leadprep's reader, normaliser or route check: the
sandbox is an independent judge of what leadprep sends.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from datetime import datetime
from typing import Any

import phonenumbers
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Message, Receive

from ..dialnexa import (
    DEFAULT_COUNTRY_CODE,
    FILE_CAP,
    MAX_CUSTOM_COLUMNS,
    MAX_FILE_BYTES,
    MAX_NOTES,
    PHONE_COLUMN,
    REASON_INVALID_PHONE,
)
from ._config import SandboxConfig
from ._reader import Rows, Unreadable, read_upload
from ._routes import Routes
from ._store import Store, new_id

_PHRASES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    413: "Payload Too Large",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


def envelope(status: int, message: str | list[str], **extra: Any) -> JSONResponse:
    """DialNexa's error shape: ``{statusCode, message, error}`` (+ extras)."""
    body = {"statusCode": status, "message": message, "error": _PHRASES.get(status, "Error")}
    return JSONResponse({**body, **extra}, status_code=status)


#: A request body may be the file plus its multipart framing, no more.
_MAX_BODY = MAX_FILE_BYTES + 64 * 1024


def _replaying(body: bytes) -> Receive:
    """An ASGI ``receive`` that hands over ``body`` (already read) in one message."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


def e164_of(text: str, region: str) -> str | None:
    """``text`` in E.164 if phonenumbers calls it a valid number (read in ``region``)."""
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class Api:
    """Handlers for the five endpoints, over a :class:`Store`."""

    def __init__(self, config: SandboxConfig, store: Store) -> None:
        self.config = config
        self.store = store
        self.routes = Routes.of(config.telephony, config.default_region)
        self.region = config.default_region

    async def _json_body(self, request: Request) -> dict[str, Any] | JSONResponse:
        try:
            body = json.loads(await request.body() or b"null")
        except (json.JSONDecodeError, UnicodeDecodeError):
            return envelope(400, "request body is not valid JSON")
        if not isinstance(body, dict):
            return envelope(400, "request body must be a JSON object")
        return body

    async def create_campaign(self, request: Request) -> Response:
        body = await self._json_body(request)
        if isinstance(body, JSONResponse):
            return body
        problems = []
        for key in ("name", "agent_id"):
            if not isinstance(body.get(key), str) or not body[key].strip():
                problems.append(f"{key} should not be empty")
        if "from_phone_number" in body and not _is_e164(body["from_phone_number"]):
            problems.append("from_phone_number must be an E.164 phone number")
        mcc = body.get("max_concurrent_calls")
        if mcc is not None and (not isinstance(mcc, int) or isinstance(mcc, bool) or mcc < 1):
            problems.append("max_concurrent_calls must be a positive integer")
        if "scheduled_at" in body and not _is_datetime(body["scheduled_at"]):
            problems.append("scheduled_at must be an ISO 8601 date-time")
        retry = body.get("retry_config")
        if retry is not None and not (
            isinstance(retry, dict)
            and all(isinstance(v, int) and not isinstance(v, bool) for v in retry.values())
        ):
            problems.append("retry_config must be an object of integers")
        if problems:
            return envelope(400, problems)
        return JSONResponse(self.store.create_campaign(body), status_code=201)

    def _parse_phone(self, phone: Any, country_code: Any) -> str | None:
        if not isinstance(phone, str) or not phone.strip():
            return None
        text = phone.strip()
        if not text.startswith("+"):
            code = str(country_code or DEFAULT_COUNTRY_CODE).strip()
            text = (code if code.startswith("+") else "+" + code) + text
        return e164_of(text, self.region)

    def _route_problem(self, e164: str) -> str | None:
        return self.routes.problem(e164)

    async def add_lead(self, request: Request) -> Response:
        body = await self._json_body(request)
        if isinstance(body, JSONResponse):
            return body
        problems = [
            f"{key} should not be empty"
            for key in ("name", "phoneNumber", "campaignId")
            if not isinstance(body.get(key), str) or not body[key].strip()
        ]
        notes = body.get("notes", {})
        if not isinstance(notes, dict) or len(notes) > MAX_NOTES:
            problems.append(f"notes must be an object of at most {MAX_NOTES} keys")
        if problems:
            return envelope(400, problems)
        e164 = self._parse_phone(body["phoneNumber"], body.get("countryCode"))
        if e164 is None:
            return envelope(400, ["phoneNumber must be a valid phone number"])
        campaign_id = body["campaignId"]
        if not self.store.campaign_exists(campaign_id):
            return envelope(404, f"Campaign {campaign_id} not found")
        blocked = self._route_problem(e164)
        if blocked:
            return envelope(403, f"Destination blocked by Telephony Config: {blocked}")
        with self.store.transaction() as db:
            existing = db.execute(
                "SELECT id FROM leads WHERE campaign_id = ? AND phone_number = ?",
                (campaign_id, e164),
            ).fetchone()
            if existing:  # the reference does not say; the sandbox names the lead
                return envelope(
                    409,
                    f"{e164} is already a lead in campaign {campaign_id}",
                    lead_id=existing[0],
                )
            [created] = self.store.insert_leads(db, campaign_id, [(e164, body["name"], notes)])
        lead = self.store.get_lead(created["id"])
        return JSONResponse(lead, status_code=201)

    async def get_lead(self, request: Request) -> Response:
        lead = self.store.get_lead(request.path_params["lead_id"])
        if lead is None:
            return envelope(404, "Lead not found")
        return JSONResponse(lead)

    async def update_lead(self, request: Request) -> Response:
        lead_id = request.path_params["lead_id"]
        body = await self._json_body(request)
        if isinstance(body, JSONResponse):
            return body
        lead = self.store.get_lead(lead_id)
        if lead is None:
            return envelope(404, "Lead not found")
        if lead["status"] != "pending":
            return envelope(
                409, f"Lead {lead_id} is {lead['status']}; its data is locked once dialled"
            )
        changes: dict[str, Any] = {}
        if "name" in body:
            changes["name"] = str(body["name"])
        if "notes" in body:
            if not isinstance(body["notes"], dict) or len(body["notes"]) > MAX_NOTES:
                return envelope(400, [f"notes must be an object of at most {MAX_NOTES} keys"])
            changes["notes"] = body["notes"]
        if "phoneNumber" in body or "phone_number" in body:
            raw = body.get("phoneNumber", body.get("phone_number"))
            e164 = self._parse_phone(raw, body.get("countryCode"))
            if e164 is None:
                return envelope(400, ["phoneNumber must be a valid E.164 phone number"])
            if e164 != lead["phone_number"] and e164 in self.store.campaign_numbers(
                lead["campaign_id"]
            ):
                return envelope(409, f"{e164} is already a lead in this campaign")
            changes["phone_number"] = e164
        if not changes:
            return JSONResponse(lead)
        return JSONResponse(self.store.update_lead(lead_id, changes))

    async def upload_file(self, request: Request) -> Response:
        campaign_id = request.path_params["campaign_id"]
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > _MAX_BODY:
            return envelope(413, f"File too large: the maximum is {FILE_CAP}")
        if not self.store.campaign_exists(campaign_id):
            return envelope(404, f"Campaign {campaign_id} not found")
        # The cap holds while the body arrives, chunked or not: never more than
        # _MAX_BODY bytes of one request are kept.
        body = bytearray()
        async for part in request.stream():
            body += part
            if len(body) > _MAX_BODY:
                return envelope(413, f"File too large: the maximum is {FILE_CAP}")
        replay = Request(request.scope, _replaying(bytes(body)))
        try:
            form = await replay.form(max_files=1, max_fields=10, max_part_size=1024 * 1024)
        except Exception as exc:  # starlette's MultiPartException and friends
            return envelope(400, f"could not read the multipart body: {exc}")
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            return envelope(400, "file is required (multipart field 'file')")
        content = await upload.read()
        await form.close()
        if len(content) > MAX_FILE_BYTES:
            return envelope(413, f"File too large: the maximum is {FILE_CAP}")
        return await asyncio.to_thread(
            self._ingest, campaign_id, upload.filename or "upload", content
        )

    def _ingest(self, campaign_id: str, filename: str, content: bytes) -> Response:
        record = {
            "id": new_id("upl"),
            "campaign_id": campaign_id,
            "filename": filename,
            "sha256": hashlib.sha256(content).hexdigest(),
            "bytes": len(content),
        }
        try:
            header, rows = read_upload(content)
        except Unreadable as exc:
            return self._refuse(record, 400, str(exc))
        wrong = _columns_problem(header)
        if wrong:
            return self._refuse(record, 400, wrong)
        good, failed, blank = self._judge(header, rows)
        if failed:
            count = sum(len(v) for v in failed.values())
            return self._refuse(
                {**record, "rows": len(rows)},
                400,
                [f"{reason}: {len(items)} rows" for reason, items in failed.items()],
                summary=f"{count} rows failed validation; nothing was uploaded",
                errors=[{"reason": r, "rows": items} for r, items in failed.items()],
            )
        created, skipped = self._create(record, campaign_id, good, len(rows))
        reasons = []
        if blank:
            reasons.append(f"{blank} missing phone_number")
        if skipped - blank:
            reasons.append(f"{skipped - blank} already in the campaign or repeated")
        message = f"{created} leads queued successfully."
        if skipped:
            message += f" {skipped} rows skipped ({', '.join(reasons)})."
        return JSONResponse(
            {
                "campaign_id": campaign_id,
                "leads_created": created,
                "leads_skipped": skipped,
                "message": message,
            },
            status_code=201,
        )

    def _judge(
        self, header: list[str], rows: Rows
    ) -> tuple[list[tuple[str, dict[str, Any]]], dict[str, list[dict[str, Any]]], int]:
        """Each row's fate: to create (E.164, notes), refused (by reason), or blank."""
        failed: dict[str, list[dict[str, Any]]] = {}
        good: list[tuple[str, dict[str, Any]]] = []
        blank = 0
        phone_at = header.index(PHONE_COLUMN)
        for position, cells in rows:
            text = cells[phone_at]
            if not text:
                blank += 1
                continue
            e164 = e164_of(text, self.region)
            reason = REASON_INVALID_PHONE if e164 is None else self._route_problem(e164) or ""
            if reason:
                failed.setdefault(reason, []).append(
                    {"position": position, "phone_number": text, "failed_parsing_reason": reason}
                )
                continue
            notes = {h: c for h, c in zip(header, cells, strict=True) if h and h != PHONE_COLUMN}
            good.append((str(e164), notes))
        return good, failed, blank

    def _create(
        self,
        record: dict[str, Any],
        campaign_id: str,
        good: list[tuple[str, dict[str, Any]]],
        rows: int,
    ) -> tuple[int, int]:
        """Create the leads not already in the campaign, atomically: (created, skipped)."""
        with self.store.transaction() as db:
            existing = {
                r[0]
                for r in db.execute(
                    "SELECT phone_number FROM leads WHERE campaign_id = ?", (campaign_id,)
                )
            }
            fresh: list[tuple[str, str | None, dict[str, Any]]] = []
            for e164, notes in good:
                if e164 in existing:
                    continue
                existing.add(e164)
                fresh.append((e164, notes.get("name") or notes.get("customer_name"), notes))
            self.store.insert_leads(db, campaign_id, fresh, record["id"])
            skipped = rows - len(fresh)
            self.store.record_upload(
                db,
                **record,
                rows=rows,
                leads_created=len(fresh),
                leads_skipped=skipped,
                status_code=201,
            )
        return len(fresh), skipped

    def _refuse(
        self, record: dict[str, Any], status: int, message: str | list[str], **extra: Any
    ) -> Response:
        with self.store.transaction() as db:
            self.store.record_upload(
                db,
                **{"rows": 0, **record},
                leads_created=0,
                leads_skipped=0,
                status_code=status,
            )
        return envelope(status, message, **extra)


def _columns_problem(header: list[str]) -> str | None:
    """Why the header cannot be uploaded, if it cannot."""
    if PHONE_COLUMN not in header:
        return "Missing required column: phone_number"
    custom = [h for h in header if h and h != PHONE_COLUMN]
    if len(custom) > MAX_CUSTOM_COLUMNS:
        return f"Too many custom columns: {len(custom)} (maximum {MAX_CUSTOM_COLUMNS})"
    return None


def _is_e164(value: Any) -> bool:
    if not isinstance(value, str) or not value.startswith("+"):
        return False
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(value))
    except phonenumbers.NumberParseException:
        return False


def _is_datetime(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True
