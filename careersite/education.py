"""One vocabulary for "What is your highest level of education?", shared by the school finder and the
CCS eligibility checker.

The keys are stored in the finder's education pathways (schools.EducationPathway.key) and appear in
shared finder and checker URLs, so they never change; the labels are worded to be true for both.
"""

from django.db import models


class HighestEducation(models.TextChoices):
    NO_DIPLOMA = "no_diploma", "Less than high school"
    HIGH_SCHOOL = "high_school", "High school diploma or equivalent (such as a GED)"
    SOME_COLLEGE = "some_college", "Some college, no degree"
    ASSOCIATE = "associate", "Associate degree"
    BACHELOR = "bachelor", "Bachelor's degree"
    MASTER = "master", "Master's degree or higher"
