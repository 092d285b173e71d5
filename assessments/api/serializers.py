"""The year-end account's JSON (CONTRACT.md): explicit fields, so the OpenAPI schema is the contract."""

from __future__ import annotations

from rest_framework import serializers


def _counts(name: str, *keys: str, doc: str = "") -> type[serializers.Serializer]:
    fields = {key: serializers.IntegerField(min_value=0) for key in keys}
    return type(name, (serializers.Serializer,), {**fields, "__doc__": doc or name})


LedgerAccount = _counts(
    "LedgerAccount", "items", "tasks", "assignments", "on_time", "late", "missing", doc="台账"
)
VettingAccount = _counts(
    "VettingAccount", "units", "candidates", "people_interviewed", "approved", doc="审批前考察"
)
ReminderTalksAccount = _counts("ReminderTalksAccount", "talks", "rectifications", "closed", doc="提醒约谈")
DebriefsAccount = _counts("DebriefsAccount", "secretaries", "sessions", doc="述职评议")
ServicePostsAccount = _counts("ServicePostsAccount", "posts", "model_posts", doc="服务监督岗")
FeedbackAccount = _counts("FeedbackAccount", "praise", "complaints", doc="群众评价")
ServiceDaysAccount = _counts("ServiceDaysAccount", "held", "attendance", "orgs_every_month", doc="党员服务日")
ForumSelectionAccount = _counts(
    "ForumSelectionAccount", "nominated", "selected", "awarded", doc="工委主题讲坛评选"
)
DoubleTopTenAccount = _counts("DoubleTopTenAccount", "sections", "stars", doc="双十佳")
BrandsAccount = _counts("BrandsAccount", "submitted", "recognised", "exited", doc="支部品牌")
VolunteersAccount = _counts("VolunteersAccount", "teams", "activities", doc="志愿服务")
MeetingsAccount = _counts("MeetingsAccount", "held", "attendance", doc="三会一课")


class ForumsAccount(serializers.Serializer):
    """主题讲坛"""

    held = serializers.IntegerField(min_value=0)
    attendance = serializers.IntegerField(min_value=0)
    committee = ForumSelectionAccount()


class PairingAccount(serializers.Serializer):
    """扶贫结对帮扶 (money in yuan, a JSON number with at most 2 decimals)"""

    orgs = serializers.IntegerField(min_value=0)
    members = serializers.IntegerField(min_value=0)
    households = serializers.IntegerField(min_value=0)
    people = serializers.IntegerField(min_value=0)
    visits = serializers.IntegerField(min_value=0)
    funds_yuan = serializers.FloatField(min_value=0)
    goods_yuan = serializers.FloatField(min_value=0)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        for key in ("funds_yuan", "goods_yuan"):
            data[key] = round(float(data[key]), 2)
        return data


class SelectionsAccount(serializers.Serializer):
    """评选"""

    double_top_ten = DoubleTopTenAccount()


class AnnualAccountSerializer(serializers.Serializer):
    """年度总账：工委一年的工作数字（各项定义见 CONTRACT.md）。"""

    year = serializers.IntegerField()
    ledger = LedgerAccount()
    vetting = VettingAccount()
    appointment_talks = serializers.IntegerField(min_value=0)
    bulletins = serializers.IntegerField(min_value=0)
    reminder_talks = ReminderTalksAccount()
    letters = serializers.IntegerField(min_value=0)
    debriefs = DebriefsAccount()
    archives = serializers.IntegerField(min_value=0)
    service_posts = ServicePostsAccount()
    feedback = FeedbackAccount()
    service_days = ServiceDaysAccount()
    forums = ForumsAccount()
    pairing = PairingAccount()
    selections = SelectionsAccount()
    brands = BrandsAccount()
    volunteers = VolunteersAccount()
    meetings = MeetingsAccount()
