import io

import pytest
from django import forms

from careersite.csvio import (
    CsvFormatError,
    ImportReport,
    RowError,
    csv_rows_read,
    form_reasons,
)

REQUIRED = ["name", "city"]
OPTIONAL = ["note"]


def read(data, **kwargs):
    return csv_rows_read(data, required=REQUIRED, optional=OPTIONAL, **kwargs)


# (file content, [(line, values, problems) for each row read])
ROWS = [
    (b"name,city\nA,X\nB,Y\n", [(2, {"name": "A", "city": "X"}, []), (3, {"name": "B", "city": "Y"}, [])]),
    (b"\xef\xbb\xbfname,city\nA,X\n", [(2, {"name": "A", "city": "X"}, [])]),
    (b"name,city\r\nA,X\r\n", [(2, {"name": "A", "city": "X"}, [])]),
    (b'name,city,note\nA,X,"two\nlines"\nB,Y,\n', [(2, {"name": "A", "city": "X", "note": "two\nlines"}, []),
                                                   (4, {"name": "B", "city": "Y", "note": ""}, [])]),
    (b"name,city\n\nA,X\n , \nB,Y\n", [(3, {"name": "A", "city": "X"}, []), (5, {"name": "B", "city": "Y"}, [])]),
    (b"name,city\nA\nB,Y,Z\n", [(2, {"name": "A"}, ["has 1 fields, the header has 2"]),
                                (3, {"name": "B", "city": "Y"}, ["has 3 fields, the header has 2"])]),
    (b" name , city \nA,X\n", [(2, {"name": "A", "city": "X"}, [])]),
    (b"city,name\nX,A\n", [(2, {"city": "X", "name": "A"}, [])]),
    (b"name,city\n", []),
]  # fmt: skip


@pytest.mark.parametrize(("data", "expected"), ROWS)
def test_rows_carry_the_line_they_start_on(data, expected):
    rows = read(data)
    assert [(row.line, row.values, row.problems) for row in rows] == expected


# (file content, words the message must contain)
FILE_PROBLEMS = [
    (b"", "missing column(s): name, city"),
    (b"name\nA\n", "Wrong header on line 1: missing column(s): city."),
    (b"name,city,colour\n", "unknown column(s): colour"),
    (b"name,city,name\n", "repeated column(s): name"),
    (b"name,town\n", "missing column(s): city; unknown column(s): town. Expected: name,city,note (the last 1 optional)"),
    ("name,city\nCaf\u00e9,X\n".encode("latin-1"), "The file is not UTF-8 text (bad byte at position 13)"),
    (b'name,city\nA,"' + b"x" * 200_000 + b'"\n', "line 2: not readable as CSV (field larger than field limit"),
]  # fmt: skip


@pytest.mark.parametrize(("data", "message"), FILE_PROBLEMS)
def test_whole_file_problems_name_the_reason(data, message):
    with pytest.raises(CsvFormatError) as caught:
        read(data)
    assert message in str(caught.value)


def test_a_path_a_binary_file_and_a_text_file_read_the_same(tmp_path):
    data = b"\xef\xbb\xbfname,city\nA,X\n"
    path = tmp_path / "rows.csv"
    path.write_bytes(data)
    sources = [path, str(path), io.BytesIO(data), io.StringIO(data.decode("utf-8"))]
    assert {tuple(read(source)[0].values.items()) for source in sources} == {
        (("name", "A"), ("city", "X"))
    }


def test_a_missing_path_is_a_file_problem(tmp_path):
    with pytest.raises(CsvFormatError, match="File not found: .*no such file"):
        read(tmp_path / "nope.csv")


class RowForm(forms.Form):
    name = forms.CharField(max_length=3)
    city = forms.CharField()

    def clean(self):
        raise forms.ValidationError("not on the list")


def test_form_reasons_name_the_column_or_the_row():
    form = RowForm({"name": "Long"})
    assert form_reasons(form) == [
        "name: Ensure this value has at most 3 characters (it has 4).",
        "city: This field is required.",
        "row: not on the list",
    ]


def test_errors_and_reports_read_as_the_commands_print_them():
    assert str(RowError(4, ["city: required", "name: too long"])) == (
        "line 4: city: required; name: too long"
    )
    report = ImportReport(dry_run=True)
    report.add("created", line=2, obj="A")
    report.add("unchanged", line=3, obj="B")
    assert [str(row) for row in report.created] == ["line 2: A"]
    assert str(report) == (
        "1 would be created, 0 would be updated, 1 unchanged, 0 invalid row(s) skipped"
    )
