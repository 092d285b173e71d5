"""seed_demo's 服务监督岗: posts in most orgs, model posts of the year, public feedback (some answered), and
sec01's home card showing open items."""

from __future__ import annotations

import pytest
from django.test import override_settings

from accounts.models import User
from activities.models import Feedback, FeedbackState, ServicePost
from activities.selectors.posts import feedback_open_count
from tests.test_seed_demo import seed

pytestmark = pytest.mark.django_db


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
def test_the_demo_year_has_posts_model_posts_and_feedback():
    out = seed("--scale", "small")
    assert "服务监督岗：" in out
    posts = ServicePost.objects.all()
    assert posts.count() > 10
    assert 0 < posts.filter(is_model_post=True, model_year=2026).count() <= 10
    states = set(Feedback.objects.values_list("state", flat=True))
    assert {FeedbackState.OPEN, FeedbackState.ANSWERED, FeedbackState.CLOSED} <= states or len(states) >= 2
    assert (
        Feedback.objects.filter(kind="praise").exists() and Feedback.objects.filter(kind="complaint").exists()
    )
    assert feedback_open_count(User.objects.get(username="sec01")) >= 1
