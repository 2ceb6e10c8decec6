"""What a file uploaded through the addon's pages may be: the settings' types and size.

One policy for every file a unit sends (an item's evidence, a dossier's documents, a result
report's attachments): the portal controllers check each file before anything is saved, and
the models check again where they attach one.
"""

import os

from odoo.exceptions import UserError

from .input import clean_filename
from .settings import thidua_setting


def upload_limits(env):
    """(largest size in MB, allowed extensions without the dot, lower case)."""
    max_mb = thidua_setting(env, "upload_max_mb")
    extensions = thidua_setting(env, "upload_extensions")
    allowed = {ext.strip().lower().lstrip(".") for ext in extensions.split(",") if ext.strip()}
    return max_mb, allowed


def check_upload(env, filename, content):
    """Refuse a file of a type or size the settings do not allow; return its clean name (base
    name only, without control, bidirectional or invisible characters: clean_filename)."""
    filename = clean_filename(filename, default="")
    max_mb, allowed = upload_limits(env)
    extension = os.path.splitext(filename)[1].lower().lstrip(".")
    if not filename or extension not in allowed:
        raise UserError(
            env._(
                "The file %(name)s cannot be attached: allowed types are %(types)s.",
                name=filename or "?", types=", ".join(sorted(allowed)),
            )
        )
    if not content:
        raise UserError(env._("The file %(name)s is empty.", name=filename))
    if len(content) > max_mb * 1024 * 1024:
        size = f"{max_mb:g}"
        raise UserError(env._("The file %(name)s is larger than the %(size)s MB allowed.", name=filename, size=size))
    return filename


def upload_page_values(env):
    """What a page's file input says of the policy: ``upload_max_mb`` and ``upload_accept``."""
    max_mb, extensions = upload_limits(env)
    return {"upload_max_mb": f"{max_mb:g}", "upload_accept": ",".join(f".{ext}" for ext in sorted(extensions))}
