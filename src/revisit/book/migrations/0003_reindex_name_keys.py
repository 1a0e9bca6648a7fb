"""Recompute pinyin search keys now that surnames use their surname reading."""

from django.db import migrations

from revisit.book.naming import name_search_keys

BATCH = 2000


def reindex(apps, schema_editor):
    Customer = apps.get_model("book", "Customer")
    changed = []
    rows = Customer.objects.only("pk", "full_name", "name_pinyin", "name_initials")
    for customer in rows.iterator(chunk_size=BATCH):
        pinyin, initials = name_search_keys(customer.full_name)
        if (pinyin, initials) != (customer.name_pinyin, customer.name_initials):
            customer.name_pinyin, customer.name_initials = pinyin, initials
            changed.append(customer)
        if len(changed) >= BATCH:
            Customer.objects.bulk_update(changed, ["name_pinyin", "name_initials"])
            changed = []
    Customer.objects.bulk_update(changed, ["name_pinyin", "name_initials"])


class Migration(migrations.Migration):
    dependencies = [("book", "0002_product_catalogue_fields")]

    operations = [migrations.RunPython(reindex, migrations.RunPython.noop)]
