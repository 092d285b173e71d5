from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.imports.command import LegacyImportCommand
from accounts.imports.organizations import OrganizationResource
from accounts.names import OrganizationNames


class Command(LegacyImportCommand):
    help = "从历史 Excel（党组织信息表）导入党组织；全部正确才写入。"
    resource_class = OrganizationResource
    what = gettext_lazy("党组织")

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--parent",
            help=_(
                "上级党组织（全称、简称、别名或单位名称）：文件中没有填写上级的党组织都放在它下面；"
                "不指定时，没有“上级党组织”列的文件放在工委下面"
            ),
        )

    def resource_kwargs(self, options: dict) -> dict:
        if not options.get("parent"):
            return {}
        try:
            parent = OrganizationNames.load().resolve(options["parent"], what=_("上级党组织"))
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        return {"parent": parent}
