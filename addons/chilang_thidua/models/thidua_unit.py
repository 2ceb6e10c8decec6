import base64
import re
import unicodedata
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from ..tools import pdf_signing, revocation, secret_box, signature_images, signers, unit_scope
from ..tools.pdf_pages import page_number_font

MANAGER = "chilang_thidua.group_manager"
# The PKCS#12 files a body signs with, the Chairman's and the agency's: {which: (file field,
# write-only password field, column the ORM does not know holding the encrypted password)}
P12_FIELDS = {
    "sign": ("sign_certificate", "sign_certificate_password", "sign_certificate_secret"),
    "agency": ("agency_certificate", "agency_certificate_password", "agency_certificate_secret"),
}
# what the scope fields (acting_user_ids, lower_officer_ids, participant_user_ids) are made of
SCOPE_FIELDS = {"parent_id", "officer_ids", "review_unit_id", "active"}
# stored on the unit's contact (partner_id)
CONTACT_FIELDS = ("email", "phone")
# columns of an import file that name a unit
UNIT_REFERENCE_FIELDS = ("parent_id", "review_unit_id", "appraising_office_id")
_SPACES = re.compile(r"\s+")


def import_key(value):
    """A name or code as an import compares it: NFC, lower-case, single spaces, dashes unified."""
    if not value or not isinstance(value, str):
        return ""
    text = unicodedata.normalize("NFC", value).replace("–", "-").replace("—", "-")
    return _SPACES.sub(" ", text).strip().casefold()

UNIT_TYPES = [
    ("office", "Party, State, Front or mass organisation office"),
    ("commune", "Commune or town"),
    ("village", "Village or residential quarter"),
    ("armed_force", "Armed forces"),
    ("school", "School"),
    ("health", "Health facility"),
    ("agency", "Central or provincial agency in the area"),
    ("enterprise", "Enterprise or cooperative"),
    ("other", "Other"),
]


class ThiduaUnit(models.Model):
    """An organisation that takes part in emulation campaigns.

    Units form a tree (district → offices, communes → villages …). A unit may name an
    aggregating unit (``review_unit_id``) whose officers review its registrations before
    they reach the appraisers; the plan's example is Phòng GD&ĐT for the schools.
    """

    _name = "thidua.unit"
    _description = "Emulation Unit"
    # the addon's guard first: it runs before mail.thread (tracking) and the ORM
    # the activity: the reminder of a signing certificate near its expiry
    _inherit = ["thidua.guard.mixin", "mail.thread", "mail.activity.mixin"]
    _parent_store = True
    _parent_name = "parent_id"
    _rec_name = "complete_name"
    _order = "complete_name"
    _check_company_auto = True
    # names and codes as people read them and documents print them
    _text_fields = {"name": (256, False), "code": (32, False), "authority_name": (256, False),
                    "authority_parent_name": (256, False), "place_name": (128, False), "doc_abbreviation": (32, False)}

    name = fields.Char(required=True, tracking=True, translate=False)
    complete_name = fields.Char(
        compute="_compute_complete_name", store=True, recursive=True, string="Full Name"
    )
    code = fields.Char(required=True, tracking=True, help="Short unique code, e.g. NV for Phòng Nội vụ.")
    active = fields.Boolean(default=True, tracking=True)
    sequence = fields.Integer(default=10)
    unit_type = fields.Selection(UNIT_TYPES, required=True, default="office", tracking=True)
    parent_id = fields.Many2one(
        "thidua.unit", string="Parent Unit", index=True, ondelete="restrict", check_company=True, tracking=True
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("thidua.unit", "parent_id", string="Sub-units")
    review_unit_id = fields.Many2one(
        "thidua.unit",
        string="Aggregating Unit",
        ondelete="restrict",
        check_company=True,
        tracking=True,
        help="Unit whose officers collect and review this unit's registrations before "
        "forwarding them to the appraisers (e.g. the Education office for schools).",
    )
    reviewed_unit_ids = fields.One2many("thidua.unit", "review_unit_id", string="Units Reviewed")
    officer_ids = fields.Many2many(
        "res.users",
        "thidua_unit_officer_rel",
        "unit_id",
        "user_id",
        string="Officers",
        help="Users (internal or portal) who act for this unit.",
    )
    partner_id = fields.Many2one("res.partner", string="Contact", ondelete="restrict", check_company=True)
    email = fields.Char(related="partner_id.email", readonly=False)
    phone = fields.Char(related="partner_id.phone", readonly=False)
    place_name = fields.Char(
        help="Place name printed in the date line of documents (địa danh), e.g. 'Chi Lăng'.",
    )
    authority_name = fields.Char(
        string="Issuing Body Name",
        help="Full name of the body as printed on its documents, e.g. 'Ủy ban nhân dân huyện Chi Lăng'.",
    )
    authority_parent_name = fields.Char(
        string="Governing Body",
        help="First line of the issuing-body block of documents, above the body's own name; "
        "leave empty when there is none.",
    )
    doc_abbreviation = fields.Char(
        string="Document Abbreviation",
        help="Abbreviation of the body used in document numbers, e.g. 'UBND' in '125/QĐ-UBND'.",
    )
    appraising_office_id = fields.Many2one(
        "thidua.unit", check_company=True,
        help="The office that receives and appraises the dossiers of this issuing body and is the standing "
        "body of its council: Phòng Nội vụ of a former district, Phòng Văn hóa – Xã hội of a commune, Sở Nội "
        "vụ of a province.",
    )
    appraising_office_head = fields.Char(
        string="Title of the Office's Head",
        help="As written in the proposal line of decisions, e.g. 'Trưởng phòng Văn hóa – Xã hội'.",
    )
    head_name = fields.Char(string="Head's Name")
    head_title = fields.Char(string="Head's Title")
    # The issuing body's digital signature (managers only). The password is write-only: it has no
    # ORM column (see _auto_init), so no read, search, export or log can give it back.
    sign_certificate = fields.Binary(
        string="Digital Signature Certificate", attachment=True, copy=False, groups=MANAGER,
        help="The issuing body's PKCS#12 file (.p12, .pfx) with its private key: decisions and certificates "
        "issued by this body are signed with it.",
    )
    sign_certificate_filename = fields.Char(string="Certificate File Name", copy=False, groups=MANAGER)
    sign_certificate_password = fields.Char(
        string="Certificate Password", compute="_compute_sign_certificate_password",
        inverse="_inverse_sign_certificate_password", search="_search_sign_certificate_password", copy=False,
        groups=MANAGER,
        help="Write-only: it is kept for signing and never shown again, to anyone.",
    )
    sign_certificate_info = fields.Char(
        string="Certificate", compute="_compute_sign_certificate_info", groups=MANAGER,
        help="Holder and validity of the configured certificate, checked with the stored password.",
    )
    # Where the key is: one backend per issuing body (tools/signers.py)
    sign_backend = fields.Selection(
        [("pkcs12", "PKCS#12 file on the server"), ("pkcs11", "Token or HSM (PKCS#11)"),
         ("upload", "Signed elsewhere, uploaded back")],
        string="Signing Method", default="pkcs12", required=True, groups=MANAGER,
        help="PKCS#12: the file above signs on the server. Token or HSM: the signer types the PIN at signing; the "
        "token is plugged into the server (or the HSM reached through its PKCS#11 module). Signed elsewhere: the "
        "signer downloads the prepared PDF, signs it where the token is and uploads it back.",
    )
    sign_pkcs11_module = fields.Char(
        string="PKCS#11 Module", groups=MANAGER,
        help="Path of the token's or HSM's PKCS#11 library on the server, one the server's configuration lists in "
        "thidua_pkcs11_modules (e.g. /usr/lib/softhsm/libsofthsm2.so).",
    )
    sign_pkcs11_token_label = fields.Char(string="Token Label", groups=MANAGER)
    sign_pkcs11_key_label = fields.Char(
        string="Key Label", groups=MANAGER,
        help="Label of the private key on the token; its certificate carries the same label.",
    )
    sign_upload_certificate = fields.Binary(
        string="Signer's Certificate", attachment=True, copy=False, groups=MANAGER,
        help="The certificate (.cer, .crt, .pem, without key) a file signed elsewhere must be signed with.",
    )
    sign_upload_certificate_filename = fields.Char(string="Signer's Certificate File Name", groups=MANAGER)
    # The agency's signature (NĐ 30/2020 Art. 32: the clerk numbers, dates and signs with the
    # agency's certificate after the person with authority), with the same three backends
    agency_sign_backend = fields.Selection(
        [("none", "No agency signature"), ("pkcs12", "PKCS#12 file on the server"),
         ("pkcs11", "Token or HSM (PKCS#11)"), ("upload", "Signed elsewhere, uploaded back")],
        string="Agency Signature", default="none", required=True, groups=MANAGER,
        help="With an agency signature the Chairman signs first with the method above, then the clerk gives the "
        "number and date and applies the agency's signature. Signed elsewhere: the clerk gives the number, "
        "downloads the file the Chairman signed, signs it where the agency's token is and uploads it back.",
    )
    agency_certificate = fields.Binary(
        attachment=True, copy=False, groups=MANAGER,
        help="The agency's PKCS#12 file (.p12, .pfx) with its private key, applied by the clerk after the "
        "Chairman's signature.",
    )
    agency_certificate_filename = fields.Char(string="Agency Certificate File Name", copy=False, groups=MANAGER)
    agency_certificate_password = fields.Char(
        compute="_compute_agency_certificate_password",
        inverse="_inverse_agency_certificate_password", search="_search_sign_certificate_password", copy=False,
        groups=MANAGER,
        help="Write-only: it is kept for signing and never shown again, to anyone. Left empty, the clerk types "
        "it at each issuing.",
    )
    agency_certificate_info = fields.Char(
        compute="_compute_sign_certificate_info", groups=MANAGER,
        help="Holder and validity of the agency's certificate, checked with the stored password.",
    )
    agency_upload_certificate = fields.Binary(
        string="Agency's Certificate", attachment=True, copy=False, groups=MANAGER,
        help="The agency's certificate (.cer, .crt, .pem, without key) a file signed elsewhere by the clerk must "
        "be signed with.",
    )
    agency_upload_certificate_filename = fields.Char(string="Agency's Certificate File Name", groups=MANAGER)
    agency_pkcs11_module = fields.Char(string="Agency PKCS#11 Module", groups=MANAGER)
    agency_pkcs11_token_label = fields.Char(string="Agency Token Label", groups=MANAGER)
    agency_pkcs11_key_label = fields.Char(string="Agency Key Label", groups=MANAGER)
    # The certification authorities' revocation lists (tools/revocation.py): one for the signing
    # method's certificate, one for the agency's, as an organisation's certificate often comes from
    # another authority (or sub-authority) than a person's, and a list vouches for one issuer only
    sign_crl = fields.Binary(
        string="Revocation List (CRL)", attachment=True, copy=False, groups=MANAGER,
        help="The certification authority's current list of revoked certificates (.crl, DER or PEM), downloaded "
        "from its website: a certificate it lists is refused at signing, and so is the list once past its next "
        "update. A PEM file may also carry the authority's certificate: the list's signature is then checked.",
    )
    sign_crl_filename = fields.Char(string="Revocation List File Name", copy=False, groups=MANAGER)
    agency_crl = fields.Binary(
        string="Agency Revocation List (CRL)", attachment=True, copy=False, groups=MANAGER,
        help="The revocation list of the authority that issued the agency's certificate, when another authority "
        "than the signer's.",
    )
    agency_crl_filename = fields.Char(string="Agency Revocation List File Name", copy=False, groups=MANAGER)
    # A token's certificate as at its last successful signing: public data the expiry reminder and
    # the revocation list's check read back without the PIN or the token (a USB token is plugged
    # into the server only when its holder signs)
    sign_token_certificate = fields.Binary(string="Token Certificate", attachment=True, copy=False,
                                           readonly=True, groups=MANAGER)
    agency_token_certificate = fields.Binary(attachment=True, copy=False,
                                             readonly=True, groups=MANAGER)
    # the fingerprints of the certificates the administrator was given an expiry to-do for: one each
    sign_expiry_reminded = fields.Char(string="Certificates Reminded Of", copy=False, groups="base.group_system")
    sign_signature_image = fields.Binary(
        string="Signer's Signature Image", attachment=True, copy=False, groups=MANAGER,
        help="Transparent PNG of the signer's handwritten signature, printed between the title and the name "
        "on digitally signed documents.",
    )
    sign_seal_image = fields.Binary(
        string="Seal Image", attachment=True, copy=False, groups=MANAGER,
        help="Transparent PNG of the body's red seal at real size, printed over the left third of the signature.",
    )
    sign_seal_diameter = fields.Float(
        string="Seal Diameter (mm)", default=pdf_signing.DEFAULT_SEAL_MM, digits=(4, 1), groups=MANAGER,
        help="The seal's real diameter, in millimetres (36 mm when not measured): the agency's signature prints "
        "the seal at this size over the left third of the signer's signature, an electronic copy at a third of "
        "it.",
    )
    note = fields.Html()
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    child_count = fields.Integer(compute="_compute_child_count", string="Sub-unit Count")
    # Who acts for a unit, as the record rules ask it. Odoo's child_of and parent_of write one
    # condition per unit of the user: an officer of 1,000 schools made every query of their portal
    # page parse and run 1,000 LIKEs. These search in SQL, walking the tree along parent_id. Read,
    # they would list the officers of every unit below the district to whoever reads the district:
    # administrators only (the rules search them as superuser).
    acting_user_ids = fields.Many2many(
        "res.users", string="Acting Users", compute="_compute_scope_users", search="_search_acting_user_ids",
        groups="base.group_system", help="Officers of this unit or of a unit above it: they act for it.",
    )
    active_officer_ids = fields.Many2many(
        "res.users", string="Officers of the Active Unit", compute="_compute_scope_users",
        search="_search_active_officer_ids", groups="base.group_system",
        help="Officers of this unit while it is active: an archived unit's officers review nothing.",
    )
    lower_officer_ids = fields.Many2many(
        "res.users", string="Officers Below", compute="_compute_scope_users", search="_search_lower_officer_ids",
        groups="base.group_system", help="Officers of this unit or of a unit under it.",
    )

    review_unit_unstaffed = fields.Boolean(
        string="Aggregating Unit Without Officer", compute="_compute_review_unit_unstaffed",
        search="_search_review_unit_unstaffed",
        help="The aggregating unit has no active officer: this unit's registrations go straight to the "
        "appraisers, with a note, until one is assigned.",
    )

    _sql_constraints = [
        ("code_company_uniq", "unique(code, company_id)", "The unit code must be unique."),
    ]

    def _auto_init(self):
        res = super()._auto_init()
        # the certificates' passwords: columns the ORM does not know, written by the inverses below,
        # holding the passwords encrypted with the server's key (tools/secret_box.py)
        for _file, _password, column in P12_FIELDS.values():
            self.env.cr.execute(SQL("ALTER TABLE thidua_unit ADD COLUMN IF NOT EXISTS %s varchar",
                                    SQL.identifier(column)))
        return res

    def init(self):
        # The scope table is a cache of the tree, not data: rebuilt whole on every install and
        # update, as Odoo recreates its SQL views in init(), so that whatever wrote the tree
        # without the ORM (an import in SQL, a migration) is reflected. Changes of earlier
        # versions' tables are migrations (migrations/18.0.1.6.0).
        unit_scope.create_table(self.env.cr)
        unit_scope.refresh(self.env)
        # passwords kept plain because the key was configured after they were written
        for _file, _password, column in P12_FIELDS.values():
            secret_box.encrypt_legacy_values(self.env.cr, "thidua_unit", column)

    def _compute_sign_certificate_password(self):
        for unit in self:
            unit.sign_certificate_password = False

    # one compute per password: computing both at once would drop the one typed in a form (onchange)
    def _compute_agency_certificate_password(self):
        for unit in self:
            unit.agency_certificate_password = False

    def _inverse_sign_certificate_password(self):
        self._store_certificate_password("sign")

    def _inverse_agency_certificate_password(self):
        self._store_certificate_password("agency")

    def _store_certificate_password(self, which):
        """Encrypt the password just typed in the write-only field of ``which`` (P12_FIELDS) into its column."""
        _file, password_field, column = P12_FIELDS[which]
        for unit in self:
            try:
                stored = secret_box.encrypt(unit[password_field] or None)
            except secret_box.SecretKeyMissing:
                raise UserError(self.env._(
                    "The server has no secret key to keep the certificate password encrypted: the administrator "
                    "sets thidua_secret_key_file in the server's configuration file (make run creates one)."
                )) from None
            self.env.cr.execute(SQL("UPDATE thidua_unit SET %s = %s WHERE id = %s", SQL.identifier(column), stored,
                                    unit.id))
        # the computed value (the typed password) must not stay in the cache of this request
        self.invalidate_recordset([password_field, "sign_certificate_info", "agency_certificate_info"])

    def _search_sign_certificate_password(self, operator, value):
        # no domain may test a guess of the password
        raise UserError(self.env._("The certificate password cannot be searched."))

    def _sign_certificate_secret(self, which="sign"):
        """The stored password of ``which`` (P12_FIELDS), decrypted with the server's key; a plain
        message when it cannot be."""
        self.ensure_one()
        column = P12_FIELDS[which][2]
        # a form being edited (onchange) works on a new record: the stored password is its origin's
        unit_id = self._origin.id
        if not unit_id:
            return None
        self.env.cr.execute(SQL("SELECT %s FROM thidua_unit WHERE id = %s", SQL.identifier(column), unit_id))
        row = self.env.cr.fetchone()
        stored = row[0] if row else None
        if not stored:
            return None
        # sudo: the refusals below name the issuing body, whoever signs for it
        unit_name = self.sudo().name
        if not secret_box.is_encrypted(stored):
            # written before encryption existed: used only once the key is there, and encrypted then
            if secret_box.encrypt_legacy_values(self.env.cr, "thidua_unit", column):
                raise UserError(self.env._(
                    "The certificate password of %(unit)s is still stored unencrypted and the server has no secret "
                    "key: signing waits until the administrator sets thidua_secret_key_file in the server's "
                    "configuration file and updates the module.", unit=unit_name,
                ))
            return stored
        try:
            return secret_box.decrypt(stored)
        except secret_box.SecretKeyMissing:
            raise UserError(self.env._(
                "The server's secret key is missing from its configuration file: the certificate password of "
                "%(unit)s cannot be read. The administrator restores thidua_secret_key_file.", unit=unit_name,
            )) from None
        except secret_box.SecretUnreadable:
            raise UserError(self.env._(
                "The certificate password of %(unit)s does not match the server's secret key (the key was "
                "changed): a manager types the password again.", unit=unit_name,
            )) from None

    def _sign_certificate_secret_or_none(self, which="sign"):
        """The stored password, or None when the server cannot read it (said at signing)."""
        try:
            return self._sign_certificate_secret(which)
        except UserError:
            return None

    @api.depends("sign_certificate", "agency_certificate")
    def _compute_sign_certificate_info(self):
        for unit in self:
            for which, (file_field, password_field, _column) in P12_FIELDS.items():
                info_field = f"{file_field}_info"
                unit[info_field] = False
                if not unit[file_field]:
                    continue
                # in the form, the password typed with the file checks it before it is saved
                try:
                    loaded = unit._thidua_load_signer(password=unit[password_field] or None, which=which)
                except UserError as error:
                    unit[info_field] = error.args[0]
                    continue
                unit[info_field] = self.env._(
                    "%(holder)s, valid from %(start)s to %(end)s",
                    holder=loaded.subject, start=loaded.not_before.strftime("%d/%m/%Y"),
                    end=loaded.not_after.strftime("%d/%m/%Y"),
                )

    def _thidua_load_signer(self, at=None, password=None, which="sign"):
        """The issuing body's PKCS#12 signer (``which``: P12_FIELDS), checked for ``at`` (None without
        a certificate); UserError else.

        ``password`` is the one typed in the form being edited; else the stored one is used.
        """
        self.ensure_one()
        # sudo: whoever signs or prints, the certificate is read by the signing code only; its
        # content, not the size a form reads (bin_size)
        unit = self.sudo().with_context(bin_size=False)
        file_field = P12_FIELDS[which][0]
        if not unit[file_field]:
            return None
        return pdf_signing.load_signer(self.env, base64.b64decode(unit[file_field]),
                                       password or unit._sign_certificate_secret(which), at=at)

    def _thidua_pkcs12_backend(self, which="sign"):
        """The PKCS#12 backend of ``which`` (P12_FIELDS): its file and its stored password, if any."""
        # sudo: the signing configuration is managers-only; the signing code reads it for whoever signs
        unit = self.sudo().with_context(bin_size=False)
        file_field = P12_FIELDS[which][0]
        if not unit[file_field]:
            return signers.Pkcs12Backend(None, None)
        return signers.Pkcs12Backend(base64.b64decode(unit[file_field]), unit._sign_certificate_secret(which))

    def _thidua_signer_backend(self):
        """The backend (tools/signers.py) that holds this issuing body's key."""
        return self._thidua_backend("sign")

    def _thidua_agency_backend(self):
        """The backend of the agency's signature, or None when this body signs in one step."""
        return self._thidua_backend("agency")

    def _thidua_backend(self, which):
        """The backend of ``which`` signature: "sign" (the body's own: the Chairman's) or "agency"
        (the clerk's, after it; None when the body has none). The two are configured by fields of
        the same names but their prefix."""
        self.ensure_one()
        # sudo: the signing configuration is managers-only; the signing code reads it for whoever signs
        unit = self.sudo().with_context(bin_size=False)
        kind = unit.sign_backend if which == "sign" else unit.agency_sign_backend
        if kind == "pkcs11":
            backend = signers.Pkcs11Backend(unit[f"{which}_pkcs11_module"], unit[f"{which}_pkcs11_token_label"],
                                            unit[f"{which}_pkcs11_key_label"])
            backend.on_certificate = lambda der: unit._thidua_remember_certificate(f"{which}_token_certificate", der)
        elif kind == "upload":
            certificate = unit[f"{which}_upload_certificate"]
            backend = signers.UploadBackend(base64.b64decode(certificate) if certificate else None)
        elif which == "sign" or kind == "pkcs12":
            if which == "agency" and not unit.agency_certificate:
                raise UserError(self.env._(
                    "Upload the agency's PKCS#12 file in the settings of %(unit)s before signing: the clerk applies "
                    "it after the Chairman's signature.", unit=unit.name,
                ))
            backend = unit._thidua_pkcs12_backend(which)
        else:
            return None
        crl = unit[f"{which}_crl"]
        backend.crl = base64.b64decode(crl) if crl else None
        return backend

    def _thidua_remember_certificate(self, field, der):
        """Keep the certificate (DER) a token signed with, when it changed (see sign_token_certificate)."""
        # sudo: whoever signs (the Chairman's office, the clerk) keeps the token's public certificate
        unit = self.sudo().with_context(bin_size=False)
        if base64.b64decode(unit[field] or b"") != der:
            unit[field] = base64.b64encode(der)

    def _thidua_certificates(self):
        """{"sign": asn1crypto certificate, "agency": …} of the certificates this body signs with, as far
        as the server can tell without the signer: the PKCS#12 files' (with the stored password), the
        uploaded signers', a token's as at its last successful signing."""
        self.ensure_one()
        # sudo: the signing configuration is managers-only; the reminder and the checks read it
        unit = self.sudo().with_context(bin_size=False)
        found = {}
        for which, backend in (("sign", unit.sign_backend), ("agency", unit.agency_sign_backend)):
            upload_field, token_field, p12_field = (f"{which}_upload_certificate", f"{which}_token_certificate",
                                                    P12_FIELDS[which][0])
            if backend == "upload" and unit[upload_field]:
                found[which] = signers.load_certificate(base64.b64decode(unit[upload_field]))
            elif backend == "pkcs11" and unit[token_field]:
                found[which] = signers.load_certificate(base64.b64decode(unit[token_field]))
            elif backend == "pkcs12" and unit[p12_field]:
                found[which] = pdf_signing.pkcs12_certificate(base64.b64decode(unit[p12_field]),
                                                              unit._sign_certificate_secret_or_none(which))
        return {role: cert for role, cert in found.items() if cert is not None}

    @api.model
    def _cron_certificate_expiry(self, days=30):
        """A to-do for the administrator when a certificate a body signs with (its signing method's, the
        agency's) expires within ``days``, once per certificate (an expired one is refused at signing,
        with its date)."""
        now = pdf_signing.vietnam_now()
        admin = self.env.ref("base.user_admin", raise_if_not_found=False) or self.env.user
        # sudo: the cron reads every body's signing configuration (managers-only fields)
        for unit in self.sudo().search([("authority_name", "!=", False)]):
            reminded = set((unit.sign_expiry_reminded or "").split(","))
            for role, cert in unit._thidua_certificates().items():
                holder, fingerprint, _start, end = signers.describe_certificate(cert)
                if fingerprint in reminded or end - now > timedelta(days=days):
                    continue
                date = end.astimezone(pdf_signing.VIETNAM_TZ).strftime("%d/%m/%Y")
                if role == "agency":
                    summary = self.env._("The agency's digital signature certificate of %(unit)s (%(holder)s) "
                                         "expires on %(date)s", unit=unit.name, holder=holder, date=date)
                else:
                    summary = self.env._("The digital signature certificate of %(unit)s expires on %(date)s",
                                         unit=unit.name, date=date)
                reminded.add(fingerprint)
                # a to-do of an earlier version, still open, said the same
                if any(activity.summary == summary for activity in unit.activity_ids):
                    continue
                unit.activity_schedule("mail.mail_activity_data_todo",
                                       date_deadline=max((end - timedelta(days=7)).date(), now.date()),
                                       summary=summary, user_id=admin.id)
            reminded = ",".join(sorted(filter(None, reminded)))
            if reminded != (unit.sign_expiry_reminded or ""):
                unit.sign_expiry_reminded = reminded

    @api.constrains("sign_crl", "agency_crl")
    def _check_crl(self):
        """A revocation list is refused on upload when it is not one, or not the issuer's of a
        certificate the body signs with (as far as the server knows it now; else at signing)."""
        # sudo: the fields are managers-only; the check runs whoever wrote them
        for unit in self.sudo().with_context(bin_size=False):
            certificates = unit._thidua_certificates()
            for field, role in (("sign_crl", "sign"), ("agency_crl", "agency")):
                if not unit[field]:
                    continue
                try:
                    revocation.check_upload(self.env, base64.b64decode(unit[field]),
                                            [certificates[role]] if role in certificates else [])
                except UserError as error:
                    raise ValidationError(error.args[0]) from None

    @api.constrains("sign_backend", "agency_sign_backend")
    def _check_two_signatures_on_the_server(self):
        """The Chairman's signature made elsewhere is issued on upload: with an agency signature the
        clerk's step would be skipped, so the Chairman signs on the server (token or PKCS#12)."""
        # sudo: the fields are managers-only; the check runs whoever wrote them
        for unit in self.sudo():
            if unit.sign_backend == "upload" and unit.agency_sign_backend != "none":
                raise ValidationError(self.env._(
                    "%(unit)s: with the agency's signature, the Chairman signs with a token or a PKCS#12 file on "
                    "the server; signing elsewhere is for a body that issues in one step.", unit=unit.name,
                ))

    @api.constrains("sign_backend", "sign_pkcs11_module", "agency_sign_backend", "agency_pkcs11_module")
    def _check_sign_pkcs11_module(self):
        allowed = signers.allowed_pkcs11_modules()
        # sudo: the fields are managers-only; the check runs whoever wrote them
        for unit in self.sudo():
            modules = []
            if unit.sign_backend == "pkcs11" and unit.sign_pkcs11_module:
                modules.append(unit.sign_pkcs11_module.strip())
            if unit.agency_sign_backend == "pkcs11" and unit.agency_pkcs11_module:
                modules.append(unit.agency_pkcs11_module.strip())
            for module in modules:
                if module not in allowed:
                    raise ValidationError(self.env._(
                        "The PKCS#11 module %(module)s is not one the server's configuration allows "
                        "(thidua_pkcs11_modules): the administrator adds it there.", module=module,
                    ))

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for unit in self:
            if unit.parent_id:
                unit.complete_name = f"{unit.parent_id.complete_name} / {unit.name}"
            else:
                unit.complete_name = unit.name

    @api.depends("parent_path", "officer_ids", "child_ids")
    def _compute_scope_users(self):
        # check_access() evaluates the rules in Python from these values: they come from the same
        # table as the searches, one query for all the records
        ids = [unit.id for unit in self if unit.id]
        users = {}
        if ids:
            self.env.cr.execute(SQL(
                "SELECT unit_id, kind, array_agg(user_id) FROM thidua_unit_scope "
                "WHERE unit_id = ANY(%s) AND kind IN ('own', 'below', 'above') GROUP BY unit_id, kind", ids,
            ))
            users = {(unit_id, kind): user_ids for unit_id, kind, user_ids in self.env.cr.fetchall()}
        for unit in self:
            unit.active_officer_ids = [Command.set(users.get((unit.id, "own"), []))]
            unit.acting_user_ids = [Command.set(users.get((unit.id, "below"), []))]
            unit.lower_officer_ids = [Command.set(users.get((unit.id, "above"), []))]

    @api.model
    def _scope_search(self, operator, value, records_sql):
        """``[("id", "in", records_sql(user_ids))]`` for ``(field, "in", user ids)``: the records
        (units, or campaigns) that ``records_sql`` finds in the scope table for the users."""
        if operator not in ("in", "=", "not in", "!="):
            raise UserError(self.env._("Operator %(operator)s is not supported here.", operator=operator))
        user_ids = [value] if isinstance(value, int) else list(value or ())
        if not all(isinstance(user_id, int) and not isinstance(user_id, bool) for user_id in user_ids):
            raise UserError(self.env._("Users are searched here by their id."))
        if not self.env.su and set(user_ids) - {self.env.uid}:
            # the rules search as superuser; a user asks only about themselves (whom another user
            # acts for is not theirs to probe, even among the units they read)
            raise AccessError(self.env._("You can only search your own units here."))
        return [("id", "in" if operator in ("in", "=") else "not in", SQL("(%s)", records_sql(user_ids)))]

    def _search_acting_user_ids(self, operator, value):
        return self._scope_search(operator, value, lambda user_ids: unit_scope.units_sql(user_ids, "below"))

    # ------------------------------------------------------------------
    # Who acts for a unit: one answer, the scope table's (which the record rules also read)
    # ------------------------------------------------------------------
    @api.model
    def _acted_for_sql(self, user=None, below=False):
        """The units ``user`` (default: the current one) acts for, as SQL for a ``(many2one, "in",
        …)`` term: the active units they are an officer of; with ``below``, and every unit under
        them (a parent unit compiles its sub-units' proposals). Written so rather than as
        ``("<many2one>.active_officer_ids", "in", uid)``, without the subquery on thidua_unit the
        ORM wraps around it (a third of the review query's time for an officer of 1,000 units)."""
        user_id = (user or self.env.user).id
        return SQL("(%s)", unit_scope.units_sql([user_id], "below" if below else "own"))

    @api.model
    def _acted_for_domain(self, field="id", user=None, below=False):
        """``[(field, "in", the units user acts for)]``: for a search of units or of their records."""
        return [(field, "in", self._acted_for_sql(user, below))]

    def _is_acted_for_by(self, user=None, below=False):
        """True when ``user`` (default: the current one) acts for each of these units (see
        :meth:`_acted_for_sql`): an officer of an archived unit acts for nothing; one of a parent
        unit acts for its sub-units only with ``below``."""
        user = user or self.env.user
        if not self:
            return False
        if below:
            return unit_scope.covers(self.env, user.id, self.ids, "below")
        # the table's "own" rows, read from the records themselves (prefetched with the units)
        return all(user in unit._officer_users() for unit in self)

    def _officer_users(self):
        """The users acting for these units themselves: their officers while the unit is active
        (the scope table's ``own`` rows, read from the records: a list of units prefetches them).
        Returned as superuser records: who the officers are is not every caller's to read; whom
        the caller tells or shows them to is the caller's decision."""
        # sudo: see the docstring
        units = self.sudo()
        return units.filtered("active").officer_ids

    def _search_active_officer_ids(self, operator, value):
        return self._scope_search(operator, value, lambda user_ids: unit_scope.units_sql(user_ids, "own"))

    def _search_lower_officer_ids(self, operator, value):
        return self._scope_search(operator, value, lambda user_ids: unit_scope.units_sql(user_ids, "above"))

    @api.model
    def _staffed_unit_ids(self, unit_ids):
        """The ids among ``unit_ids`` of active units with at least one active officer."""
        if not unit_ids:
            return set()
        self.env.cr.execute(SQL(
            "SELECT DISTINCT rel.unit_id FROM thidua_unit_officer_rel rel "
            "JOIN thidua_unit unit ON unit.id = rel.unit_id AND unit.active "
            "JOIN res_users officer ON officer.id = rel.user_id AND officer.active "
            "WHERE rel.unit_id = ANY(%s)", list(unit_ids),
        ))
        return {row[0] for row in self.env.cr.fetchall()}

    @api.depends("review_unit_id", "review_unit_id.officer_ids", "review_unit_id.active")
    def _compute_review_unit_unstaffed(self):
        self.env["res.users"].flush_model(["active"])
        self.flush_model(["officer_ids", "active"])
        # sudo: whether the aggregating unit has officers, not who they are
        reviewers = self.sudo().review_unit_id
        staffed = self._staffed_unit_ids(reviewers.ids)
        for unit in self:
            unit.review_unit_unstaffed = bool(unit.review_unit_id) and unit.review_unit_id.id not in staffed

    def _search_review_unit_unstaffed(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Operator %(operator)s is not supported here.", operator=operator))
        self.env["res.users"].flush_model(["active"])
        self.flush_model(["officer_ids", "active"])
        reviewed_by_staffed = SQL(
            "(SELECT reviewed.id FROM thidua_unit reviewed JOIN thidua_unit_officer_rel rel "
            "ON rel.unit_id = reviewed.review_unit_id "
            "JOIN thidua_unit unit ON unit.id = rel.unit_id AND unit.active "
            "JOIN res_users officer ON officer.id = rel.user_id AND officer.active)"
        )
        domain = ["&", ("review_unit_id", "!=", False), ("id", "not in", reviewed_by_staffed)]
        return domain if (operator == "=") == value else ["!", *domain]

    def _compute_child_count(self):
        counts = dict(
            self.env["thidua.unit"]._read_group([("parent_id", "in", self.ids)], ["parent_id"], ["__count"])
        )
        for unit in self:
            unit.child_count = counts.get(unit, 0)

    @api.constrains("review_unit_id")
    def _check_review_unit_id(self):
        for unit in self:
            if unit.review_unit_id == unit:
                raise ValidationError(
                    self.env._("Unit %(unit)s cannot be its own aggregating unit.", unit=unit.name)
                )

    def _recolour_images(self, vals):
        """``vals`` with the signature image in blue and the seal in red, transparent PNGs, whatever
        the uploaded scan's colours (NĐ 30/2020 Appendix I)."""
        for field_name, colour in (("sign_signature_image", signature_images.SIGNATURE_BLUE),
                                   ("sign_seal_image", signature_images.SEAL_RED)):
            if not vals.get(field_name):
                continue
            value = vals[field_name]
            png = signature_images.recolour(base64.b64decode(value), colour)
            if png is None:
                raise UserError(self.env._("%(field)s: upload a PNG or JPEG image.",
                                           field=self._fields[field_name]._description_string(self.env)))
            vals = dict(vals, **{field_name: base64.b64encode(png)})
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        # cleaned before the code is compared with the others' (the guard cleans them as well)
        vals_list = [self._recolour_images(self._clean_texts(vals)) for vals in vals_list]
        for vals in vals_list:
            self._check_code_free(vals.get("code"), vals.get("company_id") or self.env.company.id)
        # the e-mail and phone live on the unit's contact: a unit created with them and without a
        # contact gets one (by the form, by an import), or they would be dropped without a word
        contacts = [{key: vals.pop(key) for key in CONTACT_FIELDS if key in vals} for vals in vals_list]
        units = super().create(vals_list)
        for unit, contact in zip(units, contacts, strict=True):
            if any(contact.values()):
                unit._ensure_partner()
                unit.partner_id.write(contact)
        unit_scope.refresh(self.env, unit_scope.users_around(self.env, units.ids))
        self._invalidate_scope()
        return units

    def _document_sequence(self, code, name, suffix, company):
        """This issuing body's numbering of one kind of document (decisions N/QĐ-UBND, council
        minutes NN/BB-HĐTĐKT): no gaps, restarting every year, created on first use.

        Two first uses at once must not each create a sequence (both would draw number 1): the
        body's row is locked AND touched. A lock alone is not enough: a request whose snapshot
        predates the other's commit would get the lock afterwards and still not see the new
        sequence; touched, the row makes it fail to serialize and Odoo retries it with a fresh
        snapshot (seen with two servers: tests/test_multinode.py).
        """
        self.ensure_one()
        self.env.cr.execute("SELECT id FROM thidua_unit WHERE id = %s FOR NO KEY UPDATE NOWAIT", [self.id])
        self.env.cr.execute("UPDATE thidua_unit SET write_date = write_date WHERE id = %s", [self.id])
        # sudo: managers and council members number documents but do not administer sequences
        Sequence = self.env["ir.sequence"].sudo()
        sequence = Sequence.search([("code", "=", code)], limit=1)
        if not sequence:
            sequence = Sequence.create({
                "name": name, "code": code, "implementation": "no_gap", "use_date_range": True,
                "padding": 2, "suffix": suffix, "company_id": company.id,
            })
        return sequence

    def write(self, vals):
        # cleaned before the code is compared with the others' (the guard cleans them as well)
        vals = self._recolour_images(self._clean_texts(vals))
        if any(vals.get(key) for key in CONTACT_FIELDS) and "partner_id" not in vals:
            self.filtered(lambda unit: not unit.partner_id)._ensure_partner()
        # Checked before writing: the parent_path update and the SQL constraint would otherwise
        # fail first, with a message that names neither unit.
        if vals.get("parent_id"):
            new_parent = self.browse(vals["parent_id"])
            if new_parent in self.search([("id", "child_of", self.ids)]):
                raise ValidationError(
                    self.env._("A unit cannot be placed under itself or one of its sub-units (%(unit)s).",
                               unit=new_parent.name)
                )
        if "parent_id" in vals and self._nested():
            # Odoo's parent_path update of a unit moved together with units under it goes wrong
            # (its UPDATE joins each row to every moved ancestor, PostgreSQL keeps any one of
            # them), and every rule and scope row follows parent_path: one unit at a time
            for unit in self:
                unit.write(vals)
            return True
        if vals.get("code"):
            for unit in self:
                self._check_code_free(vals["code"], vals.get("company_id") or unit.company_id.id, unit)
        if not SCOPE_FIELDS.intersection(vals):
            return super().write(vals)
        # officers replaced: only theirs change; a tree change: everyone around, before and after
        around = unit_scope.officers if set(vals) & SCOPE_FIELDS == {"officer_ids"} else unit_scope.users_around
        before = around(self.env, self.ids)
        result = super().write(vals)
        unit_scope.refresh(self.env, before | around(self.env, self.ids))
        self._invalidate_scope()
        return result

    def _ensure_partner(self):
        """Give each unit without a contact a company contact of its name (its e-mail and phone are
        the contact's)."""
        for unit in self.filtered(lambda unit: not unit.partner_id):
            # sudo: whoever may write the unit may store its address; creating contacts is a right
            # of internal users, not necessarily of an administrator of the units set up by import
            partner = self.env["res.partner"].sudo().create({
                "name": unit.name, "is_company": True, "company_id": unit.company_id.id,
            })
            # the contact link is the unit's own write, past this model's write (no scope refresh needed)
            super(ThiduaUnit, unit).write({"partner_id": partner.id})  # pylint: disable=super-method-mismatch
        return True

    def _nested(self):
        """Whether one of these units is under another of them."""
        ids = set(self.ids)
        return len(ids) > 1 and any(
            int(ancestor) in ids for unit in self for ancestor in (unit.parent_path or "").split("/")[:-2])

    def unlink(self):
        around, ids = unit_scope.users_around(self.env, self.ids), self.ids
        result = super().unlink()
        unit_scope.forget(self.env, unit_ids=ids)
        unit_scope.refresh(self.env, around)
        self._invalidate_scope()
        return result

    @api.model
    def _invalidate_scope(self):
        """The scope fields are computed from the whole tree (officers above and below, review
        links): a change anywhere in it may change the value cached on any unit or campaign, which
        the rules read when they check records already in memory (check_access)."""
        self.env["thidua.unit"].invalidate_model(["active_officer_ids", "acting_user_ids", "lower_officer_ids"])
        self.env["thidua.campaign"].invalidate_model(["participant_user_ids"])

    def _check_code_free(self, code, company_id, unit=None):
        """Refuse a code another unit of the company already has (the SQL constraint guards races)."""
        if not code:
            return
        domain = [("code", "=", code), ("company_id", "=", company_id)]
        if unit:
            domain.append(("id", "!=", unit.id))
        # sudo: the code must be unique among all units, including those the user cannot see
        other = self.sudo().with_context(active_test=False).search(domain, limit=1)
        if other:
            raise ValidationError(
                self.env._("The code %(code)s is already used by the unit %(unit)s.", code=code, unit=other.name)
            )

    @api.constrains("name", "code")
    def _check_not_blank(self):
        for unit in self:
            if not (unit.name or "").strip() or not (unit.code or "").strip():
                raise ValidationError(self.env._("A unit needs a name and a code."))

    def _image_png(self, field_name):
        """The signature image (blue) or the seal (red) as PNG bytes, or None: recoloured here too,
        for an image stored before uploads were recoloured."""
        # sudo: the images are managers-only fields, printed on the body's signed documents
        value = self.sudo().with_context(bin_size=False)[field_name]
        if not value:
            return None
        colour = signature_images.SEAL_RED if field_name == "sign_seal_image" else signature_images.SIGNATURE_BLUE
        return signature_images.recolour(base64.b64decode(value), colour)

    def _image_data_uri(self, field_name):
        png = self._image_png(field_name)
        return f"data:image/png;base64,{base64.b64encode(png).decode()}" if png else ""

    def _seal_diameter(self):
        # sudo: the seal's size is a managers-only setting, printed on the body's signed documents
        return self.sudo().sign_seal_diameter or pdf_signing.DEFAULT_SEAL_MM

    def _visible_signature_info(self, loaded, signing_time):
        """What NĐ 30/2020 Appendix I prints of the body's signature, for the documents it signs."""
        self.ensure_one()
        diameter = self._seal_diameter()
        return {
            "signed_by": loaded.subject,
            "body": self.authority_name or self.name,
            "time": pdf_signing.iso_vietnam(signing_time),
            "signature_image": self._image_data_uri("sign_signature_image"),
            "seal_image": self._image_data_uri("sign_seal_image"),
            # the seal at real size over the left third of the 40 x 28 mm signature place
            "seal_style": f"width: {diameter:.1f}mm; height: {diameter:.1f}mm; left: {40 / 3 - diameter:.1f}mm; "
                          f"top: {14 - diameter / 2:.1f}mm;",
        }

    def _agency_field(self, pdf, person_field_name=None):
        """(drawing, box) of this body's agency signature on ``pdf``, which the person with
        authority signed: its red seal at real size over the left third of their signature."""
        self.ensure_one()
        return pdf_signing.agency_field(pdf, self._image_png("sign_seal_image"), self._seal_diameter(),
                                        person_field_name=person_field_name)

    def _electronic_copy(self, signed_pdf):
        """``signed_pdf`` as this body's electronic copy (bản sao điện tử, NĐ 30/2020 Appendix I):
        top right of page 1 its seal at a third of real size, "BẢN SAO", its name and the time, in an
        incremental update. No key is applied (the server signs only inside issuance, never on
        print): the original signatures stay valid for their revision, and the copy adds none."""
        self.ensure_one()
        font, _family = page_number_font()
        lines = ["BẢN SAO – sao y", self.authority_name or self.name,
                 pdf_signing.iso_vietnam(pdf_signing.vietnam_now())]
        mark = pdf_signing.copy_mark(font, self._image_png("sign_seal_image"), self._seal_diameter(), lines,
                                     pdf_signing.page_box(signed_pdf))
        return pdf_signing.add_stamps(signed_pdf, [mark])

    def _appraising_office(self):
        """(name, its head's title, abbreviation for 'Lưu: VT, …') of the appraising office of the
        issuing body that ``self`` belongs to."""
        self.ensure_one()
        authority = self._get_document_authority()
        # sudo: the office is named on documents and messages whoever reads them
        office = authority.sudo().appraising_office_id
        name = office.name or self.env._("the emulation and commendation office")
        head = authority.appraising_office_head or self.env._("the Head of %(office)s", office=name)
        return name, head, office.doc_abbreviation or name

    @api.model
    def _reporting_body(self, company):
        """The unit a statistical form speaks for when none is chosen: the company's top unit."""
        return self.search([("parent_id", "=", False), ("company_id", "=", company.id)], order="id", limit=1)

    def _reporting_names(self):
        """(reporting, receiving): the names a statistical form's header gives this unit and the body above it."""
        self.ensure_one()
        parent = self.parent_id
        return (self.authority_name or self.name,
                self.authority_parent_name or (parent and (parent.authority_name or parent.name)) or False)

    def _get_document_authority(self):
        """Return the nearest unit (self or an ancestor) that carries the issuing-body data."""
        self.ensure_one()
        unit = self
        while unit and not unit.authority_name:
            unit = unit.parent_id
        return unit or self

    # ------------------------------------------------------------------
    # Import (Units › ⚙ › Import records, with the template of static/xls)
    # ------------------------------------------------------------------
    @api.model
    def get_import_templates(self):
        return [{
            "label": self.env._("Import Template for Units"),
            "template": "/chilang_thidua/static/xls/thidua_unit_import.xlsx",
        }]

    @api.model
    def _import_unit_index(self):
        """{(field, key): unit ids} of the company's units (archived too) by code, name and full name,
        compared without regard to case, spacing or Unicode form."""
        index = {}
        # sudo: a name in a file is matched among all units of the company, the candidates are named
        # back to the administrator who imports
        units = self.sudo().with_context(active_test=False).search_read(
            [("company_id", "in", self.env.companies.ids)], ["code", "name", "complete_name"])
        for unit in units:
            for field_name in ("code", "name", "complete_name"):
                index.setdefault((field_name, import_key(unit[field_name])), set()).add(unit["id"])
        return index

    @api.model
    def _import_resolve_unit(self, value, label, index):
        """(unit id, error) for a cell naming one unit by code, else name, else full name; never a
        new unit."""
        value = value.strip() if isinstance(value, str) else value
        if not value:
            return "", None
        wanted = import_key(value)
        ids = next((index[key] for key in (("code", wanted), ("name", wanted), ("complete_name", wanted))
                    if index.get(key)), set())
        if len(ids) == 1:
            return str(next(iter(ids))), None
        if ids:
            # sudo: the candidates are named to the administrator who imports
            units = self.sudo().with_context(active_test=False).browse(sorted(ids))
            return "", self.env._(
                "%(column)s: several units are named '%(value)s': %(units)s. Write the code of the one meant.",
                column=label, value=value, units="; ".join(f"{unit.complete_name} ({unit.code})" for unit in units),
            )
        return "", self.env._(
            "%(column)s: there is no unit '%(value)s'. Write the code or the name of a unit that exists or is on an "
            "earlier line of the file (units are never created from this column).", column=label, value=value,
        )

    @api.model
    def _import_unit_type(self, value):
        """The code of a unit type written as its code or its label (English or the user's language)."""
        wanted = import_key(value)
        if not wanted:
            return "", None
        selection = self._fields["unit_type"]
        labels = dict(selection._description_selection(self.env))
        for code, label in UNIT_TYPES:
            if wanted in (import_key(code), import_key(label), import_key(labels.get(code))):
                return code, None
        return "", self.env._(
            "Unit Type: '%(value)s' is not a unit type. Write one of: %(types)s.",
            value=value, types="; ".join(labels.values()),
        )

    @api.model
    def load(self, fields, data):
        """Odoo's import, with the units named the way people write them.

        The parent, the aggregating unit and the appraising office are found by code or by a name
        that names one unit only (a name shared by several units is refused, the candidates listed);
        the type by code or label. Rows are created in the file's order, so that a unit may name a
        unit of an earlier line. Nothing is created when one line is refused.
        """
        fields_list = list(fields)
        references = {name: fields_list.index(name) for name in UNIT_REFERENCE_FIELDS if name in fields_list}
        type_index = fields_list.index("unit_type") if "unit_type" in fields_list else None
        if not references and type_index is None:
            return super().load(fields, data)
        converted_fields = [f"{name}/.id" if name in references else name for name in fields_list]
        offset = 2 if self.env.context.get("import_file") else 1
        labels = {name: self._fields[name]._description_string(self.env) for name in references}
        ids, messages = [], []
        index = self._import_unit_index()
        savepoint = self.env.cr.savepoint(flush=False)
        try:
            for number, data_row in enumerate(data):
                row = list(data_row)
                errors = []
                for name, position in references.items():
                    row[position], error = self._import_resolve_unit(row[position], labels[name], index)
                    errors += [error] if error else []
                if type_index is not None:
                    row[type_index], error = self._import_unit_type(row[type_index])
                    errors += [error] if error else []
                if errors:
                    messages += [{"type": "error", "record": number, "rows": {"from": number, "to": number},
                                  "message": self.env._("Line %(line)s: %(error)s", line=number + offset, error=error)}
                                 for error in errors]
                    continue
                result = super().load(converted_fields, [row])
                messages += [dict(message, record=number, rows={"from": number, "to": number})
                             for message in result.get("messages", [])]
                ids += result.get("ids") or []
                # the next lines may name this unit
                # sudo: the units just created are indexed by code and names like the others
                for unit in self.sudo().browse(result.get("ids") or []):
                    for field_name in ("code", "name", "complete_name"):
                        index.setdefault((field_name, import_key(unit[field_name])), set()).add(unit.id)
        except Exception:
            savepoint.close(rollback=True)
            raise
        failed = any(message.get("type") == "error" for message in messages)
        savepoint.close(rollback=failed)
        if failed:
            self.env.invalidate_all()
        return {"ids": False if failed else ids, "messages": messages, "nextrow": 0}

    def action_view_review_unit(self):
        """Open the aggregating unit, to assign it an officer."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window", "res_model": "thidua.unit", "view_mode": "form",
            "res_id": self.review_unit_id.id,
        }

    def action_view_children(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Sub-units"),
            "res_model": "thidua.unit",
            "view_mode": "list,form",
            "domain": [("parent_id", "=", self.id)],
            "context": {"default_parent_id": self.id},
        }
