"""Electronic documents and digital signatures."""

from __future__ import annotations

from question_bank.demo._build import (
    F_CNTT,
    F_NV,
    IT,
    LD,
    VP,
    VT,
    essay,
    match,
    mc,
    order,
    sa,
    sc,
    tf,
)
from question_bank.records import QuestionRecord

CAT = ("Văn bản và chữ ký số",)
ND30 = "Nghị định số 30/2020/NĐ-CP"


def questions() -> list[QuestionRecord]:
    return [
        sc(
            CAT,
            "<strong>Chữ ký số</strong> là gì?",
            "Một dạng chữ ký điện tử được tạo bằng hệ mật mã không đối xứng, người ký dùng "
            "khóa bí mật để ký",
            [
                "Hình ảnh chữ ký tay được quét và chèn vào văn bản",
                "Mật khẩu đăng nhập hệ thống quản lý văn bản",
                "Con dấu được khắc bằng máy laser",
            ],
            "Chữ ký số dựa trên cặp khóa: khóa bí mật để ký, khóa công khai để kiểm tra; "
            "hình ảnh chữ ký tay không phải chữ ký số.",
            "medium",
            "chữ ký số",
            [VT, LD, IT],
            [F_CNTT],
        ),
        sc(
            CAT,
            "Khi kiểm tra một văn bản được ký số, người nhận dùng khóa nào để xác thực chữ ký?",
            "Khóa công khai của người ký",
            [
                "Khóa bí mật của người nhận",
                "Mật khẩu thư điện tử của người ký",
                "Mã OTP gửi về điện thoại",
            ],
            "Chữ ký tạo bằng khóa bí mật chỉ kiểm tra được bằng khóa công khai tương ứng, "
            "được xác nhận trong chứng thư chữ ký số.",
            "hard",
            "chữ ký số, mật mã",
            [IT],
            [F_CNTT],
        ),
        sc(
            CAT,
            "Khóa bí mật dùng để ký số phải được quản lý như thế nào?",
            "Do chính người ký giữ bí mật, không chia sẻ cho người khác",
            [
                "Công bố trên trang thông tin điện tử của cơ quan",
                "Giao cho văn thư giữ và ký thay khi lãnh đạo vắng",
                "Gửi kèm mỗi văn bản để người nhận kiểm tra",
            ],
            "Ai nắm khóa bí mật thì ký được với danh nghĩa chủ thể; lộ khóa bí mật đồng nghĩa "
            "với mất kiểm soát chữ ký số.",
            "easy",
            "chữ ký số, bảo mật",
            [LD, VT],
        ),
        sc(
            CAT,
            "Cơ quan nào cung cấp chữ ký số chuyên dùng cho các cơ quan Đảng, Nhà nước?",
            "Ban Cơ yếu Chính phủ",
            ["Văn phòng Chính phủ", "Bộ Tư pháp", "Ngân hàng Nhà nước Việt Nam"],
            "Chữ ký số chuyên dùng phục vụ các cơ quan Đảng, Nhà nước do Ban Cơ yếu Chính phủ "
            "cung cấp và quản lý.",
            "medium",
            "chữ ký số",
            [VT, IT, LD],
        ),
        sc(
            CAT,
            "Thiết bị phổ biến dùng để lưu khóa bí mật khi ký số trên máy tính là gì?",
            "USB token (thiết bị ký số)",
            ["Ổ cứng ngoài dùng sao lưu dữ liệu", "Đầu đọc mã vạch", "Máy quét tài liệu"],
            "USB token chứa khóa bí mật và chứng thư số; người ký cắm thiết bị và nhập mã PIN "
            "để ký.",
            "easy",
            "chữ ký số",
            [VT, VP],
        ),
        sc(
            CAT,
            "Chứng thư chữ ký số (chứng thư số) có chức năng gì?",
            "Xác nhận khóa công khai thuộc về cơ quan, tổ chức hoặc cá nhân là chủ thể ký",
            [
                "Lưu nội dung văn bản đã ký",
                "Thay thế con dấu giấy của cơ quan trong mọi trường hợp",
                "Mã hóa toàn bộ ổ cứng máy tính",
            ],
            "Chứng thư số do tổ chức cung cấp dịch vụ chứng thực cấp, gắn khóa công khai với "
            "danh tính chủ thể để người nhận tin cậy chữ ký.",
            "medium",
            "chữ ký số",
            [IT, VT],
            [F_CNTT],
        ),
        sc(
            CAT,
            "Chứng thư chữ ký số của một cán bộ đã hết hạn. Điều nào sau đây đúng?",
            "Không dùng chứng thư đó để ký văn bản mới; phải gia hạn hoặc đề nghị cấp mới",
            [
                "Vẫn ký bình thường vì khóa bí mật không thay đổi",
                "Chỉ cần đổi mã PIN của USB token",
                "Nhờ đồng nghiệp ký thay bằng chứng thư của họ",
            ],
            "Chữ ký tạo ra khi chứng thư đã hết hạn hoặc bị thu hồi không được coi là hợp lệ.",
            "medium",
            "chữ ký số",
            [VT, LD, VP],
        ),
        sc(
            CAT,
            f"Theo {ND30} về công tác văn thư, văn bản hành chính được trình bày bằng phông "
            "chữ và bộ mã nào?",
            "Phông chữ tiếng Việt Times New Roman, bộ mã ký tự Unicode theo TCVN 6909:2001",
            [
                "Phông chữ Arial, bảng mã TCVN3",
                "Phông chữ VNI-Times, bảng mã VNI",
                "Phông chữ Calibri, bảng mã Unicode",
            ],
            "Nghị định 30/2020/NĐ-CP quy định dùng phông Times New Roman, bộ mã Unicode "
            "theo TCVN 6909:2001, màu đen.",
            "medium",
            "thể thức văn bản",
            [VT, VP],
            [F_NV],
        ),
        sc(
            CAT,
            f"Theo {ND30}, văn bản hành chính được trình bày trên khổ giấy nào?",
            "Khổ A4 (210 mm x 297 mm)",
            [
                "Khổ A3 (297 mm x 420 mm)",
                "Khổ A5 (148 mm x 210 mm)",
                "Khổ Letter (216 mm x 279 mm)",
            ],
            "Văn bản hành chính được trình bày trên khổ A4; một số loại như giấy giới thiệu "
            "có thể dùng khổ A5.",
            "easy",
            "thể thức văn bản",
            [VT, VP],
            [F_NV],
        ),
        sc(
            CAT,
            f"Theo {ND30}, hình ảnh chữ ký số của người có thẩm quyền trên văn bản điện tử "
            "có màu gì?",
            "Màu xanh",
            ["Màu đỏ", "Màu đen", "Màu tím"],
            "Hình ảnh chữ ký số của người có thẩm quyền màu xanh, định dạng .png nền trong suốt; "
            "hình ảnh con dấu (chữ ký số của cơ quan) màu đỏ.",
            "hard",
            "thể thức văn bản, chữ ký số",
            [VT],
            [F_NV],
        ),
        sc(
            CAT,
            "Ký số từ xa khác ký số bằng USB token ở điểm nào?",
            "Khóa bí mật được lưu an toàn tại hệ thống của tổ chức cung cấp dịch vụ; người "
            "dùng xác thực (ví dụ trên điện thoại) để ký",
            [
                "Không cần chứng thư chữ ký số",
                "Bất kỳ ai biết số điện thoại của người ký đều ký được",
                "Chữ ký tạo ra không có giá trị pháp lý",
            ],
            "Ký số từ xa vẫn là chữ ký số có chứng thư; chỉ khác nơi lưu khóa bí mật và cách "
            "người ký xác thực.",
            "hard",
            "chữ ký số",
            [IT, LD],
            [F_CNTT],
        ),
        sc(
            CAT,
            "Trục liên thông văn bản quốc gia có chức năng gì?",
            "Kết nối các hệ thống quản lý văn bản của bộ, ngành, địa phương để gửi, nhận văn "
            "bản điện tử",
            [
                "Lưu trữ hồ sơ thủ tục hành chính của người dân",
                "Cấp chứng thư chữ ký số cho cán bộ",
                "Phát hành công báo in",
            ],
            "Trục liên thông văn bản quốc gia do Văn phòng Chính phủ vận hành, giúp văn bản "
            "điện tử đi qua các hệ thống quản lý văn bản khác nhau.",
            "medium",
            "văn bản điện tử, liên thông",
            [VT, IT],
        ),
        sc(
            CAT,
            "Luật Giao dịch điện tử năm 2023 có hiệu lực thi hành từ ngày nào?",
            "01/7/2024",
            ["01/01/2024", "01/7/2023", "01/01/2025"],
            "Luật Giao dịch điện tử số 20/2023/QH15 được thông qua năm 2023 và có hiệu lực từ "
            "ngày 01/7/2024, thay thế Luật Giao dịch điện tử năm 2005.",
            "hard",
            "văn bản pháp luật, giao dịch điện tử",
            [LD, IT],
            [F_CNTT],
        ),
        tf(
            CAT,
            f"Theo {ND30}, văn bản điện tử được ký số bởi người có thẩm quyền và ký số của "
            "cơ quan, tổ chức theo quy định có giá trị pháp lý như bản gốc văn bản giấy.",
            True,
            "Đây là cơ sở để cơ quan chuyển từ gửi văn bản giấy sang văn bản điện tử ký số.",
            "medium",
            "văn bản điện tử",
            [VT, LD, VP],
            [F_NV],
        ),
        tf(
            CAT,
            "Chèn hình ảnh chữ ký tay đã quét vào tệp văn bản là đã ký số văn bản đó.",
            False,
            "Hình ảnh chữ ký chỉ là ảnh, ai cũng sao chép được; chữ ký số được tạo bằng khóa "
            "bí mật và kiểm tra được bằng khóa công khai.",
            "easy",
            "chữ ký số",
            [VT, VP, LD],
        ),
        tf(
            CAT,
            "Theo pháp luật về giao dịch điện tử, thông tin không bị phủ nhận giá trị pháp lý "
            "chỉ vì nó được thể hiện dưới dạng thông điệp dữ liệu.",
            True,
            "Luật Giao dịch điện tử thừa nhận giá trị pháp lý của thông điệp dữ liệu, là nền "
            "tảng cho văn bản và hồ sơ điện tử.",
            "hard",
            "giao dịch điện tử",
            [LD, IT],
        ),
        tf(
            CAT,
            "Văn thư được giữ USB token của lãnh đạo và mã PIN để ký số thay khi lãnh đạo đi "
            "công tác.",
            False,
            "Chữ ký số của người có thẩm quyền chỉ do chính người đó ký; giao thiết bị và mã "
            "PIN cho người khác là vi phạm quy định quản lý chữ ký số.",
            "easy",
            "chữ ký số, bảo mật",
            [VT, LD],
        ),
        mc(
            CAT,
            "Sử dụng văn bản điện tử thay văn bản giấy mang lại những lợi ích nào? "
            "(chọn tất cả phương án đúng)",
            [
                "Rút ngắn thời gian gửi, nhận văn bản",
                "Tiết kiệm chi phí in ấn, chuyển phát",
                "Thuận tiện tra cứu, lưu trữ",
            ],
            [
                "Không cần ký số hay xác thực",
                "Không phải quản lý, lưu trữ theo quy định",
            ],
            "Văn bản điện tử vẫn phải ký số và quản lý, lưu trữ theo quy định; lợi ích là "
            "nhanh, tiết kiệm và dễ tra cứu.",
            "easy",
            "văn bản điện tử",
            [VT, VP],
        ),
        match(
            CAT,
            f"Ghép mỗi yếu tố của văn bản điện tử với quy định tương ứng theo {ND30}.",
            [
                ("Phông chữ", "Times New Roman, bộ mã Unicode TCVN 6909:2001"),
                ("Khổ giấy", "A4 (210 mm x 297 mm)"),
                (
                    "Hình ảnh chữ ký số của người có thẩm quyền",
                    "Màu xanh, định dạng .png nền trong suốt",
                ),
                (
                    "Hình ảnh chữ ký số của cơ quan, tổ chức",
                    "Hình ảnh con dấu màu đỏ, định dạng .png",
                ),
            ],
            "Nghị định 30/2020/NĐ-CP quy định thống nhất thể thức và hình ảnh chữ ký số để văn "
            "bản điện tử trình bày giống văn bản giấy.",
            "hard",
            "thể thức văn bản, chữ ký số",
            [VT],
            [F_NV],
            distractors=["Phông VNI-Times, bảng mã VNI"],
        ),
        order(
            CAT,
            "Sắp xếp các bước ban hành một văn bản điện tử theo đúng thứ tự.",
            [
                "Soạn thảo và trình dự thảo văn bản",
                "Người có thẩm quyền ký số văn bản",
                "Văn thư cấp số, thời gian ban hành và ký số của cơ quan",
                "Phát hành văn bản qua hệ thống quản lý văn bản",
            ],
            "Văn bản phải được người có thẩm quyền ký trước, sau đó văn thư cấp số, ký số "
            "của cơ quan rồi mới phát hành.",
            "medium",
            "văn bản điện tử, quy trình",
            [VT, VP],
            [F_NV],
        ),
        sa(
            CAT,
            f"Theo {ND30}, văn bản điện tử được ký số có định dạng tệp gì? "
            "(nhập phần mở rộng, ví dụ: doc)",
            ["pdf", ".pdf"],
            "Văn bản điện tử ký số dùng định dạng Portable Document Format (.pdf), giữ nguyên "
            "bố cục khi mở trên máy khác.",
            "medium",
            "văn bản điện tử",
            [VT, IT],
        ),
        essay(
            CAT,
            "Trình bày quy trình tiếp nhận, xử lý và phát hành văn bản điện tử tại cơ quan "
            "anh/chị; nêu những lỗi thường gặp khi ký số và cách khắc phục.",
            "Bài tốt nêu đủ các khâu: tiếp nhận, đăng ký, trình, xử lý văn bản đến; soạn, ký "
            "số, cấp số, ký số cơ quan, phát hành văn bản đi; lỗi thường gặp như chứng thư "
            "hết hạn, sai vị trí chữ ký, quên ký số cơ quan.",
            "hard",
            "văn bản điện tử, quy trình",
            [VT, LD],
            [F_NV],
        ),
    ]
