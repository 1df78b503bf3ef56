"""Reading an editor's CSV file and reporting what an import did, one way for every import.

The services keep their own rules (columns, a row form, the natural key); this module reads the file (UTF-8 with or
without a byte order mark, the header checked, each row with the line it starts on) and defines the error and report
types that the services, the import commands and the admin's preview-and-confirm screens share.
"""

import csv
import io
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS


class CsvFormatError(ValueError):
    """The file as a whole cannot be read: missing, not UTF-8, not CSV, or the wrong header."""


@dataclass(frozen=True)
class RowError:
    line: int
    reasons: list[str]

    def __str__(self):
        return f"line {self.line}: " + "; ".join(self.reasons)


class InvalidRowsError(Exception):
    """Some rows break the rules, so nothing was imported; `errors` names each row by its line."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(f"{len(errors)} invalid row(s); nothing was imported")


@dataclass
class CsvRow:
    line: int
    values: dict[str, str]
    # Problems the reader found before any rule ran (a row with more or fewer fields than the header).
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ImportedRow:
    line: int
    # The model instance written (in a dry run: the one that would be written).
    obj: Any

    def __str__(self):
        return f"line {self.line}: {self.obj}"


@dataclass
class ImportReport:
    created: list[ImportedRow] = field(default_factory=list)
    updated: list[ImportedRow] = field(default_factory=list)
    unchanged: list[ImportedRow] = field(default_factory=list)
    # Rows left as an editor changed them on purpose (seeding never overwrites an editor's change).
    kept: list[ImportedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    def add(self, outcome: str, *, line: int, obj: Any) -> None:
        """Record one row as "created", "updated", "unchanged" or "kept"."""
        getattr(self, outcome).append(ImportedRow(line, obj))

    def __str__(self):
        verb = "would be " if self.dry_run else ""
        return (
            f"{len(self.created)} {verb}created, {len(self.updated)} {verb}updated, "
            f"{len(self.unchanged)} unchanged, {len(self.errors)} invalid row(s) skipped"
        )


def not_utf8_message(error: UnicodeDecodeError) -> str:
    return f"The file is not UTF-8 text (bad byte at position {error.start}); save it as UTF-8 CSV."


def _csv_text(source: Path | str | bytes | IO) -> str:
    """The text of a CSV given as a path, its bytes, or a file opened in text or binary mode."""
    try:
        if isinstance(source, bytes):
            data = source
        elif isinstance(source, str | os.PathLike):
            path = Path(source)
            if not path.is_file():
                raise CsvFormatError(
                    f"File not found: {path} (no such file or directory)"
                )
            data = path.read_bytes()
        else:
            data = source.read()
        text = data if isinstance(data, str) else data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CsvFormatError(not_utf8_message(exc)) from exc
    return text.removeprefix("\ufeff")


def _header_check(
    header: list[str], *, required: Sequence[str], optional: Sequence[str]
) -> None:
    columns = [*required, *optional]
    missing = [name for name in required if name not in header]
    unknown = [name for name in header if name not in columns]
    repeated = sorted({name for name in header if header.count(name) > 1})
    problems = [
        f"{label} column(s): {', '.join(names)}"
        for label, names in (
            ("missing", missing),
            ("unknown", unknown),
            ("repeated", repeated),
        )
        if names
    ]
    if problems:
        expected = f"Expected: {','.join(columns)}"
        if optional:
            expected += f" (the last {len(optional)} optional)"
        raise CsvFormatError(
            f"Wrong header on line 1: {'; '.join(problems)}. {expected}"
        )


def csv_rows_read(
    source: Path | str | bytes | IO,
    *,
    required: Sequence[str],
    optional: Sequence[str] = (),
) -> list[CsvRow]:
    """Rows of a CSV file, each with the line it starts on (the header is line 1); blank rows are left out.

    Raises CsvFormatError if the file is missing, not UTF-8, not CSV, or its header lacks a required column,
    has a column that is neither required nor optional, or repeats one.
    """
    reader = csv.reader(io.StringIO(_csv_text(source), newline=""))
    try:
        header = [name.strip() for name in next(reader, [])]
        _header_check(header, required=required, optional=optional)
        rows = []
        # line_num counts physical lines, so a quoted cell that spans lines moves the next row's number on.
        line = reader.line_num + 1
        for record in reader:
            if any(cell.strip() for cell in record):
                problems = []
                if len(record) != len(header):
                    problems.append(
                        f"has {len(record)} fields, the header has {len(header)}"
                    )
                rows.append(
                    CsvRow(line, dict(zip(header, record, strict=False)), problems)
                )
            line = reader.line_num + 1
    except csv.Error as exc:
        raise CsvFormatError(
            f"line {reader.line_num}: not readable as CSV ({exc})"
        ) from exc
    return rows


def _allowed_values(field: forms.Field) -> list[str]:
    """The values a choice column accepts, as a CSV cell holds them (group choices flattened)."""
    values = []
    for value, label in getattr(field, "choices", ()):
        if isinstance(label, list | tuple):
            values += [str(inner) for inner, _ in label if inner != ""]
        elif value != "":
            values.append(str(value))
    return values


def _field_messages(form: forms.Form, name: str, errors) -> list[str]:
    messages = []
    for error in errors:
        if error.code == "invalid_choice" and name in form.fields:
            value = (error.params or {}).get("value", form.data.get(name, ""))
            allowed = ", ".join(_allowed_values(form.fields[name]))
            message = f"“{value}” is not one of the allowed values: {allowed}."
        else:
            message = " ".join(error.messages)
        # Two validators may say the same thing (URLField and ours).
        if message not in messages:
            messages.append(message)
    return messages


def form_reasons(form: forms.Form) -> list[str]:
    """A row form's errors as reasons, "column: message" ("row: message" for errors of the whole row).

    One reason per problem: a message two validators both give is said once, and a value outside a column's
    choices names the values that column allows.
    """
    return [
        f"{'row' if name == NON_FIELD_ERRORS else name}: {message}"
        for name, errors in form.errors.as_data().items()
        for message in _field_messages(form, name, errors)
    ]
