"""The office's product catalogue and needs-analysis settings (managers edit)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from revisit.book.models import Product
from revisit.development.forms import ProductForm, SettingsForm
from revisit.development.models import DevelopmentSettings
from revisit.development.selectors.scope import product_for, require_manager
from revisit.development.services.catalogue import (
    development_settings_save,
    product_create,
    product_update,
)


@require_GET
@login_required
def product_list(request: HttpRequest) -> HttpResponse:
    products = Product.objects.filter(office_id=request.user.office_id).order_by(
        "-is_active", "-is_featured", "code"
    )
    return render(
        request,
        "development/product_list.html",
        {"products": products, "can_edit": request.user.is_manager},
    )


@require_http_methods(["GET", "POST"])
@login_required
def product_add(request: HttpRequest) -> HttpResponse:
    require_manager(request.user)
    form = ProductForm(request.POST or None, office_id=request.user.office_id)
    if request.method == "POST" and form.is_valid():
        product_create(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Product added to the catalogue."))
        return redirect("development:product_list")
    return render(request, "development/product_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
def product_edit(request: HttpRequest, pk: int) -> HttpResponse:
    product = product_for(request.user, pk)
    require_manager(request.user)
    # A bound ModelForm writes into its instance while validating, so the
    # form gets a copy and the service compares against the stored values.
    form = ProductForm(
        request.POST or None,
        instance=Product.objects.get(pk=product.pk),
        office_id=request.user.office_id,
    )
    if request.method == "POST" and form.is_valid():
        product_update(actor=request.user, product=product, **form.cleaned_data)
        messages.success(request, _("Product saved."))
        return redirect("development:product_list")
    return render(
        request, "development/product_form.html", {"form": form, "product": product}
    )


@require_http_methods(["GET", "POST"])
@login_required
def settings_edit(request: HttpRequest) -> HttpResponse:
    require_manager(request.user)
    stored = DevelopmentSettings.for_office(request.user.office_id)
    form = SettingsForm(request.POST or None, instance=stored)
    if request.method == "POST" and form.is_valid():
        development_settings_save(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Settings saved."))
        return redirect("development:settings")
    return render(request, "development/settings_form.html", {"form": form})
