import pytest

from schools.models import EducationPathway
from schools.pathways import DEFAULT_PATHWAYS


@pytest.fixture
def pathways(db):
    """The six default answers, as the seed creates them."""
    return {
        row["key"]: EducationPathway.objects.create(**row, position=i)
        for i, row in enumerate(DEFAULT_PATHWAYS)
    }
