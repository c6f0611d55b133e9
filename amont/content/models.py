from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from amont.accounts.models import Organization


class Article(models.Model):
    """A Markdown article of an organization's resource library."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="articles"
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text (Markdown)"))
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=5)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.title


class ResourceProgress(models.Model):
    """One row per learner and resource, read by pages in one query."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resource_progress"
    )
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="progress")
    first_opened_at = models.DateTimeField()
    last_opened_at = models.DateTimeField()
    open_count = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["learner", "article"], name="one_progress_per_article")
        ]
