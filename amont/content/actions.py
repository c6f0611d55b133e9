from django.db import transaction
from django.utils import timezone

from amont.accounts.models import Organization, User
from amont.content.models import Article, ResourceProgress
from amont.courses.actions import add_activity
from amont.courses.models import Activity, Kind, Session


def create_article(
    *, organization: Organization, title: str, body: str, author: User | None = None,
    estimated_minutes: int = 5,
) -> Article:  # fmt: skip
    return Article.objects.create(
        organization=organization,
        title=title,
        body=body,
        created_by=author,
        estimated_minutes=estimated_minutes,
    )


@transaction.atomic
def record_article_open(*, learner: User, article: Article, at=None) -> ResourceProgress:
    at = at or timezone.now()
    progress = (
        ResourceProgress.objects.select_for_update()
        .filter(learner=learner, article=article)
        .first()
    )
    if progress is None:
        return ResourceProgress.objects.create(
            learner=learner, article=article, first_opened_at=at, last_opened_at=at
        )
    progress.last_opened_at = at
    progress.open_count += 1
    progress.save(update_fields=["last_opened_at", "open_count"])
    return progress


@transaction.atomic
def create_article_activity(
    *,
    session: Session,
    phase: str,
    title: str,
    body: str,
    author: User | None = None,
    estimated_minutes: int = 5,
    **fields,
) -> Activity:
    """Write a new article in the course's organization library and add it to a session.
    fields: instructions, due_at, required."""
    article = create_article(
        organization=session.cohort.course.organization,
        title=title,
        body=body,
        author=author,
        estimated_minutes=estimated_minutes,
    )
    return add_activity(
        session=session, phase=phase, kind=Kind.ARTICLE, title=title, article=article, **fields
    )


def update_article(*, article: Article, body: str, estimated_minutes: int) -> Article:
    """Change a library article: every activity that reuses it shows the new text."""
    article.body = body
    article.estimated_minutes = estimated_minutes
    article.save(update_fields=["body", "estimated_minutes", "updated_at"])
    return article
