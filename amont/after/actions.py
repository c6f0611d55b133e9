from amont.accounts.models import User
from amont.after.models import Feedback
from amont.courses.models import Activity


def save_feedback(*, activity: Activity, learner: User, rating: int, comment: str = "") -> Feedback:
    """One answer per learner and survey; answering again replaces the previous one."""
    if not 1 <= rating <= 5:
        raise ValueError("rating must be between 1 and 5")
    feedback, _ = Feedback.objects.update_or_create(
        activity=activity, learner=learner, defaults={"rating": rating, "comment": comment}
    )
    return feedback
