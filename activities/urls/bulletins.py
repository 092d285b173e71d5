"""Portal pages of 通报/通知 and 提醒约谈, under /activities/ (namespace `bulletins`)."""

from django.urls import path

from ..views import bulletins as views

app_name = "bulletins"

urlpatterns = [
    path("bulletins/", views.bulletin_list, name="bulletin_list"),
    path("bulletins/new/", views.bulletin_create, name="bulletin_create"),
    path("bulletins/from-overdue/", views.bulletin_from_overdue, name="bulletin_from_overdue"),
    path("bulletins/<int:pk>/", views.bulletin_detail, name="bulletin_detail"),
    path("bulletins/<int:pk>/edit/", views.bulletin_edit, name="bulletin_edit"),
    path("bulletins/<int:pk>/publish/", views.bulletin_publish, name="bulletin_publish"),
    path("bulletins/<int:pk>/receipts/", views.bulletin_receipts, name="bulletin_receipts"),
    path("bulletins/<int:pk>/print/", views.bulletin_print, name="bulletin_print"),
    path("reminder-talks/", views.talk_list, name="talk_list"),
    path("reminder-talks/new/", views.talk_create, name="talk_create"),
    path("reminder-talks/<int:pk>/", views.talk_detail, name="talk_detail"),
    path("reminder-talks/<int:pk>/letter/", views.letter_create, name="letter_create"),
    path("rectifications/", views.rectification_list, name="rectification_list"),
    path("rectifications/mine/", views.my_rectifications, name="my_rectifications"),
    path("rectifications/<int:pk>/report/", views.rectification_report, name="rectification_report"),
    path("rectifications/<int:pk>/verify/", views.rectification_verify, name="rectification_verify"),
    path("rectifications/evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
]
