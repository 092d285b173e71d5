"""Pages of 述职评议 and live scoring (namespace `scoring`)."""

from django.urls import path

from ..views import scoring as views

app_name = "scoring"

urlpatterns = [
    path("debriefs/", views.session_list, name="session_list"),
    path("debriefs/new/", views.session_create, name="session_create"),
    path("debriefs/<int:pk>/", views.session_detail, name="session_detail"),
    path("debriefs/entries/<int:pk>/edit/", views.debrief_edit, name="debrief_edit"),
    path("debriefs/entries/<int:pk>/report/", views.debrief_report, name="debrief_report"),
    path("scoring/", views.my_rounds, name="my_rounds"),
    path("scoring/<int:pk>/", views.round_score, name="round_score"),
    path("scoring/<int:pk>/screen/", views.round_screen, name="round_screen"),
    path("scoring/<int:pk>/progress/", views.round_progress, name="round_progress"),
    path("scoring/<int:pk>/close/", views.round_close, name="round_close"),
    path("scoring/<int:pk>/slips/", views.round_slips, name="round_slips"),
    path("scoring/seat/", views.seat_entry, name="seat_entry"),
    path("scoring/seat/score/", views.seat_score, name="seat_score"),
]
