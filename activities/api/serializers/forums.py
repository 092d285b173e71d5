"""Explicit field lists of 主题讲坛, 评选 and 评选人选. Serializers validate; the services write."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.api.serializers import ScopedOrganizationField
from accounts.models import Member
from accounts.selectors import members_visible_to

from ...models import Candidate, CandidateStage, Forum, Selection, SelectionCategory


class _ScopedMemberField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {
        "does_not_exist": _("党员（id={pk_value}）不存在或不在您的管辖范围内。"),
        "incorrect_type": _("党员应填写数字 id，收到的是 {data_type}。"),
    }
    queryset = Member.objects.none()

    def get_queryset(self):
        request = self.context.get("request")
        return members_visible_to(request.user) if request else Member.objects.none()


class ForumSerializer(serializers.ModelSerializer):
    organization = ScopedOrganizationField(help_text=_("主办党组织 id"))
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    co_organizations = ScopedOrganizationField(
        many=True, required=False, write_only=True, help_text=_("联合举办的其他党组织 id")
    )
    organizations = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text=_("举办党组织 id（含主办）")
    )
    speakers = _ScopedMemberField(many=True, required=False, help_text=_("主讲党员 id"))
    attendees = _ScopedMemberField(many=True, required=False, help_text=_("参加党员 id（可选）"))
    speaker_names = serializers.CharField(
        max_length=200, required=False, allow_blank=True, help_text=_("主讲人（含不在名册中的），以“、”分隔")
    )
    ledger_activity_kind = serializers.CharField(read_only=True)

    class Meta:
        model = Forum
        fields = [
            "id",
            "organization",
            "organization_name",
            "organizations",
            "co_organizations",
            "held_on",
            "topic",
            "speaker_names",
            "speakers",
            "attendance",
            "attendees",
            "venue",
            "content",
            "ledger_activity_kind",
            "created_at",
        ]
        read_only_fields = ["created_at"]

    def validate(self, attrs):
        if (
            self.instance is None
            and not attrs.get("speakers")
            and not (attrs.get("speaker_names") or "").strip()
        ):
            raise serializers.ValidationError({"speakers": _("请选择主讲党员或填写主讲人")})
        host = attrs.get("organization")
        if self.instance is not None and host is not None and host.pk != self.instance.organization_id:
            raise serializers.ValidationError({"organization": _("主办党组织登记后不能更改")})
        return attrs


class SelectionCategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = SelectionCategory
        fields = ["id", "seq", "name", "quota"]


class SelectionSerializer(serializers.ModelSerializer):
    categories = SelectionCategorySerializer(many=True, read_only=True)
    category_names = serializers.ListField(
        child=serializers.CharField(max_length=50), required=False, write_only=True, help_text=_("类别名称")
    )
    kind = serializers.ChoiceField(
        choices=Selection._meta.get_field("kind").choices, required=False, help_text=_("不填时按名称判断")
    )
    nominated = serializers.IntegerField(read_only=True)
    selected = serializers.IntegerField(read_only=True)
    awarded = serializers.IntegerField(read_only=True)

    class Meta:
        model = Selection
        fields = [
            "id",
            "year",
            "name",
            "kind",
            "description",
            "nominate_from",
            "nominate_until",
            "categories",
            "category_names",
            "nominated",
            "selected",
            "awarded",
        ]


class CandidateSerializer(serializers.ModelSerializer):
    selection = serializers.PrimaryKeyRelatedField(queryset=Selection.objects.all())
    organization = ScopedOrganizationField(help_text=_("推荐党组织 id"))
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    category = serializers.PrimaryKeyRelatedField(
        queryset=SelectionCategory.objects.all(), required=False, allow_null=True
    )
    category_name = serializers.CharField(source="category.name", read_only=True, default="")
    member = _ScopedMemberField(required=False, allow_null=True)
    stage = serializers.ChoiceField(choices=CandidateStage.choices, read_only=True)
    score = serializers.DecimalField(max_digits=7, decimal_places=2, read_only=True, allow_null=True)
    round_score = serializers.DecimalField(
        max_digits=7, decimal_places=2, read_only=True, allow_null=True, help_text=_("最近一轮现场评分得分")
    )
    round_rank = serializers.IntegerField(
        read_only=True, allow_null=True, help_text=_("最近一轮现场评分名次")
    )
    name = serializers.CharField(max_length=100, required=False, allow_blank=True)

    class Meta:
        model = Candidate
        fields = [
            "id",
            "selection",
            "category",
            "category_name",
            "name",
            "organization",
            "organization_name",
            "member",
            "deeds",
            "stage",
            "score",
            "round_score",
            "round_rank",
            "created_at",
        ]
        read_only_fields = ["created_at"]

    def validate(self, attrs):
        if (
            self.instance is not None
            and "selection" in attrs
            and attrs["selection"].pk != self.instance.selection_id
        ):
            raise serializers.ValidationError({"selection": _("人选所属评选不能更改")})
        return attrs


class PromoteSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(
        choices=[(CandidateStage.SELECTED, _("入选")), (CandidateStage.AWARDED, _("表彰"))],
        help_text=_("确定为入选或表彰（只能从上一阶段前进一步）"),
    )
