from __future__ import annotations

import pytest

from luocdo.pipeline import extract_text


def rels(text: str) -> set[tuple[str, str, str]]:
    ex = extract_text(text, "t.txt")
    by = {m.id: m for m in ex.mentions}
    return {(by[r.from_id].number or "", r.relation, by[r.to_id].number or "") for r in ex.relations}


def report_relations(text: str) -> dict[str, str]:
    return {m.number: m.relation for m in extract_text(text, "t.txt").mentions if m.number}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Kế hoạch số 84/KH-UBND ngày 20/11/2019 của Ủy ban nhân dân tỉnh Trà Vinh triển khai, thực hiện "
            "Chỉ thị số 10/CT-TTg ngày 22/4/2019 của Thủ tướng Chính phủ.",
            ("84", "implements", "10"),
        ),
        (
            "Quyết định số 1194/QĐ-UBND ngày 30/6/2017 của Ủy ban nhân dân tỉnh ban hành Kế hoạch thực hiện "
            "Chỉ thị số 20-CT/TU ngày 04/4/2017.",
            ("1194", "implements", "20"),
        ),
        (
            "Nghị định số 154/2020/NĐ-CP sửa đổi, bổ sung một số điều của Nghị định số 34/2016/NĐ-CP.",
            ("154", "amends", "34"),
        ),
        (
            "Nghị định số 68/2000/NĐ-CP (nay là Nghị định 111/2022/NĐ-CP ngày 30/12/2022 của Chính phủ).",
            ("111", "replaces", "68"),
        ),
        (
            "Thông tư số 03/2023/TT-BNV ngày 30/4/2023 hướng dẫn một số quy định của Nghị định số 101/2017/NĐ-CP.",
            ("03", "guides", "101"),
        ),
        (
            "Kế hoạch số 20/KH-UBND ngày 06/01/2021 về chuyển đổi vị trí công tác theo Nghị định số 59/2019/NĐ-CP.",
            ("20", "based_on", "59"),
        ),
        (
            "Đề án X ban hành kèm theo Quyết định số 534/QĐ-UBND; Quy chế ban hành kèm theo Quyết định số 12/QĐ-UBND"
            " thay thế Quyết định số 5/QĐ-UBND.",
            ("12", "replaces", "5"),
        ),
        (
            "Căn cứ Văn bản số 5780/UBND-NC ngày 01/9/2021 của UBND tỉnh, UBND huyện ban hành văn bản số "
            "2403/UBND-TCNV ngày 06/9/2021.",
            ("2403", "based_on", "5780"),
        ),
        (
            "Thực hiện Nghị định số 108/2020/NĐ-CP ngày 14/9/2020 của Chính phủ, Ủy ban nhân dân huyện đã ban hành "
            "Quyết định số 3663/QĐ-UBND ngày 02/11/2021.",
            ("3663", "implements", "108"),
        ),
    ],
)
def test_relation_cues(text, expected):
    assert expected in rels(text)


def test_passive_amendment_points_from_the_amending_decree():
    text = (
        "Căn cứ Nghị định số 108/2014/NĐ-CP ngày 20/11/2014 của Chính phủ, được sửa đổi, bổ sung bởi Nghị định"
        " số 113/2018/NĐ-CP ngày 31/8/2018 và Nghị định số 143/2020/NĐ-CP ngày 10/12/2020 của Chính phủ."
    )
    assert rels(text) == {("113", "amends", "108"), ("143", "amends", "108")}


def test_list_siblings_share_the_relation_and_parent():
    text = (
        "Thông tư số 03/2023/TT-BNV hướng dẫn một số quy định của Nghị định số 101/2017/NĐ-CP ngày 01/9/2017 "
        "của Chính phủ và Nghị định số 89/2021/NĐ-CP ngày 18/10/2021 của Chính phủ."
    )
    assert {("03", "guides", "101"), ("03", "guides", "89")} <= rels(text)


def test_issued_documents_relate_to_the_lead_group_and_time_order_is_respected():
    text = (
        "Trên cơ sở Kế hoạch số 50/KH-UBND ngày 03/6/2019 của UBND tỉnh; Kế hoạch số 97/KH-UBND ngày "
        "30/12/2022 của UBND tỉnh. UBND huyện xây dựng và ban hành các văn bản, cụ thể: Kế hoạch số 06/KH-UBND "
        "ngày 15/02/2023; Quyết định số 3574/QĐ-UBND ngày 16/11/2022."
    )
    r = rels(text)
    assert {("06", "based_on", "50"), ("06", "based_on", "97"), ("3574", "based_on", "50")} <= r
    assert ("3574", "based_on", "97") not in r  # issued before the plan it would rest on


def test_documents_issued_in_a_footnote():
    text = (
        "Tiếp tục triển khai thực hiện Quyết định số 1850/QĐ-UBND ngày 06/9/2021 của UBND tỉnh. Qua đó UBND "
        "huyện kịp thời ban hành các văn bản để tổ chức triển khai thực hiện<sup>2</sup>.\n\n"
        "<sup>2</sup> Quyết định số 318/QĐ-UBND ngày 30/01/2023; Kế hoạch số 24/KH-UBND ngày 22/3/2023.\n"
    )
    assert {("318", "implements", "1850"), ("24", "implements", "1850")} <= rels(text)


def test_report_relations():
    text = (
        "Số: 1/BC-UBND\n\nTrà Cú, ngày 26 tháng 6 năm 2023\n\nBÁO CÁO\n"
        "Kết quả thực hiện Chỉ thị số 20-CT/TU ngày 04/4/2017 của Ban Thường vụ Tỉnh ủy\n\n"
        "Thực hiện Công văn số 813/SNV-TTr ngày 05/6/2023 của Sở Nội vụ về việc báo cáo kết quả.\n\n"
        "Căn cứ Nghị định số 108/2020/NĐ-CP ngày 14/9/2020 của Chính phủ.\n\n"
        "UBND huyện chỉ đạo thực hiện nghiêm Quyết định số 129/2007/QĐ-TTg ngày 02/8/2007 của Thủ tướng "
        "Chính phủ; Kế hoạch số 84/KH-UBND ngày 20/11/2019 của Ủy ban nhân dân tỉnh.\n\n"
        "Ủy ban nhân dân huyện ban hành Kế hoạch số 15/KH-UBND ngày 01/3/2023 về theo dõi thi hành pháp luật.\n\n"
        "Kết quả thực hiện Chỉ thị số 20-CT/TU nêu trên được duy trì.\n"
    )
    assert report_relations(text) == {
        "20": "reports_on",
        "813": "responds_to",
        "108": "based_on",
        "129": "implements",
        "84": "implements",
        "15": "cites",
    }


def test_request_to_report_on_a_document_is_not_implementation():
    text = "Công văn số 813/SNV-TTr ngày 05/6/2023 về việc báo cáo kết quả thực hiện Chỉ thị số 20-CT/TU."
    assert not any(r[1] == "implements" for r in rels(text))


def test_cue_sees_across_a_hard_wrapped_line_break():
    text = (
        "Sở Tài chính có ý kiến như sau:\n"
        "Căn cứ Quyết định số\n"
        "12/2024/QĐ-UBND ngày 05/3/2024 của Ủy ban nhân dân tỉnh về quản lý\n"
        "tài sản công;\n"
    )
    assert report_relations(text)["12"] == "based_on"


def test_cue_before_a_blank_line_when_the_line_ends_on_it():
    text = "*Căn cứ *\n\n*Nghị định số 45/2023/NĐ-CP ngày 01/6/2023 của Chính phủ về quản lý giá;*\n"
    assert report_relations(text)["45"] == "based_on"


def test_provision_reference_between_cue_and_citation():
    text = (
        "Đề nghị đơn vị thực hiện theo quy định tại điểm a, b khoản 2 Điều 7; điểm c khoản 3\n"
        "Điều 9 Nghị định số 31/2023/NĐ-CP ngày 10/5/2023 của Chính phủ.\n"
    )
    assert report_relations(text)["31"] == "based_on"


def test_sentence_opening_with_a_place_in_a_document():
    text = "Tại khoản 2 Điều 5 Thông tư số 18/2022/TT-BTC ngày 02/3/2022 của Bộ Tài chính quy định về phí.\n"
    assert report_relations(text)["18"] == "based_on"


def test_appendix_issued_with_a_decree_is_the_decree():
    text = "Hàng hóa không thuộc Phụ lục I, II ban hành kèm theo Nghị định số 44/2023/NĐ-CP thì được giảm thuế.\n"
    assert report_relations(text)["44"] == "based_on"


def test_what_the_document_replaces_is_only_cited():
    text = "Nghị quyết này có hiệu lực thi hành từ ngày 01/01/2026, thay thế Nghị quyết số 07/2020/NQ-HĐND.\n"
    assert report_relations(text)["07"] == "cites"


def test_basis_after_the_issuing_verb_belongs_to_the_activity():
    text = "Sau khi UBND tỉnh ban hành Bảng giá đất theo đúng quy định tại Nghị định số 71/2024/NĐ-CP.\n"
    assert report_relations(text)["71"] == "based_on"
    named = "UBND huyện ban hành Kế hoạch phòng chống lụt bão theo Quyết định số 22/QĐ-UBND ngày 01/3/2023.\n"
    assert report_relations(named)["22"] == "cites"


def test_content_of_training_is_only_cited():
    text = "Trong năm, huyện chưa triển khai tập huấn Nghị định số 30/2020/NĐ-CP cho công chức cấp xã.\n"
    assert report_relations(text)["30"] == "cites"


def test_law_name_and_number_found_apart_are_one_basis():
    text = "*Căn cứ Luật Quản lý\nthuế số 38/2019/QH14;*\n"
    assert report_relations(text)["38"] == "based_on"


@pytest.mark.parametrize(
    "text",
    [
        "Căn cứ Nghị định số 15/2020/NĐ-CP của Chính phủ, được sửa đổi, bổ sung tại khoản 3 Điều 1 "
        "Nghị định số 14/2022/NĐ-CP thì doanh nghiệp phải kê khai.",
        "Căn cứ khoản 2 Điều 6 Nghị định số 15/2020/NĐ-CP (sửa đổi, bổ sung tại Nghị định số 14/2022/NĐ-CP).",
        "Căn cứ Quyết định số 15/QĐ-BTC ngày 02/3/2020 của Bộ Tài chính (được điều chỉnh bổ sung bởi Quyết định "
        "số 14/QĐ-BTC ngày 05/6/2022).",
        "Căn cứ Luật Thuế số 15/2020/QH14 được sửa đổi, bổ sung Luật số 14/2022/QH15;",
        "Căn cứ Luật Thuế số 15/2020/QH14; được sửa đổi, bổ sung bởi Luật số 14/2022/QH15;",
    ],
)
def test_passive_amendment_in_a_basis_clause(text):
    assert ("14", "amends", "15") in rels(text)
    assert ("15", "amends", "14") not in rels(text)
    assert report_relations(text) == {"15": "based_on", "14": "based_on"}


def test_a_decree_amends_the_decree_not_the_law_it_details():
    text = (
        "Căn cứ Nghị định số 20/2019/NĐ-CP của Chính phủ quy định chi tiết một số điều của Luật Thủy sản "
        "được sửa đổi, bổ sung bởi Nghị định số 31/2023/NĐ-CP;\n"
    )
    assert ("31", "amends", "20") in rels(text)


def test_amending_act_of_a_nested_document_only_cites():
    text = (
        "Tại khoản 1 Điều 3 Thông tư số 40/2021/TT-BTC (được sửa đổi, bổ sung bởi Thông tư số 18/2023/TT-BTC) "
        "quy định việc kê khai theo quy định tại Điều 5 Nghị định số 91/2022/NĐ-CP (được sửa đổi, bổ sung tại "
        "Nghị định số 12/2024/NĐ-CP).\n"
    )
    r = rels(text)
    assert {("18", "amends", "40"), ("12", "amends", "91"), ("40", "based_on", "91")} <= r
    rr = report_relations(text)
    assert rr["40"] == rr["18"] == "based_on"
    assert rr["91"] == rr["12"] == "cites"


def test_the_document_answers_one_request_and_rests_on_the_rest():
    text = (
        "*Xét Tờ trình số 100/TTr-UBND ngày 01/11/2025 của Ủy ban nhân dân tỉnh; Báo cáo thẩm tra số "
        "20/BC-BKTNS ngày 10/11/2025 của Ban Kinh tế - Ngân sách;*\n"
    )
    assert report_relations(text) == {"100": "responds_to", "20": "based_on"}


@pytest.mark.parametrize(
    "opening",
    ["Trả lời công văn số", "Cục Thuế nhận được công văn số", "Theo đề nghị của Sở Xây dựng tại Văn bản số"],
)
def test_request_answered_by_a_letter_or_decision(opening):
    text = f"{opening} 55/CV-XY ngày 02/10/2025 của Công ty TNHH Minh An về hóa đơn.\n"
    assert report_relations(text)["55"] == "responds_to"


def test_coordinated_with_cung():
    text = (
        "Thực hiện rà soát trên cơ sở Kế hoạch số 61/KH-BCA ngày 01/8/2025 của Bộ Công an, cùng\n"
        "Kế hoạch số 92/KH-UBND ngày 09/9/2025 của Ủy ban nhân dân tỉnh.\n"
    )
    assert report_relations(text) == {"61": "based_on", "92": "based_on"}


def test_a_new_clause_after_a_citation_is_not_its_description():
    text = (
        "Việc lưu trữ thực hiện theo quy định tại khoản 11 Điều 3 Nghị định số 42/2022/NĐ-CP, các quy định kỹ "
        "thuật cụ thể thực hiện theo Thông tư số 22/2023/TT-BTTTT.\n"
    )
    assert report_relations(text) == {"42": "based_on", "22": "based_on"}
    assert not rels(text)


def test_an_appendix_after_and_is_another_item_not_a_promulgated_document():
    text = (
        "Công ty tham chiếu Quyết định số 27/2018/QĐ-TTg và Phụ lục I, II ban hành kèm theo Nghị định số "
        "44/2023/NĐ-CP để xác định thuế suất.\n"
    )
    assert report_relations(text) == {"27": "based_on", "44": "based_on"}
    assert not rels(text)


def test_two_bases_in_one_sentence_are_not_related():
    text = (
        "Cơ quan đã xử lý kỷ luật công chức theo Nghị định số 34/2011/NĐ-CP và xử lý kỷ luật viên chức theo "
        "Nghị định số 27/2012/NĐ-CP của Chính phủ.\n"
    )
    assert report_relations(text) == {"34": "based_on", "27": "based_on"}
    assert not rels(text)


def test_law_named_in_the_description_of_unnamed_documents_only_cites():
    text = (
        "Việc giải quyết thực hiện theo quy định của Luật Việc làm số 38/2013/QH13 và các văn bản hướng dẫn thi "
        "hành Luật Việc làm số 74/2025/QH15.\n"
    )
    assert report_relations(text) == {"38": "based_on", "74": "cites"}


def test_a_line_opening_with_a_clause_cue_is_not_a_wrapped_sentence():
    # lines of bases without semicolons: each is its own clause, nothing read across the line break
    text = (
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015\n"
        "Căn cứ Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ\n"
        "Căn cứ Quyết định số 25/2019/QĐ-UBND ngày 2/8/2019 của UBND tỉnh\n"
        "Xét đề nghị của Trưởng phòng Tư pháp huyện\n"
    )
    ex = extract_text(text, "t.txt")
    got = {m.number: (m.relation, m.issuer, m.surface.endswith("tỉnh")) for m in ex.mentions if m.number}
    assert got == {"61": ("based_on", "Chính phủ", False), "25": ("based_on", None, True)}
    assert not ex.relations


def test_not_having_received_a_document_does_not_answer_it():
    text = "Đến nay, UBND xã chưa nhận được Quyết định số 318/QĐ-UBND ngày 9/9/2024 của UBND huyện về giao vốn.\n"
    assert report_relations(text) == {"318": "cites"}
    text = "UBND xã nhận được Quyết định số 318/QĐ-UBND ngày 9/9/2024 của UBND huyện về giao vốn.\n"
    assert report_relations(text) == {"318": "responds_to"}


def test_guiding_the_implementation_of_a_document_guides_it():
    text = "Thông tư số 07/2023/TT-BNV hướng dẫn thực hiện Nghị định số 88/2022/NĐ-CP của Chính phủ.\n"
    assert rels(text) == {("07", "guides", "88")}


def test_a_cue_bound_to_another_task_gives_a_weaker_report_relation():
    def conf(text: str) -> dict[str, tuple[str, float]]:
        ex = extract_text(text, "t.txt")
        return {m.number: (m.relation, m.relation_confidence) for m in ex.mentions if m.number}

    weak = (
        "Huyện tổ chức tuyên dương điển hình gắn với việc thực hiện Chỉ thị số 17-CT/HU ngày 4/3/2022 của "
        "Ban Thường vụ Huyện ủy, Kế hoạch số 29/KH-UBND ngày 5/4/2022 của UBND huyện.\n"
    )
    got = conf(weak)
    assert {k: v[0] for k, v in got.items()} == {"17": "implements", "29": "implements"}
    assert all(v[1] < 1.0 for v in got.values())
    plain = "Huyện thực hiện Chỉ thị số 17-CT/HU ngày 4/3/2022 của Ban Thường vụ Huyện ủy.\n"
    assert conf(plain) == {"17": ("implements", 1.0)}


def test_laws_named_in_an_amending_laws_title_are_only_cited():
    from luocdo.pipeline import extract_text

    text = (
        "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Đất đai, Luật Nhà ở và Luật Xây dựng số "
        "43/2024/QH15;\nCăn cứ Nghị định số 10/2022/NĐ-CP của Chính phủ;\n"
    )
    rel = {(m.number, m.name): m.relation for m in extract_text(text, "x.txt").mentions}
    assert (
        rel[("43", "Sửa đổi, bổ sung một số điều của Luật Đất đai, Luật Nhà ở và Luật Xây dựng")]
        == "based_on"
    )
    assert rel[(None, "Đất đai")] == rel[(None, "Nhà ở")] == rel[(None, "Xây dựng")] == "cites"
    assert rel[("10", None)] == "based_on"


def test_a_reply_to_petitions_forwarded_by_a_letter_responds_to_it():
    from luocdo.pipeline import extract_text

    text = (
        "Bộ Nông nghiệp và Môi trường nhận được kiến nghị của cử tri tỉnh Hà Tĩnh do Ủy ban Dân nguyện và "
        "Giám sát Quốc hội chuyển đến tại Văn bản số 1691/UBDNGS15 ngày 28/10/2025. Về nội dung này, Bộ "
        "có ý kiến như sau.\n"
    )
    assert [m.relation for m in extract_text(text, "x.txt").mentions] == ["responds_to"]
