"""Defaults shared by the CLI and the modules behind it (no imports: cheap to load)."""

DEFAULT_BASE_URL = "https://api.dialnexa.com/v1"
ENV_BASE_URL = "DIALNEXA_BASE_URL"
ENV_API_KEY = "DIALNEXA_API_KEY"
DEFAULT_CHUNK_ROWS = 5_000
DEFAULT_CONCURRENCY = 2
