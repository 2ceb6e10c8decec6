"""What counts as the audit trail of the addon's records, and who is writing it: the server's own
mail code (inside :func:`server_mail`) or a client."""

import contextlib
import contextvars

# What a message says, who wrote it, when and where: the audit trail of the addon's records.
AUDIT_FIELDS = {
    "body", "subject", "author_id", "author_guest_id", "email_from", "date", "model", "res_id", "record_name",
    "message_type", "subtype_id", "tracking_value_ids", "attachment_ids", "parent_id",
}
# What a client may give message_post on the addon's records; everything else is the server's.
CLIENT_POST_KWARGS = frozenset({
    "body", "subject", "parent_id", "partner_ids", "attachments", "attachment_ids", "body_is_html",
    "email_add_signature",
})
CLIENT_SUBTYPES = ("mail.mt_comment", "mail.mt_note")

# True while the server's own mail code runs (activity and assignment notices): a Python context
# variable, out of reach of anything a request sends.
_SERVER_MAIL = contextvars.ContextVar("thidua_server_mail", default=False)


@contextlib.contextmanager
def server_mail():
    """Let the server's own code write messages of any kind on the addon's records in this block."""
    token = _SERVER_MAIL.set(True)
    try:
        yield
    finally:
        _SERVER_MAIL.reset(token)


def is_audited(model_name):
    return bool(model_name) and model_name.startswith("thidua.")


def client_writes(env):
    """The current call writes messages for a client: not the superuser, not the server's mail code."""
    return not env.su and not _SERVER_MAIL.get()
