"""E-government architecture, digital government and digital transformation."""

from __future__ import annotations

from question_bank.demo._build import (
    F_CNTT,
    F_NV,
    F_TP,
    IT,
    LD,
    MC,
    TP,
    VP,
    essay,
    match,
    mc,
    order,
    sc,
    tf,
)
from question_bank.records import QuestionRecord

KT = ("Kiến trúc chính quyền điện tử",)
CDS = ("Chính quyền số và chuyển đổi số",)


def _architecture() -> list[QuestionRecord]:
    return [
        sc(
            KT,
            "LGSP trong kiến trúc chính quyền điện tử cấp tỉnh là gì?",
            "Nền tảng tích hợp, chia sẻ dữ liệu cấp bộ, cấp tỉnh",
            [
                "Mạng nội bộ của một cơ quan",
                "Phần mềm quản lý văn bản của một sở",
                "Cơ sở dữ liệu quốc gia về dân cư",
            ],
            "LGSP (Local Government Service Platform) giúp các hệ thống trong tỉnh kết nối, "
            "chia sẻ dữ liệu với nhau và với nền tảng quốc gia.",
            "medium",
            "nền tảng, liên thông",
            [IT, LD],
            [F_CNTT],
        ),
        sc(
            KT,
            "Nền tảng tích hợp, chia sẻ dữ liệu quốc gia được viết tắt là gì?",
            "NGSP",
            ["LGSP", "LAN", "VPN"],
            "NGSP (National Government Service Platform) kết nối các LGSP của bộ, tỉnh và các "
            "hệ thống, cơ sở dữ liệu quốc gia.",
            "hard",
            "nền tảng, liên thông",
            [IT],
            [F_CNTT],
        ),
        sc(
            KT,
            "Mục đích chính của việc xây dựng kiến trúc chính quyền điện tử cấp tỉnh là gì?",
            "Bảo đảm các hệ thống kết nối, liên thông, chia sẻ dữ liệu; tránh đầu tư trùng lặp, "
            "lãng phí",
            [
                "Thay thế toàn bộ cán bộ bằng phần mềm",
                "Bắt buộc mọi cơ quan tự mua phần mềm riêng",
                "Chỉ để trang trí cổng thông tin điện tử",
            ],
            "Kiến trúc là bản thiết kế tổng thể, làm cơ sở xác định hệ thống cần xây dựng, lộ "
            "trình và trách nhiệm triển khai.",
            "medium",
            "kiến trúc",
            [LD, IT],
            [F_CNTT],
        ),
        sc(
            KT,
            "Khung Kiến trúc Chính phủ điện tử Việt Nam phiên bản 2.0 do cơ quan nào ban hành?",
            "Bộ Thông tin và Truyền thông",
            ["Văn phòng Chính phủ", "Bộ Nội vụ", "Bộ Kế hoạch và Đầu tư"],
            "Khung Kiến trúc Chính phủ điện tử Việt Nam phiên bản 2.0 được Bộ Thông tin và "
            "Truyền thông ban hành cuối năm 2019, làm căn cứ cho các bộ, tỉnh cập nhật kiến trúc.",
            "hard",
            "kiến trúc",
            [IT, LD],
            [F_CNTT],
        ),
        sc(
            KT,
            "Nghị quyết số 36a/NQ-CP ngày 14/10/2015 của Chính phủ là nghị quyết về nội dung gì?",
            "Chính phủ điện tử",
            ["Cải cách chế độ tiền lương", "Công tác văn thư", "Phát triển du lịch"],
            "Nghị quyết 36a/NQ-CP về Chính phủ điện tử; nhiều tỉnh ban hành kế hoạch hành động "
            "để thực hiện nghị quyết này.",
            "medium",
            "văn bản pháp luật, chính phủ điện tử",
            [LD, IT],
        ),
        sc(
            KT,
            "Cơ sở dữ liệu quốc gia về dân cư do cơ quan nào xây dựng và quản lý?",
            "Bộ Công an",
            ["Bộ Tư pháp", "Bộ Nội vụ", "Tổng cục Thống kê"],
            "Cơ sở dữ liệu quốc gia về dân cư do Bộ Công an quản lý, là nền tảng cho định danh "
            "điện tử và cắt giảm giấy tờ.",
            "medium",
            "cơ sở dữ liệu",
            [TP, VP, IT],
            [F_TP],
        ),
        sc(
            KT,
            "Trung tâm tích hợp dữ liệu của tỉnh có vai trò gì?",
            "Tập trung hạ tầng máy chủ, lưu trữ để vận hành các hệ thống thông tin dùng chung "
            "của tỉnh",
            [
                "Nơi người dân đến nộp hồ sơ thủ tục hành chính",
                "Cơ quan cấp chứng thư chữ ký số",
                "Nơi lưu trữ hồ sơ giấy của các sở",
            ],
            "Đặt các hệ thống dùng chung tại trung tâm tích hợp dữ liệu giúp vận hành tập "
            "trung, an toàn và tiết kiệm.",
            "medium",
            "hạ tầng, kiến trúc",
            [IT],
            [F_CNTT],
        ),
        sc(
            KT,
            "Vì sao các hệ thống thông tin dùng chung toàn tỉnh nên được triển khai theo mô "
            "hình tập trung?",
            "Để đồng bộ, dễ tích hợp, liên thông và tiết kiệm chi phí đầu tư, vận hành",
            [
                "Để mỗi cơ quan tự chọn phần mềm khác nhau",
                "Để không cần bảo đảm an toàn thông tin",
                "Để hạn chế người dân sử dụng",
            ],
            "Mô hình tập trung tránh mỗi đơn vị đầu tư riêng lẻ, trùng lặp và khó kết nối.",
            "medium",
            "kiến trúc, mô hình tập trung",
            [LD, IT],
            [F_CNTT],
        ),
        tf(
            KT,
            "Theo Thông báo kết luận của Thủ tướng Chính phủ tháng 9/2019, nhiệm vụ triển khai "
            "Chính phủ điện tử được chuyển từ Văn phòng Chính phủ sang Bộ Thông tin và Truyền "
            "thông.",
            True,
            "Sau phân công này, Sở Thông tin và Truyền thông các tỉnh trở thành cơ quan chủ "
            "trì tham mưu triển khai chính quyền điện tử ở địa phương.",
            "hard",
            "chính phủ điện tử, phân công",
            [LD, IT],
        ),
        tf(
            KT,
            "Hệ thống thông tin giải quyết thủ tục hành chính cấp tỉnh được kết nối với Cổng "
            "Dịch vụ công quốc gia.",
            True,
            "Nhờ kết nối, người dân có thể nộp, tra cứu hồ sơ của tỉnh trên Cổng Dịch vụ công "
            "quốc gia và dữ liệu được đồng bộ hai chiều.",
            "medium",
            "liên thông, cổng dịch vụ công",
            [IT, MC],
        ),
        tf(
            KT,
            "Kiến trúc chính quyền điện tử chỉ cần xây dựng một lần, không cần cập nhật.",
            False,
            "Kiến trúc phải được cập nhật theo khung kiến trúc quốc gia và nhu cầu thực tế, "
            "ví dụ chuyển từ phiên bản 1.0 lên 2.0.",
            "easy",
            "kiến trúc",
            [LD, IT],
        ),
        match(
            KT,
            "Ghép mỗi từ viết tắt với ý nghĩa của nó.",
            [
                ("LGSP", "Nền tảng tích hợp, chia sẻ dữ liệu cấp bộ, cấp tỉnh"),
                ("NGSP", "Nền tảng tích hợp, chia sẻ dữ liệu quốc gia"),
                ("LAN", "Mạng nội bộ"),
                ("VNeID", "Ứng dụng định danh điện tử quốc gia"),
            ],
            "Đây là các thành phần thường gặp trong kiến trúc chính quyền điện tử và dịch vụ "
            "công trực tuyến.",
            "medium",
            "thuật ngữ",
            [IT, LD],
            [F_CNTT],
        ),
        mc(
            KT,
            "Những thành phần nào thường có trong kiến trúc chính quyền điện tử cấp tỉnh? "
            "(chọn tất cả phương án đúng)",
            [
                "Nền tảng tích hợp, chia sẻ dữ liệu (LGSP)",
                "Hệ thống thông tin giải quyết thủ tục hành chính",
                "Trung tâm tích hợp dữ liệu",
            ],
            ["Máy chấm công vân tay của từng phòng"],
            "Kiến trúc tập trung vào nền tảng dùng chung, hệ thống nghiệp vụ và hạ tầng; thiết "
            "bị văn phòng đơn lẻ không phải thành phần kiến trúc.",
            "medium",
            "kiến trúc",
            [IT],
            [F_CNTT],
        ),
    ]


def _digital() -> list[QuestionRecord]:
    return [
        sc(
            CDS,
            "Chương trình Chuyển đổi số quốc gia đến năm 2025, định hướng đến năm 2030 được "
            "phê duyệt tại văn bản nào?",
            "Quyết định số 749/QĐ-TTg của Thủ tướng Chính phủ",
            [
                "Nghị quyết số 36a/NQ-CP của Chính phủ",
                "Nghị định số 61/2018/NĐ-CP",
                "Quyết định số 06/QĐ-TTg của Thủ tướng Chính phủ",
            ],
            "Quyết định 749/QĐ-TTg năm 2020 phê duyệt Chương trình Chuyển đổi số quốc gia; "
            "Quyết định 06/QĐ-TTg là Đề án 06 về dữ liệu dân cư.",
            "medium",
            "chuyển đổi số, văn bản pháp luật",
            [LD, IT],
        ),
        sc(
            CDS,
            "Ngày Chuyển đổi số quốc gia là ngày nào hằng năm?",
            "Ngày 10 tháng 10",
            ["Ngày 09 tháng 12", "Ngày 02 tháng 9", "Ngày 01 tháng 7"],
            "Thủ tướng Chính phủ lấy ngày 10/10 hằng năm là Ngày Chuyển đổi số quốc gia.",
            "easy",
            "công khai, chuyển đổi số",
            [LD, VP],
        ),
        sc(
            CDS,
            "Đề án 06 của Chính phủ (Quyết định số 06/QĐ-TTg năm 2022) nhằm mục tiêu gì?",
            "Phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử phục vụ "
            "chuyển đổi số quốc gia",
            [
                "Xây dựng 06 trung tâm dữ liệu quốc gia",
                "Cắt giảm 06 thủ tục hành chính mỗi năm",
                "Cải cách công tác văn thư, lưu trữ",
            ],
            "Đề án 06 gắn dữ liệu dân cư, căn cước và định danh điện tử với dịch vụ công, "
            "giảm giấy tờ cho người dân.",
            "medium",
            "công khai, đề án 06",
            [LD, TP, MC],
        ),
        sc(
            CDS,
            "Điểm khác biệt cốt lõi giữa chính quyền số và chính quyền điện tử là gì?",
            "Chính quyền số vận hành dựa trên dữ liệu, ra quyết định dựa trên dữ liệu và "
            "thay đổi cách thức cung cấp dịch vụ",
            [
                "Chính quyền số không cần dùng Internet",
                "Chính quyền số chỉ là tên gọi khác, không có gì khác biệt",
                "Chính quyền số loại bỏ hoàn toàn bộ phận một cửa",
            ],
            "Chính quyền điện tử chủ yếu tin học hóa quy trình có sẵn; chính quyền số lấy dữ "
            "liệu làm trung tâm để đổi mới cách quản lý và phục vụ.",
            "medium",
            "chính quyền số",
            [LD],
            [F_CNTT],
        ),
        sc(
            CDS,
            "Chỉ thị số 58-CT/TW năm 2000 của Bộ Chính trị đề cập nội dung gì?",
            "Đẩy mạnh ứng dụng và phát triển công nghệ thông tin phục vụ sự nghiệp công nghiệp "
            "hóa, hiện đại hóa",
            [
                "Cải cách thủ tục hành chính trong lĩnh vực đất đai",
                "Tổ chức các cuộc thi tìm hiểu pháp luật",
                "Thành lập Cổng Dịch vụ công quốc gia",
            ],
            "Chỉ thị 58-CT/TW là văn bản định hướng quan trọng, được nhiều tỉnh lấy làm căn "
            "cứ để ban hành chính sách ứng dụng công nghệ thông tin.",
            "medium",
            "chủ trương, công nghệ thông tin",
            [LD],
        ),
        sc(
            CDS,
            "Luật Công nghệ thông tin được Quốc hội thông qua năm nào?",
            "2006",
            ["2000", "2011", "2015"],
            "Luật Công nghệ thông tin số 67/2006/QH11 được thông qua năm 2006, quy định cả "
            "việc ứng dụng công nghệ thông tin trong cơ quan nhà nước.",
            "medium",
            "văn bản pháp luật",
            [LD, IT],
            [F_CNTT],
        ),
        sc(
            CDS,
            "Ủy ban Quốc gia về chuyển đổi số do ai làm Chủ tịch?",
            "Thủ tướng Chính phủ",
            ["Bộ trưởng Bộ Nội vụ", "Chủ nhiệm Văn phòng Chính phủ", "Chủ tịch Quốc hội"],
            "Thủ tướng Chính phủ trực tiếp làm Chủ tịch Ủy ban Quốc gia về chuyển đổi số, thể "
            "hiện vai trò của người đứng đầu.",
            "medium",
            "chuyển đổi số",
            [LD],
        ),
        sc(
            CDS,
            "Trong chuyển đổi số tại cơ quan, yếu tố nào được coi là quyết định?",
            "Nhận thức và sự vào cuộc của người đứng đầu cùng đội ngũ cán bộ",
            [
                "Số lượng máy tính được mua sắm",
                "Màu sắc giao diện phần mềm",
                "Số lượng trang thông tin điện tử của cơ quan",
            ],
            "Công nghệ chỉ là công cụ; chuyển đổi số thành công khi người đứng đầu quyết tâm và "
            "cán bộ thay đổi cách làm việc.",
            "easy",
            "chuyển đổi số, lãnh đạo",
            [LD],
            [F_NV],
        ),
        sc(
            CDS,
            "Hệ thống nào lưu trữ dữ liệu đăng ký hộ tịch điện tử dùng chung do Bộ Tư pháp "
            "quản lý?",
            "Cơ sở dữ liệu hộ tịch điện tử (Hệ thống thông tin đăng ký và quản lý hộ tịch)",
            [
                "Cơ sở dữ liệu quốc gia về đất đai",
                "Hệ thống quản lý văn bản và điều hành",
                "Cổng thông tin điện tử của xã",
            ],
            "Việc đăng ký hộ tịch được cập nhật vào cơ sở dữ liệu hộ tịch điện tử do Bộ Tư pháp "
            "quản lý, kết nối với dữ liệu dân cư.",
            "medium",
            "hộ tịch, cơ sở dữ liệu",
            [TP],
            [F_TP],
        ),
        mc(
            CDS,
            "Chuyển đổi số quốc gia được xây dựng trên những trụ cột nào? "
            "(chọn tất cả phương án đúng)",
            ["Chính phủ số", "Kinh tế số", "Xã hội số"],
            ["Nông nghiệp truyền thống"],
            "Chương trình Chuyển đổi số quốc gia xác định ba trụ cột: chính phủ số, kinh tế số "
            "và xã hội số.",
            "easy",
            "công khai, chuyển đổi số",
            [LD, VP],
        ),
        tf(
            CDS,
            "Chuyển đổi số chỉ đơn giản là mua sắm thêm máy tính và phần mềm.",
            False,
            "Chuyển đổi số là thay đổi cách thức làm việc, phục vụ dựa trên công nghệ và dữ "
            "liệu; thiết bị chỉ là điều kiện.",
            "easy",
            "công khai, chuyển đổi số",
            [LD, VP],
        ),
        tf(
            CDS,
            "Người dân có thể dùng tài khoản định danh điện tử để thực hiện dịch vụ công trực "
            "tuyến thay cho việc tạo nhiều tài khoản riêng lẻ.",
            True,
            "Định danh điện tử giúp người dân dùng một tài khoản cho nhiều dịch vụ, thông tin "
            "cá nhân được điền sẵn từ dữ liệu dân cư.",
            "easy",
            "công khai, định danh điện tử",
            [MC, TP],
        ),
        tf(
            CDS,
            "Khi dữ liệu dân cư đã được kết nối, cơ quan giải quyết có thể khai thác thông tin "
            "thay vì yêu cầu người dân nộp lại giấy tờ đã có trong cơ sở dữ liệu.",
            True,
            "Khai thác dữ liệu dùng chung là mục tiêu của chuyển đổi số: giảm giấy tờ, giảm "
            "thời gian cho người dân.",
            "medium",
            "công khai, dữ liệu dùng chung",
            [MC, TP, VP],
            [F_TP],
        ),
        order(
            CDS,
            "Sắp xếp các văn bản sau theo trình tự thời gian ban hành, từ sớm nhất đến muộn nhất.",
            [
                "Chỉ thị 58-CT/TW của Bộ Chính trị về ứng dụng và phát triển công nghệ thông tin",
                "Luật Công nghệ thông tin",
                "Nghị định 43/2011/NĐ-CP về cung cấp thông tin và dịch vụ công trực tuyến",
                "Nghị quyết 36a/NQ-CP về Chính phủ điện tử",
                "Quyết định 749/QĐ-TTg phê duyệt Chương trình Chuyển đổi số quốc gia",
            ],
            "Thứ tự năm ban hành: 2000, 2006, 2011, 2015, 2020.",
            "hard",
            "văn bản pháp luật, lịch sử",
            [LD, IT],
        ),
        essay(
            CDS,
            "Phân tích vai trò của người đứng đầu cơ quan, đơn vị trong xây dựng chính quyền "
            "số và nêu ba việc cụ thể anh/chị sẽ làm trong năm tới.",
            "Bài tốt nêu được trách nhiệm chỉ đạo, làm gương sử dụng hệ thống, bố trí nguồn "
            "lực, đào tạo cán bộ, bảo đảm an toàn thông tin và đưa ra việc làm cụ thể, đo "
            "lường được.",
            "hard",
            "lãnh đạo, chuyển đổi số",
            [LD],
            [F_NV],
        ),
    ]


def questions() -> list[QuestionRecord]:
    return _architecture() + _digital()
