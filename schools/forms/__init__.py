"""Input validation: the finder's query parameters (finder.py) and one row of the programs CSV (programs_csv.py)."""

from schools.forms.finder import FastSelect, FinderForm
from schools.forms.programs_csv import ProgramRowForm

__all__ = ["FastSelect", "FinderForm", "ProgramRowForm"]
