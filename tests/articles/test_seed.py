"""The guide's seed content: every file is well formed and sourced, and seeding is idempotent, refreshes
articles no editor has touched, and never overwrites what an editor changed."""

import re
from datetime import date, datetime

import pytest
import yaml
from django.core.management import call_command
from django.utils import timezone
from pytest_django.asserts import assertContains

from articles.models import Article, Author, Source, Topic
from articles.services import CONTENT_DIR, guide_seed, parse_content_file

CONTENT_FILES = sorted(CONTENT_DIR.glob("*.md"))
SLUGS = [path.stem for path in CONTENT_FILES]
FLAGSHIP = "how-to-become-a-certified-coding-specialist"
FLAGSHIP_URL = f"/guides/{FLAGSHIP}/"
REQUIRED_FIELDS = {
    "title",
    "dek",
    "topic",
    "author",
    "published_at",
    "last_reviewed_on",
    "seo_title",
    "meta_description",
    "sources",
}
SOURCE_REF = re.compile(r'href="#source-(\d+)"')


def _yaml_slugs(name: str) -> set[str]:
    return {
        row["slug"]
        for row in yaml.safe_load((CONTENT_DIR / name).read_text(encoding="utf-8"))
    }


def _raw_body(path) -> str:
    return path.read_text(encoding="utf-8").split("---\n", 2)[2]


def test_flagship_and_at_least_five_more_articles_exist():
    assert FLAGSHIP in SLUGS
    assert len(SLUGS) >= 6


def test_only_the_flagship_is_featured():
    featured = [
        path.stem
        for path in CONTENT_FILES
        if parse_content_file(path)[0].get("featured")
    ]
    assert featured == [FLAGSHIP]


def test_publication_dates_are_varied():
    dates = {
        parse_content_file(path)[0]["published_at"].date() for path in CONTENT_FILES
    }
    assert len(dates) == len(CONTENT_FILES)


def test_authors_are_the_editorial_team_without_invented_credentials():
    authors = yaml.safe_load((CONTENT_DIR / "authors.yaml").read_text(encoding="utf-8"))
    assert [(row["slug"], row["credentials"]) for row in authors] == [
        ("editorial-team", "")
    ]


@pytest.mark.parametrize("path", CONTENT_FILES, ids=SLUGS)
def test_content_file_has_complete_front_matter(path):
    meta, html = parse_content_file(path)
    assert meta.keys() >= REQUIRED_FIELDS
    assert meta["topic"] in _yaml_slugs("topics.yaml")
    assert meta["author"] in _yaml_slugs("authors.yaml")
    assert isinstance(meta["published_at"], datetime)
    assert timezone.is_aware(meta["published_at"])
    assert meta["published_at"] <= timezone.now()
    assert isinstance(meta["last_reviewed_on"], date)
    assert meta["last_reviewed_on"] >= meta["published_at"].date()
    assert 0 < len(meta["seo_title"]) <= 60
    assert 0 < len(meta["meta_description"]) <= 160
    assert len(re.findall(r"<h2[ >]", html)) >= 3


@pytest.mark.parametrize("path", CONTENT_FILES, ids=SLUGS)
def test_every_source_has_url_and_period_and_is_cited_in_the_body(path):
    meta, html = parse_content_file(path)
    sources = meta["sources"]
    assert sources
    for source in sources:
        assert source["title"].strip()
        assert source["url"].startswith(("https://", "http://"))
        assert str(source["period"]).strip()
        assert set(source) <= {"title", "publisher", "url", "period"}
    cited = {int(n) for n in SOURCE_REF.findall(html)}
    assert cited == set(range(1, len(sources) + 1))


@pytest.mark.parametrize("path", CONTENT_FILES, ids=SLUGS)
def test_body_is_plain_markdown_without_a_sources_heading_or_seed_brand(path):
    body = _raw_body(path)
    assert not re.search(r"<[a-zA-Z/!]", body), "use Markdown, not raw HTML"
    assert not re.search(r"^##\s+Sources\s*$", body, re.MULTILINE), (
        "sources come from the front matter"
    )
    assert "best accredited colleges" not in body.lower()


@pytest.mark.parametrize("path", CONTENT_FILES, ids=SLUGS)
def test_links_to_other_guides_point_at_seeded_articles(path):
    _, html = parse_content_file(path)
    linked = set(re.findall(r'href="/guides/([a-z0-9-]+)/"', html))
    assert linked <= set(SLUGS)


@pytest.mark.parametrize("path", CONTENT_FILES, ids=SLUGS)
def test_tables_stay_narrow_enough_for_phones(path):
    _, html = parse_content_file(path)
    for table in re.findall(r"<table>.*?</table>", html, re.DOTALL):
        header = re.search(r"<tr>(.*?)</tr>", table, re.DOTALL).group(1)
        assert header.count("<th") <= 4


@pytest.mark.django_db
def test_seed_creates_everything_once_then_nothing():
    first = guide_seed()
    assert sorted(first.created) == SLUGS
    counts = [model.objects.count() for model in (Article, Source, Topic, Author)]

    second = guide_seed()

    assert second.created == second.refreshed == []
    assert sorted(second.kept) == SLUGS
    assert [
        model.objects.count() for model in (Article, Source, Topic, Author)
    ] == counts


@pytest.mark.django_db
def test_seed_content_command_twice_adds_no_articles(capsys):
    call_command("seed_content")
    articles, sources = Article.objects.count(), Source.objects.count()
    call_command("seed_content")
    assert articles == len(SLUGS)
    assert (Article.objects.count(), Source.objects.count()) == (articles, sources)
    assert "0 created" in capsys.readouterr().out


@pytest.mark.django_db
def test_seed_does_not_overwrite_editor_changes():
    guide_seed()
    article = Article.objects.get(slug=FLAGSHIP)
    article.title = "Edited by an editor"
    article.body = "<h2>Edited section</h2><p>Editor's own words.</p>"
    article.save()
    article.sources.filter(position=1).delete()
    topic = Topic.objects.get(slug="ccs-certification")
    topic.name = "Renamed topic"
    topic.save()

    report = guide_seed()

    article.refresh_from_db()
    assert FLAGSHIP in report.kept
    assert FLAGSHIP not in report.refreshed
    assert article.title == "Edited by an editor"
    assert "Editor's own words." in article.body
    assert not article.sources.filter(position=1).exists()
    assert Topic.objects.get(slug="ccs-certification").name == "Renamed topic"


@pytest.mark.django_db
def test_seed_keeps_source_order_and_periods():
    guide_seed()
    meta, _ = parse_content_file(CONTENT_DIR / f"{FLAGSHIP}.md")
    stored = list(
        Article.objects.get(slug=FLAGSHIP).sources.values_list(
            "position", "url", "period"
        )
    )
    assert stored == [
        (n, s["url"], str(s["period"])) for n, s in enumerate(meta["sources"], start=1)
    ]


@pytest.mark.django_db
def test_seeded_articles_are_published_and_flagship_is_featured():
    guide_seed()
    assert Article.objects.published().count() == len(SLUGS)
    flagship = Article.objects.get(slug=FLAGSHIP)
    assert flagship.featured and flagship.show_at_a_glance


@pytest.mark.django_db
def test_flagship_page_has_the_seed_figures_steps_toc_and_sources(client):
    guide_seed()
    response = client.get(FLAGSHIP_URL)
    assertContains(response, "<h1", count=1)
    for figure in [
        "51,090",
        "7%",
        "14,900",
        "115 to 140",
        "four hours",
        "300",
        "29-2072",
        "$51,140",
        "$56,790",
        "$62,650",
        "May 2025",
        "2024-34",
    ]:
        assertContains(response, figure)
    assertContains(
        response,
        '<h2 id="how-to-become-a-ccs-step-by-step">How to become a CCS: step by step</h2>',
        html=True,
    )
    for step in range(1, 6):
        assertContains(response, f"<h3>Step {step}:")
    assertContains(response, "On this page")
    assertContains(response, 'href="#how-to-become-a-ccs-step-by-step"')
    assertContains(response, 'href="#pay"')
    assertContains(response, 'href="#sources"')
    assertContains(response, '<h2 id="sources">Sources</h2>', html=True)
    source_count = Article.objects.get(slug=FLAGSHIP).sources.count()
    assertContains(response, f'id="source-{source_count}"')
    assertContains(
        response, "https://ahima.org/certification-careers/certifications-overview/ccs"
    )
    assertContains(response, 'href="/schools/"')
    assertContains(response, 'href="/tools/ccs-eligibility/"')


@pytest.mark.django_db
@pytest.mark.parametrize("slug", SLUGS)
def test_every_seeded_article_renders_with_its_numbered_sources(client, slug):
    guide_seed()
    article = Article.objects.get(slug=slug)
    response = client.get(article.get_absolute_url())
    assertContains(response, article.title)
    assertContains(response, f'id="source-{article.sources.count()}"')
    html = response.content.decode()
    assert {int(n) for n in SOURCE_REF.findall(html)} <= set(
        range(1, article.sources.count() + 1)
    )


def _as_an_older_seed_left_it(slug: str) -> None:
    """The article as an earlier seed file created it: other words, another source list, edit count still 1."""
    article = Article.objects.get(slug=slug)
    Article.objects.filter(pk=article.pk).update(
        body="<h2>Pay</h2><p>Median pay was $50,250 in May 2024.</p>", dek="Old summary"
    )
    article.sources.filter(position=1).delete()


@pytest.mark.django_db
def test_seed_refreshes_articles_no_editor_has_touched(client):
    guide_seed()
    _as_an_older_seed_left_it(FLAGSHIP)
    meta, _ = parse_content_file(CONTENT_DIR / f"{FLAGSHIP}.md")

    report = guide_seed()

    assert report.refreshed == [FLAGSHIP]
    assert "1 refreshed from the seed" in str(report)
    article = Article.objects.get(slug=FLAGSHIP)
    assert (
        article.edit_count == 1
    )  # still untouched by editors, so a later seed may refresh it again
    assert article.dek == meta["dek"]
    assert "$51,140" in article.body and "$50,250" not in article.body
    assert [t["anchor"] for t in article.toc][:1] == [
        "what-is-a-certified-coding-specialist"
    ]
    assert article.sources.count() == len(meta["sources"])
    assertContains(client.get(FLAGSHIP_URL), "$51,140")
    assert guide_seed().refreshed == []


@pytest.mark.django_db
@pytest.mark.parametrize("touch", ["saved", "draft", "reviewed"])
def test_seed_never_refreshes_an_article_an_editor_has_touched(touch):
    from articles.models import ArticleDraft
    from tests.factories import make_author

    guide_seed()
    _as_an_older_seed_left_it(FLAGSHIP)
    article = Article.objects.get(slug=FLAGSHIP)
    if touch == "saved":
        article.save()
    elif touch == "draft":
        ArticleDraft.objects.create(
            article=article,
            title=article.title,
            slug=article.slug,
            dek=article.dek,
            topic=article.topic,
            author=article.author,
        )
    else:
        Article.objects.filter(pk=article.pk).update(
            reviewed_by=make_author(name="Reviewer", slug="reviewer")
        )

    report = guide_seed()

    assert FLAGSHIP in report.kept and report.refreshed == []
    assert "$50,250" in Article.objects.get(slug=FLAGSHIP).body
