"""Summary tables the services keep in step with the assignments and records (per org, per top org)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization

from .plans import Item


class RollupCounts(models.Model):
    """What both summary tables hold for a key: how many assignments, by the state of their record."""

    # Derived rows, rebuilt at will: no foreign-key check or extra index to slow a rebuild.
    item = models.ForeignKey(
        Item,
        verbose_name=_("大项工作"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    period = models.CharField(_("期间"), max_length=8)
    due_date = models.DateField(_("截止日期"))
    total = models.IntegerField(_("应完成"), default=0)
    unsubmitted = models.IntegerField(_("未提交"), default=0)
    submitted = models.IntegerField(_("待审核"), default=0)
    returned = models.IntegerField(_("已退回"), default=0)
    accepted = models.IntegerField(_("已通过"), default=0)
    on_time = models.IntegerField(_("按时"), default=0)
    late = models.IntegerField(_("逾期提交"), default=0)
    # Bumped by every change: the summaries API's ETag is made of these (and the count of rows).
    version = models.BigIntegerField(_("版本"), default=0)
    updated_at = models.DateTimeField(_("更新时间"))

    class Meta:
        abstract = True


class AssignmentRollup(RollupCounts):
    """Counts of assignments per (org, item, period, due date) by record state: what summaries read.

    Kept by ledger.services.rollup in the same transaction as every write that changes an assignment
    or its record; `manage.py rebuild_rollup` recomputes it from scratch. Nothing here depends on
    "today": the summary splits due dates before and after today when it reads.
    """

    # Derived rows, rebuilt at will: no foreign-key checks or extra indexes to slow a rebuild (Django still
    # deletes an item's or org's rows with it).
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("责任组织"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )

    class Meta:
        verbose_name = _("台账汇总")
        verbose_name_plural = _("台账汇总")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "item", "period", "due_date"], name="rollup_unique_key"
            )
        ]
        # The unique key serves the writers' upserts; committee-wide summaries read TopOrgRollup. One
        # partial index, over the rows with work not done, counts the orgs with overdue work (staff home).
        indexes = [
            models.Index(
                fields=["due_date", "organization"],
                name="rollup_not_done",
                condition=models.Q(unsubmitted__gt=0) | models.Q(returned__gt=0),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization_id}/{self.item_id}/{self.period}/{self.due_date}: {self.total}"


class TopOrgRollup(RollupCounts):
    """AssignmentRollup summed per top-level org: what committee-wide summaries read.

    A top-level org is one directly under the committee (a 机关党委, a 党总支 …) together with everything
    below it; the committee's own assignments count under the committee. 20,000 orgs fold into a few
    hundred rows per item and period, so a summary of the whole city reads thousands of rows, not
    hundreds of thousands. Kept by ledger.services.rollup in the same writes as AssignmentRollup;
    rebuilt from it (for the tops concerned) when an org moves to another top-level org.
    """

    top = models.ForeignKey(
        Organization,
        verbose_name=_("二级党组织"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )

    class Meta:
        verbose_name = _("台账汇总（按二级党组织）")
        verbose_name_plural = _("台账汇总（按二级党组织）")
        constraints = [
            models.UniqueConstraint(
                fields=["top", "item", "period", "due_date"], name="top_rollup_unique_key"
            )
        ]
        indexes = [models.Index(fields=["due_date"], name="top_rollup_due")]

    def __str__(self) -> str:
        return f"{self.top_id}/{self.item_id}/{self.period}/{self.due_date}: {self.total}"
