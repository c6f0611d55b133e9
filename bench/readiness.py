"""How fast are the trainer's dashboards with a big cohort?

Builds, in a throwaway SQLite database (or the DATABASE_URL you give), one session with
N learners who each opened the article, watched part of a 10-minute video (three tracking
batches each, through the tracking action), answered a quiz of Q questions and left an
unclear point, then times the readiness page, the session summary and the dashboard
through Django's test client. Prints the median time of one tracking batch, one line per
page and, last, `max_ms=<number>` (pages only).

    .venv/bin/python bench/readiness.py [--learners 400] [--questions 10] [--runs 5]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--learners", type=int, default=400)
    parser.add_argument("--questions", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="amont-bench-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp / 'bench.sqlite3'}")
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ["DJANGO_SETTINGS_MODULE"] = "amont.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    build = _build(args.learners, args.questions)
    session, trainer = build["session"], build["trainer"]
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    client.force_login(trainer)
    worst = 0.0
    print(f"learners={args.learners} questions={args.questions} answers={build['answers']}")
    print(f"tracking_batch: median_ms={build['batch_ms']:.1f} batches={build['batches']}")
    for name, url in (
        ("readiness", f"/sessions/{session.pk}/readiness/"),
        ("summary", f"/sessions/{session.pk}/summary/"),
        ("dashboard", "/dashboard/"),
    ):
        client.get(url)  # warm caches and template loading
        timings = []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        median = statistics.median(timings)
        worst = max(worst, median)
        print(
            f"{name}: median_ms={median:.0f} queries={len(queries)} "
            f"html_kb={len(response.content) / 1024:.0f}"
        )
    print(f"max_ms={worst:.0f}")


def _build(learners: int, questions: int) -> dict:
    from datetime import timedelta

    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from amont.accounts.actions import create_organization, create_user
    from amont.accounts.models import User
    from amont.content.actions import create_article, create_resource, record_article_open
    from amont.content.intervals import Batch
    from amont.content.models import ResourceType
    from amont.content.tracking import apply_batch, record_resource_open
    from amont.courses.actions import add_activity, create_cohort, create_course, create_session
    from amont.courses.models import Enrollment, Kind, Phase
    from amont.quizzes.actions import (
        create_question,
        create_quiz,
        quiz_versions,
        save_unclear_point,
        submit_attempt,
    )

    org = create_organization(name="Bench")
    trainer = create_user(email="bench-trainer@example.org", password="x")
    course = create_course(organization=org, trainer=trainer, title="Bench", objectives=["O"])
    cohort = create_cohort(course=course, name="Amphi")
    session = create_session(
        cohort=cohort, title="Bench", starts_at=timezone.now() + timedelta(days=1)
    )
    article = create_article(organization=org, title="Lire", body="Texte")
    qs = [
        create_question(
            organization=org,
            text=f"Question {i}",
            options=[
                {"text": "A", "correct": True},
                {"text": "B", "correct": False},
                {"text": "C", "correct": False},
            ],
        )
        for i in range(questions)
    ]
    quiz = create_quiz(organization=org, title="Quiz", questions=qs)
    add_activity(
        session=session, phase=Phase.BEFORE, kind=Kind.ARTICLE, title="Lire", article=article
    )
    video = create_resource(
        organization=org, type=ResourceType.LINK, title="Capsule", estimated_minutes=10,
        url="https://vimeo.com/76979871",
    )  # fmt: skip
    video.duration = 600.0
    video.save(update_fields=["duration"])
    add_activity(
        session=session, phase=Phase.BEFORE, kind=Kind.RESOURCE, title="Regarder", resource=video
    )
    quiz_activity = add_activity(
        session=session, phase=Phase.BEFORE, kind=Kind.QUIZ, title="Quiz", quiz=quiz, required=True
    )
    unclear = add_activity(session=session, phase=Phase.BEFORE, kind=Kind.UNCLEAR, title="Flou")
    password = make_password("x")
    users = User.objects.bulk_create(
        User(email=f"bench{i:04d}@example.org", password=password) for i in range(learners)
    )
    Enrollment.objects.bulk_create(Enrollment(cohort=cohort, learner=u) for u in users)
    versions = quiz_versions(quiz)
    answers = 0
    batch_ms = []
    opened = timezone.now() - timedelta(hours=1)
    for i, user in enumerate(users):
        record_article_open(learner=user, article=article)
        record_resource_open(learner=user, resource=video, at=opened)
        watched = 60 * (i % 11)  # from nothing to the whole video
        for part in range(3):
            start = part * watched / 3
            segments = [
                (t, min(t + 10, start + watched / 3))
                for t in range(int(start), int(start + watched / 3), 10)
            ]
            started = time.perf_counter()
            apply_batch(
                learner=user, resource=video,
                batch=Batch(id=f"b{i}-{part}", segments=segments, position=start + watched / 3),
            )  # fmt: skip
            batch_ms.append((time.perf_counter() - started) * 1000)
        submit_attempt(
            activity=quiz_activity,
            learner=user,
            client_key=f"bench-{i}",
            answers={
                v.pk: ((i + j) % 3, "sure" if j % 2 else "unsure") for j, v in enumerate(versions)
            },
        )
        answers += len(versions)
        if i % 3 == 0:
            save_unclear_point(activity=unclear, learner=user, text=f"Point flou {i}")
    return {
        "session": session,
        "trainer": trainer,
        "answers": answers,
        "batch_ms": statistics.median(batch_ms),
        "batches": len(batch_ms),
    }


if __name__ == "__main__":
    main()
