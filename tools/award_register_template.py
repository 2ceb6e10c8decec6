#!/usr/bin/env python3
"""Write the award register's import template (addons/chilang_thidua/static/xls/).

The headers are the Vietnamese labels of the fields of ``thidua.award.record`` (i18n/vi.po), so
that Odoo's import dialog maps every column by itself. The CCCD column is text (a CCCD starts
with 0), the decision date a date. A second sheet explains each column and its allowed values.

Usage: python3 tools/award_register_template.py
"""

import datetime
import pathlib

import xlsxwriter

OUT = (pathlib.Path(__file__).resolve().parent.parent / "addons" / "chilang_thidua" / "static" / "xls"
       / "thidua_award_record_import.xlsx")

# (header = vi label of the field, width, kind, explanation)
COLUMNS = [
    ("Cá nhân, tập thể được khen thưởng", 32, "text", "Bắt buộc. Họ và tên của cá nhân hoặc tên tập thể."),
    ("Số CCCD", 16, "text", "Căn cước công dân của cá nhân: 12 chữ số (để trống với tập thể). Giữ định dạng văn "
     "bản để không mất số 0 ở đầu."),
    ("Đối tượng", 26, "text", "Tập thể; Cán bộ, công chức, chiến sĩ; Viên chức, người lao động; Gia đình; "
     "Nông dân; Công nhân; Doanh nghiệp; Doanh nhân. Để trống: Cán bộ, công chức, chiến sĩ."),
    ("Chức vụ, đơn vị công tác", 30, "text", "Tùy chọn."),
    ("Đơn vị công tác hoặc tập thể", 28, "text", "Tùy chọn: tên một đơn vị thi đua đã có (Đơn vị)."),
    ("Hình thức khen thưởng", 32, "text", "Bắt buộc: tên hoặc mã một hình thức khen thưởng của Cấu hình, "
     "ví dụ Giấy khen của Chủ tịch UBND huyện hoặc GK_HUYEN."),
    ("Năm", 8, "int", "Năm khen thưởng; để trống thì lấy năm của ngày quyết định."),
    ("Số quyết định", 16, "text", "Ví dụ 1520/QĐ-UBND."),
    ("Ngày quyết định", 14, "date", "Ngày/tháng/năm."),
    ("Cơ quan ban hành", 30, "text", "Ví dụ Ủy ban nhân dân tỉnh Lạng Sơn."),
    ("Thành tích", 40, "text", "Tùy chọn."),
    ("Phương thức khen thưởng", 20, "text", "Thường xuyên; Chuyên đề; Đột xuất; Đối ngoại; Cống hiến; Niên hạn; "
     "Kháng chiến. Để trống: Thường xuyên."),
]
EXAMPLE = ["Nguyễn Văn A", "020185000001", "Cán bộ, công chức, chiến sĩ", "Chuyên viên Phòng Nội vụ", "",
           "Giấy khen của Chủ tịch UBND huyện", 2022, "1234/QĐ-UBND", datetime.date(2022, 12, 20),
           "Ủy ban nhân dân huyện Chi Lăng", "Đã có thành tích xuất sắc năm 2022", "Thường xuyên"]


def main():
    OUT.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(OUT))
    head = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True,
                                "valign": "vcenter"})
    formats = {"text": workbook.add_format({"num_format": "@"}),
               "int": workbook.add_format({"num_format": "0"}),
               "date": workbook.add_format({"num_format": "dd/mm/yyyy"})}
    sheet = workbook.add_worksheet("So theo doi khen thuong")
    for index, (header, width, kind, _explanation) in enumerate(COLUMNS):
        sheet.set_column(index, index, width, formats[kind])
        sheet.write(0, index, header, head)
    sheet.set_row(0, 32)
    sheet.freeze_panes(1, 0)

    guide = workbook.add_worksheet("Huong dan")
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    guide.set_column(0, 0, 32)
    guide.set_column(1, 1, 90, wrap)
    guide.set_column(2, 2, 34)
    guide.write_row(0, 0, ["Cột", "Cách điền", "Ví dụ"], head)
    for index, (header, _width, kind, explanation) in enumerate(COLUMNS, start=1):
        guide.write(index, 0, header, wrap)
        guide.write(index, 1, explanation, wrap)
        example = EXAMPLE[index - 1]
        if kind == "date":
            guide.write_datetime(index, 2, datetime.datetime.combine(example, datetime.time()), formats["date"])
        else:
            guide.write(index, 2, example, wrap)
    note = len(COLUMNS) + 2
    guide.write(note, 0, "Nhập dữ liệu", head)
    guide.write(note, 1, "Điền từ dòng 2 của trang đầu, mỗi dòng một lượt khen thưởng; trong Odoo: Sổ theo dõi "
                "khen thưởng > ⚙ > Nhập bản ghi, chọn tệp, bấm Kiểm tra rồi Nhập. Tệp có dòng lỗi không được "
                "nhập; mỗi lỗi ghi rõ số dòng.", wrap)
    workbook.close()
    print(OUT)


if __name__ == "__main__":
    main()
