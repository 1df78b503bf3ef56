"""Writes with rules: loading the guide's seed content from articles/content/."""

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import markdown
import yaml
from django.db import transaction
from django.utils import timezone

from articles.models import Article, Author, Source, Topic

CONTENT_DIR = Path(__file__).resolve().parent / "content"


@dataclass
class SeedReport:
    created: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    def __str__(self):
        return f"{len(self.created)} created, {len(self.kept)} already present (left as editors have them)"


def parse_content_file(path: Path) -> tuple[dict, str]:
    """A Markdown file with YAML front matter between '---' lines -> (metadata, body HTML)."""
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        raise ValueError(f"{path.name}: missing YAML front matter")
    _, front, body = text.split("---\n", 2)
    meta = yaml.safe_load(front) or {}
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
    for row in yaml.safe_load(
        (content_dir / "topics.yaml").read_text(encoding="utf-8")
    ):
        _, created = Topic.objects.get_or_create(slug=row.pop("slug"), defaults=row)
    for row in yaml.safe_load(
        (content_dir / "authors.yaml").read_text(encoding="utf-8")
    ):
        Author.objects.get_or_create(slug=row.pop("slug"), defaults=row)
    for path in sorted(content_dir.glob("*.md")):
        meta, html = parse_content_file(path)
        slug = meta.get("slug", path.stem)
        if Article.objects.filter(slug=slug).exists():
            report.kept.append(slug)
            continue
        sources = meta.pop("sources", [])
        article = Article.objects.create(
            slug=slug,
            title=meta["title"],
            dek=meta["dek"],
            body=html,
            topic=Topic.objects.get(slug=meta["topic"]),
            author=Author.objects.get(slug=meta["author"]),
            status=meta.get("status", Article.Status.PUBLISHED),
            published_at=_aware(meta.get("published_at")),
            last_reviewed_on=meta.get("last_reviewed_on"),
            featured=meta.get("featured", False),
            show_at_a_glance=meta.get("show_at_a_glance", False),
            seo_title=meta.get("seo_title", ""),
            meta_description=meta.get("meta_description", ""),
        )
        Source.objects.bulk_create(
            Source(article=article, position=n, **source)
            for n, source in enumerate(sources, start=1)
        )
        report.created.append(slug)
    return report
