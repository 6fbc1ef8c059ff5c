from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from vivier.api.auth import write_auth
from vivier.api.errors import READ_ERRORS, WRITE_ERRORS, documented
from vivier.api.pagination import PageParams, page_schema, paginated
from vivier.api.schemas import ClientFilters, ClientIn, ClientOut, ClientPatch
from vivier.talent import selectors, services

router = Router(tags=["clients"])
ClientPage = page_schema(ClientOut, "ClientPage")


@router.post("/clients", auth=write_auth, response=documented({201: ClientOut}, *WRITE_ERRORS, 409))
def client_create(request: HttpRequest, payload: ClientIn):
    client = services.client_create(by=request.user, **payload.model_dump())
    return Status(201, client)


@router.get("/clients", response=documented({200: ClientPage}, *READ_ERRORS))
def client_list(request: HttpRequest, filters: Query[ClientFilters], page: Query[PageParams]):
    return paginated(request, selectors.client_list(q=filters.q), page)


@router.get("/clients/{client_id}", response=documented({200: ClientOut}, *READ_ERRORS, 404))
def client_detail(request: HttpRequest, client_id: str):
    return selectors.client_get(client_id)


@router.patch(
    "/clients/{client_id}", auth=write_auth, response=documented({200: ClientOut}, *WRITE_ERRORS, 404, 409)
)
def client_update(request: HttpRequest, client_id: str, payload: ClientPatch):
    client = selectors.client_get(client_id)
    return services.client_update(client=client, by=request.user, **payload.model_dump(exclude_unset=True))
