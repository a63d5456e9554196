"""Normalise stage: header names → API variable names, phone text → E.164.

* :func:`plan_columns` maps a file's header to the columns that go out and
  finds ``phone_number`` (:mod:`._columns`);
* :class:`PhoneNormaliser` answers, column-wise, each phone text's E.164 form,
  region, or why it is not valid — phonenumbers' exact answer (:mod:`._phones`),
  the common shapes through an exact column-wise fast path (:mod:`._fastpath`,
  validity by phonenumbers' own patterns compiled to digit DFAs in :mod:`._dfa`).
"""

from ._columns import (
    ColumnChoice,
    ColumnPlan,
    normalise_header,
    plan_columns,
    resolve,
    split_spec,
    suggested_columns,
)
from ._fastpath import INVALID, LOST
from ._infer import is_consent_name, is_phone_name
from ._phones import (
    POW10,
    SCIENTIFIC,
    PhoneColumn,
    PhoneNormaliser,
    check_region,
    e164_arrow,
    e164_key,
    e164_text,
    normalise_one,
)
from ._regions import column_kind, region_of_value, vote
from ._writing import fiction, fits, groups, nanp, written_elsewhere
from ._zones import ZoneBook, country_codes

__all__ = [
    "INVALID",
    "LOST",
    "POW10",
    "SCIENTIFIC",
    "ColumnChoice",
    "ColumnPlan",
    "PhoneColumn",
    "PhoneNormaliser",
    "ZoneBook",
    "check_region",
    "column_kind",
    "country_codes",
    "e164_arrow",
    "e164_key",
    "e164_text",
    "fiction",
    "fits",
    "groups",
    "is_consent_name",
    "is_phone_name",
    "nanp",
    "normalise_header",
    "normalise_one",
    "plan_columns",
    "region_of_value",
    "resolve",
    "split_spec",
    "suggested_columns",
    "vote",
    "written_elsewhere",
]
