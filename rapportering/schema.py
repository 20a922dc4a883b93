"""The vendored schema (``xsd/``, RAPP-02): its version and the compiled validator."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

XSD_DIR = Path(__file__).resolve().parent / "xsd"
XSD_PATH = XSD_DIR / "Barnevern_v4.xsd"
#: The version the schema names (``<xs:schema version=…>``); recorded on every extract.
SCHEMA_VERSION = "4.0.1"
#: The upstream commit of the vendored files (xsd/README.md).
UPSTREAM_COMMIT = "f84ad0cdd508f4189a7223ea388530699b909650"


@cache
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD_PATH)))


def declared_version() -> str:
    return etree.parse(str(XSD_PATH)).getroot().get("version", "")


def errors(document: bytes) -> list[str]:
    """The schema's complaints about one ``<Barnevern>`` document (empty when it is valid)."""
    xsd = schema()
    try:
        root = etree.fromstring(document)
    except etree.XMLSyntaxError as exc:
        return [str(exc)]
    if xsd.validate(root):
        return []
    return [f"{e.line}: {e.message}" for e in xsd.error_log]
