"""The sentence banks of results, limits and tasks, and the values that fill their placeholders."""

from __future__ import annotations

import random

from luocdo.gazetteer import districts_of
from luocdo.synth.page import Page
from luocdo.synth.text import pct, vn_int

# Placeholders: {below} units under the writer, {n_below} their number, {a}..{f} small counts,
# {pct} {pct2} percentages, {hs} {hs_ok} file counts, {y} the report's year, {dl} a deadline date.

RESULTS = {
    "kyluat": [
        "Qua {a} đợt kiểm tra đột xuất tại {b} {below} và {c} cơ quan chuyên môn, tỷ lệ cán bộ, công chức "
        "chấp hành đúng giờ giấc làm việc đạt {pct}; 100% cơ quan niêm yết lịch công tác.",
        "Các cơ quan, đơn vị đã rà soát nội quy, quy chế làm việc; {k_below}/{n_below} {below} niêm yết công "
        "khai số điện thoại đường dây nóng của người đứng đầu.",
        "Trong kỳ, đã xem xét, xử lý kỷ luật {d} công chức cấp xã (khiển trách {e}, cảnh cáo {f}) do vi phạm "
        "quy định trong quản lý đất đai và thực thi công vụ.",
        "Tổ kiểm tra công vụ phát hiện {e} trường hợp vi phạm giờ giấc làm việc, đã yêu cầu kiểm điểm, rút "
        "kinh nghiệm trước tập thể cơ quan.",
        "Việc chấp hành kỷ luật, kỷ cương hành chính có chuyển biến; không có trường hợp cán bộ sử dụng "
        "rượu, bia trong giờ làm việc bị phát hiện.",
    ],
    "nhungnhieu": [
        "Bộ phận Tiếp nhận và trả kết quả tiếp nhận {hs} hồ sơ, giải quyết đúng hạn {hs_ok} hồ sơ, đạt {pct}; "
        "số hồ sơ trễ hạn đã có văn bản xin lỗi người dân.",
        "Đã công khai số điện thoại đường dây nóng của Chủ tịch UBND tại {k_below}/{n_below} {below}; tiếp "
        "nhận {d} phản ánh, đã xác minh, trả lời {d}/{d} phản ánh.",
        "Không phát hiện hành vi nhũng nhiễu, gây phiền hà; {e} trường hợp chậm trễ do thiếu thành phần hồ "
        "sơ đã được hướng dẫn bổ sung trong ngày.",
        "Kết quả khảo sát mức độ hài lòng của người dân, doanh nghiệp đạt {pct2}, tăng so với cùng kỳ.",
    ],
    "cchc": [
        "Tỷ lệ thủ tục hành chính cung cấp dưới dạng dịch vụ công trực tuyến toàn trình đạt {pct}; tỷ lệ hồ "
        "sơ nộp trực tuyến đạt {pct2}.",
        "Chỉ số cải cách hành chính năm {y1} của {unit_the} đạt {score} điểm, xếp thứ {rank}/{n_peer} "
        "{peer}.",
        "{k_below}/{n_below} {below} áp dụng hệ thống quản lý chất lượng theo TCVN ISO 9001:2015; "
        "{hs} hồ sơ được số hóa kết quả giải quyết.",
        "Công tác tuyên truyền cải cách hành chính được đẩy mạnh với {a} chuyên mục trên Cổng thông tin "
        "điện tử và {b} buổi đối thoại với người dân.",
    ],
    "vhcv": [
        'Tổ chức hội thi "Công chức, viên chức với văn hóa công sở" với {b} đội dự thi; {k_below}/{n_below} '
        "{below} chỉnh trang khuôn viên trụ sở, bố trí khu vực chờ cho người dân.",
        "100% cơ quan chuyên môn duy trì chào cờ đầu tháng; cán bộ, công chức đeo thẻ, mặc trang phục theo "
        "quy định.",
        "Đã lấy ý kiến đánh giá của người dân về thái độ phục vụ tại {c} cơ quan; kết quả hài lòng đạt {pct}.",
    ],
    "vanthu": [
        "Trong kỳ, văn thư cơ quan tiếp nhận {hs} văn bản đến, phát hành {hs_ok} văn bản đi; {pct} văn bản "
        "được ký số và gửi nhận trên môi trường điện tử.",
        "Tổ chức {a} lớp tập huấn nghiệp vụ văn thư cho {c} lượt công chức, viên chức; {k_below}/{n_below} "
        "{below} bố trí công chức kiêm nhiệm văn thư, lưu trữ.",
        "Chỉnh lý {d} mét tài liệu tồn đọng, lập {hs} hồ sơ; nộp lưu vào Lưu trữ lịch sử {e} mét giá tài liệu.",
    ],
    "tochuc": [
        "Sau sắp xếp, số cơ quan chuyên môn thuộc UBND giảm từ {n12} xuống còn {n10}; số lãnh đạo cấp "
        "phòng giảm {d} người.",
        "Đã ban hành quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của {n10}/{n10} cơ quan "
        "chuyên môn; bố trí công chức đúng vị trí việc làm được phê duyệt.",
        "Việc sắp xếp bảo đảm ổn định, không làm gián đoạn công việc; {e} công chức được điều động sang "
        "phòng mới.",
    ],
    "tinhgian": [
        "Đã rà soát, lập danh sách đối tượng tinh giản biên chế đợt {a} năm {y} gồm {d} trường hợp ({e} "
        "công chức, {f} viên chức), trình Sở Nội vụ thẩm định.",
        "Không có trường hợp khiếu nại về chính sách tinh giản biên chế trong kỳ báo cáo.",
    ],
    "motcua": [
        "Bộ phận Một cửa tiếp nhận {hs} hồ sơ, trả kết quả đúng hạn {hs_ok} hồ sơ (đạt {pct}); {pct2} hồ sơ "
        "được tiếp nhận qua dịch vụ bưu chính công ích.",
        "{k_below}/{n_below} {below} đã bố trí máy tính tra cứu, camera giám sát tại Bộ phận Một cửa.",
    ],
    "vitri": [
        "Đã hoàn thành xây dựng đề án vị trí việc làm của {c} cơ quan, đơn vị với tổng số {hs_small} vị trí; "
        "trình cấp có thẩm quyền phê duyệt trước ngày {dl}.",
        "Biên chế công chức được giao năm {y} là {n_staff} biên chế, đã sử dụng {n_used} biên chế.",
    ],
    "luutru": [
        "Số hóa {hs} trang tài liệu lưu trữ có giá trị sử dụng thường xuyên; xây dựng cơ sở dữ liệu hồ sơ "
        "lưu trữ của {c} cơ quan.",
        "Kho lưu trữ chuyên dụng được cải tạo, trang bị {a} giá di động và hệ thống chống ẩm.",
    ],
}

LIMITS = [
    "Một số cán bộ cấp xã còn sử dụng thời gian làm việc để giải quyết việc riêng; việc tự kiểm tra ở một "
    "số cơ quan còn hình thức.",
    "Tỷ lệ hồ sơ trực tuyến toàn trình còn thấp; hạ tầng công nghệ thông tin ở một số {below} xuống cấp.",
    "Đội ngũ công chức làm công tác văn thư, lưu trữ ở cơ sở chủ yếu kiêm nhiệm, thường xuyên thay đổi.",
    "Việc phối hợp giữa các phòng chuyên môn trong giải quyết hồ sơ đất đai có lúc chưa chặt chẽ, còn {e} "
    "hồ sơ trễ hạn.",
    "Cơ sở vật chất của Bộ phận Một cửa tại {k_small}/{n_below} {below} chưa đáp ứng yêu cầu.",
    "Nguyên nhân chủ yếu là khối lượng công việc lớn, biên chế ít; ý thức trách nhiệm của một bộ phận "
    "công chức chưa cao.",
]

TASKS = [
    "Tăng cường kiểm tra đột xuất vào đầu giờ sáng và cuối giờ chiều; xử lý nghiêm các trường hợp vi phạm.",
    "Đưa kết quả khảo sát sự hài lòng của người dân vào tiêu chí bình xét thi đua năm {y2}.",
    "Hoàn thành số hóa kết quả giải quyết thủ tục hành chính trước ngày {dl}.",
    "Duy trì hệ thống quản lý chất lượng theo TCVN ISO 9001:2015 tại các cơ quan, đơn vị.",
    "Phối hợp với Sở Kế hoạch và Đầu tư, Phòng Tài chính - Kế hoạch bố trí kinh phí cho công tác cải cách "
    "hành chính.",
    "Tổ chức tập huấn kỹ năng giao tiếp, ứng xử cho công chức làm việc tại Bộ phận Một cửa.",
]


PLAN_TASKS = [
    "Quán triệt, tuyên truyền",
    "Rà soát, hoàn thiện nội quy, quy chế làm việc",
    "Tăng cường thanh tra, kiểm tra công vụ",
    "Nâng cao chất lượng phục vụ người dân, doanh nghiệp",
    "Ứng dụng công nghệ thông tin",
    "Khen thưởng, xử lý vi phạm",
]

# the heading of a results section on a subject that is no tracked central document's topic
GENERIC_HEADS = {
    "tinhgian": "tinh giản biên chế",
    "motcua": "thực hiện cơ chế một cửa, một cửa liên thông",
    "vitri": "vị trí việc làm, biên chế",
    "luutru": "lưu trữ, số hóa tài liệu",
    "cchc": "cải cách hành chính",
}


def placeholder_values(rng: random.Random, page: Page) -> dict:
    """The values of the placeholders above, for one page (drawn in a fixed order)."""
    b = page.body
    n_below = b.communes if b.level == "district" else max(len(districts_of(b.province)), 5)
    hs = rng.randint(800, 25000)
    n12 = rng.randint(12, 13)
    staff = rng.randint(60, 140)
    y = page.date.year
    return {
        "below": page.below(),
        "n_below": n_below,
        "k_below": rng.randint(max(1, n_below - 4), n_below),
        "k_small": rng.randint(1, max(1, n_below // 3)),
        "a": f"{rng.randint(1, 9):02d}",
        "b": f"{rng.randint(3, 12):02d}",
        "c": f"{rng.randint(4, 20):02d}",
        "d": f"{rng.randint(2, 9):02d}",
        "e": f"{rng.randint(1, 5):02d}",
        "f": f"{rng.randint(1, 3):02d}",
        "pct": pct(rng.uniform(92, 99.9)),
        "pct2": pct(rng.uniform(35, 96)),
        "hs": vn_int(hs),
        "hs_ok": vn_int(hs - rng.randint(0, hs // 40)),
        "hs_small": rng.randint(80, 400),
        "score": f"{rng.uniform(78, 92):.2f}".replace(".", ","),
        "rank": rng.randint(1, 63 if b.level == "province" else n_below),
        "n_peer": 63 if b.level == "province" else max(n_below, 8),
        "peer": "tỉnh, thành phố" if b.level == "province" else "đơn vị cấp huyện trong tỉnh",
        "unit_the": b.unit,
        "y": y,
        "y1": y - 1,
        "y2": y + 1,
        "dl": f"{rng.randint(10, 30)}/{rng.randint(6, 12)}/{y if page.date.month < 6 else y + 1}",
        "n12": n12,
        "n10": n12 - rng.randint(1, 2),
        "n_staff": staff,
        "n_used": staff - rng.randint(0, 8),
    }
