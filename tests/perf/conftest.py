from tests.quality.pages import seeded  # noqa: F401
