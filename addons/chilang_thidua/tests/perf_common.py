import logging
import re
import statistics
import time

from lxml import etree

from odoo import Command
from odoo.tests import HttpCase

from .common import ThiduaCommon

# Subviews the web client reads with their parent record (x2many fields shown as a list).
SUBVIEW_TAGS = ("list", "kanban")


def _level_fields(node):
    """The <field> elements of this level of an arch: a subview's fields belong to its x2many field."""
    for child in node:
        if child.tag == "field":
            yield child
        elif isinstance(child.tag, str):
            yield from _level_fields(child)


def view_spec(model, node):
    """The ``specification`` the web client sends for the fields of a view arch (web_read & co.)."""
    spec = {}
    for field in _level_fields(node):
        name = field.get("name")
        if name not in model._fields:
            continue
        descr = model._fields[name]
        if descr.type in ("many2one", "many2many", "one2many"):
            sub = next((child for child in field if child.tag in SUBVIEW_TAGS), None)
            fields_spec = view_spec(model.env[descr.comodel_name], sub) if sub is not None else {}
            fields_spec.setdefault("display_name", {})
            spec[name] = {"fields": fields_spec}
        else:
            spec.setdefault(name, {})
    return spec


def capture_queries(env, render):
    """The SQL of ``render`` with its numbers masked, to show what differs between two sizes."""
    captured = []

    class Capture(logging.Handler):
        def emit(self, record):
            captured.append(re.sub(r"\d+", "N", record.getMessage().split("query: ", 1)[-1])[:300])

    sql_logger = logging.getLogger("odoo.sql_db")
    handler, level = Capture(), sql_logger.level
    sql_logger.addHandler(handler)
    sql_logger.setLevel(logging.DEBUG)
    sql_logger.propagate = False
    try:
        render()
        env.flush_all()
    finally:
        sql_logger.removeHandler(handler)
        sql_logger.setLevel(level)
        sql_logger.propagate = True
    return captured


def chart_read_groups(model, arch):
    """Run the read_group calls the web client makes to load a pivot (one per pair of row and
    column prefixes) or a graph (all its group-bys at once); the pivot's last, full call."""
    fields = list(arch.iter("field"))
    measures = [f"{node.get('name')}:{model._fields[node.get('name')].aggregator or 'sum'}"
                for node in fields if node.get("type") == "measure"] + ["__count"]
    rows = [node.get("name") for node in fields if node.get("type") in (None, "row")]
    cols = [node.get("name") for node in fields if node.get("type") == "col"]
    if arch.tag == "graph":
        return model.read_group([], measures, rows + cols, lazy=False)
    result = None
    for row_depth in range(len(rows) + 1):
        for col_depth in range(len(cols) + 1):
            result = model.read_group([], measures, rows[:row_depth] + cols[:col_depth], lazy=False)
    return result


class PerformanceCommon(ThiduaCommon):
    """Records by the hundred, and what the list, form and portal pages cost in queries.

    ``_grow(n)`` brings the fixtures to ``n`` schools of Phòng GD&ĐT (the portal officer acts for
    all of them), each registered with one item and proposing one dossier, ``n`` campaigns, and
    ``n`` items on the first registration; created as the administrator, in batches.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign.action_open()

    def setUp(self):
        super().setUp()
        # what each test grows is rolled back after it: start every test from the fixtures
        self.schools = self.env["thidua.unit"]
        self.registrations = self.env["thidua.registration"]
        self.dossiers = self.env["thidua.dossier"]
        self.campaigns = self.campaign

    def _grow(self, count):
        cls = self
        missing = count - len(cls.schools)
        if missing <= 0:
            return
        start = len(cls.schools)
        schools = cls.env["thidua.unit"].create([{
            "name": f"Trường Tiểu học số {start + index + 1}", "code": f"T_PERF_{start + index + 1}",
            "unit_type": "school", "parent_id": cls.unit_education.id, "review_unit_id": cls.unit_education.id,
            "officer_ids": [Command.link(cls.user_portal_school.id)],
        } for index in range(missing)])
        content = cls.campaign.content_ids[:1]
        registrations = cls.env["thidua.registration"].create([{
            "campaign_id": cls.campaign.id, "unit_id": school.id,
            "item_ids": [Command.create({"name": f"Mô hình của {school.name}", "item_type": "model",
                                         "content_id": content.id})],
        } for school in schools])
        registrations[: len(registrations) // 2]._set_state("submitted", date_submitted=cls.campaign.date_start)
        first = cls.registrations[:1] or registrations[:1]
        first.item_ids = [Command.create({"name": f"Công trình {start + index + 2}", "item_type": "work",
                                          "content_id": content.id}) for index in range(missing - (not start))]
        dossiers = cls.env["thidua.dossier"].create([{
            "campaign_id": cls.campaign.id, "unit_id": school.id, "award_form_id": cls.award_form.id,
            "subject_type": "public_employee", "nominee_name": f"Giáo viên {school.name}",
            "achievement": "Đã có thành tích xuất sắc",
        } for school in schools])
        campaigns = cls.env["thidua.campaign"].create([{
            "name": f"Phong trào thi đua số {start + index + 1}", "issuing_unit_id": cls.unit_district.id,
            "date_start": cls.campaign.date_start, "date_end": cls.campaign.date_end,
            "registration_deadline": cls.campaign.registration_deadline,
            "award_form_ids": [Command.set(cls.award_form.ids)],
        } for index in range(missing)])
        cls.schools |= schools
        cls.registrations |= registrations
        cls.dossiers |= dossiers
        cls.campaigns |= campaigns
        cls.env.flush_all()
        # the planner's statistics, as autovacuum keeps them on a live database: without them it
        # takes the tables for their size before the rows grown here (not committed, never analysed)
        cls.env.cr.execute(
            "ANALYZE thidua_unit, thidua_unit_officer_rel, thidua_unit_scope, thidua_registration, thidua_dossier, "
            "thidua_campaign, thidua_campaign_thidua_unit_rel")

    def _count_queries(self, render):
        """Queries of ``render``, counted as assertQueryCount does (pending writes flushed)."""
        self.env.flush_all()
        count0 = self.cr.sql_log_count
        render()
        self.env.flush_all()
        return self.cr.sql_log_count - count0

    # ------------------------------------------------------------------
    # The pages, as the web client asks for them
    # ------------------------------------------------------------------
    def _arch(self, model, view_type):
        action_view = model.get_views([(False, view_type)])["views"][view_type]
        return etree.fromstring(action_view["arch"])

    def _list(self, model_name, user):
        # the pager's count is always asked for, as when the list has more than one page
        model = self.env[model_name].with_user(user).with_context(force_search_count=True)
        spec = view_spec(model, self._arch(model, "list"))
        return model.web_search_read([], spec, limit=80)

    def _form(self, record, user):
        record = record.with_user(user)
        spec = view_spec(record, self._arch(record, "form"))
        return record.web_read(spec)


class PortalPerformanceCommon(HttpCase, PerformanceCommon):
    """The same, with a server to ask for the portal pages."""

    def _portal(self, path="/my/thidua"):
        response = self.url_open(path)
        response.raise_for_status()
        return response

    def _time(self, path, rounds):
        start = time.perf_counter()
        for _index in range(rounds):
            self._portal(path)
        return (time.perf_counter() - start) / rounds

    def _median_times(self, paths, rounds):
        """{path: median seconds}, the paths asked in turn: a burst of load on the shared machine
        then slows both pages alike instead of whichever was being timed."""
        times = {path: [] for path in paths}
        for _index in range(rounds):
            for path in paths:
                start = time.perf_counter()
                self._portal(path)
                times[path].append(time.perf_counter() - start)
        return {path: statistics.median(values) for path, values in times.items()}
