"""Plain Python the addon's models, controllers and reports share: no Odoo model is defined here.

- ``input``: cleaning and parsing what a client typed (text, ids, amounts, dates, file names)
- ``unit_scope``: the SQL behind "which units a user acts for"
- ``pdf_signing``: signing and verifying PDFs (pyHanko)
- ``settings``: the registry of the addon's settings and their defaults (the only place they are stated)
- ``document_format``: dates, numbers, amounts and headers of administrative documents (NĐ 30/2020)
- ``pdf_render``: wkhtmltopdf for the documents (CSS zoom, certificates in parallel runs)
- ``pdf_pages``: page numbers laid onto rendered PDFs
- ``workflow``: the shape of a workflow model's transition table
- ``upload``: the types and size of the files units upload (evidence, documents)
"""
