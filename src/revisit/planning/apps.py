from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "revisit.planning"
    verbose_name = _("Weekly planning")

    def ready(self) -> None:
        from revisit.outreach.signals import contact_saved
        from revisit.planning.receivers import tick_planned_action

        contact_saved.connect(tick_planned_action, dispatch_uid="planning.tick_action")
