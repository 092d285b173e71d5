"""一支部一品牌: application, review, the yearly re-check with entry and exit (有进有出), scoping, pages,
REST and the annual `brands` block."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities.models import Brand, BrandStatus, BrandYear
from activities.services import brands as services
from partybuild.exceptions import DomainError, PermissionDeniedError
from tests.factories import make_org

pytestmark = pytest.mark.django_db


def _apply(actor, org, name, year=2019, **fields):
    return services.brand_apply(actor=actor, organization=org, year=year, name=name, **fields)


def _status(brand, year):
    row = BrandYear.objects.filter(brand=brand, year=year).first()
    return row.status if row else None


def test_it_lets_a_secretary_apply_for_their_own_org_and_not_another(secretary_a, org_a, org_b):
    brand = _apply(secretary_a, org_a, "红色税苑", slogan="诚信纳税", work_tie="结合征管服务")
    assert _status(brand, 2019) == BrandStatus.SUBMITTED
    with pytest.raises(PermissionDeniedError):
        _apply(secretary_a, org_b, "阳光财政")


def test_only_staff_review_a_brand(secretary_a, committee_staff, org_a):
    brand = _apply(secretary_a, org_a, "红色税苑")
    with pytest.raises(PermissionDeniedError):
        services.brand_review(actor=secretary_a, brand=brand, year=2019, status=BrandStatus.RECOGNISED)
    row = services.brand_review(
        actor=committee_staff, brand=brand, year=2019, status=BrandStatus.RECOGNISED, note="特色鲜明"
    )
    assert (row.status, row.reviewed_by, row.note) == (BrandStatus.RECOGNISED, committee_staff, "特色鲜明")
    assert row.history.count() == 2  # submitted, then recognised: the decision is kept in history


def test_a_brand_recognised_one_year_is_rechecked_the_next_kept_or_exited(committee_staff, org_a, org_b):
    kept, failed, silent, refused = (
        _apply(committee_staff, org_a, "红色税苑"),
        _apply(committee_staff, org_b, "阳光财政"),
        _apply(committee_staff, org_a, "书香机关"),
        _apply(committee_staff, org_b, "民生直通车"),
    )
    for brand in (kept, failed, silent):
        services.brand_review(actor=committee_staff, brand=brand, year=2019, status=BrandStatus.RECOGNISED)
    services.brand_review(actor=committee_staff, brand=refused, year=2019, status=BrandStatus.EXITED)

    due = services.brands_due_for_recheck(2020)
    assert {b.pk for b in due} == {kept.pk, failed.pk, silent.pk}  # only last year's recognised ones

    counts = services.brand_recheck(
        actor=committee_staff, year=2020, decisions={kept.pk: "keep", failed.pk: "exit"}
    )
    assert counts == {"kept": 1, "exited": 1}
    assert _status(silent, 2020) is None  # not re-checked yet: nothing decided until the re-check closes

    counts = services.brand_recheck(actor=committee_staff, year=2020, decisions={}, finish=True)
    assert counts == {"kept": 0, "exited": 1}
    assert (_status(kept, 2020), _status(failed, 2020), _status(silent, 2020)) == (
        BrandStatus.RECOGNISED,
        BrandStatus.EXITED,
        BrandStatus.EXITED,
    )
    assert "未参加年度复核" in BrandYear.objects.get(brand=silent, year=2020).note
    # 2021: only the one kept in 2020 is due; the exited ones re-enter only by applying again.
    assert [b.pk for b in services.brands_due_for_recheck(2021)] == [kept.pk]
    again = _apply(committee_staff, org_b, "阳光财政", year=2021)
    assert again.pk == failed.pk and _status(failed, 2021) == BrandStatus.SUBMITTED


def test_a_recheck_refuses_brands_that_were_not_recognised_last_year(committee_staff, org_a):
    brand = _apply(committee_staff, org_a, "红色税苑")
    with pytest.raises(DomainError):
        services.brand_recheck(actor=committee_staff, year=2020, decisions={brand.pk: "keep"})


def test_applying_twice_for_a_decided_year_is_refused(committee_staff, org_a):
    brand = _apply(committee_staff, org_a, "红色税苑")
    services.brand_review(actor=committee_staff, brand=brand, year=2019, status=BrandStatus.EXITED)
    with pytest.raises(DomainError, match="不能重复申报"):
        _apply(committee_staff, org_a, "红色税苑")


def test_the_recheck_page_keeps_and_exits_in_one_form(staff_client, committee_staff, org_a, org_b):
    kept, gone = _apply(committee_staff, org_a, "红色税苑"), _apply(committee_staff, org_b, "阳光财政")
    for brand in (kept, gone):
        services.brand_review(actor=committee_staff, brand=brand, year=2019, status=BrandStatus.RECOGNISED)
    page = staff_client.get("/activities/brands/recheck/2020/")
    assert page.status_code == 200 and "红色税苑" in page.content.decode()
    response = staff_client.post(
        "/activities/brands/recheck/2020/",
        {f"decision_{kept.pk}": "keep", f"decision_{gone.pk}": "exit", f"note_{gone.pk}": "复核不合格"},
    )
    assert response.status_code == 302
    assert _status(kept, 2020) == BrandStatus.RECOGNISED
    assert BrandYear.objects.get(brand=gone, year=2020).note == "复核不合格"


def test_secretaries_see_only_their_orgs_brands(sec_a_client, secretary_b, committee_staff, org_a, org_b):
    own, other = _apply(committee_staff, org_a, "红色税苑"), _apply(committee_staff, org_b, "阳光财政")
    page = sec_a_client.get("/activities/brands/").content.decode()
    assert "红色税苑" in page and "阳光财政" not in page
    assert sec_a_client.get(f"/activities/brands/{other.pk}/").status_code == 404
    assert sec_a_client.get(f"/activities/brands/{own.pk}/").status_code == 200
    assert sec_a_client.get(f"/activities/brands/{own.pk}/review/").status_code == 403


def test_the_apply_page_makes_a_submitted_brand(sec_a_client, org_a):
    response = sec_a_client.post(
        "/activities/brands/apply/",
        {
            "organization": org_a.pk,
            "year": 2020,
            "name": "红色税苑",
            "slogan": "诚信纳税",
            "work_tie": "征管",
        },
    )
    assert response.status_code == 302
    brand = Brand.objects.get(name="红色税苑")
    assert brand.organization == org_a and _status(brand, 2020) == BrandStatus.SUBMITTED


def test_the_list_filters_by_year_and_status_in_constant_queries(staff_client, committee_staff, root_org):
    def fill(n):
        for i in range(n):
            org = make_org(root_org, f"中共测试单位{n}-{i}支部委员会", short_name=f"测试{n}-{i}")
            brand = _apply(committee_staff, org, f"品牌{n}-{i}")
            services.brand_review(
                actor=committee_staff,
                brand=brand,
                year=2019,
                status=BrandStatus.RECOGNISED if i % 2 else BrandStatus.EXITED,
            )

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = staff_client.get("/activities/brands/?year=2019&status=recognised")
        assert response.status_code == 200
        return len(queries), response.content.decode()

    fill(2)
    few, _page = count()
    fill(8)
    many, page = count()
    assert many == few
    assert "品牌8-1" in page and "品牌8-2" not in page  # recognised only


def test_the_list_exports_excel(staff_client, committee_staff, org_a):
    _apply(committee_staff, org_a, "红色税苑")
    response = staff_client.get("/activities/brands/?export=xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")


def test_the_api_lists_brands_with_history_and_staff_review(
    staff_api, secretary_b_api, committee_staff, org_a
):
    brand = _apply(committee_staff, org_a, "红色税苑")
    response = staff_api.post(
        f"/api/v1/activities/brands/{brand.pk}/review/", {"year": 2019, "status": "recognised"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["years"][0]["status"] == "recognised"
    listed = staff_api.get("/api/v1/activities/brands/?year=2019&status=recognised").json()
    assert [row["name"] for row in listed["results"]] == ["红色税苑"]
    assert secretary_b_api.get(f"/api/v1/activities/brands/{brand.pk}/").status_code == 404


def test_the_api_applies_for_a_brand(secretary_a_api, org_a, org_b):
    response = secretary_a_api.post(
        "/api/v1/activities/brands/",
        {"organization": org_a.pk, "year": 2020, "name": "红色税苑", "slogan": "诚信纳税"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["latest_status"] == "submitted"
    refused = secretary_a_api.post(
        "/api/v1/activities/brands/", {"organization": org_b.pk, "year": 2020, "name": "X"}, format="json"
    )
    assert refused.status_code == 400


def test_the_annual_account_counts_the_years_rows(staff_api, secretary_b_api, committee_staff, org_a, org_b):
    a1, a2, a3 = (_apply(committee_staff, org_a, n, year=2020) for n in ("甲", "乙", "丙"))
    b1 = _apply(committee_staff, org_b, "丁", year=2020)
    services.brand_review(actor=committee_staff, brand=a1, year=2020, status=BrandStatus.RECOGNISED)
    services.brand_review(actor=committee_staff, brand=a2, year=2020, status=BrandStatus.EXITED)
    services.brand_review(actor=committee_staff, brand=b1, year=2020, status=BrandStatus.RECOGNISED)
    _apply(committee_staff, org_a, "戊", year=2019)  # another year
    figures = staff_api.get("/api/v1/reports/annual/2020/").json()["brands"]
    assert figures == {"submitted": 3, "recognised": 2, "exited": 1}  # a3 submitted, a1 and b1 recognised
    mine = secretary_b_api.get("/api/v1/reports/annual/2020/").json()["brands"]
    assert mine == {"submitted": 1, "recognised": 1, "exited": 0}
    assert a3


def test_the_home_card_shows_staff_the_brands_waiting_for_this_years_recheck(
    staff_client, committee_staff, org_a
):
    from django.utils import timezone

    year = timezone.localdate().year
    brand = _apply(committee_staff, org_a, "红色税苑", year=year - 1)
    services.brand_review(actor=committee_staff, brand=brand, year=year - 1, status=BrandStatus.RECOGNISED)
    page = staff_client.get("/").content.decode()
    assert 'data-home="brands"' in page and "待复核 1 个" in page
