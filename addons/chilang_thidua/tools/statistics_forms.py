"""What each row and column of a statistics form counts (docs/law.md §11).

A form's rows and columns are data (``thidua.statistics.form.line``); each names one of the tests
below by its key. A cell counts the records that pass both its row's test and its column's test.
Two kinds of record are counted: emulation campaigns (form 0601.N, "số phong trào thi đua") and
rows of the award register (form 0603.N, "số lượng khen thưởng").
"""

from dateutil.relativedelta import relativedelta

CAMPAIGN = "campaign"
AWARD_RECORD = "award_record"
SOURCES = [
    (CAMPAIGN, "Emulation Campaigns"),
    (AWARD_RECORD, "Award Register"),
]


def campaign_duration(campaign):
    """'lt1', '1', '1_3', '3_5' or 'ge5': the campaign's length as form 0601.N splits it (rows 06–10).
    A campaign from 01/01 to 31/12 lasts one year."""
    start, end = campaign.date_start, campaign.date_end
    if not start or not end:
        return False
    after = end + relativedelta(days=1)
    if after < start + relativedelta(years=1):
        return "lt1"
    if after == start + relativedelta(years=1):
        return "1"
    if after < start + relativedelta(years=3):
        return "1_3"
    if after < start + relativedelta(years=5):
        return "3_5"
    return "ge5"


def _individual(record):
    return record.subject_type not in ("collective", "enterprise", "family")


def _direct(record):
    return _individual(record) and record.subject_type != "entrepreneur" and record.leadership_level in (
        False, "none")


# key: (source, label, test)
CRITERIA = {
    "all": (False, "Every record", lambda record: True),
    # form 0601.N: campaigns
    "scope_nationwide": (CAMPAIGN, "Scope: nationwide", lambda c: c.emulation_scope == "nationwide"),
    "scope_locality": (CAMPAIGN, "Scope: ministry, sector or locality", lambda c: c.emulation_scope == "locality"),
    "scope_cluster": (CAMPAIGN, "Scope: emulation cluster or bloc", lambda c: c.emulation_scope == "cluster"),
    "scope_agency": (CAMPAIGN, "Scope: agency, organisation or unit", lambda c: c.emulation_scope == "agency"),
    "duration_lt1": (CAMPAIGN, "Duration: under 1 year", lambda c: campaign_duration(c) == "lt1"),
    "duration_1": (CAMPAIGN, "Duration: 1 year", lambda c: campaign_duration(c) == "1"),
    "duration_1_3": (CAMPAIGN, "Duration: 1 to under 3 years", lambda c: campaign_duration(c) == "1_3"),
    "duration_3_5": (CAMPAIGN, "Duration: 3 to under 5 years", lambda c: campaign_duration(c) == "3_5"),
    "duration_ge5": (CAMPAIGN, "Duration: 5 years or more", lambda c: campaign_duration(c) == "ge5"),
    "campaign_thematic": (CAMPAIGN, "Method: thematic", lambda c: c.emulation_method == "thematic"),
    "campaign_regular": (CAMPAIGN, "Method: regular (yearly)", lambda c: c.emulation_method == "regular"),
    "organizer_central": (CAMPAIGN, "Launched by: central level", lambda c: c.organizer_level == "central"),
    "organizer_province": (CAMPAIGN, "Launched by: ministry or province",
                           lambda c: c.organizer_level == "province"),
    "organizer_agency": (CAMPAIGN, "Launched by: agency, organisation or unit",
                         lambda c: c.organizer_level == "agency"),
    # form 0603.N: award register rows
    "collective": (AWARD_RECORD, "Recipient: collective",
                   lambda r: r.subject_type in ("collective", "enterprise")),
    "enterprise": (AWARD_RECORD, "Recipient: enterprise", lambda r: r.subject_type == "enterprise"),
    "family": (AWARD_RECORD, "Recipient: household", lambda r: r.subject_type == "family"),
    "individual": (AWARD_RECORD, "Recipient: individual", _individual),
    "lead_province": (AWARD_RECORD, "Individual: ministry or provincial leader",
                      lambda r: _individual(r) and r.subject_type != "entrepreneur"
                      and r.leadership_level == "province"),
    "lead_department": (AWARD_RECORD, "Individual: department-level leader",
                        lambda r: _individual(r) and r.subject_type != "entrepreneur"
                        and r.leadership_level == "department"),
    "entrepreneur": (AWARD_RECORD, "Individual: entrepreneur", lambda r: r.subject_type == "entrepreneur"),
    "lead_other": (AWARD_RECORD, "Individual: other leader",
                   lambda r: _individual(r) and r.subject_type != "entrepreneur" and r.leadership_level == "other"),
    "direct": (AWARD_RECORD, "Individual: direct worker", _direct),
    "method_regular": (AWARD_RECORD, "Award method: regular", lambda r: r.award_method == "regular"),
    "method_thematic": (AWARD_RECORD, "Award method: thematic", lambda r: r.award_method == "thematic"),
    "method_unscheduled": (AWARD_RECORD, "Award method: unscheduled", lambda r: r.award_method == "unscheduled"),
    "method_foreign": (AWARD_RECORD, "Award method: foreign relations", lambda r: r.award_method == "foreign"),
    "method_dedication": (AWARD_RECORD, "Award method: dedication", lambda r: r.award_method == "dedication"),
    "method_seniority": (AWARD_RECORD, "Award method: length of service", lambda r: r.award_method == "seniority"),
    "method_resistance": (AWARD_RECORD, "Award method: resistance", lambda r: r.award_method == "resistance"),
    "column_merit": (AWARD_RECORD, "Award form: certificate of merit",
                     lambda r: r.award_form_id.report_0603_column == "merit"),
    "column_emulation_soldier": (AWARD_RECORD, "Award form: emulation soldier of a ministry or province",
                                 lambda r: r.award_form_id.report_0603_column == "emulation_soldier"),
    "column_flag": (AWARD_RECORD, "Award form: emulation flag", lambda r: r.award_form_id.report_0603_column == "flag"),
    "column_badge": (AWARD_RECORD, "Award form: badge or commemorative medal",
                     lambda r: r.award_form_id.report_0603_column == "badge"),
}
CRITERION_SELECTION = [(key, label) for key, (_source, label, _test) in CRITERIA.items()]


def count_table(records, rows, columns):
    """{(row key, column key): count} and {row key: total} for the records.

    ``rows`` and ``columns`` are (key, criterion) pairs; a row's total counts the records it
    takes that some column takes too (a record outside every column is outside the form).
    """
    tests_rows = [(key, CRITERIA[criterion][2]) for key, criterion in rows if criterion]
    tests_columns = [(key, CRITERIA[criterion][2]) for key, criterion in columns if criterion]
    cells, totals, outside = {}, {}, 0
    for record in records:
        in_columns = [key for key, test in tests_columns if test(record)]
        if not in_columns:
            outside += 1
            continue
        for row_key, test in tests_rows:
            if not test(record):
                continue
            totals[row_key] = totals.get(row_key, 0) + 1
            for column_key in in_columns:
                cells[row_key, column_key] = cells.get((row_key, column_key), 0) + 1
    return cells, totals, outside
