from django.utils.translation import gettext_lazy

from accounts.imports.command import LegacyImportCommand
from accounts.imports.members import MemberResource


class Command(LegacyImportCommand):
    help = "从历史 Excel（党员花名册）导入党员；身份证号只保存脱敏形式和密钥哈希，全部正确才写入。"
    resource_class = MemberResource
    what = gettext_lazy("党员")
