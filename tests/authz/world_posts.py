"""The matrix world's rows of 服务监督岗: a post in org A and one in org B, each with a complaint, and the
own post's public code (the public page's URL names it)."""

from __future__ import annotations

from datetime import date

from activities.services.posts import feedback_submit, service_post_create
from tests.factories import MemberFactory


def posts_rows(staff, org_a, org_b) -> dict[str, dict[str, object]]:
    posts = {
        key: service_post_create(
            actor=staff,
            organization=org,
            member=MemberFactory(organization=org, name=name),
            title="办税服务窗口",
            phone="0851-82511234",
            established_on=date(2020, 1, 6),
        )
        for key, org, name in (("own", org_a, "周敏"), ("other", org_b, "吴刚"))
    }
    feedback = {
        key: feedback_submit(post=post, kind="complaint", text="窗口排队时间长")
        for key, post in posts.items()
    }
    return {
        "activities.servicepost": posts,
        "activities.feedback": feedback,
        "activities.postcode": {"own": posts["own"].public_code},
    }
