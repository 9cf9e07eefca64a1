"""The XML namespaces of a package, declared once: every other module imports them from here."""

from __future__ import annotations

EDXML_NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
"""The QCVN 102 (edXML) namespace: default namespace of the root *and* the ``edXML`` prefix."""

XMLDSIG_NS = "http://www.w3.org/2000/09/xmldsig#"
"""The XMLDSig namespace of ``Signature`` (and of its SHA-1, RSA-SHA1 and transform URIs)."""

XLINK_NS = "http://www.w3.org/1999/xlink"
"""The XLink namespace (``xlink:href`` on a manifest ``Reference``)."""

XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XSD_NS = "http://www.w3.org/2001/XMLSchema"

__all__ = ["EDXML_NS", "XLINK_NS", "XMLDSIG_NS", "XSD_NS", "XSI_NS"]
