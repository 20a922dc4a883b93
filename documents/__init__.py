"""Documents: PDF letters for the parties (DOK-01, DOK-02).

Other apps register their letter types in ``AppConfig.ready()`` with
:func:`documents.registry.register` and order a document with
:func:`documents.services.dokument_create`. See ``documents/README.md``.
"""
