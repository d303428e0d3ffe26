"""Provinces' plans, targets and results, as reported in the seed articles (Tiền Giang: tien_giang.py).

Each stem names the province and the year of the report, because these are figures of their
time (provinces and agencies have since been reorganized).
"""

from __future__ import annotations

from question_bank.demo._build import (
    F_CNTT,
    F_DD,
    F_NV,
    F_TP,
    IT,
    LD,
    MC,
    TP,
    VP,
    VT,
    mc,
    num,
    sc,
    tf,
)
from question_bank.records import QuestionRecord

ROOT = "Kế hoạch và chỉ tiêu của tỉnh"
TAY_NINH = (ROOT, "Tây Ninh")
DIEN_BIEN = (ROOT, "Điện Biên")
QUANG_NAM = (ROOT, "Quảng Nam")


def _tay_ninh() -> list[QuestionRecord]:
    return [
        sc(
            TAY_NINH,
            "Năm 2011, UBND tỉnh Tây Ninh ban hành Quyết định số 1181/QĐ-UBND phê duyệt kế "
            "hoạch triển khai đề án nào tại tỉnh?",
            "Đề án “Đưa Việt Nam sớm trở thành nước mạnh về công nghệ thông tin và truyền thông”",
            [
                "Đề án phát triển ứng dụng dữ liệu về dân cư (Đề án 06)",
                "Đề án xây dựng Công viên phần mềm Mekong",
                "Đề án thành phố thông minh",
            ],
            "Kế hoạch này đặt trọng tâm đẩy mạnh ứng dụng Chính phủ điện tử trong cơ quan nhà "
            "nước của tỉnh Tây Ninh.",
            "medium",
            "tây ninh, kế hoạch",
            [LD, IT],
            [F_CNTT],
        ),
        num(
            TAY_NINH,
            "Kế hoạch triển khai Đề án “Đưa Việt Nam sớm trở thành nước mạnh về công nghệ "
            "thông tin và truyền thông” tại Tây Ninh (năm 2011) tập trung vào bao nhiêu nhiệm "
            "vụ phát triển?",
            4,
            0,
            "Bốn nhiệm vụ: nguồn nhân lực, hạ tầng kỹ thuật, công nghệ thông tin và ứng dụng "
            "công nghệ thông tin.",
            "hard",
            "tây ninh, kế hoạch",
            [LD, IT],
        ),
        sc(
            TAY_NINH,
            "Quyết định số 49/2012/QĐ-UBND của UBND tỉnh Tây Ninh phê duyệt nội dung gì?",
            "Quy hoạch phát triển công nghệ thông tin tỉnh Tây Ninh đến năm 2020",
            [
                "Kiến trúc chính quyền điện tử tỉnh Tây Ninh phiên bản 1.0",
                "Quy chế sử dụng thư điện tử công vụ",
                "Kế hoạch tổ chức cuộc thi tìm hiểu chính quyền số",
            ],
            "Quy hoạch đến năm 2020 tạo cơ sở pháp lý, thu hút đầu tư và thúc đẩy ứng dụng, "
            "phát triển công nghệ thông tin tại Tây Ninh.",
            "medium",
            "tây ninh, quy hoạch",
            [LD, IT],
            [F_CNTT],
        ),
        sc(
            TAY_NINH,
            "Năm 2013, Chủ tịch UBND tỉnh Tây Ninh ban hành Chỉ thị số 03/CT-UBND nhằm mục "
            "đích gì?",
            "Tăng cường sử dụng văn bản điện tử trong hoạt động của cơ quan nhà nước",
            [
                "Tăng cường in ấn văn bản giấy để lưu trữ",
                "Cấm sử dụng thư điện tử trong cơ quan",
                "Thành lập Trung tâm Phục vụ hành chính công",
            ],
            "Chỉ thị 03/CT-UBND hướng tới chuyển từ làm việc chủ yếu trên giấy sang làm việc "
            "qua mạng với văn bản điện tử.",
            "medium",
            "tây ninh, văn bản điện tử",
            [VT, LD, VP],
            [F_NV],
        ),
        sc(
            TAY_NINH,
            "Theo bài viết năm 2014, cơ quan nào được UBND tỉnh Tây Ninh giao chủ trì, hướng "
            "dẫn thực hiện kế hoạch ứng dụng công nghệ thông tin hằng năm?",
            "Sở Thông tin và Truyền thông",
            ["Sở Nội vụ", "Sở Tài chính", "Văn phòng UBND tỉnh"],
            "Sở Thông tin và Truyền thông là cơ quan chuyên môn về công nghệ thông tin, được "
            "giao chủ trì kế hoạch hằng năm.",
            "easy",
            "tây ninh, kế hoạch",
            [LD, IT],
        ),
        mc(
            TAY_NINH,
            "Tây Ninh chú trọng khai thác những hệ thống nào để trao đổi văn bản điện tử giữa "
            "các cơ quan (theo bài viết năm 2014)? (chọn tất cả phương án đúng)",
            ["Thư điện tử", "Văn phòng điện tử", "Họp không giấy"],
            ["Ứng dụng nhắn tin cá nhân của từng cán bộ"],
            "Thư điện tử, văn phòng điện tử, họp không giấy là các hệ thống dùng chung chính "
            "thức của tỉnh, có quy chế quản lý, sử dụng.",
            "medium",
            "tây ninh, hệ thống dùng chung",
            [VT, IT, VP],
        ),
        tf(
            TAY_NINH,
            "Tây Ninh đã ban hành quy định đánh giá, xếp hạng mức độ ứng dụng công nghệ thông "
            "tin trong hoạt động của cơ quan nhà nước.",
            True,
            "Bên cạnh các quy chế vận hành hệ thống, Tây Ninh có quy định đánh giá, xếp hạng để "
            "thúc đẩy các cơ quan ứng dụng công nghệ thông tin.",
            "medium",
            "tây ninh, đánh giá",
            [LD, IT],
        ),
    ]


def _dien_bien() -> list[QuestionRecord]:
    return [
        sc(
            DIEN_BIEN,
            "Quyết định số 1186/QĐ-UBND ngày 19/12/2018 của UBND tỉnh Điện Biên ban hành nội "
            "dung gì?",
            "Kiến trúc Chính quyền điện tử tỉnh Điện Biên phiên bản 1.0",
            [
                "Quy hoạch phát triển công nghệ thông tin đến năm 2020",
                "Quy chế hoạt động của bộ phận một cửa",
                "Kế hoạch tổ chức cuộc thi tìm hiểu chính quyền số",
            ],
            "Kiến trúc 1.0 là cơ sở xác định hệ thống cần xây dựng, lộ trình và trách nhiệm "
            "triển khai chính quyền điện tử của tỉnh.",
            "medium",
            "điện biên, kiến trúc",
            [LD, IT],
            [F_CNTT],
        ),
        mc(
            DIEN_BIEN,
            "Năm 2019, Sở Thông tin và Truyền thông Điện Biên đã tham mưu triển khai những hệ "
            "thống tập trung nào? (chọn tất cả phương án đúng)",
            [
                "Cổng dịch vụ công trực tuyến",
                "Hệ thống giám sát an toàn thông tin tập trung",
                "Phần mềm quản lý thông tin kinh tế - xã hội",
                "Ứng dụng chữ ký số",
            ],
            ["Hệ thống camera giám sát giao thông", "Phần mềm quản lý bệnh viện"],
            "Bốn hệ thống tập trung lớn năm 2019 là cổng dịch vụ công, giám sát an toàn thông "
            "tin, quản lý thông tin kinh tế - xã hội và chữ ký số.",
            "hard",
            "điện biên, hệ thống tập trung",
            [IT, LD],
            [F_CNTT],
        ),
        sc(
            DIEN_BIEN,
            "Đến hết tháng 10/2019, Cổng dịch vụ công trực tuyến tỉnh Điện Biên đã triển khai "
            "bao nhiêu dịch vụ công mức độ 3?",
            "245",
            ["86", "1.768", "3.315"],
            "Số liệu năm 2019: 1.768 dịch vụ mức 2, 245 dịch vụ mức 3, 86 dịch vụ mức 4 và "
            "3.315 tài khoản được cấp.",
            "hard",
            "điện biên, dịch vụ công",
            [IT, MC],
        ),
        num(
            DIEN_BIEN,
            "Đến hết tháng 10/2019, tỉnh Điện Biên đã triển khai bao nhiêu dịch vụ công mức "
            "độ 4 trên Cổng dịch vụ công trực tuyến?",
            86,
            0,
            "Theo bài viết, Điện Biên có 86 dịch vụ công mức độ 4, ít hơn nhiều so với mức 2 "
            "(1.768) và mức 3 (245).",
            "hard",
            "điện biên, dịch vụ công",
            [IT, MC, LD],
        ),
        sc(
            DIEN_BIEN,
            "Kiến trúc Chính quyền điện tử tỉnh Điện Biên được triển khai theo lộ trình nào "
            "(theo bài viết năm 2019)?",
            "3 giai đoạn với 9 nhóm nhiệm vụ, từ năm 2019 đến năm 2022",
            [
                "2 giai đoạn với 4 nhóm nhiệm vụ, từ năm 2016 đến năm 2020",
                "4 giai đoạn với 12 nhóm nhiệm vụ, từ năm 2019 đến năm 2025",
                "1 giai đoạn duy nhất trong năm 2019",
            ],
            "Các nhóm nhiệm vụ gồm ứng dụng nghiệp vụ, LGSP, cổng thông tin, hạ tầng, trung "
            "tâm tích hợp dữ liệu, an toàn thông tin, đào tạo…",
            "hard",
            "điện biên, kiến trúc",
            [LD, IT],
        ),
        num(
            DIEN_BIEN,
            "Năm 2019, tỉnh Điện Biên đã tổ chức bao nhiêu lớp đào tạo, tập huấn kỹ năng ứng "
            "dụng công nghệ thông tin cho cán bộ, công chức, viên chức?",
            15,
            0,
            "Điện Biên tổ chức 15 lớp với hơn 450 cán bộ, công chức, viên chức từ cấp tỉnh "
            "đến cấp xã được đào tạo.",
            "medium",
            "điện biên, đào tạo",
            [LD, IT],
            [F_NV],
        ),
        sc(
            DIEN_BIEN,
            "Theo bài viết năm 2019, tỷ lệ cài đặt phần mềm phòng chống virus do Sở Thông tin "
            "và Truyền thông cấp cho toàn tỉnh Điện Biên mới đạt bao nhiêu?",
            "25,68%",
            ["52,68%", "75%", "100%"],
            "Tỷ lệ 25,68% được nêu như một hạn chế: một số đơn vị chưa tích cực tham gia xây "
            "dựng chính quyền điện tử.",
            "hard",
            "điện biên, an toàn thông tin",
            [IT],
            [F_CNTT],
        ),
        sc(
            DIEN_BIEN,
            "Sở Thông tin và Truyền thông Điện Biên ký biên bản hợp tác ứng dụng Zalo với đơn "
            "vị nào (năm 2019)?",
            "Công ty Cổ phần VNG",
            [
                "Tập đoàn Bưu chính Viễn thông Việt Nam",
                "Tập đoàn Công nghiệp - Viễn thông Quân đội",
                "Tổng công ty Bưu điện Việt Nam",
            ],
            "Zalo là sản phẩm của Công ty Cổ phần VNG; việc hợp tác nhằm tăng kênh tương tác "
            "giữa chính quyền và người dân.",
            "medium",
            "điện biên, hợp tác",
            [LD, IT],
        ),
        sc(
            DIEN_BIEN,
            "Kế hoạch số 1304/KH-UBND ngày 16/5/2016 của tỉnh Điện Biên là kế hoạch hành động "
            "thực hiện văn bản nào?",
            "Nghị quyết số 36a/NQ-CP của Chính phủ về Chính phủ điện tử",
            [
                "Chỉ thị số 58-CT/TW của Bộ Chính trị",
                "Nghị định số 61/2018/NĐ-CP",
                "Quyết định số 749/QĐ-TTg",
            ],
            "Điện Biên phấn đấu đến năm 2020 vào nhóm tỉnh trung bình về ứng dụng công nghệ "
            "thông tin, thực hiện Nghị quyết 36a/NQ-CP.",
            "hard",
            "điện biên, kế hoạch",
            [LD],
        ),
        sc(
            DIEN_BIEN,
            "Mục tiêu của tỉnh Điện Biên về ứng dụng công nghệ thông tin đến năm 2020 (theo bài "
            "viết năm 2019) là gì?",
            "Vào nhóm tỉnh, thành phố trung bình về ứng dụng công nghệ thông tin",
            [
                "Dẫn đầu cả nước về ứng dụng công nghệ thông tin",
                "100% dịch vụ công đạt mức độ 4",
                "Không còn hồ sơ giấy ở mọi cấp",
            ],
            "Đây là mục tiêu thực tế được nêu trong bài, gắn với kế hoạch thực hiện Nghị quyết "
            "36a/NQ-CP.",
            "medium",
            "điện biên, chỉ tiêu",
            [LD],
        ),
        sc(
            DIEN_BIEN,
            "Hệ thống giao ban trực tuyến của tỉnh Điện Biên đã kết nối bao nhiêu điểm (theo bài "
            "viết năm 2019)?",
            "14 điểm",
            ["10 điểm", "22 điểm", "450 điểm"],
            "Bài viết nêu hệ thống giao ban trực tuyến của Điện Biên đã lắp đặt thiết bị và kết "
            "nối 14 điểm.",
            "hard",
            "điện biên, hạ tầng",
            [IT, VP],
        ),
        tf(
            DIEN_BIEN,
            "Theo bài viết năm 2019, 100% xã của tỉnh Điện Biên đã được kết nối Internet.",
            True,
            "Bài viết nêu 100% xã được kết nối Internet và 100% cơ quan từ cấp huyện trở lên có "
            "mạng LAN, Internet tốc độ cao.",
            "medium",
            "điện biên, hạ tầng",
            [IT, VP],
        ),
        tf(
            DIEN_BIEN,
            "Theo bài viết năm 2019, chứng thực chữ ký số tích hợp trên phần mềm quản lý văn "
            "bản đã được triển khai tới tất cả cơ quan, đơn vị của tỉnh Điện Biên.",
            False,
            "Bài viết nêu chữ ký số tích hợp trên phần mềm quản lý văn bản mới triển khai tới "
            "10 đơn vị.",
            "hard",
            "điện biên, chữ ký số",
            [VT, IT],
        ),
    ]


def _quang_nam() -> list[QuestionRecord]:
    return [
        sc(
            QUANG_NAM,
            "Đề án “Đẩy mạnh ứng dụng công nghệ thông tin trong cơ quan nhà nước trên địa bàn "
            "huyện Thăng Bình” (tỉnh Quảng Nam) được triển khai trong giai đoạn nào?",
            "2013 - 2015",
            ["2011 - 2015", "2016 - 2020", "2019 - 2025"],
            "Đề án do UBND huyện Thăng Bình ban hành năm 2013, chia làm 2 giai đoạn đến năm 2015.",
            "medium",
            "quảng nam, đề án",
            [LD, IT],
        ),
        sc(
            QUANG_NAM,
            "Từ tháng 7/2014, huyện Thăng Bình (Quảng Nam) đã nâng cấp hệ thống nào?",
            "Nâng cấp trang thông tin điện tử huyện lên thành Cổng thông tin điện tử",
            [
                "Nâng cấp toàn bộ dịch vụ công lên mức độ 4",
                "Nâng cấp mạng LAN của các xã lên cáp quang",
                "Nâng cấp phần mềm kế toán của huyện",
            ],
            "Cổng thông tin điện tử được xác định là kênh giao tiếp quan trọng giữa chính quyền "
            "với người dân, có cổng thành viên cho các xã, thị trấn.",
            "medium",
            "quảng nam, cổng thông tin",
            [IT, LD],
        ),
        mc(
            QUANG_NAM,
            "Năm 2013, phần mềm một cửa điện tử của huyện Thăng Bình (Quảng Nam) được đưa vào "
            "sử dụng cho những lĩnh vực nào? (chọn tất cả phương án đúng)",
            ["Đất đai", "Tư pháp", "Đăng ký kinh doanh"],
            ["Thông tin - Truyền thông"],
            "Năm 2013 phần mềm áp dụng cho đất đai, công thương, tư pháp, lao động - thương binh "
            "và xã hội, tài chính - kế hoạch, xây dựng, đăng ký kinh doanh; lĩnh vực thông tin - "
            "truyền thông dự kiến triển khai năm 2015.",
            "hard",
            "quảng nam, một cửa",
            [MC, TP],
            [F_DD, F_TP],
        ),
        sc(
            QUANG_NAM,
            "Bộ phận tiếp nhận hồ sơ và trả kết quả của huyện Thăng Bình, nơi sử dụng phần mềm "
            "một cửa điện tử từ năm 2013, do đơn vị nào quản lý?",
            "Văn phòng HĐND và UBND huyện",
            [
                "Phòng Văn hóa và Thông tin huyện",
                "Phòng Tư pháp huyện",
                "Trung tâm Công nghệ thông tin và Truyền thông tỉnh",
            ],
            "Bài viết nêu bộ phận này do Văn phòng HĐND và UBND huyện quản lý; Phòng Văn hóa và "
            "Thông tin là đơn vị tham mưu về công nghệ thông tin.",
            "hard",
            "quảng nam, một cửa",
            [MC, LD],
        ),
        num(
            QUANG_NAM,
            "Huyện Thăng Bình (Quảng Nam) phấn đấu đến cuối năm 2015 xây dựng hệ thống giao ban "
            "trực tuyến đến bao nhiêu xã, thị trấn?",
            22,
            0,
            "Mục tiêu đến cuối năm 2015 là giao ban trực tuyến tới 22 xã, thị trấn của huyện.",
            "hard",
            "quảng nam, giao ban trực tuyến",
            [IT, VP],
        ),
        sc(
            QUANG_NAM,
            "Theo lộ trình của huyện Thăng Bình (Quảng Nam), các thủ tục về đất đai, xây dựng, "
            "kinh doanh, tư pháp được cung cấp trực tuyến tối thiểu ở mức độ nào?",
            "Mức độ 3",
            ["Mức độ 1", "Mức độ 2", "Mức độ 4"],
            "Đề án đặt lộ trình cung cấp dịch vụ công trực tuyến tối thiểu mức độ 3, cho phép "
            "gửi, tiếp nhận hồ sơ và tra cứu tình trạng xử lý qua mạng.",
            "medium",
            "quảng nam, dịch vụ công",
            [MC, TP, LD],
            [F_DD, F_TP],
        ),
        sc(
            QUANG_NAM,
            "Phòng Văn hóa và Thông tin huyện Thăng Bình phối hợp với Trung tâm Công nghệ thông "
            "tin và Truyền thông Quảng Nam xây dựng thêm hệ thống nào (theo bài viết năm 2015)?",
            "Hệ thống tin nhắn SMS phục vụ lãnh đạo và công dân",
            [
                "Hệ thống camera giám sát an ninh",
                "Hệ thống thanh toán lệ phí bằng tiền mặt",
                "Hệ thống họp trực tiếp tại hội trường",
            ],
            "Cùng với nâng cấp phần mềm một cửa điện tử, hệ thống SMS giúp thông báo thông tin "
            "tới lãnh đạo và công dân.",
            "medium",
            "quảng nam, tin nhắn",
            [IT, MC],
        ),
    ]


def questions() -> list[QuestionRecord]:
    return _tay_ninh() + _dien_bien() + _quang_nam()
