{
    "name": "Chi Lăng – Thi đua, Khen thưởng",
    "summary": "Emulation campaigns, unit registrations, award dossiers, council votes "
    "and commendation decisions for Vietnamese local government",
    "version": "18.0.1.0.0",
    "category": "Services/Emulation and Commendation",
    "author": "chilang_thidua developers",
    "website": "https://github.com/chilang-thidua/chilang_thidua",
    "license": "LGPL-3",
    "depends": ["base", "mail", "portal", "web"],
    "data": [
        # security first: groups before the ACLs and rules that name them
        "security/chilang_thidua_security.xml",
        "security/ir.model.access.csv",
        "data/thidua_award_form_data.xml",
        "data/thidua_base_salary_data.xml",
        "views/thidua_unit_views.xml",
        "views/thidua_campaign_views.xml",
        "views/thidua_award_form_views.xml",
        "views/thidua_base_salary_views.xml",
        "views/res_users_views.xml",
        "views/chilang_thidua_menus.xml",
        "views/thidua_document_views.xml",
        "report/report_layout.xml",
        "report/report_campaign_plan.xml",
    ],
    "demo": [
        "demo/thidua_unit_demo.xml",
        "demo/res_users_demo.xml",
        "demo/thidua_campaign_demo.xml",
    ],
    "application": True,
    "installable": True,
}
