from articles.careers.forms import EligibilityForm
from careersite.education import HighestEducation
from schools.pathways import DEFAULT_PATHWAYS


def test_finder_and_checker_share_one_education_vocabulary():
    finder = [(row["key"], row["label"]) for row in DEFAULT_PATHWAYS]
    checker = EligibilityForm().fields["education"].choices
    assert finder == checker == HighestEducation.choices


def test_education_keys_are_the_ones_stored_and_shared_in_urls():
    assert HighestEducation.values == [
        "no_diploma",
        "high_school",
        "some_college",
        "associate",
        "bachelor",
        "master",
    ]
