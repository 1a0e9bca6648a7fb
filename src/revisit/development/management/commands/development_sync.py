from django.core.management.base import BaseCommand, CommandError

from revisit.accounts.models import Office
from revisit.development.services.opportunities import opportunities_link_policies
from revisit.development.services.prospects import prospects_convert


class Command(BaseCommand):
    help = (
        "Link signed opportunities to the policies they became and turn "
        "prospects who now appear in the book into customers. Run it after each "
        "import. Safe to run again: nothing is linked or converted twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--office", metavar="CODE", help="Only this sales office (its code)."
        )

    def handle(self, *args, office=None, **options):
        offices = Office.objects.order_by("code")
        if office:
            offices = offices.filter(code=office)
            if not offices.exists():
                raise CommandError(f"Sales office {office!r} not found.")
        for each in offices:
            linked = opportunities_link_policies(office_id=each.pk)
            converted = prospects_convert(office_id=each.pk)
            self.stdout.write(
                f"{each.code}: {linked} opportunities linked to policies, "
                f"{converted} prospects became customers"
            )
