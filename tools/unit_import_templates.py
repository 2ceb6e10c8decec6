#!/usr/bin/env python3
"""Write the import templates of the units and of their officers (addons/chilang_thidua/static/xls/).

As for the award register's template (tools/award_register_template.py), the headers are the
Vietnamese labels of the fields (i18n/vi.po), so that Odoo's import dialog maps every column by
itself; a second sheet explains each column. Units are named by code or by a name that names one
unit only, so that a file can be filled without the units' database ids or full paths.

Usage: python3 tools/unit_import_templates.py
"""

import pathlib

import xlsxwriter

XLS = pathlib.Path(__file__).resolve().parent.parent / "addons" / "chilang_thidua" / "static" / "xls"

# (header = vi label of the field, width, explanation, example)
UNIT_COLUMNS = [
    ("Mã", 14, "Bắt buộc, không trùng: mã ngắn của đơn vị, dùng để các dòng khác và tệp cán bộ gọi đến đơn vị.",
     "VHXH"),
    ("Tên", 36, "Bắt buộc: tên đơn vị như trên văn bản.", "Phòng Văn hóa – Xã hội"),
    ("Loại đơn vị", 24, "Tên hoặc mã loại: Cơ quan Đảng, Nhà nước, MTTQ, đoàn thể (office); Xã, thị trấn (commune); "
     "Thôn, khối phố (village); Lực lượng vũ trang (armed_force); Trường học (school); Cơ sở y tế (health); "
     "Cơ quan Trung ương, tỉnh đóng trên địa bàn (agency); Doanh nghiệp, hợp tác xã (enterprise); Khác (other). "
     "Để trống: cơ quan.", "Trường học"),
    ("Đơn vị cấp trên", 28, "Tùy chọn: mã hoặc tên của đơn vị cấp trên, đã có hoặc ở một dòng phía trên của tệp. "
     "Tên trùng với nhiều đơn vị bị từ chối và liệt kê các đơn vị đó: khi ấy ghi mã. Không bao giờ tạo đơn vị mới "
     "từ cột này.", "UBND"),
    ("Đơn vị tổng hợp", 28, "Tùy chọn: mã hoặc tên của đơn vị tổng hợp, xem xét đăng ký của đơn vị này trước khi "
     "chuyển cơ quan thẩm định (ví dụ các trường: phòng phụ trách giáo dục). Cách ghi như cột Đơn vị cấp trên.",
     "VHXH"),
    ("Email", 28, "Tùy chọn: thư điện tử của đơn vị.", "vhxh.chilang@langson.gov.vn"),
    ("Điện thoại", 16, "Tùy chọn. Giữ định dạng văn bản để không mất số 0 ở đầu.", "02053820000"),
    ("Địa danh", 16, "Tùy chọn: địa danh ghi ở dòng ngày tháng của văn bản.", "Chi Lăng"),
    ("Tên cơ quan ban hành", 34, "Chỉ với cơ quan ban hành quyết định: tên đầy đủ như trên văn bản.",
     "Ủy ban nhân dân xã Chi Lăng"),
]
OFFICER_COLUMNS = [
    ("Tên", 28, "Bắt buộc: họ và tên cán bộ.", "Nguyễn Thị Lan"),
    ("Đăng nhập", 28, "Bắt buộc, không trùng: tên đăng nhập, thường là thư điện tử.", "lan.th@langson.edu.vn"),
    ("Email", 28, "Thư điện tử nhận thông báo.", "lan.th@langson.edu.vn"),
    ("Đơn vị thi đua", 24, "Mã (hoặc tên không trùng) của các đơn vị mà cán bộ làm đầu mối, cách nhau bởi dấu "
     "phẩy. Tên trùng với nhiều đơn vị bị từ chối và liệt kê các đơn vị đó.", "TH_CL, MN_CL"),
    ("Cán bộ đơn vị trên cổng", 14, "1: cán bộ chỉ làm việc trên trang /my (trường, thôn, doanh nghiệp); để trống: "
     "người dùng nội bộ.", "1"),
    ("Vai trò thi đua – khen thưởng", 26, "Chỉ với người dùng nội bộ: Cán bộ đơn vị; Cán bộ thẩm định (Phòng Nội vụ); "
     "Thành viên Hội đồng; Xem báo cáo (chỉ đọc); Quản lý. Một người không thể vừa thẩm định vừa là thành viên "
     "Hội đồng.", ""),
]
IMPORT_NOTE = ("Điền từ dòng 2 của trang đầu, mỗi dòng một {what}; trong Odoo: {where} > ⚙ > Nhập bản ghi, chọn "
               "tệp, bấm Kiểm tra rồi Nhập. Tệp có dòng lỗi không được nhập; mỗi lỗi ghi rõ số dòng.")


def write(path, sheet_name, columns, what, where):
    workbook = xlsxwriter.Workbook(str(path))
    head = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True,
                                "valign": "vcenter"})
    text = workbook.add_format({"num_format": "@"})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    sheet = workbook.add_worksheet(sheet_name)
    for index, (header, width, _explanation, _example) in enumerate(columns):
        sheet.set_column(index, index, width, text)
        sheet.write(0, index, header, head)
    sheet.set_row(0, 32)
    sheet.freeze_panes(1, 0)
    guide = workbook.add_worksheet("Huong dan")
    guide.set_column(0, 0, 28)
    guide.set_column(1, 1, 90, wrap)
    guide.set_column(2, 2, 30)
    guide.write_row(0, 0, ["Cột", "Cách điền", "Ví dụ"], head)
    for index, (header, _width, explanation, example) in enumerate(columns, start=1):
        guide.write(index, 0, header, wrap)
        guide.write(index, 1, explanation, wrap)
        guide.write_string(index, 2, example, wrap)
    note = len(columns) + 2
    guide.write(note, 0, "Nhập dữ liệu", head)
    guide.write(note, 1, IMPORT_NOTE.format(what=what, where=where), wrap)
    workbook.close()
    print(path)


def main():
    XLS.mkdir(parents=True, exist_ok=True)
    write(XLS / "thidua_unit_import.xlsx", "Don vi", UNIT_COLUMNS, "đơn vị (đơn vị cấp trên ở dòng trên)",
          "Thi đua – Khen thưởng > Đơn vị")
    write(XLS / "thidua_officer_import.xlsx", "Can bo", OFFICER_COLUMNS, "cán bộ",
          "Thiết lập > Người dùng")


if __name__ == "__main__":
    main()
