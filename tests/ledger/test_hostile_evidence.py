"""An executable renamed as evidence (.jpg, .pdf, .xlsx, .docx) is refused on the page and the API; nothing
is stored."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ledger.models import Attachment, Record
from tests import hostile


@pytest.mark.parametrize("name", ["现场照片.jpg", "会议纪要.pdf", "台账.xlsx", "签到表.docx"])
def test_an_executable_renamed_as_evidence_is_refused_on_the_page_and_the_api(
    sec_a_client, secretary_a_api, assignment_a, name
):
    before = (Record.objects.count(), Attachment.objects.count())
    page = sec_a_client.post(
        f"/ledger/assignments/{assignment_a.pk}/submit/",
        {
            "content": "学习",
            "done_on": "2020-03-05",
            "attachments": SimpleUploadedFile(name, hostile.EXECUTABLE),
        },
    )
    assert "内容与扩展名" in page.content.decode()
    api = secretary_a_api.post(
        "/api/v1/ledger/records/",
        {
            "assignment": assignment_a.pk,
            "content": "学习",
            "done_on": "2020-03-05",
            "files": [SimpleUploadedFile(name, hostile.EXECUTABLE)],
        },
        format="multipart",
    )
    assert api.status_code == 400 and "内容与扩展名" in str(api.json())
    assert (Record.objects.count(), Attachment.objects.count()) == before
