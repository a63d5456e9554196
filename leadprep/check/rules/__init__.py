"""The row rules, in order of precedence: each row gets the code of the first that
leaves it out. A new rule is one module here (its kinds and what it does) and one
line in :data:`RULES`.
"""

from .._rule import Rule
from .already_uploaded import AlreadyUploaded, Uploaded
from .calling_hours import CallingHours, OutsideCallingHours
from .consent import Consent, NoConsent
from .contact_cap import ContactCap, ContactCapReached
from .country_column import CountryColumn, PhoneCountryMismatch
from .duplicates import DuplicatePhoneNumber, Duplicates, SeenNumbers
from .empty_variable import EmptyVariable, EmptyVariableValue
from .encoding import Encoding, InvalidEncoding
from .extension import Extension, PhoneExtensionDropped
from .extra_cells import Extra, ExtraCells
from .formulas import FormulaLikeValue, Formulas
from .missing_phone import MissingPhone, MissingPhoneNumber
from .phone_number import InvalidPhoneNumber, PhoneNumber, RegionUnknown
from .placeholder import Placeholder, SuspiciousNumber
from .precision_lost import PhonePrecisionLost, PrecisionLost
from .recovered import PhoneRecovered, Recovered
from .routes import Routes, UnsupportedCountry, UnsupportedPrefix
from .suppressed import Suppress, Suppressed

RULES: tuple[type[Rule], ...] = (
    Extension,
    Recovered,
    MissingPhone,
    PrecisionLost,
    PhoneNumber,
    CountryColumn,
    Placeholder,
    Routes,
    Suppress,
    Uploaded,
    ContactCap,
    Consent,
    CallingHours,
    Duplicates,
    Formulas,
    Encoding,
    Extra,
    EmptyVariable,
)

__all__ = [
    "RULES",
    "AlreadyUploaded",
    "ContactCapReached",
    "DuplicatePhoneNumber",
    "EmptyVariableValue",
    "ExtraCells",
    "FormulaLikeValue",
    "InvalidEncoding",
    "InvalidPhoneNumber",
    "MissingPhoneNumber",
    "NoConsent",
    "OutsideCallingHours",
    "PhoneCountryMismatch",
    "PhoneExtensionDropped",
    "PhonePrecisionLost",
    "PhoneRecovered",
    "RegionUnknown",
    "Rule",
    "SeenNumbers",
    "Suppressed",
    "SuspiciousNumber",
    "UnsupportedCountry",
    "UnsupportedPrefix",
]
