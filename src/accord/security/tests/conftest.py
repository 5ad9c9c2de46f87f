"""One role world per test module, rolled back at its end; each test (and each cell) runs in
a savepoint inside it, so building the world once serves every cell."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from accord.security import roles
from accord.security.role_table import ROWS
from accord.security.world import build_role_world


@pytest.fixture(scope="module")
def role_world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_role_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
    ContentType.objects.clear_cache()


@pytest.fixture(scope="module")
def role_cells(role_world):
    """The role table's cells on the role world, with a client per actor. Write rows post
    the forms the coordinator and the chair are shown."""
    catalogue = roles.RoleCatalogue(role_world)
    clients = roles.clients(role_world)
    bodies = catalogue.form_bodies(clients["coordinator", False], clients["chair", False])
    cells, missing = roles.cells(catalogue, ROWS, bodies)
    return {"catalogue": catalogue, "clients": clients, "cells": cells, "missing": missing}
