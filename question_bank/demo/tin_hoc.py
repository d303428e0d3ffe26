"""Office IT skills: word processing, spreadsheets, e-mail, searching."""

from __future__ import annotations

from question_bank.demo._build import (
    F_CNTT,
    F_NV,
    F_VHXH,
    IT,
    LD,
    MC,
    TP,
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

CAT = ("Kỹ năng tin học văn phòng",)


def questions() -> list[QuestionRecord]:
    return [
        sc(
            CAT,
            "Trong Microsoft Excel, hàm nào dùng để tính tổng các giá trị trong một vùng ô?",
            "SUM",
            ["AVERAGE", "COUNT", "MAX"],
            "SUM cộng các giá trị; AVERAGE tính trung bình, COUNT đếm ô chứa số, MAX tìm giá "
            "trị lớn nhất.",
            "easy",
            "bảng tính",
            [VP, VT],
        ),
        sc(
            CAT,
            "Trong Excel, hàm nào đếm số ô thỏa mãn một điều kiện cho trước?",
            "COUNTIF",
            ["SUMIF", "COUNTA", "IF"],
            "COUNTIF(vùng; điều kiện) đếm số ô thỏa điều kiện, ví dụ số hồ sơ đã giải quyết "
            "đúng hạn.",
            "medium",
            "bảng tính",
            [VP, MC],
        ),
        sc(
            CAT,
            "Trong Excel, địa chỉ nào là địa chỉ tuyệt đối (không thay đổi khi sao chép công "
            "thức)?",
            "$A$1",
            ["A1", "A$1", "$A1"],
            "Dấu $ cố định cột và dòng; $A$1 cố định cả hai nên không đổi khi sao chép công thức.",
            "medium",
            "bảng tính",
            [VP],
        ),
        sc(
            CAT,
            "Trong Excel, hàm nào tính giá trị trung bình cộng?",
            "AVERAGE",
            ["SUM", "MEDIAN", "ROUND"],
            "AVERAGE trả về trung bình cộng các giá trị số trong vùng được chọn.",
            "easy",
            "bảng tính",
            [VP, VT],
        ),
        sc(
            CAT,
            "Công cụ PivotTable trong Excel dùng để làm gì?",
            "Tổng hợp, phân tích dữ liệu theo nhiều tiêu chí một cách nhanh chóng",
            ["Vẽ sơ đồ tổ chức", "Kiểm tra chính tả", "Gửi thư điện tử hàng loạt"],
            "PivotTable giúp lập bảng tổng hợp, ví dụ số hồ sơ theo lĩnh vực và theo tháng, "
            "phục vụ báo cáo.",
            "medium",
            "bảng tính, báo cáo",
            [VP, LD],
            [F_VHXH],
        ),
        sc(
            CAT,
            "Để thể hiện cơ cấu tỷ lệ các thành phần trong một tổng thể, loại biểu đồ nào "
            "phù hợp nhất?",
            "Biểu đồ tròn",
            ["Biểu đồ đường", "Biểu đồ phân tán", "Không dùng biểu đồ"],
            "Biểu đồ tròn thể hiện tỷ trọng của từng phần so với tổng; biểu đồ đường phù hợp "
            "với xu hướng theo thời gian.",
            "easy",
            "đọc số liệu, báo cáo",
            [LD, VP],
        ),
        sc(
            CAT,
            "Muốn thể hiện số hồ sơ trực tuyến qua từng tháng trong năm để thấy xu hướng tăng "
            "giảm, nên dùng biểu đồ nào?",
            "Biểu đồ đường (hoặc biểu đồ cột) theo thời gian",
            ["Biểu đồ tròn", "Bảng chữ không có số liệu", "Sơ đồ tư duy"],
            "Dữ liệu theo thời gian thể hiện rõ nhất bằng biểu đồ đường hoặc cột; biểu đồ tròn "
            "chỉ thể hiện cơ cấu tại một thời điểm.",
            "medium",
            "đọc số liệu, báo cáo",
            [LD, VP],
        ),
        sc(
            CAT,
            "Tính năng <em>Track Changes</em> (Theo dõi thay đổi) trong Microsoft Word dùng để "
            "làm gì?",
            "Ghi nhận và hiển thị các chỉnh sửa để người khác xem, chấp nhận hoặc từ chối",
            [
                "Tự động dịch văn bản sang tiếng Anh",
                "Khóa văn bản không cho ai chỉnh sửa",
                "Đếm số trang của văn bản",
            ],
            "Track Changes thuận tiện khi nhiều người góp ý dự thảo văn bản.",
            "medium",
            "soạn thảo văn bản",
            [VT, VP, LD],
            [F_NV],
        ),
        sc(
            CAT,
            "Khi gửi thư điện tử, người nhận ở ô <strong>BCC</strong> có đặc điểm gì?",
            "Nhận được thư nhưng các người nhận khác không thấy địa chỉ của họ",
            [
                "Là người nhận chính, bắt buộc phải trả lời",
                "Chỉ nhận được tiêu đề, không nhận nội dung",
                "Chỉ nhận được thư sau 24 giờ",
            ],
            "BCC (bản sao ẩn) giúp bảo vệ địa chỉ thư của người nhận khi gửi cho nhiều người.",
            "medium",
            "thư điện tử",
            [VT, VP, MC],
        ),
        sc(
            CAT,
            "Tệp có phần mở rộng <em>.xlsx</em> là loại tệp gì?",
            "Bảng tính Microsoft Excel",
            ["Văn bản Microsoft Word", "Bài trình chiếu PowerPoint", "Tệp ảnh"],
            "Phần mở rộng .xlsx dùng cho bảng tính Excel; .docx là văn bản Word, .pptx là bài "
            "trình chiếu.",
            "easy",
            "tệp tin",
            [VT, VP],
        ),
        sc(
            CAT,
            "Để gõ tiếng Việt có dấu đúng chuẩn trong văn bản hành chính, cần chọn bảng mã nào "
            "trong bộ gõ?",
            "Unicode",
            ["TCVN3 (ABC)", "VNI Windows", "VIQR"],
            "Văn bản hành chính dùng bộ mã Unicode (TCVN 6909:2001); các bảng mã cũ gây lỗi "
            "phông khi trao đổi văn bản.",
            "easy",
            "soạn thảo văn bản",
            [VT, VP, TP],
        ),
        sc(
            CAT,
            "Khi tìm kiếm trên Google, muốn tìm chính xác cụm từ “dịch vụ công trực tuyến”, "
            "bạn nên làm gì?",
            "Đặt cụm từ trong dấu ngoặc kép",
            ["Viết hoa toàn bộ cụm từ", "Thêm dấu chấm than ở cuối", "Gõ cụm từ không dấu"],
            "Dấu ngoặc kép yêu cầu công cụ tìm kiếm trả về kết quả chứa đúng cụm từ theo thứ tự đó.",
            "easy",
            "tìm kiếm",
            [LD, VP],
        ),
        sc(
            CAT,
            "Muốn chỉ tìm kết quả trên các trang có tên miền .gov.vn, bạn dùng cú pháp tìm "
            "kiếm nào?",
            "site:gov.vn",
            ["link:gov.vn", "gov.vn*", "#gov.vn"],
            "Toán tử site: giới hạn kết quả trong một tên miền, giúp tìm thông tin chính thống "
            "của cơ quan nhà nước.",
            "medium",
            "tìm kiếm",
            [LD, IT],
        ),
        tf(
            CAT,
            "Trong Excel, công thức thường được nhập bắt đầu bằng dấu bằng (=).",
            True,
            "Dấu = báo cho Excel biết nội dung ô là công thức cần tính toán.",
            "easy",
            "bảng tính",
            [VP],
        ),
        tf(
            CAT,
            "Lưu văn bản dưới định dạng PDF giúp giữ nguyên bố cục khi mở trên máy tính khác.",
            True,
            "PDF cố định phông chữ và bố cục, phù hợp để phát hành văn bản.",
            "easy",
            "tệp tin",
            [VT, VP],
        ),
        tf(
            CAT,
            "Tổ hợp phím Ctrl + Z dùng để lưu văn bản.",
            False,
            "Ctrl + Z hoàn tác thao tác vừa làm; tổ hợp để lưu là Ctrl + S.",
            "easy",
            "phím tắt",
            [VT, VP, MC],
        ),
        mc(
            CAT,
            "Những hàm nào sau đây là hàm tính toán, thống kê số liệu trong Excel? "
            "(chọn tất cả phương án đúng)",
            ["SUM", "AVERAGE", "COUNT"],
            ["CONCATENATE"],
            "SUM, AVERAGE, COUNT tính tổng, trung bình và đếm; CONCATENATE là hàm nối chuỗi văn bản.",
            "easy",
            "bảng tính",
            [VP],
        ),
        mc(
            CAT,
            "Khi gửi thư điện tử công vụ, những việc nào là đúng? (chọn tất cả phương án đúng)",
            [
                "Dùng hộp thư công vụ do cơ quan cấp",
                "Ghi tiêu đề ngắn gọn, rõ nội dung",
                "Kiểm tra kỹ địa chỉ người nhận trước khi gửi",
            ],
            ["Dùng hộp thư cá nhân miễn phí để gửi tài liệu nội bộ"],
            "Thư công vụ phải đi qua hệ thống thư của cơ quan để bảo đảm an toàn và lưu vết; "
            "tiêu đề, người nhận rõ ràng tránh gửi nhầm.",
            "easy",
            "thư điện tử",
            [VT, VP, LD],
        ),
        match(
            CAT,
            "Ghép mỗi tổ hợp phím (trong Word, Excel) với chức năng của nó.",
            [
                ("Ctrl + C", "Sao chép"),
                ("Ctrl + V", "Dán"),
                ("Ctrl + S", "Lưu tệp"),
                ("Ctrl + F", "Tìm kiếm trong tệp"),
            ],
            "Các phím tắt cơ bản giúp thao tác nhanh hơn khi soạn thảo và xử lý dữ liệu.",
            "easy",
            "phím tắt",
            [VT, VP, MC],
            distractors=["In tệp"],
        ),
        order(
            CAT,
            "Sắp xếp các bước sắp xếp dữ liệu trong một bảng Excel.",
            [
                "Chọn vùng dữ liệu cần sắp xếp",
                "Mở thẻ Data và chọn Sort",
                "Chọn cột và thứ tự sắp xếp (tăng dần hoặc giảm dần)",
                "Bấm OK để áp dụng",
            ],
            "Phải chọn vùng dữ liệu trước, rồi mới mở hộp thoại Sort, đặt tiêu chí và áp dụng.",
            "medium",
            "bảng tính",
            [VP],
        ),
        num(
            CAT,
            "Trong Excel, các ô A1 đến A5 lần lượt chứa 3, 7, 9, 5, 10. Công thức "
            '<em>=COUNTIF(A1:A5;"&gt;5")</em> cho kết quả bằng bao nhiêu?',
            3,
            0,
            "Các giá trị lớn hơn 5 là 7, 9 và 10; số 5 không lớn hơn 5 nên không được đếm.",
            "medium",
            "bảng tính",
            [VP],
        ),
        num(
            CAT,
            "Trong Excel, công thức <em>=AVERAGE(4;6;8)</em> cho kết quả bằng bao nhiêu?",
            6,
            0,
            "Trung bình cộng của 4, 6 và 8 là (4 + 6 + 8) / 3 = 6.",
            "easy",
            "bảng tính",
            [VP, VT],
        ),
        sa(
            CAT,
            "Tổ hợp phím nào dùng để hoàn tác (undo) thao tác vừa thực hiện trong Word hoặc "
            "Excel? (nhập theo dạng Ctrl+chữ cái)",
            ["Ctrl+Z", "Ctrl + Z"],
            "Ctrl + Z hoàn tác thao tác gần nhất; Ctrl + Y làm lại thao tác vừa hoàn tác.",
            "easy",
            "phím tắt",
            [VT, VP],
        ),
        sc(
            CAT,
            "Khi cần gửi một tệp văn bản lớn cho đồng nghiệp ở đơn vị khác, cách nào phù hợp "
            "và an toàn nhất?",
            "Gửi qua hệ thống quản lý văn bản hoặc thư điện tử công vụ của cơ quan",
            [
                "Đăng tệp lên mạng xã hội ở chế độ công khai",
                "Chia sẻ qua ổ lưu trữ trực tuyến với quyền ai có liên kết cũng xem được",
                "Gửi qua thư điện tử cá nhân của người thân",
            ],
            "Hệ thống của cơ quan bảo đảm kiểm soát truy cập và lưu vết; chia sẻ công khai dễ "
            "làm lộ tài liệu.",
            "medium",
            "chia sẻ tài liệu",
            [VT, IT, MC],
            [F_CNTT],
        ),
    ]
