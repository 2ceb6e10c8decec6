import contextlib
import logging
import re
import threading
import time

import psutil

from odoo.tests import tagged

from ..tools.pdf_render import render_certificate_runs
from .report_common import ThiduaReportCommon

_logger = logging.getLogger(__name__)

BATCH = 300
LARGE_BATCH = 1000
ROUNDS = 3


class MemorySampler(threading.Thread):
    """Peak resident memory, sampled every 10 ms while running: of this process, and of all its
    children together (the wkhtmltopdf runs that are converting at the same moment)."""

    def __init__(self):
        super().__init__(daemon=True)
        self.process = psutil.Process()
        self.base = self.process.memory_info().rss
        self.own_peak = self.children_peak = 0
        self.done = threading.Event()

    def run(self):
        while not self.done.wait(0.01):
            children = 0
            for child in self.process.children(recursive=True):
                with contextlib.suppress(psutil.Error):  # it ended in between
                    children += child.memory_info().rss
            self.children_peak = max(self.children_peak, children)
            self.own_peak = max(self.own_peak, self.process.memory_info().rss)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.done.set()
        self.join()


@tagged("bench", "post_install", "-at_install")
class BenchCertificates(ThiduaReportCommon):
    """A batch of certificates in one call: one PDF, a page per dossier in order, and what it costs
    against one raw wkhtmltopdf run over the same HTML (less than that run; make bench)."""

    def assertPagesInOrder(self, pdf, dossiers):
        pages = [page for page in self._poppler("pdftotext", pdf, "-enc", "UTF-8").split("\f") if page.strip()]
        self.assertEqual(len(pages), len(dossiers))
        for number, (page, dossier) in enumerate(zip(pages, dossiers, strict=True), start=1):
            self.assertRegex(" ".join(page.split()), re.escape(dossier.nominee_name) + r"(?!\d)", f"page {number}")

    def test_bench_300_certificates(self):
        dossiers = self._make_dossiers(collectives=100, individuals=BATCH - 100, prefix="Bench ")
        self._make_decision(dossiers)
        report_ref = "chilang_thidua.action_report_certificate"
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True, lang="vi_VN")
        report = Report._get_report(report_ref)

        # the same HTML (the whole batch) through one wkhtmltopdf run as Odoo runs it, its 1 s JavaScript
        # delay included: the cost of the converter alone
        start = time.perf_counter()
        html = Report._render_qweb_html(report_ref, dossiers.ids)[0]
        qweb = time.perf_counter() - start
        bodies, _ids, header, footer, args = report._prepare_html(html, report_model=report.model)
        del html
        timings = {"raw": [], "chunked": [], "one run": []}
        # interleaved, the best of each: the machine is shared, the others' load comes and goes
        for _round in range(ROUNDS):
            start = time.perf_counter()
            Report._run_wkhtmltopdf(bodies, report_ref=report_ref, header=header, footer=footer,
                                    specific_paperformat_args=args)
            timings["raw"].append(time.perf_counter() - start)
            # as a user prints them: values, QWeb, the chunks' wkhtmltopdf runs at once, merged
            start = time.perf_counter()
            pdf = self.render_pdf(report_ref, dossiers)
            timings["chunked"].append(time.perf_counter() - start)
            # the whole render in one wkhtmltopdf run (the chunks' arguments: no JavaScript delay)
            start = time.perf_counter()
            render_certificate_runs(Report, report, dossiers.ids, chunk_size=BATCH)
            timings["one run"].append(time.perf_counter() - start)
        self.assertPagesInOrder(pdf, dossiers)
        stats = {}
        render_certificate_runs(Report, report, dossiers.ids, stats=stats)
        raw, chunked, single = (min(timings[key]) for key in ("raw", "chunked", "one run"))
        _logger.info(
            "BENCH certificates: %d raw %.2f s, chunked %.2f s, ×%.3f (goal < 1: %s); whole render in one run "
            "%.2f s, of which QWeb HTML %.2f s; runs %s, %d at once; best of %d (raw %s, chunked %s), "
            "load average %.1f",
            BATCH, raw, chunked, chunked / raw, "met" if chunked < raw else "NOT met", single, qweb,
            stats["sizes"], stats["workers"], ROUNDS,
            " ".join(f"{t:.2f}" for t in timings["raw"]), " ".join(f"{t:.2f}" for t in timings["chunked"]),
            psutil.getloadavg()[0],
        )

        # 1,000: the memory of the wkhtmltopdf runs and of this process, chunked vs one run
        large = self._make_dossiers(collectives=0, individuals=LARGE_BATCH, prefix="Lớn ")
        self._make_decision(large)
        figures = {}
        for label, size in (("chunked", None), ("one run", LARGE_BATCH)):
            stats = {}
            with MemorySampler() as memory:
                start = time.perf_counter()
                pdf = render_certificate_runs(Report, report, large.ids, chunk_size=size, stats=stats)
                seconds = time.perf_counter() - start
            figures[label] = (seconds, memory.children_peak // 2**20, (memory.own_peak - memory.base) // 2**20,
                              stats["sizes"])
            if size is None:
                self.assertPagesInOrder(pdf, large)
            del pdf
        seconds, children, own, sizes = figures["chunked"]
        one_seconds, one_children, one_own, _sizes = figures["one run"]
        _logger.info(
            "BENCH certificates: %d: peak wkhtmltopdf %d MB chunked (%d runs of ≤ %d) vs %d MB in one run; "
            "this process +%d MB vs +%d MB; %.1f s vs %.1f s",
            LARGE_BATCH, children, len(sizes), max(sizes), one_children, own, one_own, seconds, one_seconds,
        )
        _logger.info(
            "BENCH certificates: %d raw %.2f s, chunked %.2f s, ×%.2f; %d: peak wkhtmltopdf %d MB (one run %d MB)",
            BATCH, raw, chunked, chunked / raw, LARGE_BATCH, children, one_children,
        )
        # flat: a run holds its chunk only, whatever the batch (the time ratio is logged, not asserted:
        # on a machine shared with other work the cores it counts on may be busy). Two runs convert
        # at once, and for a moment a third starts while one exits: up to three chunks' memory
        # (seen: 223-255 MB, once 398 MB, against 796 MB for the 1,000 in one run)
        self.assertLess(children, one_children * 0.6)
