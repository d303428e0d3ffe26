"""The one-stop shop ("một cửa", "một cửa liên thông") and its electronic system."""

from __future__ import annotations

from question_bank.demo._build import (
    F_DD,
    F_NV,
    F_TP,
    IT,
    LD,
    MC,
    TP,
    VP,
    match,
    mc,
    order,
    sa,
    sc,
    tf,
)
from question_bank.records import QuestionRecord

CAT = ("Một cửa điện tử",)
ND61 = "Nghị định số 61/2018/NĐ-CP"


def questions() -> list[QuestionRecord]:
    return [
        sc(
            CAT,
            "Nghị định nào, ban hành năm 2018, quy định về thực hiện cơ chế một cửa, một cửa "
            "liên thông trong giải quyết thủ tục hành chính?",
            ND61,
            [
                "Nghị định số 43/2011/NĐ-CP",
                "Nghị định số 30/2020/NĐ-CP",
                "Nghị định số 85/2016/NĐ-CP",
            ],
            "Nghị định 61/2018/NĐ-CP quy định cơ chế một cửa, một cửa liên thông; các nghị "
            "định còn lại nói về dịch vụ công trực tuyến, công tác văn thư và an toàn hệ thống "
            "thông tin.",
            "medium",
            "văn bản pháp luật, một cửa",
            [LD, MC],
            [F_NV],
        ),
        sc(
            CAT,
            "Cơ chế <strong>một cửa</strong> trong giải quyết thủ tục hành chính có đặc điểm nào?",
            "Tổ chức, cá nhân nộp hồ sơ và nhận kết quả tại một đầu mối là bộ phận tiếp nhận "
            "và trả kết quả",
            [
                "Mỗi phòng chuyên môn tự tiếp nhận hồ sơ tại phòng làm việc của mình",
                "Mọi thủ tục chỉ được nộp qua mạng",
                "Chỉ lãnh đạo cơ quan mới được tiếp nhận hồ sơ",
            ],
            "Một cửa là phương thức tiếp nhận hồ sơ, trả kết quả, theo dõi, giám sát việc "
            "giải quyết thủ tục hành chính thông qua một đầu mối duy nhất.",
            "easy",
            "công khai, một cửa",
            [MC, VP],
        ),
        sc(
            CAT,
            "<strong>Một cửa liên thông</strong> khác với một cửa ở điểm nào?",
            "Có sự phối hợp của nhiều cơ quan có thẩm quyền để giải quyết một thủ tục hoặc "
            "một nhóm thủ tục có liên quan",
            [
                "Người dân phải đến từng cơ quan để nộp hồ sơ riêng",
                "Chỉ áp dụng cho thủ tục nộp trực tuyến",
                "Không áp dụng ở cấp xã",
            ],
            "Ở cơ chế một cửa liên thông, các cơ quan phối hợp với nhau, người dân vẫn chỉ "
            "nộp hồ sơ và nhận kết quả tại một đầu mối.",
            "medium",
            "công khai, một cửa liên thông",
            [MC, LD],
        ),
        sc(
            CAT,
            "Tại bộ phận một cửa, khi hồ sơ đầy đủ, hợp lệ được tiếp nhận, người nộp "
            "nhận được giấy tờ gì?",
            "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
            [
                "Quyết định giải quyết thủ tục hành chính",
                "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
                "Biên bản kiểm tra hồ sơ có chữ ký lãnh đạo",
            ],
            "Khi tiếp nhận hồ sơ hợp lệ, cán bộ một cửa cấp Giấy tiếp nhận hồ sơ và hẹn trả "
            "kết quả cho người nộp.",
            "easy",
            "công khai, một cửa",
            [MC, VP, TP],
        ),
        sc(
            CAT,
            "Hồ sơ người dân nộp tại bộ phận một cửa còn thiếu giấy tờ. Cán bộ tiếp nhận "
            "phải làm gì?",
            "Hướng dẫn một lần, đầy đủ để người nộp bổ sung, hoàn thiện hồ sơ",
            [
                "Hướng dẫn từng phần, mỗi lần nộp lại chỉ ra thêm một thiếu sót",
                "Tiếp nhận rồi tự bổ sung giấy tờ thay người dân",
                "Từ chối mà không giải thích lý do",
            ],
            "Quy định về một cửa yêu cầu hướng dẫn bổ sung hồ sơ một lần, đầy đủ (bằng "
            "phiếu yêu cầu bổ sung, hoàn thiện hồ sơ) để người dân không phải đi lại nhiều lần.",
            "easy",
            "công khai, tiếp nhận hồ sơ",
            [MC, TP],
        ),
        sc(
            CAT,
            f"Theo {ND61}, <em>Phiếu kiểm soát quá trình giải quyết hồ sơ</em> dùng để làm gì?",
            "Theo dõi việc chuyển hồ sơ và thời hạn xử lý qua từng bộ phận, cán bộ tham gia "
            "giải quyết",
            [
                "Ghi nhận ý kiến đánh giá của người dân",
                "Thay thế giấy tiếp nhận hồ sơ",
                "Thông báo thu phí, lệ phí",
            ],
            "Phiếu kiểm soát đi kèm hồ sơ, ghi thời điểm giao nhận ở từng khâu, giúp xác "
            "định trách nhiệm khi hồ sơ bị chậm.",
            "hard",
            "quy trình, một cửa",
            [MC, LD],
        ),
        sc(
            CAT,
            "Phần mềm một cửa điện tử hỗ trợ cán bộ, công chức việc gì?",
            "Tiếp nhận, luân chuyển, theo dõi và trả kết quả hồ sơ trên môi trường mạng",
            [
                "Soạn thảo văn bản quy phạm pháp luật",
                "Quản lý tài sản công của cơ quan",
                "Chấm công và tính lương cán bộ",
            ],
            "Một cửa điện tử tin học hóa quy trình giải quyết thủ tục: từ tiếp nhận, chuyển "
            "xử lý, theo dõi tiến độ đến trả kết quả.",
            "easy",
            "phần mềm, một cửa",
            [MC, VP, IT],
        ),
        sc(
            CAT,
            "Khi tiếp nhận hồ sơ giấy tại bộ phận một cửa, theo yêu cầu chuyển đổi số, "
            "cán bộ cần làm gì để xử lý hồ sơ trên hệ thống?",
            "Số hóa (quét) hồ sơ và cập nhật vào hệ thống thông tin giải quyết thủ tục hành chính",
            [
                "Chụp ảnh hồ sơ bằng điện thoại cá nhân và gửi qua mạng xã hội",
                "Chỉ lưu hồ sơ giấy trong tủ, không cập nhật hệ thống",
                "Gửi hồ sơ giấy cho người dân tự quét tại nhà",
            ],
            "Số hóa hồ sơ và cập nhật lên hệ thống giúp luân chuyển, theo dõi điện tử và "
            "tái sử dụng dữ liệu cho các lần sau.",
            "medium",
            "số hóa, tiếp nhận hồ sơ",
            [MC],
            [F_DD, F_TP],
        ),
        sc(
            CAT,
            "Việc số hóa kết quả giải quyết thủ tục hành chính mang lại lợi ích gì cho người dân?",
            "Có thể tái sử dụng kết quả điện tử, không phải nộp lại giấy tờ đã có ở những "
            "lần giao dịch sau",
            [
                "Không phải trả bất kỳ phí, lệ phí nào",
                "Kết quả không còn cần chữ ký của người có thẩm quyền",
                "Được giải quyết trước các hồ sơ khác",
            ],
            "Kết quả đã số hóa được lưu trên hệ thống và kho dữ liệu của người dân, nhờ đó "
            "giảm giấy tờ phải nộp lại.",
            "medium",
            "công khai, số hóa",
            [MC],
        ),
        sc(
            CAT,
            "Một công dân đến bộ phận một cửa cấp xã nộp hồ sơ đăng ký khai sinh cho con. "
            "Hồ sơ đã đầy đủ, hợp lệ. Bước tiếp theo của cán bộ tiếp nhận là gì?",
            "Cập nhật hồ sơ vào hệ thống, cấp giấy tiếp nhận và chuyển hồ sơ cho công chức "
            "có thẩm quyền giải quyết",
            [
                "Yêu cầu công dân nộp thêm giấy xác nhận ngoài thành phần hồ sơ",
                "Giữ hồ sơ lại đến cuối tháng để xử lý một lần",
                "Hướng dẫn công dân đến thẳng nhà công chức tư pháp - hộ tịch",
            ],
            "Hồ sơ hợp lệ được tiếp nhận trên hệ thống, cấp giấy tiếp nhận và chuyển ngay "
            "cho người có thẩm quyền; không được yêu cầu thêm giấy tờ ngoài quy định.",
            "medium",
            "hộ tịch, tiếp nhận hồ sơ",
            [MC, TP],
            [F_TP],
        ),
        tf(
            CAT,
            "Cán bộ bộ phận một cửa được yêu cầu người nộp bổ sung giấy tờ ngoài thành phần "
            "hồ sơ đã được công bố nếu thấy cần thiết.",
            False,
            "Tự ý yêu cầu bổ sung hồ sơ, giấy tờ ngoài quy định là hành vi bị nghiêm cấm "
            "trong giải quyết thủ tục hành chính.",
            "easy",
            "công khai, một cửa",
            [MC, TP, VP],
        ),
        tf(
            CAT,
            "Nhờ cơ chế một cửa, người dân nộp hồ sơ tại một đầu mối thay vì phải đến nhiều "
            "phòng, ban khác nhau.",
            True,
            "Đây chính là mục tiêu của cơ chế một cửa: một đầu mối tiếp nhận và trả kết quả.",
            "easy",
            "công khai, một cửa",
        ),
        tf(
            CAT,
            "Người dân chỉ được nộp hồ sơ trực tiếp tại bộ phận một cửa, không được gửi qua "
            "dịch vụ bưu chính công ích.",
            False,
            "Ngoài nộp trực tiếp và nộp trực tuyến, tổ chức, cá nhân có thể nộp hồ sơ và nhận "
            "kết quả qua dịch vụ bưu chính công ích theo quy định.",
            "medium",
            "công khai, bưu chính",
            [MC],
        ),
        tf(
            CAT,
            "Cán bộ bộ phận một cửa có trách nhiệm cập nhật đầy đủ, kịp thời trạng thái xử lý "
            "hồ sơ trên hệ thống một cửa điện tử.",
            True,
            "Trạng thái hồ sơ trên hệ thống là căn cứ để người dân tra cứu và để lãnh đạo "
            "theo dõi, đánh giá việc giải quyết.",
            "easy",
            "phần mềm, một cửa",
            [MC, VP],
        ),
        mc(
            CAT,
            "Những hành vi nào bị nghiêm cấm đối với cán bộ, công chức khi giải quyết thủ tục "
            "hành chính tại bộ phận một cửa? (chọn tất cả phương án đúng)",
            [
                "Sách nhiễu, gây phiền hà cho tổ chức, cá nhân",
                "Tự ý yêu cầu bổ sung hồ sơ, giấy tờ ngoài quy định",
                "Kéo dài thời gian giải quyết thủ tục hành chính",
            ],
            [
                "Hướng dẫn người dân khai hồ sơ trực tuyến",
                "Cập nhật trạng thái hồ sơ trên hệ thống",
            ],
            "Ba hành vi đầu vi phạm quy định về cơ chế một cửa; hướng dẫn người dân và cập "
            "nhật trạng thái hồ sơ là trách nhiệm của cán bộ.",
            "medium",
            "đạo đức công vụ, một cửa",
            [MC, LD, TP],
        ),
        mc(
            CAT,
            "Tổ chức, cá nhân có thể nộp hồ sơ thủ tục hành chính theo những cách nào? "
            "(chọn tất cả phương án đúng)",
            [
                "Trực tiếp tại bộ phận một cửa",
                "Qua dịch vụ bưu chính công ích",
                "Trực tuyến trên cổng dịch vụ công (với thủ tục có cung cấp)",
            ],
            ["Gửi qua tin nhắn cá nhân cho lãnh đạo cơ quan"],
            "Quy định cho phép nộp trực tiếp, qua bưu chính công ích hoặc trực tuyến; nhắn "
            "tin cá nhân cho lãnh đạo không phải kênh tiếp nhận hồ sơ.",
            "easy",
            "công khai, nộp hồ sơ",
            [MC],
        ),
        match(
            CAT,
            f"Ghép mỗi tình huống tại bộ phận một cửa với mẫu giấy tờ tương ứng (theo {ND61}).",
            [
                ("Hồ sơ đầy đủ, hợp lệ", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
                ("Hồ sơ chưa đầy đủ, cần hoàn thiện", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"),
                (
                    "Hồ sơ không đủ điều kiện tiếp nhận",
                    "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
                ),
                ("Hồ sơ giải quyết quá hạn", "Phiếu xin lỗi và hẹn lại ngày trả kết quả"),
            ],
            "Mỗi tình huống có một mẫu giấy riêng để việc tiếp nhận, từ chối hay chậm trễ "
            "đều được ghi nhận bằng văn bản.",
            "hard",
            "biểu mẫu, một cửa",
            [MC, TP, VP],
        ),
        order(
            CAT,
            "Sắp xếp các bước giải quyết một thủ tục hành chính theo cơ chế một cửa.",
            [
                "Tiếp nhận hồ sơ tại bộ phận một cửa",
                "Chuyển hồ sơ đến cơ quan, người có thẩm quyền giải quyết",
                "Thẩm định và giải quyết hồ sơ",
                "Trả kết quả cho tổ chức, cá nhân",
            ],
            "Hồ sơ đi theo trình tự tiếp nhận, chuyển, giải quyết rồi trả kết quả qua chính "
            "bộ phận một cửa.",
            "easy",
            "quy trình, một cửa",
            [MC, VP],
        ),
        sa(
            CAT,
            "Điền từ còn thiếu: phương thức phối hợp giữa nhiều cơ quan có thẩm quyền để "
            "giải quyết một thủ tục hoặc nhóm thủ tục có liên quan, người dân chỉ nộp và nhận "
            "kết quả tại một đầu mối, gọi là cơ chế <em>……</em>.",
            ["một cửa liên thông"],
            "Đó là cơ chế một cửa liên thông, khác với cơ chế một cửa trong phạm vi một cơ quan.",
            "medium",
            "một cửa liên thông",
            [MC, LD],
        ),
        sa(
            CAT,
            "Điền từ còn thiếu: Bộ phận tiếp nhận và trả kết quả giải quyết thủ tục hành chính "
            "thường được gọi tắt là bộ phận <em>……</em>.",
            ["một cửa"],
            "Người dân quen gọi là bộ phận một cửa vì mọi hồ sơ đều được nộp và nhận kết quả "
            "tại một đầu mối.",
            "easy",
            "công khai, một cửa",
            [MC, VP],
        ),
        sc(
            CAT,
            "Người đứng đầu cơ quan có trách nhiệm gì đối với hồ sơ giải quyết quá hạn thuộc "
            "thẩm quyền của cơ quan mình?",
            "Chỉ đạo xác định nguyên nhân, trách nhiệm, khắc phục và bảo đảm cơ quan xin lỗi "
            "người dân theo quy định",
            [
                "Không có trách nhiệm vì đó là việc của bộ phận một cửa",
                "Yêu cầu người dân rút hồ sơ để tránh bị tính quá hạn",
                "Sửa ngày tiếp nhận trên hệ thống cho hồ sơ không còn quá hạn",
            ],
            "Người đứng đầu chịu trách nhiệm về việc giải quyết thủ tục của cơ quan; che "
            "giấu hay sửa dữ liệu hồ sơ là vi phạm.",
            "medium",
            "lãnh đạo, quá hạn",
            [LD],
            [F_NV],
        ),
    ]
