import pytest

from .helpers import documents_storage  # noqa: F401  (the fixture)


@pytest.fixture(autouse=True)
def _private_storage(documents_storage):  # noqa: F811
    return documents_storage
