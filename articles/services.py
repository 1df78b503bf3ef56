"""Writes with rules: loading the guide's seed content from articles/content/.

An article the seed created and no editor has touched since (edit counter still at 1, never saved by a
user, no draft, no review) is refreshed from its seed file when the file changes, so corrected seed text
reaches existing sites. Any article an editor has saved, drafted or reviewed is left exactly as it is:
update it in the admin (the seed file is the text to copy from).
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import markdown
from django.db import transaction
from django.utils import timezone

from articles.models import Article, ArticleDraft, Author, Source, Topic
from articles.yamltext import yaml_parse

CONTENT_DIR = Path(__file__).resolve().parent / "content"


@dataclass
class SeedReport:
    created: list[str] = field(default_factory=list)
    refreshed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    def __str__(self):
        return (
            f"{len(self.created)} created, {len(self.refreshed)} refreshed from the seed "
            f"(no editor had changed them), {len(self.kept)} already present (left as editors have them)"
        )


def parse_content_file(path: Path) -> tuple[dict, str]:
    """A Markdown file with YAML front matter between '---' lines -> (metadata, body HTML)."""
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        raise ValueError(f"{path.name}: missing YAML front matter")
    _, front, body = text.split("---\n", 2)
    meta = yaml_parse(front) or {}
    html = markdown.markdown(
        body, extensions=["tables", "sane_lists", "attr_list"], output_format="html"
    )
    return meta, html


def _aware(value) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day, 9, 0)
    return value if timezone.is_aware(value) else timezone.make_aware(value)


@transaction.atomic
def guide_seed(*, content_dir: Path = CONTENT_DIR) -> SeedReport:
    """Create topics, authors and articles that do not exist yet; never touch existing ones."""
    report = SeedReport()
    for row in yaml_parse((content_dir / "topics.yaml").read_text(encoding="utf-8")):
        _, created = Topic.objects.get_or_create(slug=row.pop("slug"), defaults=row)
    for row in yaml_parse((content_dir / "authors.yaml").read_text(encoding="utf-8")):
        Author.objects.get_or_create(slug=row.pop("slug"), defaults=row)
    for path in sorted(content_dir.glob("*.md")):
        meta, html = parse_content_file(path)
        slug = meta.get("slug", path.stem)
        sources = meta.pop("sources", [])
        existing = Article.objects.filter(slug=slug).first()
        if existing is not None:
            if _untouched_by_editors(existing) and _seed_refresh(
                existing, meta, html, sources
            ):
                report.refreshed.append(slug)
            else:
                report.kept.append(slug)
            continue
        article = Article.objects.create(
            slug=slug,
            body=html,
            topic=Topic.objects.get(slug=meta["topic"]),
            author=Author.objects.get(slug=meta["author"]),
            status=meta.get("status", Article.Status.PUBLISHED),
            published_at=_aware(meta.get("published_at")),
            featured=meta.get("featured", False),
            **_seed_text(meta),
        )
        _sources_create(article, sources)
        report.created.append(slug)
    return report


def _seed_text(meta: dict) -> dict:
    """The fields a seed refresh may rewrite: the words and figures, never status, dates of publication or topic."""
    return {
        "title": meta["title"],
        "dek": meta["dek"],
        "last_reviewed_on": meta.get("last_reviewed_on"),
        "show_at_a_glance": meta.get("show_at_a_glance", False),
        "seo_title": meta.get("seo_title", ""),
        "meta_description": meta.get("meta_description", ""),
    }


def _sources_create(article: Article, sources: list[dict]) -> None:
    Source.objects.bulk_create(
        Source(article=article, position=n, **source)
        for n, source in enumerate(sources, start=1)
    )


def _untouched_by_editors(article: Article) -> bool:
    """Still exactly as the seed created it: every save by anyone raises the edit counter past 1."""
    return (
        article.edit_count == 1
        and article.updated_by_id is None
        and article.reviewed_by_id is None
        and not ArticleDraft.objects.filter(article=article).exists()
    )


def _source_rows(sources) -> list[tuple]:
    return [
        (s["title"], s.get("publisher", ""), s["url"], str(s["period"]))
        for s in sources
    ]


def _seed_refresh(article: Article, meta: dict, html: str, sources: list) -> bool:
    """Rewrite an untouched seeded article from its changed seed file; False when nothing differs.

    A queryset update keeps the edit counter at 1 (so the next seed still knows no editor touched it) and
    only matches while it is still 1, so an editor's save between the read and the write wins.
    """
    rendered = Article(body=html)
    rendered.refresh_rendered()
    fields = {**_seed_text(meta), "body": rendered.body, "toc": rendered.toc}
    stored = list(article.sources.values("title", "publisher", "url", "period"))
    if all(getattr(article, name) == value for name, value in fields.items()) and (
        _source_rows(stored) == _source_rows(sources)
    ):
        return False
    if not Article.objects.filter(pk=article.pk, edit_count=1).update(**fields):
        return False
    article.sources.all().delete()
    _sources_create(article, sources)
    return True
