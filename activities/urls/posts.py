"""Portal pages of 服务监督岗 under /activities/ (namespace `posts`); `say/<code>/` is the public page."""

from django.urls import path

from ..views import posts as views

app_name = "posts"

urlpatterns = [
    path("posts/", views.post_list, name="post_list"),
    path("posts/new/", views.post_create, name="post_create"),
    path("posts/plates/", views.post_plates, name="post_plates"),
    path("posts/feedback/", views.feedback_list, name="feedback_list"),
    path("posts/feedback/counts/", views.feedback_counts, name="feedback_counts"),
    path("posts/feedback/<int:pk>/answer/", views.feedback_answer, name="feedback_answer"),
    path("posts/<int:pk>/", views.post_detail, name="post_detail"),
    path("posts/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("posts/say/<str:code>/", views.public_feedback, name="public_feedback"),
    path("posts/say/<str:code>/thanks/", views.public_thanks, name="public_thanks"),
]
