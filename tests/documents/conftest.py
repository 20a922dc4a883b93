import pytest

from .helpers import documents_storage, empty_registry  # noqa: F401  (fixtures)


@pytest.fixture(autouse=True)
def _private_storage(documents_storage):  # noqa: F811
    return documents_storage
