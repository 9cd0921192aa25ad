"""Agreement as code: the folder format, loading, validation, versions and the spatial index."""

from truce.agreement.loader import (
    default_agreement_dir,
    demo_agreement_dir,
    load_agreement,
    load_installed,
)
from truce.agreement.models import Agreement, AgreementDoc
from truce.agreement.problems import Problem
from truce.agreement.spatial import Located, SpatialIndex
from truce.agreement.validate import validate_folder
from truce.agreement.versions import AgreementHistory, ledger_entry, version_hash

__all__ = [
    "Agreement",
    "AgreementDoc",
    "AgreementHistory",
    "Located",
    "Problem",
    "SpatialIndex",
    "default_agreement_dir",
    "demo_agreement_dir",
    "ledger_entry",
    "load_agreement",
    "load_installed",
    "validate_folder",
    "version_hash",
]
