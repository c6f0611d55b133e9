from django.urls import path

from amont.quizzes import (
    bank_views,
    export_views,
    image_views,
    import_views,
    marking_views,
    quiz_editor_views,
    video,
)

urlpatterns = [
    # questions inside a video (amont.quizzes.video)
    path(
        "library/resources/<int:resource_id>/cues/",
        video.video_cue_add,
        name="video_cue_add",
    ),
    path("library/cues/<int:cue_id>/delete/", video.video_cue_delete, name="video_cue_delete"),
    path(
        "learn/activities/<int:activity_id>/cues/<int:cue_id>/",
        video.video_cue_answer,
        name="video_cue_answer",
    ),
    path("bank/", bank_views.bank, name="bank"),
    path("bank/questions/new/", bank_views.bank_question_new, name="bank_question_new"),
    path(
        "bank/questions/<int:question_id>/",
        bank_views.bank_question_edit,
        name="bank_question_edit",
    ),
    path("bank/questions/preview/", bank_views.question_preview, name="question_preview"),
    path("bank/images/", image_views.question_image_upload, name="question_image_upload"),
    path("bank/images/<int:image_id>/", image_views.question_image, name="question_image"),
    path("bank/export/", export_views.bank_export, name="bank_export"),
    path("bank/import/", import_views.bank_import, name="bank_import"),
    path("activities/<int:activity_id>/quiz/", quiz_editor_views.quiz_edit, name="quiz_edit"),
    path(
        "activities/<int:activity_id>/quiz/questions/new/",
        quiz_editor_views.quiz_question_new,
        name="quiz_question_new",
    ),
    path(
        "activities/<int:activity_id>/quiz/questions/<int:question_id>/",
        quiz_editor_views.quiz_question_edit,
        name="quiz_question_edit",
    ),
    path(
        "activities/<int:activity_id>/quiz/questions/<int:question_id>/move/",
        quiz_editor_views.quiz_question_move,
        name="quiz_question_move",
    ),
    path(
        "activities/<int:activity_id>/quiz/questions/<int:question_id>/remove/",
        quiz_editor_views.quiz_question_remove,
        name="quiz_question_remove",
    ),
    path("activities/<int:activity_id>/grading/", marking_views.quiz_marking, name="quiz_grading"),
    path(
        "activities/<int:activity_id>/grading/<int:response_id>/",
        marking_views.quiz_mark_response,
        name="quiz_grade_response",
    ),
]
