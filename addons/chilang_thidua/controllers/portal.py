from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request
from odoo.tools import SQL, format_date

from ..tools.input import clean_text, parse_id
from .portal_base import ROWS_PER_PAGE, ThiduaFormError, ThiduaPortalBase

ITEM_FORM_FIELDS = ("name", "item_type", "content_id", "description", "target", "date_deadline")
REASON_MAX_LENGTH = 10_000


class ThiduaPortal(ThiduaPortalBase, CustomerPortal):
    """Unit officers' pages: their units' registrations, items, progress and evidence.

    Every page first checks the record the Odoo way (``_document_check_access``: ACLs and
    record rules of the logged-in user); the changes then run as that user, so the models'
    own checks (state, officer, aggregating unit) apply unchanged.
    """

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "thidua_registration_count" in counters:
            Registration = request.env["thidua.registration"]
            # the registrations the user acts on: their units' own and those waiting for their review
            values["thidua_registration_count"] = (
                Registration.search_count(self._thidua_my_domain()) if Registration.has_access("read") else 0
            )
        if not counters:
            # the home page itself: the card is shown to every unit officer, counted or not
            values["thidua_officer"] = self._thidua_is_officer()
        if {"thidua_open_count", "thidua_waiting_count"} & set(counters):
            values.update(self._thidua_home_counts())
        return values

    def _thidua_is_officer(self):
        env = request.env
        if not env["thidua.unit"].has_access("read"):
            return False
        Unit = env["thidua.unit"]
        return bool(Unit.search_count(Unit._acted_for_domain(), limit=1))

    def _thidua_home_counts(self):
        """What the portal home counts for a unit officer: the campaigns launched, and what waits for
        them (units of theirs not yet registered to a campaign open for registration, their units'
        registrations to complete or correct, registrations submitted to them for review)."""
        env = request.env
        if not env["thidua.registration"].has_access("read"):
            return {"thidua_open_count": 0, "thidua_waiting_count": 0}
        companies = [("company_id", "in", env.companies.ids)]
        campaigns = env["thidua.campaign"].search([("state", "=", "open")] + companies)
        # sudo: every search below is limited to the user's own units, or to the registrations
        # submitted to a unit of theirs, which the record rules let them read
        Unit, RegistrationSudo = env["thidua.unit"].sudo(), env["thidua.registration"].sudo()
        waiting = 0
        for campaign in campaigns.filtered("is_registration_open"):
            units = Unit.search(Unit._acted_for_domain() + companies + campaign._participating_unit_domain())
            if units:
                waiting += len(units) - RegistrationSudo.search_count(
                    [("campaign_id", "=", campaign.id), ("unit_id", "in", units.ids)])
        waiting += RegistrationSudo.search_count(Unit._acted_for_domain("unit_id") + [
            ("state", "in", RegistrationSudo._editable_states()), ("campaign_id", "in", campaigns.ids)] + companies)
        waiting += RegistrationSudo.search_count(Unit._acted_for_domain("review_unit_id") + [
            ("state", "in", RegistrationSudo._transition_states("forward"))] + companies)
        return {"thidua_open_count": len(campaigns), "thidua_waiting_count": waiting}

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _thidua_my_domain(self):
        Unit = request.env["thidua.unit"]
        return ["|", *Unit._acted_for_domain("unit_id"),
                "&", *Unit._acted_for_domain("review_unit_id"), ("state", "=", "submitted")]

    def _thidua_campaign_units(self, campaigns, companies, like, matching, offset):
        """The user's units taking part in each of ``campaigns`` (ordered), in one query whatever
        their number: ``({campaign id: count}, [(campaign id, unit id)] of the page at ``offset``)``,
        campaign by campaign in their order, units in theirs.

        The units are those ``_acted_for_domain`` gives in ``companies`` (what the record rules
        read); a campaign takes those under a unit it lists (``child_of``: the unit's
        ``parent_path`` passes through it), or its company's when it lists none, as
        ``_participating_unit_domain`` says. With ``like``, a campaign not in ``matching`` (whose
        name does not match the search) keeps the units whose name does."""
        counts = dict.fromkeys(campaigns.ids, 0)
        if not campaigns:
            return counts, []
        # sudo: the units a campaign lists decide who takes part, whatever the user may read of
        # them (_participating_unit_domain); one read for every campaign
        listed = [(campaign.id, unit_id) for campaign in campaigns.sudo() for unit_id in campaign.unit_ids.ids]
        listing = {campaign_id for campaign_id, _unit in listed}
        unlisted = [(campaign.id, campaign.company_id.id) for campaign in campaigns if campaign.id not in listing]
        # sudo: the user's own units only (_acted_for_domain), as the rules see them
        Unit = request.env["thidua.unit"].sudo()
        mine = Unit._search(Unit._acted_for_domain() + companies, order=Unit._order)
        unit_order, mine.order = mine.order, None
        named = SQL("TRUE")
        if like is not None:
            named = SQL("%s IN %s", SQL.identifier(mine.table, "id"),
                        Unit._search([("name", "ilike", like)]).subselect())
        request.env.cr.execute(SQL(
            """WITH mine AS MATERIALIZED (%(mine)s),
            pairs AS MATERIALIZED (
                SELECT listed.campaign_id, mine.id, MIN(mine.rank) AS rank
                  FROM mine CROSS JOIN LATERAL unnest(mine.path) AS above(unit_id)
                  JOIN unnest(%(listed_campaigns)s::int[], %(listed_units)s::int[]) AS listed(campaign_id, unit_id)
                    ON listed.unit_id = above.unit_id
                 WHERE mine.named OR listed.campaign_id = ANY(%(matching)s)
                 GROUP BY listed.campaign_id, mine.id
                UNION ALL
                SELECT unlisted.campaign_id, mine.id, mine.rank
                  FROM mine
                  JOIN unnest(%(unlisted_campaigns)s::int[], %(unlisted_companies)s::int[])
                       AS unlisted(campaign_id, company_id) ON unlisted.company_id = mine.company_id
                 WHERE mine.named OR unlisted.campaign_id = ANY(%(matching)s)
            )
            SELECT campaign_id, COUNT(*), NULL FROM pairs GROUP BY campaign_id
            UNION ALL
            (SELECT campaign_id, NULL, id FROM pairs
              ORDER BY array_position(%(order)s::int[], campaign_id), rank LIMIT %(limit)s OFFSET %(offset)s)""",
            mine=mine.select(
                SQL.identifier(mine.table, "id"), SQL.identifier(mine.table, "company_id"),
                SQL("string_to_array(rtrim(%s, '/'), '/')::int[] AS path",
                    SQL.identifier(mine.table, "parent_path")),
                SQL("%s AS named", named),
                SQL("ROW_NUMBER() OVER (ORDER BY %s, %s) AS rank", unit_order, SQL.identifier(mine.table, "id")),
            ),
            listed_campaigns=[campaign_id for campaign_id, _unit in listed],
            listed_units=[unit_id for _campaign, unit_id in listed],
            unlisted_campaigns=[campaign_id for campaign_id, _company in unlisted],
            unlisted_companies=[company_id for _campaign, company_id in unlisted],
            matching=list(matching), order=campaigns.ids, limit=ROWS_PER_PAGE, offset=offset,
        ))
        pairs = []
        for campaign_id, count, unit_id in request.env.cr.fetchall():
            if unit_id is None:
                counts[campaign_id] = count
            else:
                pairs.append((campaign_id, unit_id))
        return counts, pairs

    def _thidua_check_registration(self, registration_id):
        """The registration as the current user, or 404 when they may not read it."""
        try:
            self._document_check_access("thidua.registration", registration_id)
        except (AccessError, MissingError):
            raise NotFound() from None
        return request.env["thidua.registration"].browse(registration_id)

    def _thidua_check_item(self, registration, item_id):
        # looked up among the registration's items: another unit's item is "not found" like a
        # missing one (reading its registration would answer 403, telling that it exists)
        if item_id not in registration.item_ids.ids:
            raise NotFound()
        return request.env["thidua.registration.item"].browse(item_id)

    def _thidua_redirect(self, registration=None, error=None, success=None):
        url = f"/my/thidua/registration/{registration.id}" if registration else "/my/thidua"
        return self._thidua_redirect_to(url, error=error, success=success)

    def _thidua_run(self, registration, method, *args, success=None, form=None):
        """Run a model method on the registration's page (see ``_thidua_run_on_page``); with
        ``form`` (what was typed, see ``_thidua_registration_page``) a refusal brings the page
        back as it was sent."""
        page = None
        if form is not None:
            def page(error):
                return self._thidua_registration_page(registration, error=error, form=form)
        return self._thidua_run_on_page(lambda: method(*args), f"/my/thidua/registration/{registration.id}",
                                        page=page, success=success)

    def _thidua_item_values(self, post, prefix=""):
        """The item fields of a form (inputs ``prefix`` + field name), checked; a typing mistake
        raises a ThiduaFormError naming the input."""
        values = {}
        Item = request.env["thidua.registration.item"]
        for name in ITEM_FORM_FIELDS:
            field = prefix + name
            if field not in post:
                continue
            if name in Item._text_fields:
                with self._thidua_form_field(field):
                    values[name] = self._thidua_clean_item_text(name, post.get(field))
                continue
            value = (post.get(field) or "").strip()
            if name == "content_id":
                value = parse_id(value) or False
            elif name == "date_deadline":
                try:
                    value = fields.Date.to_date(value) if value else False
                except ValueError:
                    raise ThiduaFormError(request.env._("The completion date %(date)s is not a valid date.",
                                                        date=value), field=field) from None
            elif name == "item_type" and value not in dict(Item._fields["item_type"].selection):
                raise ThiduaFormError(request.env._("Choose the kind of item: model, work or task."), field=field)
            values[name] = value or False
        if not values.get("name", True):
            values.pop("name")
        return values

    def _thidua_read_items(self, registration, post, skip=None, new_required=False):
        """What the registration page's item forms hold (inputs ``item_<id>_<field>`` and, for a new
        item, ``item_new_<field>``), checked before anything is written: every refusal of the page
        is raised at once as a ThiduaFormError. Returns ([(item, changed values)], new item values
        or None). A new item is read when something was typed in it (or ``new_required``)."""
        errors, changes, new = {}, [], None
        for item in registration.item_ids:
            prefix = f"item_{item.id}_"
            if item == skip or not any(prefix + name in post for name in ITEM_FORM_FIELDS):
                continue
            try:
                values = self._thidua_item_values(post, prefix)
            except ThiduaFormError as error:
                errors.update(error.errors)
                continue
            if prefix + "name" in post and not values.get("name"):
                errors[prefix + "name"] = request.env._("Give the item a title.")
                continue
            current = {name: item[name].id if name == "content_id" else item[name] for name in values}
            values = {name: value for name, value in values.items() if (current[name] or False) != (value or False)}
            if values:
                changes.append((item, values))
        prefix = "item_new_"
        typed_new = any((post.get(prefix + name) or "").strip()
                        for name in ("name", "description", "target", "date_deadline"))
        if typed_new or new_required:
            try:
                new = self._thidua_item_values(post, prefix)
                if not new.get("name"):
                    raise ThiduaFormError(request.env._("Give the item a title."), field=prefix + "name")
                new["registration_id"] = registration.id
            except ThiduaFormError as error:
                errors.update(error.errors)
        self._thidua_collect_errors(errors)
        return changes, new

    def _thidua_save_items(self, registration, post, skip=None, new_required=False):
        """Save what the item forms of the page hold (see ``_thidua_read_items``) as the user;
        returns whether anything changed."""
        changes, new = self._thidua_read_items(registration, post, skip=skip, new_required=new_required)
        for item, values in changes:
            item.write(values)
        if new:
            request.env["thidua.registration.item"].create(new)
        return bool(changes or new)

    def _thidua_clean_item_text(self, name, value):
        """A text field of an item as typed, checked (control, bidi, invisible characters, length)."""
        Item = request.env["thidua.registration.item"]
        # the model's own limits, which its guard applies again on write
        max_length, multiline = Item._text_fields[name]
        label = Item._fields[name]._description_string(request.env)
        return clean_text(request.env, value, label, max_length=max_length, multiline=multiline) or False

    # ------------------------------------------------------------------
    # Pages
    # ------------------------------------------------------------------
    @http.route(["/my/thidua", "/my/thidua/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_thidua(self, page=1, search=None, **kw):
        env = request.env
        Registration = env["thidua.registration"]
        if not Registration.has_access("read"):
            raise NotFound()
        # sudo: every search below is limited to the user's own units (and their registrations) and
        # to the registrations submitted to a unit of theirs, which the record rules always let
        # them read; the rules' subqueries (all units above and below the user's) cost milliseconds
        # a query to an officer of 1,000 units. The template gets the records back without sudo.
        Unit, RegistrationSudo = env["thidua.unit"].sudo(), Registration.sudo()
        companies = [("company_id", "in", env.companies.ids)]
        # a row per running campaign and unit of the user taking part in it; a province's education
        # office has thousands of rows: they are counted and paged in SQL, never all read
        search = self._thidua_search_term(search)
        like = self._thidua_like(search)
        campaigns = env["thidua.campaign"].search_fetch([("state", "in", ("open", "closed"))],
                                                        ["name", "state", "registration_deadline", "company_id"])
        matching = [campaign.id for campaign in campaigns
                    if not search or search.casefold() in campaign.name.casefold()]
        values = self._prepare_portal_layout_values()
        # the pager's reading of the page asked (a number in the path or any text in the query),
        # bounded for SQL's OFFSET: the pager brings a page past the last one back to it below
        requested = (min(max(1, int(page)), 2**31 // ROWS_PER_PAGE) - 1) * ROWS_PER_PAGE \
            if str(page).isdigit() else 0
        counts, pairs = self._thidua_campaign_units(campaigns, companies, like if search else None, matching,
                                                    requested)
        values.update(self._thidua_list_values("/my/thidua", search, sum(counts.values()), page,
                                               env._("Search in unit and campaign")))
        if values["pager"]["offset"] != requested:
            # a page past the last one: the pager shows the last
            _counts, pairs = self._thidua_campaign_units(campaigns, companies, like if search else None, matching,
                                                         values["pager"]["offset"])
        units = Unit.browse(dict.fromkeys(unit_id for _campaign_id, unit_id in pairs))
        units.fetch(["name"])
        rows = [{"campaign": campaigns.browse(campaign_id), "unit": units.browse(unit_id).sudo(False)}
                for campaign_id, unit_id in pairs]
        # the rows' registrations, in one search
        registration_of = {
            (registration.campaign_id.id, registration.unit_id.id): registration.sudo(False)
            for registration in RegistrationSudo.search_fetch([
                ("campaign_id", "in", list({row["campaign"].id for row in rows})),
                ("unit_id", "in", list({row["unit"].id for row in rows})),
            ] + companies, ["campaign_id", "unit_id", "state", "is_late"], order="id")  # no join to sort
        }
        for row in rows:
            row["registration"] = registration_of.get((row["campaign"].id, row["unit"].id), Registration)
        # what the user reviews: submitted registrations whose aggregating unit is one of theirs
        # (what can_forward checks, in the domain rather than per record)
        review_domain = [("campaign_id", "in", campaigns.ids), ("state", "=", "submitted"),
                         *Unit._acted_for_domain("review_unit_id")] + companies
        if search:
            review_domain += ["|", ("unit_id.name", "ilike", like), ("campaign_id.name", "ilike", like)]
        to_review = RegistrationSudo.search_fetch(
            review_domain, ["campaign_id", "unit_id", "state", "is_late", "date_submitted"], limit=ROWS_PER_PAGE)
        to_review.unit_id.fetch(["name"])
        values.update({
            "page_name": "thidua",
            "rows": rows,
            # the page's campaigns only: each date costs a quarter of a millisecond (locale lookups)
            "deadlines": {campaign.id: format_date(env, campaign.registration_deadline)
                          for campaign in campaigns.browse(dict.fromkeys(row["campaign"].id for row in rows))},
            "state_labels": dict(Registration._fields["state"]._description_selection(env)),
            "to_review": to_review.sudo(False),
            "to_review_more": max(0, RegistrationSudo.search_count(review_domain) - ROWS_PER_PAGE)
            if len(to_review) == ROWS_PER_PAGE else 0,
            **self._thidua_flash(),
        })
        return request.render("chilang_thidua.portal_my_thidua", values)

    @http.route(["/my/thidua/register"], type="http", auth="user", methods=["POST"], website=True)
    def portal_thidua_register(self, campaign_id=None, unit_id=None, **kw):
        env = request.env
        campaign_id, unit_id = parse_id(campaign_id), parse_id(unit_id)
        if not campaign_id or not unit_id:
            # the two ids come from the page's buttons: anything else was not sent by it
            raise NotFound()
        try:
            campaign = env["thidua.campaign"].browse(campaign_id)
            campaign.check_access("read")
            registration = env["thidua.registration"].create({
                "campaign_id": campaign.id, "unit_id": unit_id,
            })
        except (UserError, ValidationError, AccessError, MissingError, ValueError) as error:
            env.cr.rollback()
            return self._thidua_redirect(error=error.args[0] if error.args else "")
        return self._thidua_redirect(registration)

    @http.route(["/my/thidua/registration/<int:registration_id>"], type="http", auth="user", website=True)
    def portal_thidua_registration(self, registration_id, **kw):
        registration = self._thidua_check_registration(registration_id)
        return self._thidua_registration_page(registration, **self._thidua_flash())

    def _thidua_registration_page(self, registration, error=None, success=None, form=None):
        """The registration's page; after a refused form, ``error`` and ``form``: which form was sent
        (``key``: ``items`` for the officer's item forms, ``progress_<id>`` or ``return``) and what
        was typed in it (``values``, the inputs as posted), shown again in that form."""
        # sudo: portal officers have no ACL on ir.attachment; the files listed are those of the
        # items of a registration whose access was just checked
        attachments = {item.id: item.sudo().attachment_ids for item in registration.item_ids}
        values = self._prepare_portal_layout_values()
        values.update({
            "page_name": "thidua_registration",
            "registration": registration,
            "attachments": attachments,
            "contents": registration.campaign_id.content_ids,
            "item_types": request.env["thidua.registration.item"]._fields["item_type"]._description_selection(
                request.env
            ),
            **self._thidua_upload_values(),
            "form": form,
            "success": success,
            **self._thidua_form_error_values(error),
        })
        return request.render("chilang_thidua.portal_thidua_registration", values)

    @http.route(["/my/thidua/registration/<int:registration_id>/item"], type="http", auth="user",
                methods=["POST"], website=True)
    def portal_thidua_item_save(self, registration_id, item_id=None, **post):
        """One item's form (inputs without prefix): what scripts and older pages send."""
        registration = self._thidua_check_registration(registration_id)
        item = self._thidua_check_item(registration, parse_id(item_id) or 0) if item_id else None
        prefix = f"item_{item.id}_" if item else "item_new_"
        typed = {prefix + name: value for name, value in post.items() if name in ITEM_FORM_FIELDS}
        form = {"key": "items", "values": typed}
        return self._thidua_run(
            registration, lambda: self._thidua_save_items(registration, typed, new_required=not item),
            success=request.env._("Saved."), form=form,
        )

    @http.route(["/my/thidua/registration/<int:registration_id>/item/<int:item_id>/delete"], type="http",
                auth="user", methods=["POST"], website=True)
    def portal_thidua_item_delete(self, registration_id, item_id, **post):
        registration = self._thidua_check_registration(registration_id)
        item = self._thidua_check_item(registration, item_id)

        def delete():
            # what was typed in the page's other item forms is saved first, or nothing is deleted
            self._thidua_save_items(registration, post, skip=item)
            item.unlink()

        return self._thidua_run(registration, delete, success=request.env._("The item has been deleted."),
                                form={"key": "items", "values": post})

    @http.route(["/my/thidua/registration/<int:registration_id>/item/<int:item_id>/progress"], type="http",
                auth="user", methods=["POST"], website=True)
    def portal_thidua_item_progress(self, registration_id, item_id, progress=None, result=None, **post):
        registration = self._thidua_check_registration(registration_id)
        item = self._thidua_check_item(registration, item_id)
        form = {"key": f"progress_{item.id}", "values": {"progress": progress, "result": result}}

        def update():
            # everything typed and sent is checked first: a refused file saves no progress either
            values, uploads, errors = {}, [], {}
            try:
                value = self._thidua_parse_progress(progress, "progress")
                if value is not None:
                    values["progress"] = value
                if result is not None:
                    with self._thidua_form_field("result"):
                        values["result"] = self._thidua_clean_item_text("result", result) or ""
            except ThiduaFormError as error:
                errors.update(error.errors)
            uploads = self._thidua_checked_uploads("evidence", errors)
            self._thidua_collect_errors(errors)
            if values:
                item.write(values)
            for filename, content in uploads:
                item._attach_evidence(filename, content)

        return self._thidua_run(registration, update, success=request.env._("Progress saved."), form=form)

    @http.route(["/my/thidua/registration/<int:registration_id>/<string:action>"], type="http",
                auth="user", methods=["POST"], website=True)
    def portal_thidua_registration_action(self, registration_id, action, reason=None, **post):
        """The page's buttons. Those of the officer's form (save, submit) save every item form of the
        page first, with the checks of Save; a refusal brings the page back as typed. Forward
        leaves a typed reason for returning: it is refused, the reason kept, rather than dropped."""
        env = request.env
        registration = self._thidua_check_registration(registration_id)
        if action not in ("save", "submit", "forward", "return"):
            raise NotFound()
        if action in ("save", "submit"):
            form = {"key": "items", "values": post}

            def save_and_act():
                # Add asks for the new item's title even when nothing else was typed in it
                self._thidua_save_items(registration, post, new_required=bool(post.get("add_item")))
                if action == "submit":
                    registration.action_submit()

            success = env._("Saved.") if action == "save" else env._("Your registration has been submitted.")
            return self._thidua_run(registration, save_and_act, success=success, form=form)
        form = {"key": "return", "values": {"reason": reason}}
        if action == "forward":
            if (reason or "").strip():
                error = ThiduaFormError(env._("You typed a reason for returning: press Return for Correction to "
                                              "send it, or clear it to forward the registration."), field="reason")
                return self._thidua_registration_page(registration, error=error, form=form)
            return self._thidua_run(registration, registration.action_forward,
                                    success=env._("The registration has been forwarded."), form=form)
        label = registration._fields["review_note"]._description_string(env)
        try:
            with self._thidua_form_field("reason"):
                reason = clean_text(env, reason, label, max_length=REASON_MAX_LENGTH, multiline=True, required=True)
        except UserError as error:
            return self._thidua_registration_page(registration, error=error, form=form)
        return self._thidua_run(registration, registration.action_return, reason,
                                success=env._("The registration has been returned."), form=form)

    @http.route(["/my/thidua/evidence/<int:attachment_id>"], type="http", auth="user", website=True)
    def portal_thidua_evidence(self, attachment_id, **kw):
        # sudo: portal officers have no ACL on ir.attachment; the file is served only when it
        # belongs to an item the user may read (checked just below)
        attachment = request.env["ir.attachment"].sudo().browse(attachment_id).exists()
        if not attachment or attachment.res_model != "thidua.registration.item":
            raise NotFound()
        item = request.env["thidua.registration.item"].browse(attachment.res_id)
        try:
            # sudo: only to find the item's registration; its access is checked right here
            self._thidua_check_registration(item.sudo().registration_id.id)
            item.check_access("read")
        except (AccessError, MissingError):
            raise NotFound() from None
        return request.env["ir.binary"]._get_stream_from(attachment).get_response(as_attachment=True)

    # ------------------------------------------------------------------
    # Public page: exemplary models (no login)
    # ------------------------------------------------------------------
    @http.route(["/thidua/dien-hinh"], type="http", auth="public", website=True, sitemap=True)
    def thidua_exemplary(self, **kw):
        # sudo: the page is public; only the items Phòng Nội vụ marked exemplary, in accepted
        # registrations, are read, and only the fields listed here reach the template.
        items = request.env["thidua.registration.item"].sudo().search(
            [("is_exemplary", "=", True), ("registration_id.state", "=", "accepted"),
             ("campaign_id.state", "in", ("open", "closed", "done"))],
            order="campaign_id desc, unit_id, sequence, id",
        )
        types = dict(items._fields["item_type"]._description_selection(request.env))
        campaigns = []
        for item in items:
            if not campaigns or campaigns[-1]["name"] != item.campaign_id.name:
                campaigns.append({"name": item.campaign_id.name, "items": []})
            campaigns[-1]["items"].append({
                "unit": item.unit_id.name,
                "name": item.name,
                "kind": types.get(item.item_type, ""),
                "content": item.content_id.name or "",
                "result": item.result or "",
            })
        return request.render("chilang_thidua.thidua_exemplary_page", {"campaigns": campaigns})
