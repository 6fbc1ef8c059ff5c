from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Status

from vivier.api.auth import write_auth
from vivier.api.errors import READ_ERRORS, WRITE_ERRORS, documented, fields_from_django
from vivier.api.lookups import referenced
from vivier.api.schemas import DeclineIn, DeclineResult, OfferIn, OfferOut
from vivier.talent import selectors, services

router = Router(tags=["offers"])

# The service names the competing offer's fields flat; the API nests them under `competing_offer`.
_DECLINE_FIELDS = {
    "competing_employer": "competing_offer.employer",
    "competing_salary": "competing_offer.salary",
    "competing_remote_days": "competing_offer.remote_days_per_week",
}


@router.post("/offers", auth=write_auth, response=documented({201: OfferOut}, *WRITE_ERRORS, 404, 409))
def offer_create(request: HttpRequest, payload: OfferIn):
    data = payload.model_dump(exclude={"application_id"})
    application = referenced(selectors.application_get, payload.application_id, field="application_id")
    offer = services.offer_create(by=request.user, application=application, **data)
    return Status(201, offer)


@router.get("/offers/{offer_id}", response=documented({200: OfferOut}, *READ_ERRORS, 404))
def offer_detail(request: HttpRequest, offer_id: str):
    return selectors.offer_get(offer_id)


@router.post(
    "/offers/{offer_id}/accept",
    auth=write_auth,
    response=documented({200: OfferOut}, *WRITE_ERRORS, 404, 409),
)
def offer_accept(request: HttpRequest, offer_id: str):
    """The candidate said yes: the application becomes a hire. 409 if the offer was already closed."""
    return services.offer_accept(by=request.user, offer=selectors.offer_get(offer_id))


@router.post(
    "/offers/{offer_id}/decline",
    auth=write_auth,
    response=documented({201: DeclineResult}, *WRITE_ERRORS, 404, 409),
)
def offer_decline(request: HttpRequest, offer_id: str, payload: DeclineIn):
    """Close the offer without a hire and record why. 409 if the offer was already closed."""
    offer = selectors.offer_get(offer_id)
    reasons = services.reasons_from_codes(payload.reasons)
    primary = next((r for r in reasons if r.code == payload.primary_reason.strip()), None)
    competing = payload.competing_offer
    try:
        result = services.offer_decline(
            by=request.user,
            offer=offer,
            kind=payload.kind,
            reasons=reasons,
            primary=primary,
            detail=payload.detail,
            counter_offer=payload.counter_offer,
            open_to_future=payload.open_to_future,
            recontact_after=payload.recontact_after,
            competing_employer=competing.employer if competing else "",
            competing_salary=competing.salary if competing else None,
            competing_remote_days=competing.remote_days_per_week if competing else None,
        )
    except ValidationError as exc:
        fields = {_DECLINE_FIELDS.get(k, k): v for k, v in fields_from_django(exc).items()}
        raise ValidationError(fields) from exc
    scheduled = [{"id": m.public_id, "kind": m.kind, "due_at": m.due_at} for m in result.messages]
    return Status(201, {"decline_id": result.decline.public_id, "scheduled_messages": scheduled})
