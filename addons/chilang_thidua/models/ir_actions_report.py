import functools
import io
import logging
import math
import os
import subprocess
import tempfile
from collections import OrderedDict
from concurrent import futures

from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from odoo import api, models
from odoo.addons.base.models.ir_actions_report import _get_wkhtmltopdf_bin
from odoo.exceptions import UserError
from odoo.tools import config
from odoo.tools.pdf import NameObject, PdfFileReader, PdfFileWriter, merge_pdf

from ..tools import pdf_signing
from ..tools.settings import thidua_setting

_logger = logging.getLogger(__name__)

# Measured: wkhtmltopdf built on an unpatched Qt (Debian's package) ignores --dpi, --zoom and
# --disable-smart-shrinking and lays a CSS millimetre out as 0.768 mm of paper; the documents
# are zoomed back so that 14 pt and 30 mm margins are what the decree says. The patched-Qt build
# (wkhtmltox releases) honours Odoo's dpi and needs no correction.
UNPATCHED_QT_ZOOM = 1.302
DECISION_PACKAGE = "chilang_thidua.report_decision_package"
DECISION = "chilang_thidua.report_decision"
CERTIFICATE = "chilang_thidua.report_certificate"
# The multi-page documents, numbered per NĐ 30/2020 (Appendix I): Arabic figures centred in the top
# margin, 13-14 pt upright, none on page 1.
PAGE_NUMBERED = frozenset({
    DECISION,
    "chilang_thidua.report_campaign_plan",
    "chilang_thidua.report_council_minutes",
    "chilang_thidua.report_proposal",
})
PAGE_NUMBER_PT = 14
PAGE_NUMBER_BASELINE_MM = 13  # from the paper's top edge: in the 20 mm top margin, clear of the text
PAGE_NUMBER_FONTS = (
    "/usr/share/fonts/truetype/croscore/Tinos-Regular.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/msttcorefonts/Times_New_Roman.ttf",
)


@functools.cache
def _wkhtmltopdf_is_patched():
    try:
        out = subprocess.run([_get_wkhtmltopdf_bin(), "--version"], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return True
    return b"patched qt" in out.stdout.lower()


@functools.cache
def _page_number_font():
    """reportlab's name for the page numbers' face: the body's Tinos (Times New Roman's metrics),
    else the first serif TrueType found, else the PDF standard Times-Roman (not embedded)."""
    for path in PAGE_NUMBER_FONTS:
        if os.path.isfile(path):
            name = os.path.splitext(os.path.basename(path))[0].split("-")[0]
            try:
                pdfmetrics.registerFont(TTFont(f"thidua_{name}", path))
            except Exception:  # noqa: BLE001 - an unreadable font file: try the next one
                _logger.warning("page numbers: cannot load %s", path, exc_info=True)
                continue
            return f"thidua_{name}", name
    return "Times-Roman", ""


def stamp_page_numbers(pdf, margin_left_mm, margin_right_mm):
    """``pdf`` with its page numbers drawn in the top margin from page 2 on, centred over the text
    column (between the paperformat's left and right margins), as NĐ 30/2020 numbers pages.

    wkhtmltopdf numbers pages only through a header page (``--header-html``), which the Debian
    build (unpatched Qt) ignores; the numbers are therefore laid onto the rendered PDF, the same
    on either build. Page 1 is left as it is.
    """
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    count = reader.getNumPages()
    if count < 2:
        return pdf
    font, family = _page_number_font()
    overlay_stream = io.BytesIO()
    overlay = canvas.Canvas(overlay_stream, initialFontName=font, initialFontSize=PAGE_NUMBER_PT)
    for index in range(1, count):
        box = reader.getPage(index).mediaBox
        width, height = float(abs(box.getWidth())), float(abs(box.getHeight()))
        overlay.setPageSize((width, height))
        overlay.setFont(font, PAGE_NUMBER_PT)
        overlay.setFillColorRGB(0, 0, 0)
        centre = (margin_left_mm * mm + width - margin_right_mm * mm) / 2
        overlay.drawCentredString(centre, height - PAGE_NUMBER_BASELINE_MM * mm, str(index + 1))
        overlay.showPage()
    overlay.save()
    numbers = PdfFileReader(io.BytesIO(overlay_stream.getvalue()), strict=False)
    writer = PdfFileWriter()
    writer.addPage(reader.getPage(0))
    for index in range(1, count):
        page = reader.getPage(index)
        number_page = numbers.getPage(index - 1)
        if family:
            # reportlab tags its subset "AAAAAA+Tinos"; Qt names its own embedded subsets by the
            # family alone, and so does this one: every font of the document reads as Tinos
            for ref in number_page["/Resources"]["/Font"].values():
                font_dict = ref.getObject()
                font_dict[NameObject("/BaseFont")] = NameObject(f"/{family}")
                font_dict["/FontDescriptor"].getObject()[NameObject("/FontName")] = NameObject(f"/{family}")
        page.mergePage(number_page)
        writer.addPage(page)
    with io.BytesIO() as buffer:
        writer.write(buffer)
        return buffer.getvalue()


# A batch of certificates is converted by several wkhtmltopdf runs at once, one per core, and merged
# (issue 16). Measured, 300 certificates: one run 1.0 s of CPU and 300 MB, a run of 50 0.2 s and
# 110 MB, starting a run 0.07 s. Below the minimum a batch is one run; the maximum keeps
# each run's memory flat whatever the batch; several runs per core let QWeb render the next chunk
# (main thread) while the cores convert the previous ones.
CERTIFICATES_PER_RUN_MIN = 25
CERTIFICATES_PER_RUN_MAX = 100
CERTIFICATE_RUNS_PER_CORE = 3


def usable_cores():
    """The cores this process may run on (its CPU affinity, e.g. a container's cpuset)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def certificate_chunks(ids, cores, size=None):
    """``ids`` cut, in order, into the chunks converted by one wkhtmltopdf run each: ``size`` ids
    each when given, else about ``CERTIFICATE_RUNS_PER_CORE`` chunks per core within the bounds."""
    ids = list(ids)
    if not size:
        size = math.ceil(len(ids) / (cores * CERTIFICATE_RUNS_PER_CORE))
        size = min(max(size, CERTIFICATES_PER_RUN_MIN), CERTIFICATES_PER_RUN_MAX)
    count = max(1, math.ceil(len(ids) / size))
    # even chunks: the last one, which nothing overlaps, is no longer than the others
    return [ids[index * len(ids) // count:(index + 1) * len(ids) // count] for index in range(count)]


def _wkhtmltopdf_chunk(command, folder, index, bodies):
    """One wkhtmltopdf run over ``bodies`` (HTML bytes) in ``folder``: (exit code, stderr, PDF bytes).
    Runs in a worker thread: plain files and a subprocess, no ORM and no cursor."""
    paths = []
    for number, body in enumerate(bodies):
        path = os.path.join(folder, f"chunk{index}.{number}.html")
        with open(path, "wb") as handle:
            handle.write(body)
        paths.append(path)
    pdf_path = os.path.join(folder, f"chunk{index}.pdf")
    try:
        process = subprocess.run([*command, *paths, pdf_path], stdin=subprocess.DEVNULL,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
        pdf = b""
        if process.returncode in (0, 1) and os.path.exists(pdf_path):
            with open(pdf_path, "rb") as handle:
                pdf = handle.read()
        return process.returncode, process.stderr.decode("utf-8", "replace"), pdf
    finally:
        for path in (*paths, pdf_path):
            if os.path.exists(path):
                os.unlink(path)


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _get_layout(self):
        """The addon's administrative documents use their own page shell.

        Odoo's ``web.minimal_layout`` links the company report assets (Bootstrap …), which
        wkhtmltopdf fetches over HTTP for every body and which fight the decree's typography;
        ours carries its stylesheet inline and renders no header/footer page (the documents keep
        everything in the body, as the unpatched-Qt wkhtmltopdf of Debian requires).
        """
        if len(self) == 1 and (self.report_name or "").startswith("chilang_thidua."):
            layout = self.env.ref("chilang_thidua.report_minimal_layout", raise_if_not_found=False)
            if layout:
                return layout
        return super()._get_layout()

    @api.model
    def _thidua_css_zoom(self):
        """CSS zoom of the addon's documents so that their millimetres are paper millimetres.

        ``chilang_thidua.report_css_zoom`` (system parameter) overrides the automatic value.
        """
        forced = thidua_setting(self.env, "report_css_zoom")
        if forced:
            return forced
        return 1.0 if _wkhtmltopdf_is_patched() else UNPATCHED_QT_ZOOM

    def _render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        """The decision package is the decision (portrait) followed by its certificates (landscape):
        one wkhtmltopdf run has one orientation, so both are rendered and merged into one PDF.
        Issued certificates print as stored (``_thidua_issued_certificates``), never signed anew."""
        if isinstance(res_ids, int):
            res_ids = [res_ids]
        report = self._get_report(report_ref)
        if report.report_name == CERTIFICATE and res_ids and not pdf_signing.current_visible_signature():
            issued = self._thidua_issued_certificates(res_ids, data)
            if issued:
                return issued, "pdf"
        # Odoo renders HTML instead of PDF in tests unless asked: keep that behaviour
        rendering_pdf = not (config["test_enable"] or config["test_file"]) or self.env.context.get(
            "force_report_rendering"
        )
        if report.report_name == DECISION_PACKAGE and res_ids and rendering_pdf:
            return self._render_thidua_decision_package(res_ids, data), "pdf"
        if report.report_name == CERTIFICATE and res_ids and rendering_pdf:
            return self._render_thidua_certificates(report, res_ids, data), "pdf"
        return super()._render_qweb_pdf(report_ref, res_ids=res_ids, data=data)

    def _run_wkhtmltopdf(  # noqa: PLR0917 - Odoo's positional signature
        self, bodies, report_ref=False, header=None, footer=None, landscape=False,
        specific_paperformat_args=None, set_viewport_size=False,
    ):
        """The numbered documents run one wkhtmltopdf per document, so that each one's pages count
        from 1 (and the unpatched-Qt build, which prints one HTML file per run, prints them all),
        then get their page numbers (``stamp_page_numbers``)."""
        report = self._get_report(report_ref) if report_ref else self.browse()
        if report.report_name not in PAGE_NUMBERED:
            return super()._run_wkhtmltopdf(
                bodies, report_ref=report_ref, header=header, footer=footer, landscape=landscape,
                specific_paperformat_args=specific_paperformat_args, set_viewport_size=set_viewport_size,
            )
        paperformat = report.get_paperformat()
        pdfs = []
        for body in bodies:
            pdf = super()._run_wkhtmltopdf(
                [body], report_ref=report_ref, header=header, footer=footer, landscape=landscape,
                specific_paperformat_args=specific_paperformat_args, set_viewport_size=set_viewport_size,
            )
            pdfs.append(stamp_page_numbers(pdf, paperformat.margin_left, paperformat.margin_right))
        return pdfs[0] if len(pdfs) == 1 else merge_pdf(pdfs)

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        """A digitally signed decision prints as its document of record, the stored signed PDF,
        byte for byte; the others are rendered."""
        report = self._get_report(report_ref)
        if report.report_name != DECISION or not res_ids:
            return super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)
        decisions = self.env["thidua.decision"].browse(res_ids)
        stored = {decision.id: decision._signed_pdf_bytes() for decision in decisions}
        stored = {res_id: raw for res_id, raw in stored.items() if raw}
        if not stored:
            return super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)
        rest = [res_id for res_id in res_ids if res_id not in stored]
        rendered = super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=rest) if rest else {}
        streams = OrderedDict()
        for res_id in res_ids:
            if res_id in stored:
                streams[res_id] = {"stream": io.BytesIO(stored[res_id]), "attachment": None}
            elif res_id in rendered:
                streams[res_id] = rendered.pop(res_id)
        streams.update(rendered)  # a multi-record render Odoo could not split (key False)
        return streams

    def _render_thidua_certificates(self, report, res_ids, data=None):
        """The certificates of ``res_ids`` rendered, never signed: a preview (marked DỰ THẢO) for a
        dossier not awarded, the signed decision's wording for an awarded one. Only the decision's
        signing renders them for its key (``pdf_signing.visible_signature`` set by that code)."""
        if not report.attachment:
            return self._render_thidua_certificate_runs(report, res_ids, data)
        return super()._render_qweb_pdf(report.report_name, res_ids=res_ids, data=data)[0]

    def _thidua_issued_certificates(self, res_ids, data=None):
        """The certificates as issued, or None when none of ``res_ids`` has a stored one.

        One dossier: its stored file, byte for byte. Exactly one decision's awardees in its order:
        the signed batch stored with the decision. Any other selection: a compilation, whose first
        page says so (the digital signatures are in the single files), of the stored files and of
        the others rendered (previews, awards of decisions signed without a certificate).
        """
        ids = list(dict.fromkeys(res_ids))
        dossiers = self.env["thidua.dossier"].browse(ids)
        # the stored files are read as the superuser below: the user must read every dossier asked for
        dossiers.check_access("read")
        stored = dossiers._certificates_of_record()
        if not stored:
            return None
        if len(ids) == 1:
            return stored[ids[0]]
        batch = dossiers._signed_certificates_bytes()
        if batch:
            return batch
        rest = [res_id for res_id in ids if res_id not in stored]
        rendered = []
        if rest:
            rendered = [self.with_context(force_report_rendering=True)._render_qweb_pdf(CERTIFICATE, rest, data)[0]]
        documents = [stored[res_id] for res_id in ids if res_id in stored] + rendered
        ordered = dossiers.browse([res_id for res_id in ids if res_id in stored] + rest)
        return pdf_signing.compilation(self._thidua_compilation_cover(ordered, len(rest)), documents)

    def _thidua_compilation_cover(self, dossiers, rendered_count):
        """The first page of a compilation of certificates, in Vietnamese (a document's language)."""
        env = self.with_context(lang="vi_VN").env
        paragraphs = [
            env._("This file compiles %(count)s certificates to print or read them at once. It is not an issued "
                  "document and carries no digital signature.", count=len(dossiers)),
            env._("The digital signature of the issuing body is in the single file of each certificate, stored "
                  "when the decision was signed. Check a certificate on the verification page of the QR code "
                  "printed on it, with its single file."),
        ]
        if rendered_count:
            paragraphs.append(env._(
                "The last %(count)s pages are printed from the system, not from an issued file: drafts (marked "
                "DỰ THẢO) or awards of decisions signed without a digital signature.", count=rendered_count))
        draft = env._("draft (not issued)")
        items = [
            " – ".join(filter(None, [dossier.nominee_name or dossier.name,
                                     dossier.decision_id.name if dossier.state == "awarded" else draft]))
            for dossier in dossiers
        ]
        font, _family = _page_number_font()
        return pdf_signing.compilation_cover(font, env._("COMPILATION OF CERTIFICATES (NOT SIGNED)"), paragraphs,
                                             items)

    def _render_thidua_certificate_runs(self, report, res_ids, data=None, chunk_size=None, stats=None):
        """The certificates of ``res_ids`` as one PDF, a page each in the order of ``res_ids``.

        The dossiers are cut into chunks (``certificate_chunks``; ``chunk_size`` forces their
        length). This thread renders each chunk's HTML (ORM, QWeb) and hands it to a pool of one
        wkhtmltopdf per core, so the conversion of a chunk overlaps the rendering of the next;
        the chunks' PDFs are merged in order. Unlike Odoo's own rendering, no PDF is split into
        one stream per record (certificates are not stored per record) and no 1 s JavaScript
        delay is waited for: the certificate carries no script and loads nothing over HTTP (its
        images are ``data:`` URIs), so no session cookie is passed either.
        ``stats`` (a dict), when given, receives the runs' sizes and how many ran at once.
        """
        if self.get_wkhtmltopdf_state() == "install":
            raise UserError(self.env._("Unable to find Wkhtmltopdf on this system. The PDF can not be created."))
        data = dict(data or {}, report_type="pdf", debug=False)
        Report = self.with_context(debug=False, webp_as_jpg=True)
        cores = usable_cores()
        # the administrator's cap (settings page): several Odoo workers printing at once would
        # otherwise each start one wkhtmltopdf per core
        cap = thidua_setting(self.env, "certificate_parallel_runs")
        if cap > 0:
            cores = min(cores, cap)
        chunks = certificate_chunks(res_ids, cores, chunk_size)
        workers = min(cores, len(chunks))
        pending, command = [], None
        with tempfile.TemporaryDirectory(prefix="thidua.certificates.") as folder, \
                futures.ThreadPoolExecutor(max_workers=workers, thread_name_prefix="thidua-wkhtmltopdf") as pool:
            try:
                for index, chunk in enumerate(chunks):
                    html = Report._render_qweb_html(report.report_name, chunk, data=data)[0]
                    bodies, _ids, header, footer, args = report.with_context(debug=False)._prepare_html(
                        html, report_model=report.model
                    )
                    del html
                    if command is None:
                        command = Report._thidua_certificate_command(report, folder, header, footer, args)
                    # at most two chunks waiting per run: a batch of thousands is not held as HTML
                    if index >= 2 * workers:
                        futures.wait([pending[index - 2 * workers]])
                    pending.append(pool.submit(
                        _wkhtmltopdf_chunk, command, folder, index, [body.encode() for body in bodies]
                    ))
                results = [future.result() for future in pending]
            except BaseException:
                for future in pending:
                    future.cancel()
                raise
        pending.clear()
        for returncode, message, _pdf in results:
            if returncode not in (0, 1):
                _logger.warning("wkhtmltopdf failed (error code: %s): %s", returncode, message[-1000:])
                raise UserError(self.env._(
                    "Wkhtmltopdf failed (error code: %(error_code)s). Message: %(message)s",
                    error_code=returncode, message=message[-1000:],
                ))
            if message:
                _logger.warning("wkhtmltopdf: %s", message)
        if stats is not None:
            stats.update(runs=len(results), sizes=[len(chunk) for chunk in chunks], workers=workers)
        pdfs = [result[2] for result in results]
        del results
        return pdfs[0] if len(pdfs) == 1 else merge_pdf(pdfs)

    def _thidua_certificate_command(self, report, folder, header, footer, args):
        """wkhtmltopdf's command line for the certificate runs, all but the files of one run:
        Odoo's arguments for the report's paper format, without the JavaScript delay."""
        command_args = self._build_wkhtmltopdf_args(
            report.get_paperformat(), self.env.context.get("landscape"), specific_paperformat_args=args,
        )
        if "--javascript-delay" in command_args:
            command_args[command_args.index("--javascript-delay") + 1] = "0"
        for name, html in (("header", header), ("footer", footer)):
            if html:
                path = os.path.join(folder, f"{name}.html")
                with open(path, "wb") as handle:
                    handle.write(html.encode())
                command_args += [f"--{name}-html", path]
        return [_get_wkhtmltopdf_bin(), *command_args]

    def _render_thidua_decision_package(self, decision_ids, data=None):
        pdfs = []
        for decision in self.env["thidua.decision"].browse(decision_ids):
            pdfs.append(self._render_qweb_pdf("chilang_thidua.action_report_decision", decision.ids, data)[0])
            dossiers = decision.line_ids.sorted(lambda line: (line.sequence, line.id)).dossier_id
            if dossiers:
                pdfs.append(self._render_qweb_pdf("chilang_thidua.action_report_certificate", dossiers.ids, data)[0])
        return merge_pdf(pdfs)
