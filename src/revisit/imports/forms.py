"""Forms of the import screens: upload, header mapping and code tables."""

from pathlib import PurePath

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from revisit.accounts.models import User
from revisit.imports.mapping import IGNORE, PreviewColumn, field_label
from revisit.imports.selectors import default_agent_choices_for
from revisit.imports.uploads import ALLOWED_SUFFIXES


class AgentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.agent_code} {obj.display_name}"


class ImportUploadForm(forms.Form):
    """The extract and how to import it; the agent choice depends on the role.

    Office managers may leave the agent empty. A supervisor imports for one
    agent of their team at a time, so the choice is required for them and
    rows naming any other agent are rejected. Agents import their own book
    and see no choice.
    """

    error_messages = {
        "file_type": _("%(name)s is not an .xlsx, .xls or .csv file."),
        "file_empty": _("%(name)s is empty."),
        "file_too_large": _(
            "%(name)s is %(size)s; the limit is %(limit)s. Split the extract "
            "into smaller files, or ask your administrator to import it with "
            "the revisit import command."
        ),
    }

    file = forms.FileField(
        label=_("Extract file"),
        help_text=_("The policy extract as .xlsx, .xls or .csv (UTF-8 or GBK)."),
    )
    strict = forms.BooleanField(
        label=_("Strict: import nothing unless every row is valid"),
        required=False,
        help_text=_(
            "Without this, the valid rows are imported and the rejected rows "
            "are listed for you to fix and import again."
        ),
    )
    default_agent = AgentChoiceField(
        label=_("Agent for rows without one"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("None (the file must give every row's agent code)"),
        help_text=_("Rows that name an agent go to that agent."),
    )

    def __init__(self, *args, user: User, **kwargs):
        # Django's default label suffix is an ASCII colon, which reads wrong
        # after a Chinese label, so it is dropped as in the other apps' forms.
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.user = user
        if user.is_agent:
            del self.fields["default_agent"]
            return

        agent_field = self.fields["default_agent"]
        agent_field.queryset = default_agent_choices_for(user)
        if user.is_supervisor:
            agent_field.required = True
            agent_field.label = _("Agent")
            agent_field.empty_label = None
            agent_field.help_text = _(
                "Import for one agent of your team at a time: rows without an "
                "agent go to this agent, rows naming another agent are rejected."
            )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = PurePath(upload.name.replace("\\", "/")).name
        params = {"name": name}
        if PurePath(name).suffix.lower() not in ALLOWED_SUFFIXES:
            raise forms.ValidationError(
                self.error_messages["file_type"], code="file_type", params=params
            )
        if upload.size == 0:
            raise forms.ValidationError(
                self.error_messages["file_empty"], code="file_empty", params=params
            )
        limit = settings.REVISIT_IMPORT_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                self.error_messages["file_too_large"],
                code="file_too_large",
                params={
                    **params,
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(limit),
                },
            )
        return upload

    @property
    def only_agent(self) -> User | None:
        """Return the one agent whose rows this import may write, if limited."""
        if self.user.is_agent:
            return self.user
        if self.user.is_supervisor:
            return self.cleaned_data["default_agent"]
        return None

    @property
    def default_agent_code(self) -> str:
        if self.user.is_agent:
            return self.user.agent_code
        agent = self.cleaned_data.get("default_agent")
        return agent.agent_code if agent else ""


class HeaderMappingForm(forms.Form):
    """One select per unknown header: a pipeline field, or ignore the column."""

    error_messages = {
        "duplicate": _("%(field)s is chosen for more than one column: %(headers)s."),
        "taken": _("%(field)s is already read from the column %(header)s."),
        "missing": _("The file has no column for: %(fields)s."),
    }

    def __init__(
        self,
        *args,
        unknown: list[PreviewColumn],
        known: list[PreviewColumn],
        field_choices: list[tuple[str, str]],
        required_fields: list[str],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.unknown = unknown
        self.known = known
        self.required_fields = required_fields
        # The empty choice comes first, so a column is ignored unless chosen.
        choices = [("", _("Ignore this column")), *field_choices]
        for column in unknown:
            self.fields[self.field_name(column)] = forms.ChoiceField(
                label=column.header, choices=choices, required=False
            )

    @staticmethod
    def field_name(column: PreviewColumn) -> str:
        return f"column_{column.index}"

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned

        chosen: dict[str, list[str]] = {}
        for column in self.unknown:
            field = cleaned[self.field_name(column)]
            if field:
                chosen.setdefault(field, []).append(column.header)
        known = {column.field: column.header for column in self.known}

        for field, headers in chosen.items():
            if len(headers) > 1:
                self.add_error(
                    None,
                    forms.ValidationError(
                        self.error_messages["duplicate"],
                        code="duplicate",
                        params={
                            "field": field_label(field),
                            "headers": ", ".join(headers),
                        },
                    ),
                )
            elif field in known:
                self.add_error(
                    None,
                    forms.ValidationError(
                        self.error_messages["taken"],
                        code="taken",
                        params={"field": field_label(field), "header": known[field]},
                    ),
                )

        missing = [
            field
            for field in self.required_fields
            if field not in known and field not in chosen
        ]
        if missing:
            self.add_error(
                None,
                forms.ValidationError(
                    self.error_messages["missing"],
                    code="missing",
                    params={
                        "fields": ", ".join(field_label(field) for field in missing)
                    },
                ),
            )
        return cleaned

    @property
    def header_map(self) -> dict[str, str]:
        """Return {header: field or IGNORE} for the unknown headers."""
        return {
            column.key: self.cleaned_data[self.field_name(column)] or IGNORE
            for column in self.unknown
        }


class CodeRowForm(forms.Form):
    code = forms.CharField(label=_("Code in the file"), max_length=50, required=False)
    value = forms.ChoiceField(label=_("Meaning"), required=False)

    def __init__(self, *args, value_choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["value"].choices = [("", "---------"), *value_choices]

    def clean(self):
        cleaned = super().clean()
        code = (cleaned.get("code") or "").strip()
        cleaned["code"] = code
        if code and not cleaned.get("value"):
            self.add_error(
                "value",
                forms.ValidationError(
                    _("Choose what %(code)s means."),
                    code="meaning_missing",
                    params={"code": code},
                ),
            )
        return cleaned


class BaseCodeTableFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            code = form.cleaned_data.get("code")
            if not code:
                continue
            if code in seen:
                raise forms.ValidationError(
                    _("The code %(code)s is listed twice."),
                    code="duplicate_code",
                    params={"code": code},
                )
            seen.add(code)

    @property
    def table(self) -> dict[str, str]:
        return {
            form.cleaned_data["code"]: form.cleaned_data["value"]
            for form in self.forms
            if form.cleaned_data.get("code")
        }


CodeTableFormSet = forms.formset_factory(
    CodeRowForm, formset=BaseCodeTableFormSet, extra=3, max_num=200
)
