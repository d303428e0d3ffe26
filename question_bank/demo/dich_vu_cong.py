"""Online public services: service levels, submitting dossiers and paying online."""

from __future__ import annotations

from question_bank.demo._build import (
    F_CNTT,
    F_DD,
    F_TP,
    IT,
    LD,
    MC,
    TP,
    VP,
    match,
    mc,
    num,
    order,
    sa,
    sc,
    tf,
)
from question_bank.records import QuestionRecord

MUC = ("Dịch vụ công trực tuyến", "Mức độ dịch vụ")
NOP = ("Dịch vụ công trực tuyến", "Nộp hồ sơ và thanh toán")

ND43 = "Nghị định số 43/2011/NĐ-CP"


def _levels() -> list[QuestionRecord]:
    return [
        sc(
            MUC,
            f"Theo {ND43}, dịch vụ công trực tuyến <strong>mức độ 1</strong> bảo đảm yêu cầu nào?",
            "Cung cấp đầy đủ thông tin về thủ tục hành chính và các văn bản có liên quan",
            [
                "Cho phép điền và gửi hồ sơ trực tuyến",
                "Cho phép thanh toán phí, lệ phí trực tuyến",
                "Trả kết quả giải quyết qua dịch vụ bưu chính",
            ],
            "Mức độ 1 là mức thấp nhất: chỉ cung cấp thông tin về thủ tục hành chính "
            "(trình tự, hồ sơ, thời hạn, phí, lệ phí) và các văn bản liên quan.",
            "easy",
            "công khai, mức độ dịch vụ",
            [MC, IT],
        ),
        sc(
            MUC,
            "So với mức độ 1, dịch vụ công trực tuyến <strong>mức độ 2</strong> cho phép "
            "người dân làm thêm việc gì?",
            "Tải về các mẫu đơn, tờ khai để khai và hoàn thiện hồ sơ",
            [
                "Gửi hồ sơ qua mạng và theo dõi xử lý trực tuyến",
                "Thanh toán phí, lệ phí qua mạng",
                "Nhận kết quả bản điện tử qua thư điện tử",
            ],
            "Mức độ 2 bổ sung việc tải mẫu văn bản về để khai; hồ sơ sau khi hoàn thiện "
            "vẫn nộp trực tiếp hoặc gửi qua bưu chính.",
            "easy",
            "công khai, mức độ dịch vụ",
            [MC],
        ),
        sc(
            MUC,
            "Với dịch vụ công trực tuyến mức độ 2, hồ sơ sau khi người dân khai xong "
            "được nộp bằng cách nào?",
            "Nộp trực tiếp tại cơ quan giải quyết hoặc gửi qua đường bưu chính",
            [
                "Điền và gửi trực tuyến trên cổng dịch vụ công",
                "Chỉ gửi qua thư điện tử của cán bộ thụ lý",
                "Gửi qua tin nhắn SMS",
            ],
            "Ở mức độ 2 người dân chỉ tải mẫu về; việc nộp hồ sơ vẫn thực hiện trực tiếp "
            "hoặc qua bưu chính, chưa nộp qua mạng.",
            "medium",
            "mức độ dịch vụ",
            [MC, VP],
        ),
        sc(
            MUC,
            f"Theo {ND43}, ở dịch vụ công trực tuyến <strong>mức độ 3</strong>, việc thanh toán "
            "lệ phí (nếu có) và nhận kết quả được thực hiện như thế nào?",
            "Trực tiếp tại cơ quan, đơn vị cung cấp dịch vụ",
            [
                "Hoàn toàn trên môi trường mạng",
                "Qua ứng dụng nhắn tin của cán bộ thụ lý",
                "Mức độ 3 không thu phí, lệ phí",
            ],
            "Mức độ 3 cho phép điền, gửi hồ sơ và giao dịch xử lý qua mạng, nhưng thanh toán "
            "lệ phí và nhận kết quả vẫn thực hiện trực tiếp tại cơ quan.",
            "medium",
            "công khai, mức độ dịch vụ",
            [MC, IT],
        ),
        sc(
            MUC,
            "Điểm khác biệt chủ yếu của dịch vụ công trực tuyến <strong>mức độ 4</strong> "
            "so với mức độ 3 là gì?",
            "Thanh toán phí, lệ phí được thực hiện trực tuyến và kết quả có thể trả trực "
            "tuyến hoặc gửi qua bưu chính",
            [
                "Người dân được tải mẫu đơn, tờ khai về máy",
                "Hồ sơ được điền và gửi qua mạng",
                "Cơ quan công khai thông tin về thủ tục hành chính",
            ],
            "Các phương án còn lại đều đã có ở mức 1, 2 hoặc 3; mức độ 4 bổ sung thanh toán "
            "trực tuyến và trả kết quả trực tuyến hoặc qua bưu chính.",
            "medium",
            "công khai, mức độ dịch vụ",
            [MC, IT, LD],
        ),
        sc(
            MUC,
            "Một thủ tục cho phép điền và gửi hồ sơ qua mạng, thanh toán lệ phí trực tuyến và "
            f"nhận kết quả qua bưu chính. Theo {ND43}, thủ tục này đạt mức độ mấy?",
            "Mức độ 4",
            ["Mức độ 1", "Mức độ 2", "Mức độ 3"],
            "Thanh toán trực tuyến và nhận kết quả qua mạng hoặc bưu chính là đặc trưng "
            "của mức độ 4, mức cao nhất.",
            "easy",
            "công khai, mức độ dịch vụ",
            [MC, VP],
        ),
        sc(
            MUC,
            "Một thủ tục trên cổng thông tin chỉ đăng tải trình tự, thành phần hồ sơ, thời hạn "
            "và lệ phí, không có mẫu đơn để tải về. Thủ tục này ở mức độ nào?",
            "Mức độ 1",
            ["Mức độ 2", "Mức độ 3", "Mức độ 4"],
            "Chỉ cung cấp thông tin về thủ tục hành chính là yêu cầu của mức độ 1.",
            "easy",
            "công khai, mức độ dịch vụ",
            [MC],
        ),
        sc(
            MUC,
            f"Văn bản nào thay thế {ND43} về cung cấp thông tin và dịch vụ công trực tuyến "
            "của cơ quan nhà nước?",
            "Nghị định số 42/2022/NĐ-CP",
            [
                "Nghị định số 61/2018/NĐ-CP",
                "Nghị định số 30/2020/NĐ-CP",
                "Nghị định số 85/2016/NĐ-CP",
            ],
            "Nghị định 42/2022/NĐ-CP quy định về cung cấp thông tin và dịch vụ công trực tuyến "
            "trên môi trường mạng, thay thế Nghị định 43/2011/NĐ-CP.",
            "hard",
            "văn bản pháp luật, mức độ dịch vụ",
            [LD, IT],
            [F_CNTT],
        ),
        sc(
            MUC,
            "Theo Nghị định số 42/2022/NĐ-CP, dịch vụ công trực tuyến được phân thành "
            "những loại nào?",
            "Dịch vụ công trực tuyến toàn trình và dịch vụ công trực tuyến một phần",
            [
                "Dịch vụ công mức độ 1, 2, 3 và 4",
                "Dịch vụ công cơ bản và dịch vụ công nâng cao",
                "Dịch vụ công cấp tỉnh và dịch vụ công cấp xã",
            ],
            "Nghị định 42/2022/NĐ-CP bỏ cách chia 4 mức độ, chỉ còn hai loại: toàn trình "
            "và một phần.",
            "medium",
            "mức độ dịch vụ, văn bản pháp luật",
            [LD, MC, IT],
        ),
        sc(
            MUC,
            "Dịch vụ công trực tuyến <strong>toàn trình</strong> là dịch vụ như thế nào?",
            "Toàn bộ quá trình, từ cung cấp thông tin, nộp và xử lý hồ sơ đến trả kết quả, "
            "được thực hiện trên môi trường mạng",
            [
                "Chỉ cho phép tải mẫu đơn, tờ khai về máy",
                "Nộp hồ sơ qua mạng nhưng bắt buộc nhận kết quả trực tiếp",
                "Được thực hiện tại mọi bộ phận một cửa trên toàn quốc",
            ],
            "Toàn trình nghĩa là người dân không phải đến cơ quan ở bất kỳ bước nào; "
            "mọi bước đều diễn ra trên môi trường mạng.",
            "easy",
            "công khai, mức độ dịch vụ",
            [MC],
        ),
        sc(
            MUC,
            "Theo Nghị định số 42/2022/NĐ-CP, dịch vụ công trực tuyến <strong>một phần</strong> "
            "là gì?",
            "Dịch vụ công trực tuyến chưa đáp ứng điều kiện toàn trình, người dân vẫn phải "
            "thực hiện trực tiếp một số bước",
            [
                "Dịch vụ chỉ một phần dân cư được phép sử dụng",
                "Dịch vụ chỉ cung cấp thông tin về thủ tục hành chính",
                "Dịch vụ chỉ được cung cấp trong giờ hành chính",
            ],
            "Dịch vụ một phần là dịch vụ trực tuyến không bảo đảm điều kiện toàn trình, "
            "ví dụ vẫn phải nộp bản giấy hoặc nhận kết quả trực tiếp.",
            "medium",
            "công khai, mức độ dịch vụ",
            [MC, IT],
        ),
        tf(
            MUC,
            "Dịch vụ công trực tuyến mức độ 2 cho phép người dân thanh toán lệ phí trực tuyến.",
            False,
            "Thanh toán lệ phí trực tuyến chỉ có ở mức độ 4; mức độ 2 chỉ cho tải mẫu đơn, "
            "tờ khai về máy.",
            "easy",
            "công khai, mức độ dịch vụ",
            [MC],
        ),
        tf(
            MUC,
            f"Theo {ND43}, ở mức độ 4 kết quả giải quyết có thể được trả trực tuyến, "
            "trả trực tiếp hoặc gửi qua đường bưu chính.",
            True,
            "Mức độ 4 cho phép thanh toán trực tuyến và trả kết quả theo nhiều hình thức: "
            "trực tuyến, trực tiếp hoặc qua bưu chính.",
            "medium",
            "công khai, mức độ dịch vụ",
            [MC],
        ),
        tf(
            MUC,
            f"Theo {ND43}, mỗi mức độ dịch vụ công trực tuyến cao hơn đều phải đáp ứng đầy đủ "
            "yêu cầu của mức độ thấp hơn liền kề.",
            True,
            "Các mức độ được xây dựng lũy tiến: mức 2 gồm yêu cầu của mức 1, mức 3 gồm "
            "mức 2, mức 4 gồm mức 3, rồi bổ sung thêm.",
            "medium",
            "mức độ dịch vụ",
            [IT, LD],
        ),
        mc(
            MUC,
            "Với dịch vụ công trực tuyến mức độ 4, người dân có thể thực hiện những việc nào "
            "qua mạng? (chọn tất cả phương án đúng)",
            [
                "Điền và gửi hồ sơ trực tuyến",
                "Thanh toán phí, lệ phí trực tuyến",
                "Theo dõi tình trạng xử lý hồ sơ",
            ],
            ["Ký thay người có thẩm quyền vào kết quả giải quyết"],
            "Mức độ 4 bao gồm nộp hồ sơ, theo dõi xử lý và thanh toán trực tuyến; việc ký "
            "kết quả thuộc thẩm quyền của cơ quan giải quyết.",
            "easy",
            "công khai, mức độ dịch vụ",
            [MC],
        ),
        match(
            MUC,
            f"Ghép mỗi mức độ dịch vụ công trực tuyến (theo {ND43}) với yêu cầu đặc trưng của nó.",
            [
                ("Mức độ 1", "Cung cấp đầy đủ thông tin về thủ tục hành chính"),
                ("Mức độ 2", "Cho phép tải mẫu đơn, tờ khai về để khai"),
                ("Mức độ 3", "Cho phép điền và gửi hồ sơ trực tuyến"),
                ("Mức độ 4", "Cho phép thanh toán lệ phí và nhận kết quả trực tuyến"),
            ],
            "Mỗi mức độ bổ sung thêm một bước được thực hiện qua mạng: thông tin, tải mẫu, "
            "nộp hồ sơ, rồi thanh toán và nhận kết quả.",
            "medium",
            "công khai, mức độ dịch vụ",
            [MC, IT, VP],
        ),
        num(
            MUC,
            f"Theo {ND43}, dịch vụ công trực tuyến được chia thành bao nhiêu mức độ?",
            4,
            0,
            "Nghị định 43/2011/NĐ-CP quy định 4 mức độ dịch vụ công trực tuyến, từ mức 1 "
            "(cung cấp thông tin) đến mức 4 (thực hiện toàn bộ trên mạng).",
            "easy",
            "công khai, mức độ dịch vụ",
            [MC, IT, LD],
        ),
        sa(
            MUC,
            "Điền từ còn thiếu: dịch vụ công trực tuyến mà toàn bộ quá trình, từ nộp hồ sơ "
            "đến trả kết quả, được thực hiện trên môi trường mạng gọi là dịch vụ công trực "
            "tuyến <em>……</em>.",
            ["toàn trình"],
            "Theo Nghị định 42/2022/NĐ-CP, đó là dịch vụ công trực tuyến toàn trình; "
            "loại còn lại là dịch vụ công trực tuyến một phần.",
            "medium",
            "công khai, mức độ dịch vụ",
            [MC],
        ),
    ]


def _submit() -> list[QuestionRecord]:
    return [
        sc(
            NOP,
            "Trang thông tin, cổng dịch vụ công của cơ quan nhà nước Việt Nam dùng tên miền "
            "có đuôi nào?",
            ".gov.vn",
            [".com.vn", ".org", ".edu.vn"],
            "Tên miền .gov.vn dành cho cơ quan nhà nước (ví dụ dichvucong.gov.vn); trang có tên "
            "miền khác mạo danh cơ quan nhà nước là dấu hiệu lừa đảo.",
            "easy",
            "công khai, cổng dịch vụ công",
            [MC, IT],
        ),
        sc(
            NOP,
            "Cơ quan nào xây dựng và vận hành Cổng Dịch vụ công quốc gia?",
            "Văn phòng Chính phủ",
            ["Bộ Tư pháp", "Bộ Tài chính", "Ủy ban nhân dân cấp tỉnh"],
            "Cổng Dịch vụ công quốc gia do Văn phòng Chính phủ xây dựng, quản lý và vận hành "
            "từ khi khai trương cuối năm 2019.",
            "medium",
            "cổng dịch vụ công",
            [LD, IT, MC],
        ),
        num(
            NOP,
            "Cổng Dịch vụ công quốc gia chính thức khai trương vào năm nào?",
            2019,
            0,
            "Cổng Dịch vụ công quốc gia khai trương ngày 09/12/2019.",
            "medium",
            "công khai, cổng dịch vụ công",
            [LD, MC],
        ),
        sa(
            NOP,
            "Nhập tên miền (địa chỉ trang web) của Cổng Dịch vụ công quốc gia.",
            ["dichvucong.gov.vn", "https://dichvucong.gov.vn", "www.dichvucong.gov.vn"],
            "Địa chỉ chính thức là dichvucong.gov.vn; tên miền .gov.vn dành cho cơ quan nhà nước.",
            "easy",
            "công khai, cổng dịch vụ công",
            [MC],
        ),
        sa(
            NOP,
            "Cổng tích hợp dịch vụ công trực tuyến của các bộ, ngành, địa phương, kết nối với "
            "các cổng dịch vụ công cấp bộ, cấp tỉnh để người dân làm thủ tục ở một nơi, có tên "
            "gọi đầy đủ là gì?",
            ["Cổng Dịch vụ công quốc gia"],
            "Cổng Dịch vụ công quốc gia là đầu mối tích hợp, cung cấp dịch vụ công trực tuyến "
            "của các bộ, ngành, địa phương.",
            "easy",
            "công khai, cổng dịch vụ công",
            [MC],
        ),
        sa(
            NOP,
            "Ứng dụng định danh điện tử quốc gia do Bộ Công an phát triển, có thể dùng để "
            "đăng nhập Cổng Dịch vụ công quốc gia, có tên là gì?",
            ["VNeID"],
            "VNeID là ứng dụng định danh và xác thực điện tử của Bộ Công an; tài khoản định "
            "danh điện tử dùng được để đăng nhập Cổng Dịch vụ công quốc gia.",
            "easy",
            "công khai, định danh điện tử",
            [MC, TP],
        ),
        sc(
            NOP,
            "Khi nộp hồ sơ trực tuyến, các giấy tờ trong thành phần hồ sơ thường được "
            "nộp dưới dạng nào?",
            "Tệp đính kèm là bản quét (scan), bản chụp rõ nét hoặc bản điện tử theo yêu "
            "cầu của thủ tục",
            [
                "Gửi bản gốc qua bưu điện trước khi nộp trực tuyến",
                "Chỉ cần nhập tên giấy tờ, không cần đính kèm",
                "Gửi ảnh giấy tờ qua mạng xã hội cho cán bộ thụ lý",
            ],
            "Hồ sơ trực tuyến gồm tờ khai điện tử và các tệp đính kèm (bản quét, bản chụp "
            "hoặc bản điện tử) nộp ngay trên cổng dịch vụ công.",
            "easy",
            "công khai, nộp hồ sơ",
            [MC],
        ),
        sc(
            NOP,
            "Khi thanh toán phí, lệ phí trực tuyến cho một thủ tục hành chính, người dân "
            "nên dùng cách nào?",
            "Thanh toán qua chức năng thanh toán trực tuyến của cổng dịch vụ công "
            "(ngân hàng, ví điện tử được kết nối với cổng)",
            [
                "Chuyển khoản vào tài khoản cá nhân của cán bộ thụ lý",
                "Gửi tiền mặt kèm hồ sơ qua bưu điện",
                "Nạp thẻ cào điện thoại theo hướng dẫn qua tin nhắn",
            ],
            "Phí, lệ phí chỉ nộp qua kênh chính thức của cổng dịch vụ công hoặc tại cơ quan; "
            "yêu cầu chuyển tiền vào tài khoản cá nhân là dấu hiệu lừa đảo.",
            "easy",
            "công khai, thanh toán trực tuyến",
            [MC],
        ),
        sc(
            NOP,
            "Sau khi thanh toán lệ phí trực tuyến thành công, người dân nên làm gì?",
            "Lưu lại biên lai, chứng từ thanh toán điện tử và kiểm tra trạng thái thanh "
            "toán của hồ sơ",
            [
                "Thanh toán thêm một lần nữa cho chắc chắn",
                "Xóa tài khoản trên cổng dịch vụ công",
                "Gửi mật khẩu tài khoản cho cán bộ để kiểm tra",
            ],
            "Biên lai, chứng từ điện tử là căn cứ đối chiếu khi có sai sót; trạng thái "
            "thanh toán được cập nhật trên hồ sơ.",
            "easy",
            "công khai, thanh toán trực tuyến",
        ),
        sc(
            NOP,
            "Khi dùng dịch vụ công trực tuyến, ai chịu trách nhiệm về tính chính xác, trung "
            "thực của thông tin đã khai trong hồ sơ?",
            "Tổ chức, cá nhân nộp hồ sơ",
            [
                "Cán bộ tiếp nhận hồ sơ",
                "Đơn vị vận hành cổng dịch vụ công",
                "Doanh nghiệp cung cấp dịch vụ Internet",
            ],
            "Người nộp hồ sơ, dù nộp trực tiếp hay trực tuyến, chịu trách nhiệm về tính "
            "chính xác, trung thực của thông tin và giấy tờ đã cung cấp.",
            "easy",
            "công khai, nộp hồ sơ",
        ),
        sc(
            NOP,
            "Người dân muốn làm thủ tục trực tuyến nhưng chưa rõ thành phần hồ sơ. "
            "Cách phù hợp nhất là gì?",
            "Xem thông tin thủ tục hành chính được công khai trên cổng dịch vụ công",
            [
                "Nộp thử hồ sơ trống để cán bộ tự bổ sung",
                "Hỏi ý kiến trên các hội nhóm mạng xã hội không chính thức",
                "Chờ đến khi có đợt tiếp dân định kỳ",
            ],
            "Mỗi thủ tục hành chính đều được công khai trình tự, thành phần hồ sơ, thời hạn "
            "và phí, lệ phí trên cổng dịch vụ công.",
            "easy",
            "công khai, nộp hồ sơ",
        ),
        tf(
            NOP,
            "Người dân có thể nộp hồ sơ trực tuyến cả ngoài giờ hành chính và ngày nghỉ.",
            True,
            "Cổng dịch vụ công hoạt động liên tục; hồ sơ nộp ngoài giờ được cơ quan xử lý "
            "từ ngày làm việc tiếp theo theo quy định.",
            "easy",
            "công khai, nộp hồ sơ",
        ),
        tf(
            NOP,
            "Nộp hồ sơ trực tuyến thì tổ chức, cá nhân không cần đáp ứng các điều kiện của "
            "thủ tục hành chính.",
            False,
            "Hình thức nộp không làm thay đổi yêu cầu, điều kiện của thủ tục; hồ sơ trực "
            "tuyến vẫn được kiểm tra như hồ sơ giấy.",
            "easy",
            "công khai, nộp hồ sơ",
        ),
        tf(
            NOP,
            "Kết quả giải quyết thủ tục hành chính bản điện tử có thể được lưu trong kho dữ "
            "liệu điện tử của tổ chức, cá nhân trên cổng dịch vụ công để dùng lại cho các "
            "lần giao dịch sau.",
            True,
            "Kho quản lý dữ liệu điện tử của tổ chức, cá nhân giúp tái sử dụng giấy tờ, "
            "kết quả đã có, không phải nộp lại nhiều lần.",
            "medium",
            "công khai, số hóa",
            [MC, IT],
        ),
        tf(
            NOP,
            "Người dân có thể dùng tài khoản định danh điện tử VNeID để đăng nhập Cổng Dịch "
            "vụ công quốc gia.",
            True,
            "Cổng Dịch vụ công quốc gia cho phép đăng nhập bằng tài khoản định danh điện "
            "tử do Bộ Công an cấp thông qua ứng dụng VNeID.",
            "easy",
            "công khai, định danh điện tử",
        ),
        mc(
            NOP,
            "Nộp hồ sơ trực tuyến mang lại những lợi ích nào cho người dân? "
            "(chọn tất cả phương án đúng)",
            [
                "Giảm thời gian và chi phí đi lại",
                "Nộp được mọi lúc, mọi nơi có kết nối Internet",
                "Theo dõi được tình trạng xử lý hồ sơ",
            ],
            [
                "Không cần đáp ứng điều kiện của thủ tục",
                "Được bỏ qua các bước thẩm định hồ sơ",
            ],
            "Dịch vụ trực tuyến thay đổi cách nộp và theo dõi, không thay đổi điều kiện "
            "hay quy trình thẩm định của thủ tục.",
            "easy",
            "công khai, nộp hồ sơ",
        ),
        mc(
            NOP,
            "Những kênh nào là kênh chính thức để nộp phí, lệ phí thủ tục hành chính? "
            "(chọn tất cả phương án đúng)",
            [
                "Chức năng thanh toán trực tuyến trên cổng dịch vụ công",
                "Nộp tại bộ phận một cửa và nhận biên lai theo quy định",
            ],
            [
                "Chuyển khoản theo số tài khoản do người lạ gửi qua tin nhắn",
                "Đưa tiền cho người môi giới để được giải quyết nhanh",
            ],
            "Phí, lệ phí chỉ nộp qua cổng dịch vụ công hoặc tại cơ quan, có biên lai; "
            "mọi yêu cầu chuyển tiền ngoài các kênh đó đều đáng ngờ.",
            "easy",
            "công khai, thanh toán trực tuyến",
            [MC],
        ),
        mc(
            NOP,
            "Thủ tục đăng ký khai sinh cho trẻ em được liên thông điện tử với những thủ tục "
            "nào trong nhóm thủ tục liên thông? (chọn tất cả phương án đúng)",
            ["Đăng ký thường trú", "Cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi"],
            ["Cấp giấy chứng nhận quyền sử dụng đất", "Đăng ký kết hôn"],
            "Nhóm thủ tục liên thông khai sinh gồm đăng ký khai sinh, đăng ký thường trú và "
            "cấp thẻ bảo hiểm y tế cho trẻ dưới 6 tuổi, giúp cha mẹ chỉ nộp hồ sơ một lần.",
            "medium",
            "công khai, liên thông, hộ tịch",
            [TP, MC],
            [F_TP],
        ),
        order(
            NOP,
            "Sắp xếp các bước nộp một hồ sơ trực tuyến trên cổng dịch vụ công theo đúng thứ tự.",
            [
                "Đăng nhập tài khoản trên cổng dịch vụ công",
                "Khai tờ khai điện tử và đính kèm thành phần hồ sơ",
                "Nộp hồ sơ và nhận mã số hồ sơ",
                "Dùng mã số hồ sơ để tra cứu tình trạng xử lý",
            ],
            "Phải đăng nhập mới khai và nộp được hồ sơ; mã số hồ sơ chỉ có sau khi nộp và "
            "là căn cứ để tra cứu.",
            "easy",
            "công khai, nộp hồ sơ",
            [MC],
        ),
        sc(
            NOP,
            "Đối với thủ tục trong lĩnh vực đất đai nộp trực tuyến, tệp đính kèm bị mờ, "
            "không đọc được. Cán bộ tiếp nhận nên xử lý thế nào?",
            "Thông báo, hướng dẫn người nộp bổ sung tệp rõ nét qua hệ thống",
            [
                "Tự ý hủy hồ sơ mà không thông báo",
                "Tiếp nhận rồi để hồ sơ quá hạn",
                "Yêu cầu người nộp mang toàn bộ hồ sơ giấy lên nộp lại từ đầu",
            ],
            "Hồ sơ chưa hợp lệ phải được thông báo, hướng dẫn bổ sung, hoàn thiện một lần, "
            "đầy đủ; không được tự ý hủy hay để quá hạn.",
            "medium",
            "tiếp nhận hồ sơ",
            [MC],
            [F_DD],
        ),
    ]


def questions() -> list[QuestionRecord]:
    return _levels() + _submit()
