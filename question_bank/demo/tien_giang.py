"""Tiền Giang's plans, targets and results, as reported in the seed articles (2011 and 2020)."""

from __future__ import annotations

from question_bank.demo._build import (
    F_CNTT,
    F_NV,
    IT,
    LD,
    MC,
    TP,
    VP,
    essay,
    match,
    mc,
    num,
    sc,
    tf,
)
from question_bank.demo.ke_hoach import ROOT
from question_bank.records import QuestionRecord

TIEN_GIANG = (ROOT, "Tiền Giang")


def questions() -> list[QuestionRecord]:
    return [
        sc(
            TIEN_GIANG,
            "Kế hoạch số 58/KH-UBND ngày 13/6/2011 của UBND tỉnh Tiền Giang về ứng dụng công "
            "nghệ thông tin trong cơ quan nhà nước áp dụng cho giai đoạn nào?",
            "2011 - 2015",
            ["2013 - 2015", "2016 - 2020", "2019 - 2025"],
            "Kế hoạch 58/KH-UBND đặt các mục tiêu đến năm 2015 cho giai đoạn 2011 - 2015.",
            "medium",
            "tiền giang, kế hoạch",
            [LD, IT],
        ),
        match(
            TIEN_GIANG,
            "Ghép mỗi chỉ tiêu đến năm 2015 trong Kế hoạch 58/KH-UBND (2011) của tỉnh Tiền "
            "Giang với tỷ lệ mục tiêu.",
            [
                ("Văn bản chính thức trao đổi hoàn toàn dưới dạng điện tử", "60%"),
                ("Người dân sử dụng dịch vụ công trực tuyến", "20%"),
                ("Dịch vụ công trực tuyến được nâng cấp lên mức độ 3", "70%"),
                ("Cán bộ, công chức cấp xã sử dụng thư điện tử cho công việc", "50%"),
            ],
            "Đây là các mục tiêu cụ thể trong kế hoạch; riêng cán bộ, công chức sở, ngành, cấp "
            "huyện dùng thư điện tử có chỉ tiêu cao hơn là 90%.",
            "hard",
            "tiền giang, chỉ tiêu",
            [LD, IT],
            [F_CNTT],
            distractors=["35%"],
        ),
        num(
            TIEN_GIANG,
            "Theo Kế hoạch 58/KH-UBND (2011) của tỉnh Tiền Giang, Cổng thông tin điện tử tỉnh "
            "phải có đầy đủ thông tin theo quy định tại Điều mấy của Luật Công nghệ thông tin?",
            28,
            0,
            "Kế hoạch dẫn chiếu Điều 28 Luật Công nghệ thông tin về thông tin phải cung cấp "
            "trên trang, cổng thông tin điện tử của cơ quan nhà nước.",
            "hard",
            "tiền giang, cổng thông tin",
            [IT],
        ),
        sc(
            TIEN_GIANG,
            "Theo Kế hoạch 58/KH-UBND (2011) của tỉnh Tiền Giang, mục tiêu tỷ lệ trung bình máy "
            "tính trên cán bộ, công chức đến năm 2015 là bao nhiêu?",
            "90%",
            ["50%", "60%", "100%"],
            "Kế hoạch đặt mục tiêu tỷ lệ máy tính trên cán bộ, công chức đạt 90%.",
            "hard",
            "tiền giang, hạ tầng",
            [IT, LD],
        ),
        tf(
            TIEN_GIANG,
            "Kế hoạch 58/KH-UBND (2011) của Tiền Giang đặt mục tiêu bảo đảm 100% cuộc họp của "
            "Chính phủ với UBND tỉnh có thể được thực hiện trên môi trường mạng.",
            True,
            "Đây là một trong các mục tiêu về môi trường làm việc điện tử của kế hoạch.",
            "hard",
            "tiền giang, chỉ tiêu",
            [LD],
        ),
        sc(
            TIEN_GIANG,
            "Theo bài viết năm 2020, việc sát hạch kỹ năng công nghệ thông tin của cán bộ ở "
            "Tiền Giang dựa trên cơ sở nào?",
            "Bộ ngân hàng câu hỏi phù hợp với vị trí việc làm và lĩnh vực quản lý của từng cán bộ",
            [
                "Một đề thi chung cho mọi cán bộ từ tỉnh đến xã",
                "Bài thi lập trình phần mềm",
                "Số năm công tác của cán bộ",
            ],
            "Câu hỏi theo vị trí việc làm giúp đánh giá đúng kỹ năng mà mỗi cán bộ cần cho "
            "công việc của mình.",
            "medium",
            "tiền giang, sát hạch",
            [LD, VP],
            [F_NV],
        ),
        mc(
            TIEN_GIANG,
            "Theo bài viết năm 2020, cán bộ lãnh đạo sở, ngành ở Tiền Giang được hướng dẫn và "
            "kiểm tra những kỹ năng nào? (chọn tất cả phương án đúng)",
            [
                "Kỹ năng tìm kiếm",
                "Kỹ năng sử dụng thư điện tử trên Internet",
                "Kỹ năng đọc số liệu để phân tích, đánh giá",
            ],
            ["Kỹ năng lập trình phần mềm"],
            "Các kỹ năng được kiểm tra phục vụ trực tiếp việc chỉ đạo, điều hành của lãnh đạo.",
            "medium",
            "tiền giang, kỹ năng",
            [LD],
        ),
        sc(
            TIEN_GIANG,
            "Tỉnh Tiền Giang thường xuyên tổ chức chuyên đề thi đua “Ứng dụng công nghệ thông "
            "tin trong hoạt động các cơ quan Nhà nước” từ năm nào?",
            "2017",
            ["2011", "2015", "2020"],
            "Theo bài viết năm 2020, chuyên đề thi đua được tổ chức từ năm 2017 với tiêu chí "
            "riêng cho từng nhóm đơn vị tỉnh, huyện, xã.",
            "medium",
            "tiền giang, thi đua",
            [LD],
        ),
        mc(
            TIEN_GIANG,
            "Chuyên đề thi đua ứng dụng công nghệ thông tin của Tiền Giang có những tiêu chí "
            "nào? (chọn tất cả phương án đúng)",
            [
                "Hạ tầng kỹ thuật công nghệ thông tin",
                "Bảo đảm an toàn thông tin",
                "Nguồn nhân lực công nghệ thông tin",
            ],
            ["Số lượt thích trên trang mạng xã hội cá nhân của lãnh đạo"],
            "Tiêu chí gồm hạ tầng, ứng dụng trong cơ quan, ứng dụng phục vụ tổ chức và công dân, "
            "an toàn thông tin và nguồn nhân lực.",
            "medium",
            "tiền giang, thi đua",
            [LD, IT],
        ),
        tf(
            TIEN_GIANG,
            "Hội đồng thẩm định thi đua ứng dụng công nghệ thông tin của Tiền Giang gồm đại diện "
            "Sở Thông tin và Truyền thông, Văn phòng Đoàn đại biểu Quốc hội, HĐND và UBND tỉnh, "
            "Ban Thi đua - Khen thưởng tỉnh.",
            True,
            "Hội đồng liên ngành giúp việc đánh giá thi đua chặt chẽ, khách quan.",
            "hard",
            "tiền giang, thi đua",
            [LD],
        ),
        sc(
            TIEN_GIANG,
            "Trong 6 tháng đầu năm 2020, trong số 6.889 hồ sơ do Bộ phận tiếp nhận và trả kết "
            "quả của Sở Công Thương Tiền Giang tiếp nhận, có bao nhiêu hồ sơ bị giải quyết quá "
            "hạn?",
            "Không có hồ sơ nào",
            ["12 hồ sơ", "Khoảng 1%", "Khoảng 5%"],
            "Bài viết nêu không có hồ sơ nào quá hạn; Sở Công Thương được tặng Bằng khen về "
            "thi đua ứng dụng công nghệ thông tin năm 2019.",
            "medium",
            "tiền giang, một cửa",
            [MC, LD],
        ),
        sc(
            TIEN_GIANG,
            "Xã Yên Luông (huyện Gò Công Tây, Tiền Giang) đã áp dụng cơ chế nào trong giải quyết "
            "thủ tục hành chính (theo bài viết năm 2020)?",
            "Một cửa liên thông",
            [
                "Chỉ tiếp nhận hồ sơ giấy tại từng bộ phận",
                "Ủy quyền toàn bộ cho cấp huyện",
                "Chỉ tiếp nhận hồ sơ qua bưu chính",
            ],
            "Xã thực hiện một cửa liên thông, cán bộ và lãnh đạo xã dùng công nghệ thông tin để "
            "đôn đốc giải quyết đúng quy trình, thời gian.",
            "easy",
            "tiền giang, một cửa liên thông",
            [MC, VP, TP],
        ),
        sc(
            TIEN_GIANG,
            "Đến giữa tháng 7/2020, cuộc thi tìm hiểu về chính quyền điện tử, chính quyền số "
            "trên môi trường mạng của tỉnh Tiền Giang có khoảng bao nhiêu tài khoản tham gia?",
            "Khoảng 20.000 tài khoản",
            ["Khoảng 2.000 tài khoản", "Khoảng 200.000 tài khoản", "Khoảng 6.889 tài khoản"],
            "Cuộc thi giúp người dân hiểu thủ tục, cách nộp hồ sơ trực tuyến và giúp cán bộ nắm "
            "rõ quy trình để phục vụ tốt hơn.",
            "medium",
            "tiền giang, cuộc thi",
            [LD],
        ),
        sc(
            TIEN_GIANG,
            "Công viên phần mềm Mekong của tỉnh Tiền Giang đang hoàn tất thủ tục gia nhập chuỗi "
            "công viên phần mềm nào (theo bài viết năm 2020)?",
            "Công viên phần mềm Quang Trung",
            [
                "Khu công nghệ cao Hòa Lạc",
                "Khu công nghệ cao Thành phố Hồ Chí Minh",
                "Công viên phần mềm Đà Nẵng",
            ],
            "Công viên phần mềm Quang Trung (quận 12, TP. Hồ Chí Minh) là công viên phần mềm "
            "đầu tiên và lớn nhất Việt Nam.",
            "hard",
            "tiền giang, công nghiệp cntt",
            [LD, IT],
        ),
        essay(
            TIEN_GIANG,
            "Từ kinh nghiệm của Tiền Giang (đào tạo, sát hạch theo vị trí việc làm, thi đua ứng "
            "dụng công nghệ thông tin, cuộc thi trực tuyến), hãy đề xuất một kế hoạch nâng cao "
            "kỹ năng số cho cán bộ, công chức ở địa phương anh/chị.",
            "Bài tốt nêu đối tượng, nội dung theo vị trí việc làm, hình thức đào tạo và sát hạch, "
            "cơ chế thi đua, chỉ tiêu đo lường và phân công thực hiện.",
            "hard",
            "tiền giang, đào tạo",
            [LD, IT],
            [F_NV],
        ),
    ]
