"""The chatter's posting route on the addon's records: a comment or note in the poster's name.

``/mail/message/post`` posts as the superuser after checking the user may post, with the message
type and subtype the client chose. On ``thidua.*`` records the client chooses between a comment
and (internal users) a note; the author is the user, or the partner a portal link names.
"""

from odoo.addons.portal.controllers.thread import ThreadController
from odoo.http import request

from ..tools.audit import is_audited


class ThiduaThreadController(ThreadController):
    def _prepare_post_data(self, post_data, thread, **kwargs):
        post_data = super()._prepare_post_data(post_data, thread, **kwargs)
        if is_audited(thread._name):
            note = post_data.get("subtype_xmlid") == "mail.mt_note" and request.env.user._is_internal()
            post_data["message_type"] = "comment"
            post_data["subtype_xmlid"] = "mail.mt_note" if note else "mail.mt_comment"
        return post_data
