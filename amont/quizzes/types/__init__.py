"""Question types behind one table (see `base.py` for what a type declares). Importing
this package registers every type; a test checks that the registry, `models.QuestionType`
and `formats.QUESTION_TYPES` name the same ones."""

from amont.quizzes.types import (  # noqa: F401  (each module registers its type)
    cloze,
    matching,
    multiple_choice,
    numeric,
    open_text,
    ordering,
    short_answer,
    single_choice,
    true_false,
)
from amont.quizzes.types.base import QUESTION_TYPES, QuestionType, question_type

__all__ = ["QUESTION_TYPES", "QuestionType", "question_type"]
