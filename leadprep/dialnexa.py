"""DialNexa's contract, written once: every limit and default leadprep obeys.

The client, the chunker, the validator and the sandbox all read these values;
nothing else in the package spells them out, so they cannot drift apart (tests
pin each one at its boundary). Sources: DialNexa's API reference pages for
``POST /campaigns-leads/upload-file/{campaignId}`` and ``POST /campaigns-leads``;
where the reference is loose, the stricter reading is taken and said so here.
"""

from __future__ import annotations

from typing import Final

#: Where the API lives, and the environment variables that override the URL and hold the key.
DEFAULT_BASE_URL: Final = "https://api.dialnexa.com/v1"
ENV_BASE_URL: Final = "DIALNEXA_BASE_URL"
ENV_API_KEY: Final = "DIALNEXA_API_KEY"

#: "Max size: 10 MB" per uploaded file, read strictly: 10,000,000 bytes (not 10 MiB) …
MAX_FILE_BYTES: Final = 10_000_000
#: … and how messages name that cap.
FILE_CAP: Final = "10 MB"
#: The column every uploaded file must have.
PHONE_COLUMN: Final = "phone_number"
#: "max 15 custom columns" besides phone_number; they become the prompt's {{variables}}.
MAX_CUSTOM_COLUMNS: Final = 15
#: "Up to 15 custom key-value pairs" in a single lead's ``notes``.
MAX_NOTES: Final = 15
#: The API reads numbers without a country code as Indian: region and calling code.
DEFAULT_REGION: Final = "IN"
DEFAULT_COUNTRY_CODE: Final = "+91"

#: The reasons an upload's failed rows are grouped by.
REASON_INVALID_PHONE: Final = "Invalid phone number"
REASON_UNSUPPORTED_COUNTRY: Final = "Unsupported destination country"
REASON_UNSUPPORTED_PREFIX: Final = "Unsupported prefix"
REASON_NO_ENABLED_COUNTRIES: Final = "No enabled countries configured"
