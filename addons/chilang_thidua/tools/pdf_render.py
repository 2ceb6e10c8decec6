"""wkhtmltopdf for the addon's documents: the CSS zoom of the Debian build, and the certificates
converted by several wkhtmltopdf runs at once.

Odoo's ``ir.actions.report._run_wkhtmltopdf`` converts one batch at a time on the request's
cursor (the paper format, ``report.print_delay``, a session cookie for each run). The certificate
runs below happen in worker threads, which must not touch the ORM, and wait no JavaScript delay:
they reuse Odoo's command line (``_build_wkhtmltopdf_args``, read in the main thread) and start
the same binary (``find_in_path``, as Odoo finds it), but run it themselves. Calling
``_run_wkhtmltopdf`` once per chunk in this thread would lose the overlap that makes 300
certificates cost less than one raw wkhtmltopdf over the same HTML (README, Speed).
"""

import functools
import logging
import math
import os
import subprocess
import tempfile
from concurrent import futures

from odoo.exceptions import UserError
from odoo.tools.misc import find_in_path
from odoo.tools.pdf import merge_pdf

from .settings import thidua_setting

_logger = logging.getLogger(__name__)

# Measured: wkhtmltopdf built on an unpatched Qt (Debian's package) ignores --dpi, --zoom and
# --disable-smart-shrinking and lays a CSS millimetre out as 0.768 mm of paper; the documents
# are zoomed back so that 14 pt and 30 mm margins are what the decree says. The patched-Qt build
# (wkhtmltox releases) honours Odoo's dpi and needs no correction.
UNPATCHED_QT_ZOOM = 1.302

# A batch of certificates is converted by several wkhtmltopdf runs at once, one per core, and
# merged. Measured, 300 certificates: one run 1.0 s of CPU and 300 MB, a run of 50 0.2 s and
# 110 MB, starting a run 0.07 s. Below the minimum a batch is one run; the maximum keeps
# each run's memory flat whatever the batch; several runs per core let QWeb render the next chunk
# (main thread) while the cores convert the previous ones.
CERTIFICATES_PER_RUN_MIN = 25
CERTIFICATES_PER_RUN_MAX = 100
CERTIFICATE_RUNS_PER_CORE = 3


def wkhtmltopdf_bin():
    """The wkhtmltopdf binary, found as Odoo finds it (``bin_path`` of the configuration, PATH)."""
    return find_in_path("wkhtmltopdf")


@functools.cache
def wkhtmltopdf_is_patched():
    try:
        out = subprocess.run([wkhtmltopdf_bin(), "--version"], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return True
    return b"patched qt" in out.stdout.lower()


def css_zoom(env):
    """CSS zoom of the addon's documents so that their millimetres are paper millimetres.

    ``chilang_thidua.report_css_zoom`` (system parameter) overrides the automatic value.
    """
    forced = thidua_setting(env, "report_css_zoom")
    if forced:
        return forced
    return 1.0 if wkhtmltopdf_is_patched() else UNPATCHED_QT_ZOOM


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


def _convert_chunk(command, folder, index, bodies):
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


def _certificate_command(Report, report, folder, header, footer, args):
    """wkhtmltopdf's command line for the certificate runs, all but the files of one run:
    Odoo's arguments for the report's paper format, without the JavaScript delay."""
    command_args = Report._build_wkhtmltopdf_args(
        report.get_paperformat(), Report.env.context.get("landscape"), specific_paperformat_args=args,
    )
    if "--javascript-delay" in command_args:
        command_args[command_args.index("--javascript-delay") + 1] = "0"
    for name, html in (("header", header), ("footer", footer)):
        if html:
            path = os.path.join(folder, f"{name}.html")
            with open(path, "wb") as handle:
                handle.write(html.encode())
            command_args += [f"--{name}-html", path]
    return [wkhtmltopdf_bin(), *command_args]


def render_certificate_runs(Report, report, res_ids, data=None, chunk_size=None, stats=None):
    """The certificates of ``res_ids`` as one PDF, a page each in the order of ``res_ids``.
    ``Report``: ``ir.actions.report`` in the environment of the user who prints (QWeb renders with
    their rights), ``report``: the certificate's report record (as ``_get_report`` gives it).

    The dossiers are cut into chunks (``certificate_chunks``; ``chunk_size`` forces their
    length). This thread renders each chunk's HTML (ORM, QWeb) and hands it to a pool of one
    wkhtmltopdf per core, so the conversion of a chunk overlaps the rendering of the next;
    the chunks' PDFs are merged in order. Unlike Odoo's own rendering, no PDF is split into
    one stream per record (certificates are not stored per record) and no 1 s JavaScript
    delay is waited for: the certificate carries no script and loads nothing over HTTP (its
    images are ``data:`` URIs), so no session cookie is passed either.
    ``stats`` (a dict), when given, receives the runs' sizes and how many ran at once.
    """
    env = Report.env
    if Report.get_wkhtmltopdf_state() == "install":
        raise UserError(env._("Unable to find Wkhtmltopdf on this system. The PDF can not be created."))
    data = dict(data or {}, report_type="pdf", debug=False)
    Report = Report.with_context(debug=False, webp_as_jpg=True)
    cores = usable_cores()
    # the administrator's cap (settings page): several Odoo workers printing at once would
    # otherwise each start one wkhtmltopdf per core
    cap = thidua_setting(env, "certificate_parallel_runs")
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
                    command = _certificate_command(Report, report, folder, header, footer, args)
                # at most two chunks waiting per run: a batch of thousands is not held as HTML
                if index >= 2 * workers:
                    futures.wait([pending[index - 2 * workers]])
                pending.append(pool.submit(
                    _convert_chunk, command, folder, index, [body.encode() for body in bodies]
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
            raise UserError(env._(
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
