"""The 下载模板 → 上传 → 预览 → 确认 flow from the bulletin, reminder-talk and debrief-session list pages."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from activities.models import Bulletin, ReminderTalk

pytestmark = pytest.mark.django_db

LIST_PAGES = {
    "bulletin": "bulletins:bulletin_list",
    "reminder_talk": "bulletins:talk_list",
    "debrief": "scoring:session_list",
}


@pytest.mark.parametrize("kind", sorted(LIST_PAGES))
def test_each_list_page_offers_its_template_and_import_to_staff_only(kind, staff_client, sec_a_client):
    upload_url = reverse("activities:import_upload", args=[kind])
    template_url = reverse("activities:import_template", args=[kind])
    html = staff_client.get(reverse(LIST_PAGES[kind])).content.decode()
    assert upload_url in html and template_url in html
    assert upload_url not in sec_a_client.get(reverse(LIST_PAGES[kind])).content.decode()
    assert sec_a_client.get(upload_url).status_code == 403
    template = staff_client.get(template_url)
    assert template.status_code == 200
    assert "填表说明" in load_workbook(io.BytesIO(template.content)).sheetnames


def _upload(headers, rows, name):
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = name
    return buffer


def test_a_bulletin_file_is_previewed_then_written_on_confirmation_and_back_on_the_list(
    staff_client, org_a, private_root
):
    headers = ["期号", "日期", "类型", "标题", "涉及党组织", "表扬/提醒/批评"]
    preview = staff_client.post(
        reverse("activities:import_upload", args=["bulletin"]),
        {
            "file": _upload(
                headers, [[5, "2019-05-06", "通报", "关于逾期的通报", "市税务局", "提醒"]], "通报.xlsx"
            )
        },
    )
    html = preview.content.decode()
    assert "新增 1" in html and "2019年第5期" in html
    assert not Bulletin.objects.exists()
    token = html.split('name="token" value="')[1].split('"')[0]
    confirmed = staff_client.post(reverse("activities:import_confirm", args=["bulletin"]), {"token": token})
    assert confirmed.status_code == 302 and confirmed.url == reverse("bulletins:bulletin_list")
    assert Bulletin.objects.get().title == "关于逾期的通报"


def test_a_bad_reminder_talk_upload_lists_its_problems_and_offers_no_confirmation(
    staff_client, org_a, private_root
):
    headers = ["约谈日期", "党组织", "书记", "约谈原因", "约谈人", "整改事项", "整改期限"]
    response = staff_client.post(
        reverse("activities:import_upload", args=["reminder_talk"]),
        {
            "file": _upload(
                headers, [["2019-06-10", "市税务局", "张三", "整改缓慢", "组织委员", "补齐记录"]], "约谈.xlsx"
            )
        },
    )
    html = response.content.decode()
    assert "工作表“Sheet”第2行第G列(整改期限)" in html
    assert "data-import-confirm" not in html
    assert not ReminderTalk.objects.exists()
