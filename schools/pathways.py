"""The default answers to "What is your highest level of education?"; editors change them in the admin.

Keys and labels are the site-wide vocabulary (careersite.education), shared with the CCS eligibility checker.
"""

from careersite.education import HighestEducation

DEFAULT_PATHWAYS = [
    {
        "key": HighestEducation.NO_DIPLOMA,
        "label": HighestEducation.NO_DIPLOMA.label,
        "levels": ["associate"],
        "guidance": (
            "CAHIIM-accredited programs are college degrees, and colleges ask for a high school diploma "
            "or an equivalent such as the GED before you enroll, so earning one is your first step. "
            "After that, an associate degree in health information technology is the usual next step: "
            "those programs are listed below so you can plan ahead."
        ),
    },
    {
        "key": HighestEducation.HIGH_SCHOOL,
        "label": HighestEducation.HIGH_SCHOOL.label,
        "levels": ["associate"],
        "guidance": (
            "Your next step is an associate degree in health information technology. "
            "These programs teach medical coding, health records and the rules that govern them."
        ),
    },
    {
        "key": HighestEducation.SOME_COLLEGE,
        "label": HighestEducation.SOME_COLLEGE.label,
        "levels": ["associate", "baccalaureate"],
        "guidance": (
            "Credits you already have may count toward an associate or a bachelor's degree; ask each "
            "program how many it accepts. Associate programs are listed first, then bachelor's programs."
        ),
    },
    {
        "key": HighestEducation.ASSOCIATE,
        "label": HighestEducation.ASSOCIATE.label,
        "levels": ["baccalaureate"],
        "guidance": (
            "With an associate degree, your next step is a bachelor's degree in health information "
            "management or health informatics. Ask each program which of your credits transfer."
        ),
    },
    {
        "key": HighestEducation.BACHELOR,
        "label": HighestEducation.BACHELOR.label,
        "levels": ["masters"],
        "guidance": (
            "With a bachelor's degree, your next step is a master's degree in health information "
            "management or health informatics."
        ),
    },
    {
        "key": HighestEducation.MASTER,
        "label": HighestEducation.MASTER.label,
        "levels": ["masters"],
        "guidance": (
            "You already hold a graduate degree. These master's programs suit a move into health "
            "information management or health informatics from another field."
        ),
    },
]
