"""Input validation: the finder's query parameters (finder.py) and one row of the programs CSV (programs_csv.py)."""

from schools.forms.finder import FinderForm
from schools.forms.programs_csv import ProgramRowForm

__all__ = ["FinderForm", "ProgramRowForm"]
