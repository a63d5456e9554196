"""What a cell says about a country: country names and codes, states and provinces,
postal codes and time zones — the vocabulary of ``--region-column`` and of the
region evidence (``check/_region.py``).

:func:`region_of_value` reads a *country* cell: an ISO code (``US``, ``IND``), a
calling code (``1``, ``+91``) or a name (``United States``, ``India``). The other
columns only vote (:func:`vote`): a US state code that is also an Indian state's
(``GA``, ``AR``, ``MN``, ``TN``…) never counts alone, nor does anything ambiguous.
"""

from __future__ import annotations

import functools
import re

#: Country names people write (lower case, single spaces) → region. ISO codes and
#: calling codes are read from phonenumbers' own tables.
COUNTRY_NAMES = {
    "india": "IN", "bharat": "IN", "republic of india": "IN",
    "united states": "US", "united states of america": "US", "usa": "US", "u.s.a.": "US",
    "u.s.": "US", "u.s.a": "US", "america": "US", "us of a": "US",
    "canada": "CA",
    "united kingdom": "GB", "uk": "GB", "u.k.": "GB", "great britain": "GB",
    "britain": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
    "northern ireland": "GB",
    "united arab emirates": "AE", "uae": "AE", "u.a.e.": "AE", "emirates": "AE",
    "dubai": "AE", "abu dhabi": "AE",
    "saudi arabia": "SA", "ksa": "SA", "qatar": "QA", "kuwait": "KW", "oman": "OM",
    "bahrain": "BH", "australia": "AU", "new zealand": "NZ", "singapore": "SG",
    "malaysia": "MY", "pakistan": "PK", "bangladesh": "BD", "nepal": "NP",
    "sri lanka": "LK", "philippines": "PH", "south africa": "ZA", "nigeria": "NG",
    "kenya": "KE", "ireland": "IE", "germany": "DE", "france": "FR", "spain": "ES",
    "italy": "IT", "netherlands": "NL", "mexico": "MX", "brazil": "BR", "china": "CN",
    "japan": "JP", "indonesia": "ID", "thailand": "TH", "vietnam": "VN",
}  # fmt: skip
#: Three-letter codes exports use for the common countries.
_ALPHA3 = {
    "IND": "IN", "USA": "US", "CAN": "CA", "GBR": "GB", "ARE": "AE", "SAU": "SA",
    "AUS": "AU", "NZL": "NZ", "SGP": "SG", "MYS": "MY", "PAK": "PK", "BGD": "BD",
    "NPL": "NP", "LKA": "LK", "PHL": "PH", "ZAF": "ZA", "NGA": "NG", "KEN": "KE",
    "IRL": "IE", "QAT": "QA", "KWT": "KW", "OMN": "OM", "BHR": "BH",
}  # fmt: skip

US_STATES = {
    "AL": "alabama", "AK": "alaska", "AZ": "arizona", "AR": "arkansas", "CA": "california",
    "CO": "colorado", "CT": "connecticut", "DE": "delaware", "FL": "florida", "GA": "georgia",
    "HI": "hawaii", "ID": "idaho", "IL": "illinois", "IN": "indiana", "IA": "iowa",
    "KS": "kansas", "KY": "kentucky", "LA": "louisiana", "ME": "maine", "MD": "maryland",
    "MA": "massachusetts", "MI": "michigan", "MN": "minnesota", "MS": "mississippi",
    "MO": "missouri", "MT": "montana", "NE": "nebraska", "NV": "nevada",
    "NH": "new hampshire", "NJ": "new jersey", "NM": "new mexico", "NY": "new york",
    "NC": "north carolina", "ND": "north dakota", "OH": "ohio", "OK": "oklahoma",
    "OR": "oregon", "PA": "pennsylvania", "RI": "rhode island", "SC": "south carolina",
    "SD": "south dakota", "TN": "tennessee", "TX": "texas", "UT": "utah", "VT": "vermont",
    "VA": "virginia", "WA": "washington", "WV": "west virginia", "WI": "wisconsin",
    "WY": "wyoming", "DC": "district of columbia", "PR": "puerto rico",
}  # fmt: skip
CA_PROVINCES = {
    "AB": "alberta", "BC": "british columbia", "MB": "manitoba", "NB": "new brunswick",
    "NL": "newfoundland and labrador", "NS": "nova scotia", "NT": "northwest territories",
    "NU": "nunavut", "ON": "ontario", "PE": "prince edward island", "QC": "quebec",
    "SK": "saskatchewan", "YT": "yukon",
}  # fmt: skip
IN_STATES = {
    "AN": "andaman and nicobar islands", "AP": "andhra pradesh", "AR": "arunachal pradesh",
    "AS": "assam", "BR": "bihar", "CH": "chandigarh", "CG": "chhattisgarh",
    "CT": "chhattisgarh", "DL": "delhi", "GA": "goa", "GJ": "gujarat", "HR": "haryana",
    "HP": "himachal pradesh", "JK": "jammu and kashmir", "JH": "jharkhand",
    "KA": "karnataka", "KL": "kerala", "LA": "ladakh", "LD": "lakshadweep",
    "MP": "madhya pradesh", "MH": "maharashtra", "MN": "manipur", "ML": "meghalaya",
    "MZ": "mizoram", "NL": "nagaland", "OD": "odisha", "OR": "odisha", "PY": "puducherry",
    "PB": "punjab", "RJ": "rajasthan", "SK": "sikkim", "TN": "tamil nadu",
    "TG": "telangana", "TS": "telangana", "TR": "tripura", "UP": "uttar pradesh",
    "UK": "uttarakhand", "UT": "uttarakhand", "WB": "west bengal",
}  # fmt: skip
_STATE_OWNERS = (("US", US_STATES), ("CA", CA_PROVINCES), ("IN", IN_STATES))

#: Header words that say what a column holds about a place.
_KINDS = (
    ("country", re.compile(r"(?:^|_)(?:country|nation|country_code|country_name)(?:_|$)")),
    ("state", re.compile(r"(?:^|_)(?:state|province|state_region|region|st)(?:_|$)")),
    ("postal", re.compile(r"(?:^|_)(?:zip|zipcode|zip_code|postal|postcode|pin|pincode)(?:_|$)")),
    ("timezone", re.compile(r"(?:^|_)(?:time_?zone|tz)(?:_|$)")),
)
_POSTAL = (
    ("US", re.compile(r"^\d{5}(?:-\d{4})?$")),
    ("CA", re.compile(r"^[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d$")),
    ("IN", re.compile(r"^[1-9]\d{2} ?\d{3}$")),
    ("GB", re.compile(r"^[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2}$")),
)
_ZONES = {
    "EST": "US", "EDT": "US", "CST": "US", "CDT": "US", "MST": "US", "MDT": "US",
    "PST": "US", "PDT": "US", "AKST": "US", "AKDT": "US", "HST": "US", "EASTERN": "US",
    "CENTRAL": "US", "MOUNTAIN": "US", "PACIFIC": "US", "IST": "IN", "ASIA/KOLKATA": "IN",
    "ASIA/CALCUTTA": "IN", "EUROPE/LONDON": "GB", "BST": "GB", "ASIA/DUBAI": "AE",
    "GST": "AE", "AUSTRALIA/SYDNEY": "AU", "ASIA/SINGAPORE": "SG",
}  # fmt: skip


def column_kind(normalised_header: str) -> str | None:
    """``"country"``, ``"state"``, ``"postal"`` or ``"timezone"``: what a column (by its
    normalised header) says about where a lead is, if anything."""
    for kind, pattern in _KINDS:
        if pattern.search(normalised_header):
            return kind
    return None


@functools.lru_cache(maxsize=4096)
def region_of_value(text: str) -> str | None:
    """The region a *country* cell names (``India``, ``US``, ``USA``, ``+1``), or ``None``."""
    import phonenumbers

    value = " ".join(text.strip().split())
    if not value:
        return None
    upper = value.upper()
    if len(upper) == 2 and upper in phonenumbers.SUPPORTED_REGIONS:
        return upper
    if upper in _ALPHA3:
        return _ALPHA3[upper]
    digits = upper.removeprefix("+").removeprefix("00")
    if digits.isdigit() and 0 < len(digits) <= 3:
        region = phonenumbers.region_code_for_country_code(int(digits))
        return None if region == "ZZ" else region
    return COUNTRY_NAMES.get(value.lower())


@functools.lru_cache(maxsize=4096)
def vote(kind: str, text: str) -> str | None:
    """The region a cell of a ``kind`` column points to, when it points to one only."""
    value = " ".join(text.strip().split())
    if not value:
        return None
    if kind == "country":
        return region_of_value(value)
    if kind == "state":
        return _state_region(value)
    if kind == "postal":
        return next((region for region, shape in _POSTAL if shape.match(value)), None)
    if kind == "timezone":
        upper = value.upper()
        if upper.startswith(("AMERICA/", "US/")) and upper not in ("AMERICA/TORONTO",):
            return "US"
        return _ZONES.get(upper)
    return None


def _state_region(value: str) -> str | None:
    """A state or province, by code or name — only when one country has it."""
    upper, lower = value.upper(), value.lower()
    owners = {
        region for region, table in _STATE_OWNERS if upper in table or lower in table.values()
    }
    return owners.pop() if len(owners) == 1 else None
