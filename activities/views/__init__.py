from .imports import import_confirm, import_template, import_upload
from .talks import talk_create, talk_edit, talk_list, talks_due
from .vetting import vetting_conclude, vetting_create, vetting_detail, vetting_edit, vetting_list

__all__ = [
    "import_confirm",
    "import_template",
    "import_upload",
    "talk_create",
    "talk_edit",
    "talk_list",
    "talks_due",
    "vetting_conclude",
    "vetting_create",
    "vetting_detail",
    "vetting_edit",
    "vetting_list",
]
