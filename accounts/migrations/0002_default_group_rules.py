from django.db import migrations

# The fixed phrases of legacy ledgers (DOMAIN.md) and the org kinds each stands for.
GROUND = ["organ_committee", "general_branch", "branch"]
RULES = [
    ("各基层党组织", GROUND, False, "所有基层党组织：机关党委、党总支、党支部"),
    ("各基层党支部", ["branch"], False, "所有党支部"),
    ("各党组(党委)", ["organ_committee"], False, "各单位党组（党委）及机关党委"),
    ("各党组（党委）", ["organ_committee"], False, "同“各党组(党委)”，全角括号写法"),
    ("各机关事业单位党组织", GROUND, True, "有所在单位的基层党组织"),
    ("各基层党组织书记", GROUND, False, "所有基层党组织（由其书记负责）"),
]


def add_rules(apps, schema_editor):
    rule_model = apps.get_model("accounts", "OrgGroupRule")
    for phrase, kinds, unit_required, description in RULES:
        rule_model.objects.get_or_create(
            phrase=phrase, defaults={"kinds": kinds, "unit_required": unit_required, "description": description}
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(add_rules, migrations.RunPython.noop)]
