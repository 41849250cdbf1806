"""All tables of the server, imported here so `Base.metadata` knows every one."""

from .audit import AuditEvent
from .base import Base, utcnow
from .campaigns import Assignment, Campaign, FormDefinition, StandardsRow
from .cases import CaseFile, CaseMeeting, CaseObjection, CaseOpLog, CasePosting, CaseRulesRow
from .changes import Change, ChangeCounter, ServerMeta
from .divisions import County, Township, Village
from .nonces import RequestNonce
from .records import (
    AttachmentBlob,
    AttachmentRef,
    BatchReceipt,
    Household,
    RecordVersion,
    Review,
    Survey,
    Visit,
)
from .registry import (
    RegistryDeclared,
    RegistryExtract,
    RegistryFinding,
    RegistryFlag,
    RegistryMember,
    RegistryRow,
    RegistrySubject,
)
from .shared_state import LimitCounter, UploadPart
from .users import Device, DeviceSeq, EnrollmentCode, User, UserScope

__all__ = [
    "Assignment",
    "AttachmentBlob",
    "AttachmentRef",
    "AuditEvent",
    "Base",
    "BatchReceipt",
    "Campaign",
    "CaseFile",
    "CaseMeeting",
    "CaseObjection",
    "CaseOpLog",
    "CasePosting",
    "CaseRulesRow",
    "Change",
    "ChangeCounter",
    "County",
    "Device",
    "DeviceSeq",
    "EnrollmentCode",
    "FormDefinition",
    "Household",
    "LimitCounter",
    "RecordVersion",
    "RequestNonce",
    "RegistryDeclared",
    "RegistryExtract",
    "RegistryFinding",
    "RegistryFlag",
    "RegistryMember",
    "RegistryRow",
    "RegistrySubject",
    "Review",
    "ServerMeta",
    "StandardsRow",
    "Survey",
    "Township",
    "UploadPart",
    "User",
    "UserScope",
    "Village",
    "Visit",
    "utcnow",
]
