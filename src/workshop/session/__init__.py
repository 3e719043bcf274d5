"""The session file: its models, and reading and writing it safely."""

from workshop.session.errors import (
    ExternalChangeError,
    NotSavedError,
    Problem,
    ReadOnlyError,
    SessionError,
)
from workshop.session.io import (
    dump_session,
    load_session,
    load_session_text,
    parse_session,
    save_session,
)
from workshop.session.models import SCHEMA_VERSION, Override, Session, SessionInfo, StageRecord

__all__ = [
    "SCHEMA_VERSION",
    "ExternalChangeError",
    "NotSavedError",
    "Override",
    "Problem",
    "ReadOnlyError",
    "Session",
    "SessionError",
    "SessionInfo",
    "StageRecord",
    "dump_session",
    "load_session",
    "load_session_text",
    "parse_session",
    "save_session",
]
