"""Parse a class roster (CSV of names and email addresses) into rows and per-line errors.

Pure: no database access, so it is property-tested and reused by any importer. The caller
imports nothing when `errors` is not empty.

Accepted input: `name,email` or `name;email` lines, with or without a header row; a header
may also say `prénom` and `nom` (joined into the name), `courriel` or `e-mail`. A line with
a single value is an email address without a name."""

import csv
import io
import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

MAX_BYTES = 1024 * 1024
MAX_ROWS = 2000
MAX_NAME_LENGTH = 150  # User.full_name
MAX_EMAIL_LENGTH = 254  # User.email
QUOTED = re.compile(r'"(?:[^"]|"")*"')
EMAILISH = re.compile(r"[^@\s;,]+@[^@\s;,]+\Z")

# Header names, compared after _normalize_header (lower case, no accents, "-"/"_" → " ").
EMAIL_HEADERS = frozenset(
    {
        "email",
        "e mail",
        "mail",
        "email address",
        "courriel",
        "adresse email",
        "adresse e mail",
        "adresse mail",
        "adresse courriel",
        "adresse electronique",
    }
)
NAME_HEADERS = frozenset({"name", "full name", "nom complet", "nom et prenom", "prenom et nom"})
FIRST_NAME_HEADERS = frozenset({"prenom", "first name", "firstname", "given name"})
# "nom" alone is the full name; beside a first-name column it is the family name.
LAST_NAME_HEADERS = frozenset(
    {"nom", "nom de famille", "last name", "lastname", "surname", "family name"}
)


class RosterDecodeError(ValueError):
    """The bytes are not UTF-8 text."""


@dataclass(frozen=True)
class RosterRow:
    line: int
    name: str
    email: str  # lower case


@dataclass(frozen=True)
class RosterError:
    line: int
    message: str


@dataclass(frozen=True)
class Roster:
    rows: tuple[RosterRow, ...]
    errors: tuple[RosterError, ...]


def decode_roster(data: bytes) -> str:
    """UTF-8 text with or without a byte order mark; anything else (a spreadsheet, an
    image, Latin-1) raises RosterDecodeError."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RosterDecodeError(str(error)) from error
    if "\x00" in text:
        raise RosterDecodeError("NUL byte: not a text file")
    return text


def parse_roster(text: str, *, max_rows: int = MAX_ROWS) -> Roster:
    text = text.removeprefix("\ufeff")
    rows: list[RosterRow] = []
    errors: list[RosterError] = []
    columns: dict[str, int] | None = None  # from a header row; None: name, email
    first_line_of_email: dict[str, int] = {}
    seen_first_record = False

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    line = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            errors.append(RosterError(line, _("Unreadable line (%(error)s).") % {"error": error}))
            break
        record_line, line = line, reader.line_num + 1
        separated = len(cells) > 1
        cells = _trim(cells)
        if not cells:
            continue
        if separated and len(cells) == 1:
            cells.append("")  # "Léa;": a name without its email, not an email

        if not seen_first_record:
            seen_first_record = True
            if _looks_like_header(cells):
                columns, header_errors = _read_header(cells)
                errors.extend(RosterError(record_line, message) for message in header_errors)
                if header_errors:
                    break
                continue

        if len(rows) + len(errors) >= max_rows:
            errors.append(
                RosterError(
                    record_line,
                    _("Too many rows: at most %(max)d learners per import.") % {"max": max_rows},
                )
            )
            break

        row_or_error = _read_row(record_line, cells, columns)
        if isinstance(row_or_error, RosterError):
            errors.append(row_or_error)
            continue
        row = row_or_error
        if row.email in first_line_of_email:
            errors.append(
                RosterError(
                    record_line,
                    _("%(email)s is already on line %(line)d.")
                    % {"email": row.email, "line": first_line_of_email[row.email]},
                )
            )
            continue
        first_line_of_email[row.email] = record_line
        rows.append(row)

    return Roster(rows=tuple(rows), errors=tuple(errors))


def _delimiter(text: str) -> str:
    """The separator that splits out an email address on the most lines; on a tie, ";" when
    the first line with a separator has at least as many semicolons as commas (what a
    French spreadsheet writes), "," otherwise."""

    def email_lines(delimiter: str) -> int:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            return sum(any(EMAILISH.match(cell.strip()) for cell in cells) for cells in reader)
        except csv.Error:
            return 0

    semicolon_lines, comma_lines = email_lines(";"), email_lines(",")
    if semicolon_lines != comma_lines:
        return ";" if semicolon_lines > comma_lines else ","
    for line in io.StringIO(text, newline=""):
        unquoted = QUOTED.sub("", line)
        semicolons, commas = unquoted.count(";"), unquoted.count(",")
        if semicolons or commas:
            return ";" if semicolons >= commas else ","
    return ","


def _trim(cells: list[str]) -> list[str]:
    """Strip every cell and drop the empty cells spreadsheets leave at the end of a row."""
    cells = [cell.strip() for cell in cells]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _normalize_header(cell: str) -> str:
    decomposed = unicodedata.normalize("NFKD", cell.casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(plain.replace("-", " ").replace("_", " ").split())


def _header_kind(cell: str) -> str | None:
    name = _normalize_header(cell)
    for kind, names in (
        ("email", EMAIL_HEADERS),
        ("name", NAME_HEADERS),
        ("first", FIRST_NAME_HEADERS),
        ("last", LAST_NAME_HEADERS),
    ):
        if name in names:
            return kind
    return None


def _looks_like_header(cells: list[str]) -> bool:
    return not any("@" in cell for cell in cells) and any(_header_kind(cell) for cell in cells)


def _read_header(cells: list[str]) -> tuple[dict[str, int], list[str]]:
    columns: dict[str, int] = {}
    errors: list[str] = []
    for index, cell in enumerate(cells):
        kind = _header_kind(cell)
        if kind is None:
            errors.append(
                _(
                    "Unknown column “%(column)s”: the columns are name (or first name and "
                    "last name) and email."
                )
                % {"column": cell}
            )
        elif kind in columns:
            errors.append(_("The column “%(column)s” appears twice.") % {"column": cell})
        else:
            columns[kind] = index
    if "email" not in columns and not errors:
        errors.append(_("The header has no email column."))
    if "last" in columns and "first" not in columns and "name" not in columns:
        columns["name"] = columns.pop("last")
    return columns, errors


def _read_row(
    line: int, cells: list[str], columns: dict[str, int] | None
) -> RosterRow | RosterError:
    if columns is None:
        if len(cells) > 2:
            return RosterError(line, _("Too many columns: expected a name and an email address."))
        name, email = ("", cells[0]) if len(cells) == 1 else (cells[0], cells[1])
        if not email and EMAILISH.match(name):
            name, email = "", name  # "lea@example.org;"
    else:
        if len(cells) > len(columns):
            return RosterError(
                line, _("Too many columns: the header has %(count)d.") % {"count": len(columns)}
            )

        def cell(kind: str) -> str:
            index = columns.get(kind)
            return cells[index] if index is not None and index < len(cells) else ""

        email = cell("email")
        name = cell("name") or f"{cell('first')} {cell('last')}"

    name = " ".join(name.split())
    email = email.lower()
    if not email:
        return RosterError(line, _("Missing email address."))
    if len(email) > MAX_EMAIL_LENGTH:
        return RosterError(line, _("The email address is too long."))
    try:
        validate_email(email)
    except ValidationError:
        return RosterError(line, _("“%(email)s” is not a valid email address.") % {"email": email})
    if len(name) > MAX_NAME_LENGTH:
        return RosterError(
            line, _("The name is too long (at most %(max)d characters).") % {"max": MAX_NAME_LENGTH}
        )
    if any(unicodedata.category(char) == "Cc" for char in name):
        return RosterError(line, _("The name contains control characters."))
    return RosterRow(line=line, name=name, email=email)
