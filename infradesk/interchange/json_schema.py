"""The one declared schema of the interchange document, and located messages for what breaks it.

The schema (``schema/infradesk-document.schema.json``, JSON Schema 2020-12) is written from
docs/json-format.md. Formats that JSON Schema cannot express (a real calendar date, a duration
the app can read, a sane amount of money) are checked by the same parsers the import uses, so
a document that passes here cannot trip them later. Messages name the JSON path:
``projects[0].tasks[3].duration_minutes: -4800 is below 0``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from importlib import resources
from itertools import islice
from typing import TYPE_CHECKING, Any

from infradesk.interchange.duration_marks import read_marked
from infradesk.schedule.durations import DEFAULT_MINUTES_PER_DAY, parse_duration

if TYPE_CHECKING:  # jsonschema loads only when a document is checked (~40 ms at start-up)
    from jsonschema import Draft202012Validator, FormatChecker, ValidationError

SCHEMA_FILE = "infradesk-document.schema.json"
FIRST_YEAR, LAST_YEAR = 1900, 2199  # the years a plan may be in
MAX_MINUTES = 52_560_000  # 100 years of working minutes: more is a typo or an attack
MAX_MONEY = Decimal("999999999999.99")
MAX_REPORTED = 12

#: The formats the schema names -> their check (True, or ValueError saying what is wrong).
#: Kept as plain functions so that importing this module (its limits are read by every
#: reader) does not load jsonschema: the checkers of both validators are made from it.
_FORMATS: dict[str, Callable[[object], bool]] = {}


def _format(name: str) -> Callable[[Callable[[object], bool]], Callable[[object], bool]]:
    def register(check: Callable[[object], bool]) -> Callable[[object], bool]:
        _FORMATS[name] = check
        return check

    return register
_DATE = re.compile(r"\s*\d{4}-\d{2}-\d{2}")
_MONEY_NOISE = re.compile(r"[\s,'_€$£¥]|[A-Z]{3}")


def _year_in_range(value: date, text: str) -> None:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"'{text}' is outside the years {FIRST_YEAR}-{LAST_YEAR}")


@_format("infradesk-date")
def _is_date(value: object) -> bool:
    return not isinstance(value, str) or _is_date_text(value)


@lru_cache(maxsize=4096)  # plans repeat the same dates and durations many times
def _is_date_text(text: str) -> bool:
    if not _DATE.match(text):
        raise ValueError(f"'{text}' is not a date (YYYY-MM-DD)")
    try:
        value = date.fromisoformat(text.strip()[:10])
    except ValueError as error:
        raise ValueError(f"'{text}' is not a real date ({error})") from None
    _year_in_range(value, text)
    return True


@_format("infradesk-datetime")
def _is_datetime(value: object) -> bool:
    return not isinstance(value, str) or _is_datetime_text(value)


@lru_cache(maxsize=4096)  # plans repeat the same dates and durations many times
def _is_datetime_text(text: str) -> bool:
    if not _DATE.match(text):
        raise ValueError(f"'{text}' is not a date-time (YYYY-MM-DDTHH:MM)")
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError as error:
        raise ValueError(f"'{text}' is not a real date-time ({error})") from None
    _year_in_range(value, text)
    return True


def _minutes(text: str, *, allow_negative: bool) -> int:
    try:
        return parse_duration(text, allow_negative=allow_negative)
    except (ValueError, ArithmeticError) as error:
        raise ValueError(str(error) or f"'{text}' is not a duration") from None


@_format("infradesk-duration")
def _is_duration(value: object) -> bool:
    return not isinstance(value, str) or _is_duration_text(value)


@lru_cache(maxsize=4096)  # plans repeat the same dates and durations many times
def _is_duration_text(text: str) -> bool:
    """A task's duration, MS Project's marks allowed (``5d?``, ``3ed``)."""
    try:
        minutes = read_marked(text, DEFAULT_MINUTES_PER_DAY).minutes if text.strip() else 0
    except (ValueError, ArithmeticError) as error:
        raise ValueError(str(error) or f"'{text}' is not a duration") from None
    if minutes > MAX_MINUTES:
        raise ValueError(f"'{text}' is longer than 100 years")
    return True


@_format("infradesk-lag")
def _is_lag(value: object) -> bool:
    return not isinstance(value, str) or _is_lag_text(value)


@lru_cache(maxsize=4096)  # plans repeat the same dates and durations many times
def _is_lag_text(text: str) -> bool:
    return _is_minutes_text(text, allow_negative=True)


def _is_minutes_text(text: str, *, allow_negative: bool) -> bool:
    """A duration (or, with ``allow_negative``, a lag) of at most 100 years either way."""
    if text.strip() and abs(_minutes(text, allow_negative=allow_negative)) > MAX_MINUTES:
        raise ValueError(f"'{text}' is longer than 100 years")
    return True


@_format("infradesk-money")
def _is_money(value: object) -> bool:
    return not isinstance(value, str) or _is_money_text(value)


@lru_cache(maxsize=4096)  # plans repeat the same dates and durations many times
def _is_money_text(text: str) -> bool:
    """Plain amounts must be finite and below a trillion; other spellings are left to the
    import's own money reader (``12.500,00``, ``€ 1 200``), which reports what it cannot read."""
    if not isinstance(text, str):
        return True
    if len(text) > 60:
        raise ValueError(f"'{text[:20]}…' is not an amount of money")
    try:
        amount = Decimal(_MONEY_NOISE.sub("", text))
    except InvalidOperation:
        return True
    if not amount.is_finite() or abs(amount) > MAX_MONEY:
        raise ValueError(f"'{text}' is not an amount InfraDesk keeps (at most 999 billion)")
    return True


@cache
def schema() -> dict[str, Any]:
    """The declared schema (the file ships inside the package)."""
    location = resources.files("infradesk.interchange").joinpath("schema", SCHEMA_FILE)
    return json.loads(location.read_text(encoding="utf-8"))


@cache
def _format_checker() -> FormatChecker:
    from jsonschema import FormatChecker  # lazy: a third-party library, only for checks

    checker = FormatChecker(formats=())
    for name, check in _FORMATS.items():
        checker.checks(name, raises=ValueError)(check)
    return checker


@cache
def validator() -> Draft202012Validator:
    """The validator that explains: every violation with its path (pure Python, slower)."""
    from jsonschema import Draft202012Validator  # lazy: a third-party library, only for checks

    Draft202012Validator.check_schema(schema())
    return Draft202012Validator(schema(), format_checker=_format_checker())


@cache
def _fast_validator() -> Any:
    """The same schema compiled by jsonschema-rs: a 10,000-task plan checks in 0.07 s instead
    of 6 s, so the explaining validator only runs on documents that are not valid."""

    def as_bool(check: Any) -> Any:
        def checked(value: object) -> bool:
            try:
                return bool(check(value))
            except ValueError:
                return False

        return checked

    import jsonschema_rs  # lazy: a third-party library, only for checks

    formats = {name: as_bool(check) for name, check in _FORMATS.items()}
    return jsonschema_rs.validator_for(schema(), formats=formats, validate_formats=True)


def is_valid(document: Any) -> bool:
    """True when ``document`` follows the schema (fast; :func:`problems` says what is wrong)."""
    return bool(_fast_validator().is_valid(document))


def json_path(parts: Iterable[str | int]) -> str:
    """``["projects", 0, "tasks"]`` -> ``projects[0].tasks``."""
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "(the document)"


def problems(document: Any) -> list[str]:
    """Located messages for the first violations of the schema, sorted by path (none: valid)."""
    if is_valid(document):
        return []
    leaves = [_leaf(error) for error in islice(validator().iter_errors(document), MAX_REPORTED)]
    leaves.sort(key=lambda e: [str(p) for p in e.absolute_path])
    return [f"{json_path(error.absolute_path)}: {_message(error)}" for error in leaves]


def _leaf(error: ValidationError) -> ValidationError:
    """Inside an anyOf (nullable values, money), the branch that failed on the value itself."""
    if error.validator != "anyOf":
        return error
    telling = [
        sub for sub in error.context or [] if sub.validator != "type" or len(sub.relative_path)
    ]
    if not telling:
        return error
    return _leaf(max(telling, key=lambda sub: len(sub.relative_path)))


_JSON_TYPES = {
    "string": "a string",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
    "object": "an object",
    "array": "a list",
}


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if value is None:
        return "null"
    return "a list" if isinstance(value, list) else "an object"


def _shown(value: Any) -> str:
    if isinstance(value, dict | list):
        return _kind(value)
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "…"


def _message(error: ValidationError) -> str:
    """One plain sentence per violation (the library's own text mentions schema internals)."""
    value = error.instance
    kind = error.validator
    if kind == "anyOf":  # every branch failed on the type (see _leaf)
        branches = error.context or []
        names = [n for sub in branches for n in _type_names(sub.validator_value)]
        return f"{_shown(value)} is {_kind(value)} where {_wanted(names)} is expected"
    if kind == "type":
        wanted = _wanted(_type_names(error.validator_value))
        return f"{_shown(value)} is {_kind(value)} where {wanted} is expected"
    if kind == "minimum":
        return f"{_shown(value)} is below {error.validator_value}"
    if kind == "maximum":
        return f"{_shown(value)} is above {error.validator_value:,}"
    if kind == "exclusiveMinimum":
        return f"{_shown(value)} must be more than {error.validator_value}"
    if kind == "enum":
        choices = ", ".join(str(choice) for choice in error.validator_value if choice is not None)
        return f"{_shown(value)} is not one of {choices}"
    if kind == "minLength":
        return "must not be empty"
    if kind == "maxLength":
        return f"is longer than {error.validator_value} characters"
    if kind == "format" and error.cause is not None:
        return str(error.cause)
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return f"'{missing}' is missing"
    if kind == "const":
        return f"{_shown(value)} should be {_shown(error.validator_value)}"
    if kind == "pattern" and error.absolute_path and error.absolute_path[-1] == "type":
        return f"{_shown(value)} is not one of FS, SS, FF, SF"
    if kind == "pattern" and error.absolute_path and error.absolute_path[-1] == "constraint_type":
        return f"{_shown(value)} is not one of ASAP, ALAP, SNET, SNLT, FNET, FNLT, MSO, MFO"
    if kind == "pattern":
        return f"{_shown(value)} is not a time of day (HH:MM)"
    if kind in ("minItems", "maxItems"):
        return f"{_kind(value)} of {len(value)} items; {error.message.split(' is ')[-1]}"
    return error.message


def _type_names(expected: Any) -> list[str]:
    return [expected] if isinstance(expected, str) else list(expected)


def _wanted(names: Iterable[str]) -> str:
    unique = list(dict.fromkeys(_JSON_TYPES.get(name, name) for name in names))
    return " or ".join(unique)
