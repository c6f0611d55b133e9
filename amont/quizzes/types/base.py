"""The registry of question types, in the spirit of healthchecks' TRANSPORTS table and of
the activity kinds (`amont/courses/kinds.py`).

Each type is declared once, in its module (`amont/quizzes/types/<type>.py`), as a
subclass of `QuestionType` registered with `@register`; `amont/quizzes/types/__init__.py`
imports those modules. The rest of the app reaches a type only through
`question_type(value)` / `QUESTION_TYPES[value]`: nothing outside a type's module says
`if type == ...`.

A type says:
- what it is: `value` (stored in `QuestionVersion.type`, one of `QuestionType` in
  models.py and of `formats.QUESTION_TYPES`) and `help` (the editor's type picker);
- how it is graded: `grade` and `check`, the pure functions of `amont.quizzes.scoring`
  (property-tested there), so that scoring never imports a form;
- how a trainer writes one: `editor_form` (in `amont/quizzes/editor_forms/`),
  `preview()` (what the editor's preview shows, with its answer key) and
  `preview_template`;
- how it is stored: `is_choice` (answers kept in `QuestionVersion.options`, which
  readiness and live read), `option_correct()` (which options count as right there),
  `stored_choice()` (the `Response.choice` column), `canonical()` and the sanitising
  flags (what an import stores);
- how a learner answers it: `add_fields()` (the quiz form's fields), `clean()`,
  `answer_of()` (the cleaned fields in grading's answer shape), `initial()` (the
  reverse), `draw()` (what the template gets) and `widget_template` (a Django partial,
  "file.html#name", included by templates/quizzes/_question.html);
- how its result reads: `describe()` (the learner's answers and the right ones), `listed`
  and `right_in_order`;
- how it shows away from the screen: `on_paper()`, `pack_text()`, `pack_template` (the
  offline pack) and `paper_blocks()`, `paper_note` (the printable PDF).

The import and export formats (GIFT, Moodle XML, QTI, Aiken) stay organised per format:
each format's reader and writer pick their per-type parts by name (see decisions.md).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from django.utils.functional import Promise
from django.utils.safestring import SafeString

from amont.quizzes.scoring import CORRECT_THRESHOLD, Grade

if TYPE_CHECKING:
    from amont.quizzes.editor_forms.base import QuestionEditorForm
    from amont.quizzes.forms import AttemptForm, QuestionFields
    from amont.quizzes.models import QuestionVersion
    from amont.quizzes.views import ResultRow


class QuestionType:
    value: ClassVar[str]
    help: ClassVar[str | Promise]
    editor_form: ClassVar[type[QuestionEditorForm]]

    # Grading: each type points at its pure functions in amont.quizzes.scoring
    # (`grade = staticmethod(scoring.grade_<type>)`), which scoring's own tables use too.

    @staticmethod
    def grade(question: dict[str, Any], answer: object) -> Grade:
        """The answer's grade (scoring.grade_answer's, for this type)."""
        raise NotImplementedError

    @staticmethod
    def check(question: dict[str, Any]) -> list[str]:
        """What is wrong with the question, this type's part of scoring.check_question."""
        raise NotImplementedError

    # The stored shape -------------------------------------------------------------------

    # Its answers are kept in QuestionVersion.options (readiness and live votes count
    # them), not in `data`.
    is_choice: ClassVar[bool] = False
    # A format that says nothing about shuffling means "shuffle" (Moodle's default).
    shuffled_by_default: ClassVar[bool] = False
    # The texts of its answers are shown to learners (so an import sanitises them);
    # accepted answers that are only compared are kept as written.
    shows_answer_texts: ClassVar[bool] = False

    def option_correct(self, fraction: float) -> bool:
        """Whether an option with this credit is "the right answer" that readiness and
        live votes count: full credit, unless the type says otherwise."""
        return fraction >= CORRECT_THRESHOLD

    def stored_choice(self, answer: object) -> int | None:
        """What Response.choice repeats of the answer, so readiness counts it in SQL."""
        return None

    def canonical(self, question: dict[str, Any]) -> dict[str, Any]:
        """The question with the defaults some formats leave out made explicit (after
        sanitising), so that a question exported and imported again is stored the same."""
        return question

    # The learner's quiz form ------------------------------------------------------------

    # Auto-graded (asks for a degree of certainty); open text waits for the trainer.
    graded: ClassVar[bool] = True
    # The partial that draws its fields ("file.html#name").
    widget_template: ClassVar[str]
    # A live vote may ask it: one choice per learner, counted on the screen.
    live_vote: ClassVar[bool] = False
    # The question's text labels the fieldset (a cloze's text holds its inputs).
    text_labels: ClassVar[bool] = True

    def add_fields(
        self, form: AttemptForm, version: QuestionVersion, *, seed: str, order: list[int] | None
    ) -> None:
        """Add the question's fields to the form (`form.partial`: none is required)."""
        raise NotImplementedError

    def clean(self, form: AttemptForm, version: QuestionVersion, cleaned: dict[str, Any]) -> None:
        """Checks across the question's fields (errors go to form.add_error)."""

    def answer_of(self, data: dict[str, Any], version: QuestionVersion) -> Any:
        """The cleaned answer in grading's shape; None when not given."""
        raise NotImplementedError

    def initial(self, version: QuestionVersion, answer: Any) -> dict[str, Any]:
        """Form initial values for a saved answer (the reverse of answer_of)."""
        raise NotImplementedError

    def draw(self, form: AttemptForm, question: QuestionFields) -> None:
        """Fill what the widget template reads beyond `question.answer`."""

    def saved_order(self, answer: object) -> list[int] | None:
        """The item order a saved answer fixes (ordering), to show it again."""
        return None

    # The result page --------------------------------------------------------------------

    # Answers in several parts, shown as a list.
    listed: ClassVar[bool] = False
    # The right answers form a sequence (an ordered list).
    right_in_order: ClassVar[bool] = False

    def describe(self, row: ResultRow, answer: Any, parts: tuple[float, ...]) -> None:
        """Fill row.mine, (text, right?) of the learner's answer, and row.right."""
        raise NotImplementedError

    # The editor's preview ---------------------------------------------------------------

    # The partial that draws the learner's view of the preview (None: the text only).
    preview_template: ClassVar[str | None] = None

    def preview(
        self,
        question: dict[str, Any],
        view: dict[str, Any],
        rich: Callable[[str], SafeString],
    ) -> None:
        """Fill the learner's view (choices, input, pairs, items) and the answer key."""

    # Away from the screen: the offline pack and the printable PDF --------------------

    # The partial of its answer space on the pack's quiz page (templates/quizzes/pack/).
    pack_template: ClassVar[str]
    # The hint printed above its answer space in the PDF ("" for none).
    paper_note: ClassVar[str | Promise] = ""

    def on_paper(self, version: QuestionVersion, question: dict[str, Any]) -> None:
        """Fill what `paper_question` shows of it (options, lefts and rights, items, gap
        choices, lines to write on): never its answers nor its feedback."""

    def pack_text(self, html: SafeString) -> SafeString:
        """The question's text on the pack's page (a cloze numbers its blanks)."""
        return html

    def paper_blocks(self, blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The question's text blocks in the PDF (a cloze numbers its blanks)."""
        return blocks


QUESTION_TYPES: dict[str, QuestionType] = {}


def register(cls: type[QuestionType]) -> type[QuestionType]:
    if cls.value in QUESTION_TYPES:
        raise ValueError(f"question type {cls.value!r} is registered twice")
    QUESTION_TYPES[cls.value] = cls()
    return cls


def question_type(value: str) -> QuestionType:
    """The entry of a stored type; KeyError for a value that is none (a programming
    error: the column's choices are the registry's)."""
    return QUESTION_TYPES[value]
