from django.utils.translation import gettext_lazy

from accounts.imports.command import LegacyImportCommand
from accounts.imports.organizations import OrganizationResource


class Command(LegacyImportCommand):
    help = "从历史 Excel（党组织信息表）导入党组织；全部正确才写入。"
    resource_class = OrganizationResource
    what = gettext_lazy("党组织")
