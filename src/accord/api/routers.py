"""The API's routers, registered by the apps that own them (the API knows no app by name).

An app registers in its AppConfig.ready(), before the URLs are loaded and the API is built:

    from accord.api.routers import register_router
    register_router("/n/{network}/", "accord.charter.api.router")

The path names the router's module, so registering imports nothing. Routers are added in the
order they were registered, which is the order of INSTALLED_APPS.
"""

_routers: list[tuple[str, str]] = []


def register_router(prefix: str, router: str) -> None:
    """Mount the Router at dotted path `router` under `/api/v1/<prefix>`."""
    if (prefix, router) not in _routers:
        _routers.append((prefix, router))


def registered_routers() -> list[tuple[str, str]]:
    return list(_routers)
