from django.db import transaction
from django.utils import timezone

from amont.accounts.models import Organization, User
from amont.content.models import Article, ResourceProgress


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
