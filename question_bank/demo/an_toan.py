"""Information security for citizens and officials."""

from __future__ import annotations

from question_bank.demo._build import (
    F_CNTT,
    IT,
    LD,
    MC,
    VP,
    VT,
    match,
    mc,
    num,
    order,
    sa,
    sc,
    tf,
)
from question_bank.records import QuestionRecord

CAT = ("An toàn thông tin",)


def questions() -> list[QuestionRecord]:
    return [
        sc(
            CAT,
            "Mật khẩu nào sau đây an toàn nhất?",
            "h7#Qm!v2Lx9@pR",
            ["12345678", "Matkhau123", "01011990"],
            "Mật khẩu an toàn đủ dài, khó đoán, kết hợp chữ hoa, chữ thường, chữ số và ký tự "
            "đặc biệt; các phương án còn lại rất dễ bị dò.",
            "easy",
            "công khai, mật khẩu",
            [MC, VT, VP],
        ),
        sc(
            CAT,
            "Một mật khẩu mạnh nên có đặc điểm nào?",
            "Đủ dài (ít nhất 8 ký tự), kết hợp chữ hoa, chữ thường, chữ số và ký tự đặc biệt",
            [
                "Là ngày sinh của mình để dễ nhớ",
                "Giống nhau cho mọi tài khoản",
                "Chỉ gồm các chữ số liên tiếp",
            ],
            "Mật khẩu dài và đa dạng ký tự khó bị dò đoán; thông tin cá nhân như ngày sinh "
            "rất dễ bị đoán ra.",
            "easy",
            "công khai, mật khẩu",
            [MC, VP, VT],
        ),
        sc(
            CAT,
            "Có người gọi điện tự xưng là cán bộ cơ quan nhà nước, đề nghị bạn đọc mã OTP vừa "
            "nhận để “hoàn tất hồ sơ”. Bạn nên làm gì?",
            "Không cung cấp mã OTP cho bất kỳ ai và liên hệ cơ quan qua số điện thoại chính thức",
            [
                "Đọc mã OTP vì người gọi biết họ tên của mình",
                "Đọc mã OTP nếu người gọi nói giọng địa phương",
                "Gửi mã OTP qua tin nhắn thay vì đọc qua điện thoại",
            ],
            "Mã OTP là yếu tố xác thực bí mật; cơ quan nhà nước không bao giờ yêu cầu người "
            "dân đọc mã OTP qua điện thoại.",
            "easy",
            "công khai, lừa đảo",
        ),
        sc(
            CAT,
            "<em>Phishing</em> (tấn công giả mạo) là gì?",
            "Hình thức lừa đảo bằng thư, tin nhắn hoặc trang web giả mạo để đánh cắp tài "
            "khoản, mật khẩu, thông tin cá nhân",
            [
                "Phần mềm diệt virus miễn phí",
                "Công nghệ tăng tốc độ đường truyền Internet",
                "Một tính năng sao lưu dữ liệu tự động",
            ],
            "Kẻ tấn công giả danh tổ chức uy tín để người dùng tự nhập hoặc gửi thông tin bí mật.",
            "easy",
            "công khai, lừa đảo",
            [MC, VT, LD],
        ),
        sc(
            CAT,
            "Dấu hiệu nào giúp nhận biết một trang web giả mạo cổng dịch vụ công?",
            "Tên miền khác tên miền chính thức, ví dụ không có đuôi .gov.vn hoặc sai chính tả",
            [
                "Trang có logo Quốc huy",
                "Trang yêu cầu đăng nhập",
                "Trang có giao diện tiếng Việt",
            ],
            "Logo và giao diện dễ sao chép; tên miền mới là dấu hiệu đáng tin cậy, cổng của "
            "cơ quan nhà nước dùng tên miền .gov.vn.",
            "medium",
            "công khai, lừa đảo",
        ),
        sc(
            CAT,
            "Có người yêu cầu chuyển khoản lệ phí vào một tài khoản cá nhân để “hồ sơ được "
            "giải quyết nhanh”. Bạn nên làm gì?",
            "Từ chối, chỉ nộp phí qua kênh chính thức và báo cho cơ quan chức năng",
            [
                "Chuyển khoản ngay để kịp thời hạn",
                "Chuyển một nửa trước, một nửa khi có kết quả",
                "Chuyển khoản rồi chụp màn hình gửi lại cho người đó",
            ],
            "Phí, lệ phí chỉ nộp qua cổng dịch vụ công hoặc tại cơ quan có biên lai; yêu cầu "
            "chuyển vào tài khoản cá nhân là dấu hiệu lừa đảo.",
            "easy",
            "công khai, lừa đảo",
            [MC],
        ),
        sc(
            CAT,
            "<em>Xác thực hai yếu tố</em> khi đăng nhập là gì?",
            "Ngoài mật khẩu, người dùng phải cung cấp thêm một yếu tố khác như mã OTP hoặc xác "
            "nhận trên ứng dụng",
            [
                "Nhập mật khẩu hai lần liên tiếp",
                "Dùng hai mật khẩu giống nhau cho hai tài khoản",
                "Đăng nhập trên hai trình duyệt cùng lúc",
            ],
            "Dù mật khẩu bị lộ, kẻ gian vẫn cần thêm yếu tố thứ hai nên tài khoản an toàn hơn.",
            "easy",
            "công khai, tài khoản",
        ),
        sc(
            CAT,
            "Biểu tượng ổ khóa (HTTPS) trên thanh địa chỉ trình duyệt cho biết điều gì?",
            "Kết nối giữa trình duyệt và máy chủ được mã hóa",
            [
                "Trang web chắc chắn thuộc cơ quan nhà nước",
                "Trang web không thể chứa nội dung lừa đảo",
                "Máy tính của bạn đã được diệt virus",
            ],
            "HTTPS chỉ bảo đảm đường truyền được mã hóa; trang giả mạo vẫn có thể dùng HTTPS, "
            "nên phải kiểm tra cả tên miền.",
            "medium",
            "công khai, trình duyệt",
            [IT],
        ),
        sc(
            CAT,
            "Thông tin nào <strong>không nên</strong> đăng công khai lên mạng xã hội?",
            "Ảnh chụp hai mặt thẻ căn cước của mình",
            [
                "Lịch tiếp công dân đã được cơ quan công bố",
                "Ảnh phong cảnh quê hương",
                "Đường link tới cổng dịch vụ công chính thức",
            ],
            "Ảnh giấy tờ tùy thân có thể bị dùng để giả mạo danh tính, mở tài khoản hoặc lừa đảo.",
            "easy",
            "công khai, dữ liệu cá nhân",
        ),
        sc(
            CAT,
            "Mã độc tống tiền (ransomware) gây hại như thế nào?",
            "Mã hóa dữ liệu trên máy tính rồi đòi tiền chuộc để giải mã",
            [
                "Làm máy in in sai màu",
                "Tự động tăng tốc độ xử lý của máy tính",
                "Hiển thị quảng cáo trên trình duyệt nhưng không ảnh hưởng dữ liệu",
            ],
            "Ransomware khóa dữ liệu bằng mã hóa, có thể làm tê liệt hoạt động của cả cơ quan.",
            "medium",
            "mã độc",
            [IT, LD, VT],
            [F_CNTT],
        ),
        sc(
            CAT,
            "Biện pháp nào hiệu quả nhất để hạn chế thiệt hại khi bị mã độc tống tiền tấn công?",
            "Sao lưu dữ liệu định kỳ và lưu bản sao tách biệt khỏi hệ thống đang dùng",
            [
                "Trả tiền chuộc ngay để lấy lại dữ liệu",
                "Tắt phần mềm phòng chống mã độc cho máy chạy nhanh hơn",
                "Lưu bản sao lưu trên cùng ổ đĩa với dữ liệu gốc",
            ],
            "Có bản sao lưu tách biệt thì khôi phục được dữ liệu mà không phụ thuộc kẻ tấn công; "
            "trả tiền chuộc không bảo đảm lấy lại được dữ liệu.",
            "medium",
            "sao lưu, mã độc",
            [IT, LD],
            [F_CNTT],
        ),
        sc(
            CAT,
            "Bạn nhận thư điện tử tự xưng là của lãnh đạo, kèm tệp nén lạ và yêu cầu mở gấp. "
            "Cách xử lý đúng là gì?",
            "Không mở tệp, xác minh với người gửi qua kênh khác và báo bộ phận công nghệ thông tin",
            [
                "Mở ngay vì là yêu cầu của lãnh đạo",
                "Chuyển tiếp cho đồng nghiệp mở giúp",
                "Mở trên máy tính khác trong cơ quan",
            ],
            "Giả danh cấp trên và tạo áp lực thời gian là thủ đoạn phổ biến để phát tán mã độc.",
            "easy",
            "thư điện tử, lừa đảo",
            [VT, VP, MC, LD],
        ),
        sc(
            CAT,
            "Khi tạm rời khỏi máy tính tại nơi làm việc, cán bộ nên làm gì?",
            "Khóa màn hình (ví dụ nhấn tổ hợp Windows + L)",
            [
                "Để nguyên màn hình vì chỉ đi trong ít phút",
                "Tắt màn hình nhưng không khóa",
                "Ghi mật khẩu lên giấy dán cạnh màn hình để đồng nghiệp dùng giúp",
            ],
            "Khóa màn hình ngăn người khác dùng phiên làm việc đang mở để xem hoặc sửa dữ liệu.",
            "easy",
            "thói quen an toàn",
            [MC, VT, VP],
        ),
        sc(
            CAT,
            "Luật An toàn thông tin mạng được Quốc hội thông qua năm nào?",
            "2015",
            ["2006", "2018", "2023"],
            "Luật An toàn thông tin mạng số 86/2015/QH13 được thông qua năm 2015; năm 2018 là "
            "Luật An ninh mạng, năm 2006 là Luật Công nghệ thông tin.",
            "medium",
            "văn bản pháp luật",
            [IT, LD],
            [F_CNTT],
        ),
        sc(
            CAT,
            "Nghị định nào quy định về bảo đảm an toàn hệ thống thông tin theo cấp độ?",
            "Nghị định số 85/2016/NĐ-CP",
            [
                "Nghị định số 61/2018/NĐ-CP",
                "Nghị định số 43/2011/NĐ-CP",
                "Nghị định số 30/2020/NĐ-CP",
            ],
            "Nghị định 85/2016/NĐ-CP phân loại hệ thống thông tin theo cấp độ và quy định yêu "
            "cầu bảo đảm an toàn tương ứng.",
            "hard",
            "văn bản pháp luật, cấp độ",
            [IT],
            [F_CNTT],
        ),
        sc(
            CAT,
            "Mạng truyền số liệu chuyên dùng của các cơ quan Đảng, Nhà nước được dùng để làm gì?",
            "Kết nối, truyền dữ liệu giữa các cơ quan Đảng, Nhà nước với yêu cầu an toàn, bảo mật cao",
            [
                "Cung cấp Internet miễn phí cho người dân",
                "Phát sóng truyền hình địa phương",
                "Thay thế hoàn toàn thư điện tử công vụ",
            ],
            "Mạng truyền số liệu chuyên dùng là hạ tầng riêng, tách biệt với Internet công "
            "cộng, phục vụ các hệ thống thông tin của cơ quan nhà nước.",
            "medium",
            "hạ tầng mạng",
            [IT, LD],
            [F_CNTT],
        ),
        tf(
            CAT,
            "Dùng chung một mật khẩu cho nhiều tài khoản là an toàn nếu mật khẩu đó đủ dài.",
            False,
            "Khi một dịch vụ bị lộ mật khẩu, kẻ gian sẽ thử ngay trên các tài khoản khác; "
            "mỗi tài khoản quan trọng cần một mật khẩu riêng.",
            "easy",
            "công khai, mật khẩu",
            [MC, VT],
        ),
        tf(
            CAT,
            "Không nên đăng nhập tài khoản dịch vụ công hay ngân hàng khi đang dùng Wi-Fi công "
            "cộng không tin cậy.",
            True,
            "Mạng Wi-Fi công cộng không tin cậy có thể bị kẻ xấu theo dõi hoặc giả mạo để lấy "
            "thông tin đăng nhập.",
            "easy",
            "công khai, mạng wi-fi",
        ),
        tf(
            CAT,
            "Biểu tượng ổ khóa (HTTPS) trên trình duyệt bảo đảm chắc chắn trang web đó không "
            "phải trang giả mạo.",
            False,
            "Trang giả mạo cũng có thể có chứng chỉ HTTPS; cần kiểm tra đúng tên miền chính thức.",
            "medium",
            "công khai, trình duyệt",
        ),
        tf(
            CAT,
            "Cập nhật bản vá hệ điều hành và phần mềm thường xuyên giúp giảm nguy cơ bị khai "
            "thác lỗ hổng.",
            True,
            "Nhiều cuộc tấn công khai thác các lỗ hổng đã có bản vá nhưng người dùng chưa cập nhật.",
            "easy",
            "cập nhật phần mềm",
            [IT, VT, VP],
        ),
        tf(
            CAT,
            "Cán bộ được cài phần mềm bẻ khóa (crack) trên máy tính công vụ nếu phần mềm đó "
            "cần cho công việc.",
            False,
            "Phần mềm bẻ khóa vi phạm bản quyền và thường bị cài kèm mã độc; cần dùng phần "
            "mềm có bản quyền hoặc mã nguồn mở.",
            "easy",
            "phần mềm, mã độc",
            [IT, VT, VP, LD],
        ),
        tf(
            CAT,
            "Cơ quan nhà nước có thể gọi điện yêu cầu người dân cung cấp mật khẩu tài khoản "
            "dịch vụ công để kiểm tra hồ sơ.",
            False,
            "Không cơ quan nào cần mật khẩu của người dân; ai yêu cầu mật khẩu là đang có "
            "ý định chiếm đoạt tài khoản.",
            "easy",
            "công khai, tài khoản",
            [MC],
        ),
        mc(
            CAT,
            "Đâu là dấu hiệu thường gặp của tin nhắn hoặc thư điện tử lừa đảo? "
            "(chọn tất cả phương án đúng)",
            [
                "Tạo cảm giác khẩn cấp, dọa khóa tài khoản hoặc hủy hồ sơ",
                "Chứa đường link lạ yêu cầu đăng nhập",
                "Yêu cầu cung cấp mật khẩu hoặc mã OTP",
            ],
            ["Chỉ thông báo lịch tiếp công dân đã được công bố, không kèm yêu cầu nào"],
            "Lừa đảo thường kết hợp áp lực thời gian, đường link giả và yêu cầu thông tin bí mật.",
            "easy",
            "công khai, lừa đảo",
            [MC, VT],
        ),
        mc(
            CAT,
            "Những việc nào giúp bảo vệ tài khoản dịch vụ công của bạn? "
            "(chọn tất cả phương án đúng)",
            [
                "Đặt mật khẩu mạnh và đổi ngay khi nghi bị lộ",
                "Bật xác thực nhiều yếu tố nếu hệ thống hỗ trợ",
                "Đăng xuất sau khi dùng máy tính công cộng",
            ],
            [
                "Ghi mật khẩu lên giấy dán cạnh màn hình",
                "Cho người quen mượn tài khoản để nộp hồ sơ hộ",
            ],
            "Tài khoản gắn với danh tính của bạn; cho mượn hoặc để lộ mật khẩu có thể dẫn "
            "tới hồ sơ bị giả mạo nhân danh bạn.",
            "easy",
            "công khai, tài khoản",
        ),
        mc(
            CAT,
            "Những biện pháp kỹ thuật nào giúp bảo vệ hệ thống thông tin của cơ quan? "
            "(chọn tất cả phương án đúng)",
            [
                "Tường lửa kiểm soát truy cập",
                "Phần mềm phòng chống mã độc được cập nhật",
                "Giám sát an toàn thông tin tập trung",
            ],
            ["Tắt nhật ký hệ thống (log) để tiết kiệm dung lượng"],
            "Tường lửa, phòng chống mã độc và giám sát giúp phòng ngừa, phát hiện tấn công; "
            "nhật ký hệ thống cần cho điều tra sự cố.",
            "medium",
            "biện pháp kỹ thuật",
            [IT],
            [F_CNTT],
        ),
        match(
            CAT,
            "Ghép mỗi loại nguy cơ với mô tả đúng của nó.",
            [
                ("Phishing", "Giả mạo để lừa lấy thông tin đăng nhập"),
                ("Ransomware", "Mã hóa dữ liệu và đòi tiền chuộc"),
                ("DDoS", "Gây quá tải, làm gián đoạn dịch vụ bằng lượng truy cập lớn"),
                ("Keylogger", "Ghi lại thao tác bàn phím để đánh cắp mật khẩu"),
            ],
            "Hiểu đúng từng loại nguy cơ giúp chọn biện pháp phòng, chống phù hợp.",
            "medium",
            "nguy cơ, mã độc",
            [IT, LD],
            [F_CNTT],
        ),
        order(
            CAT,
            "Sắp xếp các giai đoạn xử lý một sự cố an toàn thông tin theo thứ tự hợp lý.",
            [
                "Phát hiện và ghi nhận sự cố",
                "Ngăn chặn, cô lập phạm vi ảnh hưởng",
                "Loại bỏ nguyên nhân gây sự cố",
                "Khôi phục hoạt động của hệ thống",
                "Rút kinh nghiệm, hoàn thiện biện pháp phòng ngừa",
            ],
            "Phải phát hiện và khoanh vùng trước khi loại bỏ nguyên nhân, khôi phục hệ thống "
            "rồi rút kinh nghiệm.",
            "hard",
            "ứng cứu sự cố",
            [IT],
            [F_CNTT],
        ),
        num(
            CAT,
            "Theo Nghị định số 85/2016/NĐ-CP, hệ thống thông tin được phân loại theo bao nhiêu "
            "cấp độ an toàn?",
            5,
            0,
            "Nghị định 85/2016/NĐ-CP chia hệ thống thông tin thành 5 cấp độ, từ cấp độ 1 đến "
            "cấp độ 5 (cao nhất).",
            "hard",
            "cấp độ, văn bản pháp luật",
            [IT],
            [F_CNTT],
        ),
        sa(
            CAT,
            "Loại mã độc mã hóa dữ liệu của nạn nhân rồi đòi tiền chuộc được gọi bằng thuật "
            "ngữ tiếng Anh là gì?",
            ["ransomware"],
            "Ransomware là mã độc tống tiền; biện pháp phòng ngừa quan trọng là sao lưu dữ liệu "
            "định kỳ và tách biệt.",
            "medium",
            "mã độc",
            [IT],
            [F_CNTT],
        ),
    ]
