"""DialNexa API client: the five documented endpoints, retries, typed answers."""

from ._client import (
    AttemptEvent,
    AttemptHook,
    DialNexaClient,
    Secret,
    failed_rows_of,
)
from ._models import Campaign, Lead, UploadResult
from ._retry import RetryPolicy, parse_retry_after

__all__ = [
    "AttemptEvent",
    "AttemptHook",
    "Campaign",
    "DialNexaClient",
    "Lead",
    "RetryPolicy",
    "Secret",
    "UploadResult",
    "failed_rows_of",
    "parse_retry_after",
]
