from django.db import migrations
from django.db.models import F


def fill(apps, schema_editor):
    """Single-choice answers stored before typed questions: copy them into the new shape."""
    Response = apps.get_model("quizzes", "Response")
    for response in Response.objects.filter(answer__isnull=True, choice__isnull=False).iterator():
        response.answer = response.choice
        response.score = 1.0 if response.is_correct else 0.0
        response.save(update_fields=["answer", "score"])
    Attempt = apps.get_model("quizzes", "Attempt")
    Attempt.objects.filter(started_at__isnull=True).update(started_at=F("submitted_at"))


class Migration(migrations.Migration):
    dependencies = [("quizzes", "0002_question_types")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
