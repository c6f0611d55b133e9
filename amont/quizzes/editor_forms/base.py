"""What every question type's editor form shares: the common fields (title, text,
feedback, points, objective, difficulty), the numbered rows, and small helpers.

Rows (options, accepted answers, pairs…) are numbered fields, `option_0`, `option_1`…,
with their count in the hidden field `rows`. "Add a row" and "Remove" are submit
buttons (`add_row`, `remove_row`), so they work without JavaScript: the view sees
`form.rows_changed` and shows the form again instead of saving it."""

from typing import Any, ClassVar, cast

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from amont.courses.models import Objective
from amont.quizzes.formats import NeutralQuestion
from amont.quizzes.models import Difficulty, Question
from amont.quizzes.scoring import check_question

MAX_ROWS = 30
COMMON_FIELDS = (
    "title", "text", "general_feedback", "default_grade", "objective", "difficulty",
)  # fmt: skip
FULL = 1.0 - 1e-6  # a fraction at or above this gives full marks


def textarea(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def percent_field(label: str, help_text: str = "") -> forms.FloatField:
    return forms.FloatField(
        label=label,
        required=False,
        min_value=-100,
        max_value=100,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )


class ObjectiveChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Objective) -> str:
        return f"{obj} — {obj.course.title}"


class QuestionEditorForm(forms.Form):
    """What every type has: title, text, feedback, points, objective and difficulty.
    Subclasses add their rows and build the neutral question in `build()`."""

    question_type: ClassVar[str] = ""
    row_fields: ClassVar[tuple[str, ...]] = ()
    min_rows: ClassVar[int] = 0
    default_rows: ClassVar[int] = 0
    rows_legend: ClassVar[Any] = ""
    rows_help: ClassVar[Any] = ""
    row_name: ClassVar[Any] = _("row %(number)d")

    title = forms.CharField(
        label=_("Title"),
        max_length=255,
        required=False,
        help_text=_("A short name to find the question in the bank; learners do not see it."),
    )
    text = forms.CharField(
        label=_("Question"),
        max_length=20000,
        widget=textarea(4),
        help_text=_(
            "Markdown: **bold**, *italic*, - list, [link](https://…), "
            "![description of the image](https://…/image.png) for an image."
        ),
    )
    general_feedback = forms.CharField(
        label=_("General feedback"),
        required=False,
        max_length=10000,
        widget=textarea(2),
        help_text=_("Shown to every learner after they answer."),
    )
    default_grade = forms.FloatField(
        label=_("Points"),
        min_value=0,
        max_value=1000,
        initial=1,
        required=False,
        help_text=_("Left empty: 1 point, or the points of the current version."),
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    objective = ObjectiveChoiceField(
        label=_("Objective"),
        queryset=Objective.objects.none(),
        required=False,
        help_text=_("The objective this question checks, for readiness."),
    )
    difficulty = forms.TypedChoiceField(
        label=_("Difficulty"),
        choices=[("", "—"), *Difficulty.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    rows = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        data=None,
        *,
        objectives: QuerySet[Objective] | None = None,
        text_format: str = "markdown",
        initial: dict | None = None,
        **kwargs,
    ):
        self.text_format = text_format
        self.objectives = objectives
        self.rows_changed = False
        self.neutral: NeutralQuestion = {}
        initial = dict(initial or {})
        if data is not None:
            data, self.rows_changed = self._apply_row_action(data)
            self.row_count = self._clamp(data.get("rows"), self.default_rows)
        else:
            self.row_count = self._clamp(initial.get("rows"), self.default_rows)
        initial["rows"] = self.row_count
        super().__init__(data, initial=initial, **kwargs)
        cast(forms.ModelChoiceField, self.fields["objective"]).queryset = (
            objectives.select_related("course")
            if objectives is not None
            else Objective.objects.none()
        )
        for index in range(self.row_count):
            self.add_row_fields(index)
        if self.text_format == "html":
            self.fields["text"].help_text = _(
                "Imported as HTML: it is sanitised when shown (no scripts, no styles)."
            )

    # Rows ------------------------------------------------------------------------------

    def _clamp(self, value, default: int) -> int:
        try:
            count = int(value)
        except (TypeError, ValueError):
            count = default
        return min(MAX_ROWS, max(self.min_rows, count))

    def _apply_row_action(self, data) -> tuple[Any, bool]:
        if not self.row_fields or ("add_row" not in data and "remove_row" not in data):
            return data, False
        data = data.copy() if isinstance(data, QueryDict) else dict(data)
        count = self._clamp(data.get("rows"), self.default_rows)
        if "add_row" in data:
            count = min(MAX_ROWS, count + 1)
        else:
            try:
                removed = int(data.get("remove_row"))
            except (TypeError, ValueError):
                removed = -1
            if 0 <= removed < count:
                for index in range(removed, count):
                    for name in self.row_fields:
                        following = f"{name}_{index + 1}"
                        if index + 1 < count and following in data:
                            data[f"{name}_{index}"] = data[following]
                        else:
                            data.pop(f"{name}_{index}", None)
                self.shift_after_removal(data, removed)
                count = max(self.min_rows, count - 1)
        data["rows"] = str(count)
        return data, True

    def shift_after_removal(self, data, removed: int) -> None:
        """Fields that point at a row (single choice's `correct`) follow the removal."""

    def add_row_fields(self, index: int) -> None:
        raise NotImplementedError

    def row_list(self) -> list[dict]:
        """The rows for the template: number, bound fields and the sr-only row name."""
        return [
            {
                "index": index,
                "number": index + 1,
                "name": self.row_name % {"number": index + 1},
                "fields": [self[f"{name}_{index}"] for name in self.row_fields],
            }
            for index in range(self.row_count)
        ]

    def row_field_names(self) -> set[str]:
        return {f"{name}_{i}" for name in self.row_fields for i in range(self.row_count)}

    def type_fields(self) -> list:
        """The fields of the type that are not rows (shuffle, case options, gaps…)."""
        skip = self.row_field_names() | set(COMMON_FIELDS) | {"rows", "correct"}
        return [self[name] for name in self.fields if name not in skip]

    def unbound_copy(self) -> "QuestionEditorForm":
        """The same values in an unbound form: after "Add a row" the page shows the form
        again without complaining about what is not written yet."""
        initial = {name: self[name].value() for name in self.fields}
        initial["rows"] = self.row_count
        return type(self)(objectives=self.objectives, text_format=self.text_format, initial=initial)

    # Building and checking --------------------------------------------------------------

    def common(self) -> NeutralQuestion:
        cleaned = self.cleaned_data
        grade = cleaned.get("default_grade")
        return {
            "type": self.question_type,
            "title": (cleaned.get("title") or "").strip(),
            "text": (cleaned.get("text") or "").strip(),
            "text_format": self.text_format,
            "general_feedback": (cleaned.get("general_feedback") or "").strip(),
            "default_grade": float(grade if grade is not None else self._initial_grade()),
        }

    def _initial_grade(self) -> float:
        grade = self.initial.get("default_grade", 1.0)
        return grade if isinstance(grade, int | float) and grade >= 0 else 1.0

    def build(self) -> NeutralQuestion:
        return self.common()

    def clean(self):
        cleaned = super().clean() or self.cleaned_data
        self.neutral = self.build()
        known = {str(error) for error in self.non_field_errors()}
        for problem in self.filter_problems(check_question(self.neutral)):
            if problem not in known and not self._already_explained(problem):
                self.add_error(None, problem)
        cleaned["neutral"] = self.neutral
        return cleaned

    def filter_problems(self, problems: list[str]) -> list[str]:
        return problems

    def _already_explained(self, problem: str) -> bool:
        # "The question has no text." repeats the required field's error.
        return problem == gettext("The question has no text.") and "text" in self.errors

    @classmethod
    def initial_from(cls, neutral: NeutralQuestion, question: Question | None = None) -> dict:
        initial: dict[str, Any] = {
            "title": neutral.get("title", ""),
            "text": neutral.get("text", ""),
            "general_feedback": neutral.get("general_feedback", ""),
            "default_grade": shown_number(neutral.get("default_grade", 1.0)),
        }
        if question is not None:
            initial["objective"] = question.objective_id
            initial["difficulty"] = question.difficulty
        initial.update(cls.type_initial(neutral))
        return initial

    @classmethod
    def type_initial(cls, neutral: NeutralQuestion) -> dict:
        return {}

    def problems(self) -> list[str]:
        """Every error as a sentence, for the preview (objective and difficulty aside)."""
        found = []
        for name, errors in self.errors.items():
            if name in ("objective", "difficulty"):
                continue
            label = self.fields[name].label if name in self.fields and name != "__all__" else ""
            found += [f"{label}: {error}" if label else str(error) for error in errors]
        return found


def shown_number(value: object) -> object:
    """1.0 shown as "1" in a number field."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def answer_dicts(neutral: NeutralQuestion) -> list[dict]:
    return [a for a in neutral.get("answers") or [] if isinstance(a, dict)]


def answer_fraction(answer: dict) -> float:
    value = answer.get("fraction", 0.0)
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


def cleaned_text(cleaned: dict, name: str) -> str:
    return (cleaned.get(name) or "").strip()


class SensitivityMixin(forms.Form):
    case_sensitive = forms.BooleanField(
        label=_("Case must match (“Paris” is not “paris”)"), required=False
    )
    accent_sensitive = forms.BooleanField(
        label=_("Accents must match (“é” is not “e”)"), required=False, initial=True
    )

    def sensitivity(self) -> dict:
        return {
            "case_sensitive": bool(self.cleaned_data.get("case_sensitive")),
            "accent_sensitive": bool(self.cleaned_data.get("accent_sensitive")),
        }

    @staticmethod
    def sensitivity_initial(neutral: NeutralQuestion) -> dict:
        return {
            "case_sensitive": neutral.get("case_sensitive", False) is True,
            "accent_sensitive": neutral.get("accent_sensitive", True) is not False,
        }
