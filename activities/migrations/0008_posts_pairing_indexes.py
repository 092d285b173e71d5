# Indexes of the 服务监督岗 feedback list and counts and of the 扶贫结对 lists and totals (perf-posts).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('activities', '0007_join_perf'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='household',
            name='household_village_head',
        ),
        migrations.RemoveIndex(
            model_name='visit',
            name='visit_day',
        ),
        migrations.AddIndex(
            model_name='feedback',
            index=models.Index(models.Case(models.When(state='open', then=models.Value(0)), models.When(state='answered', then=models.Value(1)), default=models.Value(2), output_field=models.IntegerField()), models.OrderBy(models.F('created_at'), descending=True), models.OrderBy(models.F('id'), descending=True), include=('state',), name='feedback_open_first'),
        ),
        migrations.AddIndex(
            model_name='feedback',
            index=models.Index(fields=['state', '-created_at', '-id'], name='feedback_state_new'),
        ),
        migrations.AddIndex(
            model_name='feedback',
            index=models.Index(fields=['created_at'], include=('post', 'kind', 'state'), name='feedback_day_cover'),
        ),
        migrations.AddIndex(
            model_name='household',
            index=models.Index(fields=['village', 'head_name', 'id'], name='household_village_head_pk'),
        ),
        migrations.AddIndex(
            model_name='servicepost',
            index=models.Index(fields=['id'], include=('organization',), name='service_post_org_cover'),
        ),
        migrations.AddIndex(
            model_name='visit',
            index=models.Index(fields=['visited_on'], include=('funds', 'goods'), name='visit_day_money'),
        ),
    ]
