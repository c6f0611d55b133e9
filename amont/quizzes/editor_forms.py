"""Forms of the trainer's question editor (one form per question type), quiz settings,
bank filters and import. They validate and build neutral questions
(`amont.quizzes.formats`); the writes happen in `editor_actions` and `imports`.

Rows (options, accepted answers, pairs…) are numbered fields, `option_0`, `option_1`…,
with their count in the hidden field `rows`. "Add a row" and "Remove" are submit
buttons (`add_row`, `remove_row`), so they work without JavaScript: the view sees
`form.rows_changed` and shows the form again instead of saving it."""

from typing import Any, ClassVar

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from amont.courses.models import Objective
from amont.quizzes.bank import (
    IMPORT_FORMATS,
    fraction_of,
    parse_gap_lines,
    percent_text,
    write_gap_lines,
)
from amont.quizzes.formats import MAX_BYTES, NeutralQuestion
from amont.quizzes.formats.gift import number_text
from amont.quizzes.models import Difficulty, Question, QuestionType, Quiz
from amont.quizzes.scoring import check_question, parse_number

MAX_ROWS = 30
_COMMON_FIELDS = (
    "title", "text", "general_feedback", "default_grade", "objective", "difficulty",
)  # fmt: skip
_FULL = 1.0 - 1e-6


def _textarea(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def _credit_field(label: str, help_text: str = "") -> forms.FloatField:
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
        widget=_textarea(4),
        help_text=_(
            "Markdown: **bold**, *italic*, - list, [link](https://…), "
            "![description of the image](https://…/image.png) for an image."
        ),
    )
    general_feedback = forms.CharField(
        label=_("General feedback"),
        required=False,
        max_length=10000,
        widget=_textarea(2),
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
        self.fields["objective"].queryset = (
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
        skip = self.row_field_names() | set(_COMMON_FIELDS) | {"rows", "correct"}
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
        cleaned = super().clean()
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
            "default_grade": _number(neutral.get("default_grade", 1.0)),
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


def _number(value: object) -> object:
    """1.0 shown as "1" in a number field."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _answers(neutral: NeutralQuestion) -> list[dict]:
    return [a for a in neutral.get("answers") or [] if isinstance(a, dict)]


def _fraction(answer: dict) -> float:
    value = answer.get("fraction", 0.0)
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


def _text(cleaned: dict, name: str) -> str:
    return (cleaned.get(name) or "").strip()


class _ChoiceForm(QuestionEditorForm):
    row_fields = ("option", "credit", "feedback")
    min_rows = 2
    default_rows = 4
    rows_legend = _("Options")
    row_name = _("option %(number)d")

    shuffle = forms.BooleanField(
        label=_("Shuffle the options for each learner"), required=False, initial=True
    )

    def add_row_fields(self, index: int) -> None:
        number = {"number": index + 1}
        self.fields[f"option_{index}"] = forms.CharField(
            label=gettext("Option %(number)d") % number, max_length=2000, required=False
        )
        self.fields[f"credit_{index}"] = self.credit_field(index)
        self.fields[f"feedback_{index}"] = forms.CharField(
            label=gettext("Feedback on option %(number)d") % number,
            max_length=5000,
            required=False,
        )

    def credit_field(self, index: int) -> forms.FloatField:
        raise NotImplementedError

    def option_rows(self) -> list[tuple[int, str, str, float | None]]:
        """(index, text, feedback, credit) of the rows in use; errors for half rows."""
        rows = []
        cleaned = self.cleaned_data
        for index in range(self.row_count):
            text, feedback = _text(cleaned, f"option_{index}"), _text(cleaned, f"feedback_{index}")
            credit = cleaned.get(f"credit_{index}")
            if text:
                rows.append((index, text, feedback, credit))
            elif feedback or credit is not None or self.marks_row(index):
                self.add_error(
                    f"option_{index}", gettext("Write the option, or empty its whole row.")
                )
        return rows

    def marks_row(self, index: int) -> bool:
        return False


class SingleChoiceForm(_ChoiceForm):
    question_type = QuestionType.SINGLE_CHOICE
    rows_help = _(
        "Mark the correct option. A wrong option may give partial credit (e.g. 50 %). "
        "Each option's feedback is shown to learners who choose it. Empty rows are ignored."
    )

    correct = forms.TypedChoiceField(
        label=_("Correct option"),
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["correct"].choices = [(i, i + 1) for i in range(self.row_count)]

    def credit_field(self, index: int) -> forms.FloatField:
        return _credit_field(
            gettext("Partial credit of option %(number)d (%%)") % {"number": index + 1}
        )

    def shift_after_removal(self, data, removed: int) -> None:
        try:
            correct = int(data.get("correct"))
        except (TypeError, ValueError):
            return
        if correct == removed:
            data.pop("correct", None)
        elif correct > removed:
            data["correct"] = str(correct - 1)

    def row_list(self) -> list[dict]:
        rows = super().row_list()
        radios = list(self["correct"])
        for row, radio in zip(rows, radios, strict=False):
            row["radio"] = radio
        return rows

    def marks_row(self, index: int) -> bool:
        return self.cleaned_data.get("correct") == index

    def build(self) -> NeutralQuestion:
        correct = self.cleaned_data.get("correct")
        answers = []
        for index, text, feedback, credit in self.option_rows():
            fraction = 1.0 if index == correct else fraction_of(credit or 0.0)
            answers.append({"text": text, "fraction": fraction, "feedback": feedback})
        if correct is None and not self.has_error("correct"):
            self.add_error("correct", gettext("Mark the correct option."))
        return {
            **self.common(),
            "answers": answers,
            "shuffle": bool(self.cleaned_data.get("shuffle")),
        }

    def filter_problems(self, problems: list[str]) -> list[str]:
        if self.cleaned_data.get("correct") is None:
            # "Mark the correct option." already says it, next to the options.
            unmarked = gettext(
                "Exactly one answer must give full marks (fraction 1); %(count)d do."
            )
            problems = [p for p in problems if p != unmarked % {"count": 0}]
        return problems

    @classmethod
    def type_initial(cls, neutral: NeutralQuestion) -> dict:
        answers = _answers(neutral)
        initial: dict[str, Any] = {"rows": len(answers), "shuffle": neutral.get("shuffle", True)}
        correct = next((i for i, a in enumerate(answers) if _fraction(a) >= _FULL), None)
        initial["correct"] = correct
        for index, answer in enumerate(answers):
            initial[f"option_{index}"] = answer.get("text", "")
            initial[f"feedback_{index}"] = answer.get("feedback", "")
            if index != correct and _fraction(answer):
                initial[f"credit_{index}"] = percent_text(_fraction(answer))
        return initial


class MultipleChoiceForm(_ChoiceForm):
    question_type = QuestionType.MULTIPLE_CHOICE
    row_fields = ("option", "right", "credit", "feedback")
    rows_help = _(
        "Tick the right options: they share the marks equally unless you give their credit "
        "(the right options' credits add up to 100 %). A negative credit is a penalty for "
        "choosing a wrong option."
    )

    def add_row_fields(self, index: int) -> None:
        super().add_row_fields(index)
        self.fields[f"right_{index}"] = forms.BooleanField(
            label=gettext("Right answer (option %(number)d)") % {"number": index + 1},
            required=False,
        )

    def credit_field(self, index: int) -> forms.FloatField:
        return _credit_field(gettext("Credit of option %(number)d (%%)") % {"number": index + 1})

    def marks_row(self, index: int) -> bool:
        return bool(self.cleaned_data.get(f"right_{index}"))

    def build(self) -> NeutralQuestion:
        rows = self.option_rows()
        right = [r for r in rows if self.cleaned_data.get(f"right_{r[0]}")]
        given = sum(credit for _i, _t, _f, credit in right if credit is not None)
        shared = [r for r in right if r[3] is None]
        share = (100 - given) / len(shared) if shared else 0.0
        answers = []
        for index, text, feedback, credit in rows:
            if self.cleaned_data.get(f"right_{index}"):
                percent = share if credit is None else credit
            else:
                percent = credit or 0.0
            answers.append({"text": text, "fraction": fraction_of(percent), "feedback": feedback})
        if rows and not right:
            self.add_error(None, gettext("Tick at least one right option."))
        return {
            **self.common(),
            "answers": answers,
            "shuffle": bool(self.cleaned_data.get("shuffle")),
        }

    @classmethod
    def type_initial(cls, neutral: NeutralQuestion) -> dict:
        answers = _answers(neutral)
        initial: dict[str, Any] = {"rows": len(answers), "shuffle": neutral.get("shuffle", True)}
        positives = [_fraction(a) for a in answers if _fraction(a) > 0]
        equal = bool(positives) and max(positives) - min(positives) < 1e-6
        for index, answer in enumerate(answers):
            fraction = _fraction(answer)
            initial[f"option_{index}"] = answer.get("text", "")
            initial[f"feedback_{index}"] = answer.get("feedback", "")
            initial[f"right_{index}"] = fraction > 0
            if fraction < 0 or (fraction > 0 and not equal):
                initial[f"credit_{index}"] = percent_text(fraction)
        return initial


class TrueFalseForm(QuestionEditorForm):
    question_type = QuestionType.TRUE_FALSE

    correct_answer = forms.ChoiceField(
        label=_("The statement is"),
        choices=[("true", _("True")), ("false", _("False"))],
        widget=forms.RadioSelect,
    )
    feedback_true = forms.CharField(
        label=_("Feedback for learners who answer “true”"),
        required=False,
        max_length=5000,
    )
    feedback_false = forms.CharField(
        label=_("Feedback for learners who answer “false”"),
        required=False,
        max_length=5000,
    )

    def build(self) -> NeutralQuestion:
        cleaned = self.cleaned_data
        right = cleaned.get("correct_answer")
        return {
            **self.common(),
            "answers": [
                {
                    "text": value,
                    "fraction": 1.0 if right == value else 0.0,
                    "feedback": _text(cleaned, f"feedback_{value}"),
                }
                for value in ("true", "false")
            ],
        }

    @classmethod
    def type_initial(cls, neutral: NeutralQuestion) -> dict:
        initial: dict[str, Any] = {}
        for answer in _answers(neutral):
            value = str(answer.get("text", "")).strip().lower()
            if value in ("true", "false"):
                initial[f"feedback_{value}"] = answer.get("feedback", "")
                if _fraction(answer) >= _FULL:
                    initial["correct_answer"] = value
        return initial


class _SensitivityMixin(forms.Form):
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


class ShortAnswerForm(_SensitivityMixin, QuestionEditorForm):
    question_type = QuestionType.SHORT_ANSWER
    row_fields = ("option", "credit", "feedback")
    min_rows = 1
    default_rows = 3
    rows_legend = _("Accepted answers")
    row_name = _("answer %(number)d")
    rows_help = _(
        "Each accepted answer gives its credit (100 % when left empty). "
        "A star stands for any characters: “*photosynth*”. Empty rows are ignored."
    )

    def add_row_fields(self, index: int) -> None:
        number = {"number": index + 1}
        self.fields[f"option_{index}"] = forms.CharField(
            label=gettext("Accepted answer %(number)d") % number, max_length=1000, required=False
        )
        self.fields[f"credit_{index}"] = _credit_field(
            gettext("Credit of answer %(number)d (%%)") % number
        )
        self.fields[f"feedback_{index}"] = forms.CharField(
            label=gettext("Feedback on answer %(number)d") % number,
            max_length=5000,
            required=False,
        )

    def build(self) -> NeutralQuestion:
        cleaned = self.cleaned_data
        answers = []
        for index in range(self.row_count):
            text = _text(cleaned, f"option_{index}")
            feedback = _text(cleaned, f"feedback_{index}")
            credit = cleaned.get(f"credit_{index}")
            if text:
                percent = 100.0 if credit is None else credit
                answers.append(
                    {"text": text, "fraction": fraction_of(percent), "feedback": feedback}
                )
            elif feedback or credit is not None:
                self.add_error(
                    f"option_{index}", gettext("Write the answer, or empty its whole row.")
                )
        return {**self.common(), "answers": answers, **self.sensitivity()}

    @classmethod
    def type_initial(cls, neutral: NeutralQuestion) -> dict:
        answers = _answers(neutral)
        initial: dict[str, Any] = {"rows": len(answers) + 1, **cls.sensitivity_initial(neutral)}
        for index, answer in enumerate(answers):
            initial[f"option_{index}"] = answer.get("text", "")
            initial[f"feedback_{index}"] = answer.get("feedback", "")
            if _fraction(answer) < _FULL:
                initial[f"credit_{index}"] = percent_text(_fraction(answer))
        return initial


class NumericForm(QuestionEditorForm):
    question_type = QuestionType.NUMERIC
    row_fields = ("value", "tolerance", "credit", "feedback")
    min_rows = 1
    default_rows = 2
    rows_legend = _("Accepted values")
    row_name = _("value %(number)d")
    rows_help = _(
        "An answer within the tolerance of a value gets its credit (100 % when left empty). "
        "Learners may write “3,14” or “3.14”. A value “*” catches any other answer, "
        "to give it a feedback. Empty rows are ignored."
    )

    def add_row_fields(self, index: int) -> None:
        number = {"number": index + 1}
        self.fields[f"value_{index}"] = forms.CharField(
            label=gettext("Value %(number)d") % number,
            max_length=100,
            required=False,
            widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        )
        self.fields[f"tolerance_{index}"] = forms.CharField(
            label=gettext("Tolerance of value %(number)d (±)") % number,
            max_length=100,
            required=False,
            widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        )
        self.fields[f"credit_{index}"] = _credit_field(
            gettext("Credit of value %(number)d (%%)") % number
        )
        self.fields[f"feedback_{index}"] = forms.CharField(
            label=gettext("Feedback on value %(number)d") % number,
            max_length=5000,
            required=False,
        )

    def build(self) -> NeutralQuestion:
        cleaned = self.cleaned_data
        answers = []
        for index in range(self.row_count):
            raw = _text(cleaned, f"value_{index}")
            raw_tolerance = _text(cleaned, f"tolerance_{index}")
            feedback = _text(cleaned, f"feedback_{index}")
            credit = cleaned.get(f"credit_{index}")
            if not raw:
                if raw_tolerance or feedback or credit is not None:
                    self.add_error(
                        f"value_{index}", gettext("Write the value, or empty its whole row.")
                    )
                continue
            if raw == "*":
                percent = 0.0 if credit is None else credit
                answers.append(
                    {"text": "*", "fraction": fraction_of(percent), "feedback": feedback}
                )
                continue
            value = parse_number(raw)
            tolerance = parse_number(raw_tolerance) if raw_tolerance else 0.0
            if value is None:
                self.add_error(f"value_{index}", gettext("Write a number, such as 3.14."))
                continue
            if tolerance is None or tolerance < 0:
                self.add_error(
                    f"tolerance_{index}", gettext("Write a number, zero or more, such as 0.01.")
                )
                continue
            percent = 100.0 if credit is None else credit
            answers.append(
                {
                    "text": number_text(value),
                    "fraction": fraction_of(percent),
                    "feedback": feedback,
                    "value": value,
                    "tolerance": tolerance,
                }
            )
        return {**self.common(), "answers": answers}

    @classmethod
    def type_initial(cls, neutral: NeutralQuestion) -> dict:
        answers = _answers(neutral)
        initial: dict[str, Any] = {"rows": len(answers) + 1}
        for index, answer in enumerate(answers):
            value = parse_number(answer.get("value"))
            initial[f"value_{index}"] = "*" if value is None else number_text(value)
            tolerance = parse_number(answer.get("tolerance", 0.0)) or 0.0
            if value is not None and tolerance:
                initial[f"tolerance_{index}"] = number_text(tolerance)
            initial[f"feedback_{index}"] = answer.get("feedback", "")
            fraction = _fraction(answer)
            if (value is None and fraction) or (value is not None and fraction < _FULL):
                initial[f"credit_{index}"] = percent_text(fraction)
        return initial


class MatchingForm(QuestionEditorForm):
    question_type = QuestionType.MATCHING
    row_fields = ("left", "right")
    min_rows = 2
    default_rows = 4
    rows_legend = _("Pairs")
    row_name = _("pair %(number)d")
    rows_help = _(
        "Learners match each left side with its right side. A right side without a left "
        "side is a distractor: it matches nothing. Empty rows are ignored."
    )

    shuffle = forms.BooleanField(
        label=_("Shuffle the right sides for each learner"), required=False, initial=True
    )

    def add_row_fields(self, index: int) -> None:
        number = {"number": index + 1}
        self.fields[f"left_{index}"] = forms.CharField(
            label=gettext("Left side %(number)d") % number, max_length=1000, required=False
        )
        self.fields[f"right_{index}"] = forms.CharField(
            label=gettext("Right side %(number)d") % number, max_length=1000, required=False
        )

    def build(self) -> NeutralQuestion:
        cleaned = self.cleaned_data
        pairs = []
        for index in range(self.row_count):
            left, right = _text(cleaned, f"left_{index}"), _text(cleaned, f"right_{index}")
            if left or right:
                pairs.append({"left": left, "right": right})
        return {**self.common(), "pairs": pairs, "shuffle": bool(cleaned.get("shuffle"))}

    @classmethod
    def type_initial(cls, neutral: NeutralQuestion) -> dict:
        pairs = [p for p in neutral.get("pairs") or [] if isinstance(p, dict)]
        initial: dict[str, Any] = {"rows": len(pairs), "shuffle": neutral.get("shuffle", True)}
        for index, pair in enumerate(pairs):
            initial[f"left_{index}"] = pair.get("left", "")
            initial[f"right_{index}"] = pair.get("right", "")
        return initial


class OrderingForm(QuestionEditorForm):
    question_type = QuestionType.ORDERING
    row_fields = ("item",)
    min_rows = 2
    default_rows = 4
    rows_legend = _("Items, in the right order")
    row_name = _("item %(number)d")
    rows_help = _(
        "Write the items in the right order; learners see them shuffled. Each item in its "
        "place earns its share of the marks. Empty rows are ignored."
    )

    def add_row_fields(self, index: int) -> None:
        self.fields[f"item_{index}"] = forms.CharField(
            label=gettext("Item %(number)d") % {"number": index + 1},
            max_length=1000,
            required=False,
        )

    def build(self) -> NeutralQuestion:
        items = [_text(self.cleaned_data, f"item_{i}") for i in range(self.row_count)]
        return {**self.common(), "items": [item for item in items if item]}

    @classmethod
    def type_initial(cls, neutral: NeutralQuestion) -> dict:
        items = [str(item) for item in neutral.get("items") or []]
        initial: dict[str, Any] = {"rows": len(items)}
        for index, item in enumerate(items):
            initial[f"item_{index}"] = item
        return initial


class ClozeForm(_SensitivityMixin, QuestionEditorForm):
    question_type = QuestionType.CLOZE

    gaps = forms.CharField(
        label=_("Gaps, one a line"),
        widget=_textarea(4),
        max_length=20000,
        help_text=_(
            "Line 1 gives the answers of {{1}}, line 2 those of {{2}}… "
            "“=Paris =Lutèce”: accepted answers. “=gazeux ~liquide ~solide”: a list to "
            "choose from, one right option. “#100:0.5”: a number and its tolerance. "
            "“=%50%Lyon” gives half the marks; “=Paris#Well done” adds a feedback; "
            "write \\= \\~ \\# \\% for the characters themselves."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].help_text = _(
            "Mark each gap with {{1}}, {{2}}… where learners fill it in. Markdown works."
        )

    def build(self) -> NeutralQuestion:
        gaps, problems = parse_gap_lines(self.cleaned_data.get("gaps") or "")
        for problem in problems:
            self.add_error("gaps", problem)
        # The options go on each short answer gap, as QTI keeps them.
        sensitivity = self.sensitivity()
        gaps = [{**g, **sensitivity} if g["kind"] == "short_answer" else g for g in gaps]
        return {**self.common(), "gaps": gaps}

    @classmethod
    def type_initial(cls, neutral: NeutralQuestion) -> dict:
        gaps = [g for g in neutral.get("gaps") or [] if isinstance(g, dict)]
        source = next(
            (g for g in gaps if g.get("kind") == "short_answer" and "case_sensitive" in g),
            neutral,
        )
        options = {
            "case_sensitive": source.get("case_sensitive", neutral.get("case_sensitive", False)),
            "accent_sensitive": source.get(
                "accent_sensitive", neutral.get("accent_sensitive", True)
            ),
        }
        return {"gaps": write_gap_lines(gaps), **cls.sensitivity_initial(options)}


class OpenTextForm(QuestionEditorForm):
    question_type = QuestionType.OPEN_TEXT

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["general_feedback"].help_text = _(
            "Shown to every learner after they answer, e.g. what a good answer contains. "
            "You grade the answers yourself."
        )


EDITOR_FORMS: dict[str, type[QuestionEditorForm]] = {
    form.question_type: form
    for form in (
        SingleChoiceForm,
        MultipleChoiceForm,
        TrueFalseForm,
        ShortAnswerForm,
        NumericForm,
        MatchingForm,
        OrderingForm,
        ClozeForm,
        OpenTextForm,
    )
}
assert set(EDITOR_FORMS) == set(QuestionType.values)


# Quizzes and the bank -----------------------------------------------------------------


class QuizSettingsForm(forms.ModelForm):
    class Meta:
        model = Quiz
        fields = [
            "purpose",
            "max_attempts",
            "feedback_timing",
            "time_limit_minutes",
            "one_per_page",
        ]
        widgets = {
            "purpose": forms.RadioSelect,
            "feedback_timing": forms.RadioSelect,
            "max_attempts": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "time_limit_minutes": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }
        help_texts = {
            "max_attempts": _("0 means unlimited."),
            "time_limit_minutes": _("Left empty, there is no time limit."),
            "feedback_timing": _(
                "After the due date, learners see their score at once, "
                "and the right answers once the quiz is due."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["max_attempts"].validators.append(_at_most(100))
        self.fields["time_limit_minutes"].validators.append(_at_most(600))


def _at_most(limit: int):
    def check(value):
        if value is not None and value > limit:
            raise forms.ValidationError(
                _("At most %(limit)d."), code="max_value", params={"limit": limit}
            )

    return check


class BankFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *QuestionType.choices]
    )
    objective = ObjectiveChoiceField(
        label=_("Objective"),
        queryset=Objective.objects.none(),
        required=False,
        empty_label=_("All objectives"),
    )
    difficulty = forms.TypedChoiceField(
        label=_("Difficulty"),
        choices=[("", _("All difficulties")), *Difficulty.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args, objectives: QuerySet[Objective], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = objectives.select_related("course")


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("GIFT, Aiken, Moodle XML or QTI 2.1 (XML or zip), 5 MB at most."),
    )
    text = forms.CharField(
        label=_("Or paste the questions"),
        required=False,
        widget=_textarea(8),
        help_text=_("GIFT, Aiken or XML text."),
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("auto", _("Guess from the content")), *IMPORT_FORMATS.items()],
        initial="auto",
    )
    objective = ObjectiveChoiceField(
        label=_("Objective of the imported questions"),
        queryset=Objective.objects.none(),
        required=False,
    )

    def __init__(self, *args, objectives: QuerySet[Objective], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = objectives.select_related("course")

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is not None and upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too big: %(max)d MB at most."),
                params={"max": MAX_BYTES // (1024 * 1024)},
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        upload, text = cleaned.get("file"), cleaned.get("text") or ""
        if self.has_error("file"):
            return cleaned
        if upload is not None and text.strip():
            raise forms.ValidationError(_("Upload a file or paste text, not both."))
        if upload is None and not text.strip():
            raise forms.ValidationError(_("Choose a file or paste questions."))
        if upload is not None:
            data = upload.read(MAX_BYTES + 1)
            if len(data) > MAX_BYTES:
                self.add_error(
                    "file",
                    gettext("The file is too big: %(max)d MB at most.")
                    % {"max": MAX_BYTES // (1024 * 1024)},
                )
                return cleaned
            cleaned["data"] = data
            cleaned["name"] = upload.name[:200]
        else:
            cleaned["data"] = text.encode("utf-8")
            cleaned["name"] = ""
            if len(cleaned["data"]) > MAX_BYTES:
                self.add_error(
                    "text",
                    gettext("The text is too long: %(max)d MB at most.")
                    % {"max": MAX_BYTES // (1024 * 1024)},
                )
        return cleaned
