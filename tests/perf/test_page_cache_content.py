"""Every write to content makes cached pages stale by itself (careersite.pagecache.content): no call to remember."""

import json

import pytest
from django.core.management import call_command

from articles.models import Topic
from careersite.pagecache import ContentQuerySet
from careersite.pagecache import content_version as pagecache_version
from careersite.pagecache.content import content_models
from schools.models import Institution, Program
from tests.factories import make_article, make_institution, make_program, make_topic
from tests.perf.pagecache_helpers import content_version

# Content models whose managers are Django's, not ours, so bulk writes to them would go unseen. The site writes
# them row by row (signals), but for one update of redirects inside an article's slug change, whose article save
# bumps the version; and the page cache never stores the answer a redirect gives (a 301, not a 200).
DJANGO_MANAGED = {"sites.site", "redirects.redirect"}


@pytest.mark.parametrize(
    "model", content_models(), ids=lambda model: model._meta.label_lower
)
def test_every_manager_of_every_content_model_sees_bulk_writes(model):
    """A new content model, or a new manager on one, must build on ContentQuerySet."""
    if model._meta.label_lower in DJANGO_MANAGED:
        pytest.skip("Django's own manager")
    for manager in model._meta.managers:
        assert isinstance(manager.get_queryset(), ContentQuerySet), (
            f"{model._meta.label}.{manager.name}: build its queryset on "
            "careersite.pagecache.ContentQuerySet"
        )


def test_the_django_managed_exceptions_are_still_content():
    labels = {model._meta.label_lower for model in content_models()}
    assert labels >= DJANGO_MANAGED


def _programs(n: int = 3) -> list[Program]:
    institution = make_institution()
    return [make_program(institution=institution) for _ in range(n)]


def _update(programs):
    Program.objects.filter(pk__in=[p.pk for p in programs]).update(
        source_note="Checked"
    )


def _update_through_a_custom_queryset(programs):
    Program.objects.public().filter(pk=programs[0].pk).update(name="Renamed")


def _update_through_a_related_manager(programs):
    programs[0].institution.programs.update(is_active=False)


def _bulk_create(programs):
    institution = programs[0].institution
    Program.objects.bulk_create(
        Program(
            institution=institution,
            name=f"Bulk {n}",
            slug=f"bulk-{n}",
            level=Program.Level.ASSOCIATE,
            discipline=Program.Discipline.HIM,
            delivery=Program.Delivery.ONLINE,
            source_url="https://example.org/source",
        )
        for n in range(3)
    )


def _bulk_update(programs):
    for program in programs:
        program.name = f"Renamed {program.pk}"
    Program.objects.bulk_update(programs, ["name"])


def _queryset_delete(programs):
    Program.objects.filter(pk__in=[p.pk for p in programs]).delete()


def _cascade_delete(programs):
    Institution.objects.filter(pk=programs[0].institution_id).delete()


BULK_WRITES = {
    "update": _update,
    "update through a custom queryset": _update_through_a_custom_queryset,
    "update through a related manager": _update_through_a_related_manager,
    "bulk_create": _bulk_create,
    "bulk_update": _bulk_update,
    "queryset delete": _queryset_delete,
    "cascading delete": _cascade_delete,
}
# update(), bulk_create() and bulk_update() bump once per call, however many rows; deletes send post_delete per row.
ONE_BUMP = {
    "update",
    "update through a custom queryset",
    "update through a related manager",
    "bulk_create",
    "bulk_update",
}


@pytest.mark.django_db
@pytest.mark.parametrize("write", BULK_WRITES)
def test_every_bulk_write_bumps_the_version(write, monkeypatch):
    programs = _programs()
    before = content_version()
    bumps = []
    bump = pagecache_version.bump
    monkeypatch.setattr(pagecache_version, "bump", lambda: bumps.append(bump()))
    BULK_WRITES[write](programs)
    assert content_version() != before
    if write in ONE_BUMP:
        assert len(bumps) == 1


@pytest.mark.django_db
def test_a_bulk_write_of_no_rows_leaves_cached_pages_alone():
    make_program()
    before = content_version()
    Program.objects.filter(pk=None).update(name="Nobody")
    Program.objects.bulk_create([])
    Program.objects.bulk_update([], ["name"])
    assert content_version() == before


@pytest.mark.django_db
def test_writes_in_a_transaction_bump_once_more_when_it_commits(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks() as callbacks:
        programs = _programs()
        _update(programs)
        _bulk_create(programs)
        _bulk_update(programs)
    assert callbacks == [pagecache_version.bump]


@pytest.mark.django_db
def test_loaddata_bumps_once_when_its_transaction_commits(
    tmp_path, django_capture_on_commit_callbacks
):
    fixture = tmp_path / "topics.json"
    fixture.write_text(
        json.dumps(
            [
                {
                    "model": "articles.topic",
                    "pk": 9000 + n,
                    "fields": {"name": f"Loaded {n}", "slug": f"loaded-{n}"},
                }
                for n in range(3)
            ]
        )
    )
    before = content_version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_command("loaddata", str(fixture), verbosity=0)
        # Not one bump per row while the fixture loads...
        assert content_version() == before
    # ...but one when it commits.
    assert callbacks == [pagecache_version.bump]
    assert content_version() != before
    assert Topic.objects.filter(slug__startswith="loaded-").count() == 3


@pytest.mark.django_db
def test_a_topic_bulk_update_shows_on_its_page(client):
    topic = make_topic(name="Before")
    make_article(topic=topic)
    assert b"Before" in client.get(topic.get_absolute_url()).content
    Topic.objects.filter(pk=topic.pk).update(name="After")
    assert b"After" in client.get(topic.get_absolute_url()).content
