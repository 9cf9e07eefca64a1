"""Agency identifiers (mã định danh) and document identifiers of QCVN 102:2016/BTTTT.

Two immutable value objects, each in its own module:

* :class:`OrganId` (``organ``) - the identifier of an agency, written **lowest level first**
  as ``LLL.KK.JJ.Xnn``, e.g. ``000.00.00.G22`` (Văn phòng Chính phủ).  Up to 35 characters
  since SĐ1:2022.
* :class:`DocumentId` (``document``) - the identifier of a document, in the official SDK form
  ``<OrganId>,<yyyy/MM/dd>,<CodeNumber>/<CodeNotation>`` or one of the other forms seen in
  real traffic (``issuer,year,number``; a UUID).

Both keep the text **verbatim**: ``str(x)`` gives back exactly what was parsed, because the
identifiers are correlation keys that other systems compare byte for byte (spec §2.4).
Deviations from the standard are reported as :class:`IdProblem` warnings in ``problems``
(``_problems``, shared by both); only text that cannot be an identifier at all (empty, blank,
and for ``OrganId`` also over 35 characters or containing control characters) raises
:class:`edocstd.BuildError`.  A document identifier depends on the organisation
one (its issuer part), never the other way round.
"""

from __future__ import annotations

from ._problems import PROBLEM_CODES, IdProblem
from .document import DocumentId, DocumentIdKind
from .organ import KNOWN_LEVEL1_NAMES, LEVEL1_GROUPS, OrganGroup, OrganId

__all__ = [
    "KNOWN_LEVEL1_NAMES",
    "LEVEL1_GROUPS",
    "PROBLEM_CODES",
    "DocumentId",
    "DocumentIdKind",
    "IdProblem",
    "OrganGroup",
    "OrganId",
]
