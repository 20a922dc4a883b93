"""Contractors' tests run with the documents' private storage in a temporary directory."""

import pytest

from tests.documents.helpers import documents_storage  # noqa: F401  (a fixture)


@pytest.fixture(autouse=True)
def _documents_in_tmp(documents_storage):  # noqa: F811
    return documents_storage
