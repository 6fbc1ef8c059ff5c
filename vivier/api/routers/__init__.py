"""One router per resource; `vivier.api.api` mounts them."""
