"""Evidence quotas (finding 9): per submission and per org per year, checked before any file is stored.

Each refusal says the limit, what was sent and what to do. The limits are settings
(PARTYBUILD_EVIDENCE_MAX_FILES, PARTYBUILD_EVIDENCE_MAX_REQUEST_BYTES, PARTYBUILD_EVIDENCE_ORG_YEAR_BYTES).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organization
from partybuild.exceptions import DomainError
from partybuild.storage import size_text

from ..models import Attachment


def attachments_check_request(files: Sequence[UploadedFile]) -> None:
    """One submission carries at most EVIDENCE_MAX_FILES files of EVIDENCE_MAX_REQUEST_BYTES in total."""
    count, limit = len(files), settings.EVIDENCE_MAX_FILES
    if count > limit:
        raise DomainError(
            _(
                "本次提交附带了 %(count)d 个文件，超过每次最多 %(limit)d 个的上限，未保存任何内容；"
                "请删去部分文件后重新提交，材料较多时可先提交，再通过“修改记录”分批补充"
            )
            % {"count": count, "limit": limit},
            field="files",
        )
    total, limit = sum(file.size or 0 for file in files), settings.EVIDENCE_MAX_REQUEST_BYTES
    if total > limit:
        raise DomainError(
            _(
                "本次提交的文件共 %(sent)s，超过每次 %(limit)s 的上限，未保存任何内容；"
                "请压缩图片或减少文件后重新提交，或通过“修改记录”分几次补充上传"
            )
            % {"sent": size_text(total), "limit": size_text(limit)},
            field="files",
        )


def evidence_bytes_used(organization: Organization, year: int) -> int:
    """Evidence bytes an org uploaded in a calendar year (Asia/Shanghai) that storage still holds.

    Evidence removed from a record stays in storage for the history (the audit trail), so it counts too.
    """
    current = Attachment.objects.filter(record__assignment__organization=organization, uploaded_at__year=year)
    removed = Attachment.history.filter(
        history_type="-", record__assignment__organization=organization, uploaded_at__year=year
    )
    return sum(qs.aggregate(total=Sum("size"))["total"] or 0 for qs in (current, removed))


def evidence_check_org_quota(organization: Organization, files: Sequence[UploadedFile]) -> None:
    """Refuse files that would take the org past EVIDENCE_ORG_YEAR_BYTES this year (0: no limit).

    Call inside the writing transaction: the org row is locked so two submissions cannot both slip
    under the limit.
    """
    limit = settings.EVIDENCE_ORG_YEAR_BYTES
    sent = sum(file.size or 0 for file in files)
    if not limit or not sent:
        return
    Organization.objects.select_for_update().filter(pk=organization.pk).values_list("pk").first()
    year = timezone.localtime().year
    used = evidence_bytes_used(organization, year)
    if used + sent > limit:
        raise DomainError(
            _(
                "“%(org)s”%(year)d年已上传佐证材料 %(used)s，本次 %(sent)s，合计将超过每个党组织每年 "
                "%(limit)s 的上限，未保存任何内容；请压缩图片、删去重复材料后重新提交，确需更多空间请联系工委"
            )
            % {
                "org": organization,
                "year": year,
                "used": size_text(used),
                "sent": size_text(sent),
                "limit": size_text(limit),
            },
            field="files",
        )
