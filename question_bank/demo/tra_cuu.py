"""Looking up a dossier's status, notifications, late or refused dossiers."""

from __future__ import annotations

from question_bank.demo._build import LD, MC, VP, essay, mc, order, sc, tf
from question_bank.records import QuestionRecord

TRA = ("Tra cứu và theo dõi hồ sơ",)


def questions() -> list[QuestionRecord]:
    return [
        sc(
            TRA,
            "Sau khi nộp hồ sơ trực tuyến thành công, người nộp nhận được thông tin gì để "
            "theo dõi hồ sơ?",
            "Mã số hồ sơ",
            [
                "Mật khẩu của cán bộ thụ lý",
                "Số hiệu văn bản quy phạm pháp luật",
                "Mã OTP đăng nhập",
            ],
            "Mỗi hồ sơ được cấp một mã số riêng; dùng mã này để tra cứu tình trạng xử lý "
            "trên cổng dịch vụ công.",
            "easy",
            "công khai, tra cứu hồ sơ",
            [MC],
        ),
        sc(
            TRA,
            "Để tra cứu tình trạng xử lý hồ sơ trên cổng dịch vụ công, thông tin thường "
            "dùng nhất là gì?",
            "Mã số hồ sơ ghi trên giấy tiếp nhận hoặc thông báo tiếp nhận",
            [
                "Số điện thoại của cán bộ thụ lý",
                "Tên cơ quan giải quyết",
                "Ngày sinh của người nộp",
            ],
            "Mã số hồ sơ xác định duy nhất hồ sơ, nên là thông tin chính để tra cứu.",
            "easy",
            "công khai, tra cứu hồ sơ",
            [MC, VP],
        ),
        sc(
            TRA,
            "Trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả, thông tin nào cho người dân biết "
            "khi nào có kết quả?",
            "Ngày hẹn trả kết quả",
            ["Số thứ tự phòng làm việc", "Mã bưu chính của cơ quan", "Họ tên lãnh đạo cơ quan"],
            "Giấy tiếp nhận ghi rõ ngày hẹn trả kết quả để người dân chủ động theo dõi "
            "và nhận kết quả đúng hạn.",
            "easy",
            "công khai, tra cứu hồ sơ",
            [MC],
        ),
        sc(
            TRA,
            "Theo quy định về cơ chế một cửa, khi hồ sơ bị giải quyết quá hạn, cơ quan "
            "giải quyết phải làm gì với người nộp hồ sơ?",
            "Gửi phiếu xin lỗi và hẹn lại ngày trả kết quả",
            [
                "Không cần thông báo, chỉ trả kết quả khi xong",
                "Yêu cầu người dân nộp lại hồ sơ mới",
                "Thu thêm phí để giải quyết nhanh",
            ],
            "Nghị định 61/2018/NĐ-CP yêu cầu cơ quan để hồ sơ quá hạn phải có văn bản "
            "(phiếu) xin lỗi tổ chức, cá nhân và hẹn lại thời gian trả kết quả.",
            "medium",
            "công khai, quá hạn",
            [MC, LD],
        ),
        sc(
            TRA,
            "Khi hồ sơ không đủ điều kiện giải quyết, người nộp được thông báo như thế nào?",
            "Bằng văn bản, có nêu rõ lý do",
            [
                "Chỉ báo miệng qua điện thoại",
                "Không cần thông báo",
                "Đăng tên người nộp lên trang thông tin điện tử",
            ],
            "Cơ quan có thẩm quyền phải trả lại hồ sơ kèm thông báo bằng văn bản và nêu "
            "rõ lý do không giải quyết.",
            "medium",
            "công khai, trả kết quả",
            [MC],
        ),
        sc(
            TRA,
            "Theo chia sẻ của một lãnh đạo sở ở Tiền Giang (năm 2020), người lãnh đạo cần "
            "thành thạo phần mềm một cửa điện tử để làm gì?",
            "Biết hồ sơ đang chậm ở khâu nào để đôn đốc cán bộ, chuyên viên",
            [
                "Tự mình tiếp nhận toàn bộ hồ sơ thay bộ phận một cửa",
                "Sửa nội dung hồ sơ của người dân",
                "Thay đổi thời hạn giải quyết đã công bố",
            ],
            "Phần mềm một cửa cho thấy trạng thái từng hồ sơ, nhờ đó lãnh đạo phát hiện "
            "khâu chậm trễ và chỉ đạo xử lý kịp thời.",
            "medium",
            "theo dõi hồ sơ, lãnh đạo",
            [LD],
        ),
        sc(
            TRA,
            "Hồ sơ trực tuyến của bạn ở trạng thái <em>yêu cầu bổ sung</em>. Bạn nên làm gì?",
            "Xem nội dung yêu cầu, bổ sung giấy tờ theo hướng dẫn và gửi lại qua hệ thống",
            [
                "Nộp một hồ sơ mới hoàn toàn giống hồ sơ cũ",
                "Bỏ qua vì hồ sơ sẽ tự được duyệt",
                "Gọi điện yêu cầu cán bộ tự bổ sung thay",
            ],
            "Trạng thái yêu cầu bổ sung nghĩa là hồ sơ còn thiếu hoặc chưa hợp lệ; người "
            "nộp cần hoàn thiện theo hướng dẫn thì hồ sơ mới được xử lý tiếp.",
            "easy",
            "công khai, tra cứu hồ sơ",
        ),
        mc(
            TRA,
            "Người dân có thể theo dõi tình trạng hồ sơ qua những kênh nào? "
            "(chọn tất cả phương án đúng)",
            [
                "Tra cứu bằng mã hồ sơ trên cổng dịch vụ công",
                "Tin nhắn SMS thông báo từ hệ thống (nếu địa phương cung cấp)",
                "Thư điện tử thông báo từ hệ thống",
            ],
            ["Nhắn tin riêng cho cán bộ thụ lý qua mạng xã hội cá nhân"],
            "Các hệ thống giải quyết thủ tục hành chính thông báo qua cổng, SMS, thư điện "
            "tử; mạng xã hội cá nhân không phải kênh chính thức.",
            "easy",
            "công khai, tra cứu hồ sơ",
            [MC],
        ),
        tf(
            TRA,
            "Người dân có thể tra cứu tình trạng xử lý hồ sơ mà không cần đến trực tiếp bộ "
            "phận một cửa.",
            True,
            "Cổng dịch vụ công cho phép tra cứu tình trạng hồ sơ qua mạng bằng mã hồ sơ.",
            "easy",
            "công khai, tra cứu hồ sơ",
        ),
        tf(
            TRA,
            "Nên đăng công khai mã hồ sơ kèm ảnh giấy tờ tùy thân lên mạng xã hội để được "
            "hỗ trợ nhanh hơn.",
            False,
            "Giấy tờ tùy thân và thông tin hồ sơ là dữ liệu cá nhân; đăng công khai tạo cơ hội "
            "cho kẻ xấu giả mạo, lừa đảo.",
            "easy",
            "công khai, dữ liệu cá nhân",
        ),
        tf(
            TRA,
            "Sau khi nhận kết quả, người dân có thể đánh giá mức độ hài lòng về việc giải "
            "quyết thủ tục hành chính.",
            True,
            "Việc đánh giá của tổ chức, cá nhân là một kênh giám sát chất lượng giải quyết "
            "thủ tục hành chính.",
            "easy",
            "công khai, đánh giá",
            [MC],
        ),
        order(
            TRA,
            "Sắp xếp các bước tra cứu tình trạng hồ sơ trên cổng dịch vụ công.",
            [
                "Truy cập cổng dịch vụ công",
                "Chọn chức năng tra cứu hồ sơ",
                "Nhập mã số hồ sơ",
                "Xem tình trạng xử lý và thông báo của cơ quan giải quyết",
            ],
            "Phải vào đúng chức năng tra cứu và nhập mã hồ sơ thì hệ thống mới hiển thị "
            "tình trạng xử lý.",
            "easy",
            "công khai, tra cứu hồ sơ",
        ),
        essay(
            TRA,
            "Anh/chị hãy đề xuất các giải pháp để tăng tỷ lệ hồ sơ được nộp trực tuyến "
            "và tỷ lệ hồ sơ giải quyết đúng hạn tại cơ quan, đơn vị mình.",
            "Bài tốt nêu được: tuyên truyền, hướng dẫn người dân; rà soát và đơn giản hóa "
            "thủ tục; cập nhật trạng thái hồ sơ đầy đủ; theo dõi, đôn đốc khâu chậm trễ; "
            "trách nhiệm người đứng đầu.",
            "hard",
            "giải pháp, theo dõi hồ sơ",
            [LD, MC],
        ),
    ]
