"""Every string the floor UI shows, in English and Korean (one table, looked up by key)."""

from __future__ import annotations

from typing import Literal

Lang = Literal["en", "ko"]
LANGS: tuple[Lang, ...] = ("en", "ko")
LANG_NAMES: dict[Lang, str] = {"en": "English", "ko": "한국어"}

STRINGS: dict[str, dict[Lang, str]] = {
    # header and tabs
    "title": {"en": "Floor Copilot", "ko": "Floor Copilot"},
    "subtitle": {"en": "Answers from the plant documents, with sources",
                 "ko": "공장 문서에서 찾은 답변과 출처"},
    "language": {"en": "Language", "ko": "언어"},
    "tab_ask": {"en": "Ask", "ko": "질문"},
    "tab_docs": {"en": "Documents", "ko": "문서"},
    # ask tab
    "question": {"en": "Your question", "ko": "질문"},
    "question_ph": {"en": "Type your question, then press Enter",
                    "ko": "질문을 입력하고 Enter를 누르세요"},
    "ask": {"en": "Ask", "ko": "질문하기"},
    "new_question": {"en": "New question", "ko": "새 질문"},
    "station": {"en": "Station", "ko": "공정"},
    "asset": {"en": "Asset", "ko": "설비"},
    "kind": {"en": "Document kind", "ko": "문서 종류"},
    "any": {"en": "Any", "ko": "전체"},
    "chat": {"en": "Conversation", "ko": "대화"},
    "chat_empty": {"en": "Ask about a work instruction, a PFMEA row or a past work order — "
                         "for example: *What torque for the OP30 housing bolts?*\n\n"
                         "Answers quote the plant documents and show where they come from.",
                   "ko": "작업표준서, PFMEA 항목, 과거 작업지시에 대해 질문하세요 — "
                         "예: *OP30 하우징 볼트 체결 토크는?*\n\n"
                         "답변은 공장 문서를 인용하고 출처를 보여 줍니다."},
    "no_docs": {"en": "No documents are indexed yet. Add some on the Documents tab.",
                "ko": "아직 색인된 문서가 없습니다. 문서 탭에서 추가하세요."},
    "sources": {"en": "Sources — tap one to see it in context",
                "ko": "출처 — 눌러서 원문 보기"},
    "sources_of": {"en": "Earlier answer", "ko": "이전 답변"},
    "closest_sources": {"en": "Closest sources (not an answer) — tap to check",
                        "ko": "가장 가까운 문서 (답변 아님) — 눌러서 확인"},
    "source_panel": {"en": "Source", "ko": "출처"},
    "source_empty": {"en": "Tap a numbered source under an answer to see it here, "
                           "with the steps around it.",
                     "ko": "답변 아래의 번호 출처를 누르면 앞뒤 단계와 함께 여기에 표시됩니다."},
    "source_missing": {"en": "This source is no longer in the index (it was removed or "
                             "re-ingested). Ask again to get fresh sources.",
                       "ko": "이 출처는 더 이상 색인에 없습니다(삭제되었거나 다시 수집됨). "
                             "다시 질문하세요."},
    "thinking": {"en": "Searching the plant documents…", "ko": "공장 문서 검색 중…"},
    "not_found": {"en": "Not found in the plant documents.",
                  "ko": "공장 문서에서 찾을 수 없습니다."},
    "not_found_hint": {"en": "Nothing in the indexed documents answers this. Check the closest "
                             "sources below, or ask your team leader.",
                       "ko": "색인된 문서에 답이 없습니다. 아래의 가까운 문서를 확인하거나 "
                             "조장에게 문의하세요."},
    "not_found_alone": {"en": "Nothing in the indexed documents answers this. Ask your team "
                              "leader, or check that the right documents are indexed.",
                        "ko": "색인된 문서에 답이 없습니다. 조장에게 문의하거나 필요한 문서가 "
                              "색인되었는지 확인하세요."},
    "computed": {"en": "Computed from the PFMEA / work-order tables: the figures cover every "
                       "matching row",
                 "ko": "PFMEA·정비 이력 표에서 계산: 조건에 맞는 모든 행 기준"},
    "extractive": {"en": "Quoted from the documents (not reworded)",
                   "ko": "문서 원문 인용 (요약 아님)"},
    "safety": {"en": "Safety", "ko": "안전"},
    "superseded": {"en": "superseded", "ko": "구버전"},
    "current": {"en": "current", "ko": "현행"},
    "revision": {"en": "Rev", "ko": "개정"},
    "superseded_by": {"en": "superseded by Rev {rev}", "ko": "구버전 (현행 개정 {rev})"},
    "this_step": {"en": "cited", "ko": "인용됨"},
    "error_prefix": {"en": "Could not answer", "ko": "답변할 수 없습니다"},
    # feedback
    "feedback_comment": {"en": "Comment on this answer (optional)", "ko": "답변에 대한 의견 (선택)"},
    "feedback_ph": {"en": "Comment (optional)", "ko": "의견 (선택)"},
    "helpful": {"en": "✓ Helpful", "ko": "✓ 도움됨"},
    "not_helpful": {"en": "✗ Wrong", "ko": "✗ 틀림"},
    "feedback_saved": {"en": "Thanks — feedback saved.", "ko": "감사합니다 — 의견이 저장되었습니다."},
    "feedback_none": {"en": "Ask a question first.", "ko": "먼저 질문하세요."},
    # documents tab
    "upload": {"en": "Add files…", "ko": "파일 추가…"},
    "upload_hint": {"en": "Work instructions (PDF, Word, Markdown, HTML, text), PFMEA and "
                          "maintenance logs (Excel, CSV). They are added as soon as you "
                          "choose them.",
                    "ko": "작업표준서(PDF, 워드, 마크다운, HTML, 텍스트), PFMEA와 정비 이력"
                          "(엑셀, CSV). 파일을 고르면 바로 추가됩니다."},
    "folder": {"en": "Or a folder on this machine", "ko": "또는 이 컴퓨터의 폴더"},
    "folder_ph": {"en": "/srv/plant-docs", "ko": "/srv/plant-docs"},
    "ingest_folder": {"en": "Add folder", "ko": "폴더 추가"},
    "nothing_to_ingest": {"en": "Choose files or type a folder path first.",
                          "ko": "먼저 파일을 고르거나 폴더 경로를 입력하세요."},
    "too_many_files": {"en": "{n} files at once is over the limit of {most} "
                             "(COPILOT_MAX_UPLOAD_FILES); add them in smaller groups or as a folder.",
                       "ko": "한 번에 {n}개 파일은 한도 {most}개를 넘습니다 "
                             "(COPILOT_MAX_UPLOAD_FILES). 나누어 올리거나 폴더로 추가하세요."},
    "folder_missing": {"en": "Folder not found", "ko": "폴더를 찾을 수 없음"},
    "ingest_done": {"en": "Done", "ko": "완료"},
    "added": {"en": "added", "ko": "추가"},
    "updated": {"en": "updated", "ko": "갱신"},
    "unchanged": {"en": "unchanged", "ko": "변경 없음"},
    "removed": {"en": "removed", "ko": "삭제"},
    "failed": {"en": "failed", "ko": "실패"},
    "chunks": {"en": "Chunks", "ko": "청크"},
    "problems": {"en": "Files that could not be added", "ko": "추가하지 못한 파일"},
    "skipped": {"en": "skipped", "ko": "건너뜀"},
    "duplicate": {"en": "duplicate", "ko": "중복"},
    "skipped_inputs": {"en": "Left out, with the reason", "ko": "건너뛴 항목과 이유"},
    "now_superseded": {"en": "Now superseded", "ko": "구버전이 된 문서"},
    "indexed_docs": {"en": "Indexed documents", "ko": "색인된 문서"},
    "docs_empty": {"en": "No documents yet. Upload files or add a folder above.",
                   "ko": "문서가 없습니다. 위에서 파일을 올리거나 폴더를 추가하세요."},
    "col_document": {"en": "Document", "ko": "문서"},
    "col_kind": {"en": "Kind", "ko": "종류"},
    "col_revision": {"en": "Revision", "ko": "개정"},
    "col_status": {"en": "Status", "ko": "상태"},
    "col_file": {"en": "File", "ko": "파일"},
    "col_mapping": {"en": "Columns mapped by name and values", "ko": "열 이름과 값으로 정한 열 역할"},
    "col_kept": {"en": "kept as is", "ko": "그대로 보관"},
    "col_ignored": {"en": "ignored", "ko": "무시"},
    "remove_pick": {"en": "Document to remove", "ko": "삭제할 문서"},
    "remove": {"en": "Remove", "ko": "삭제"},
    "remove_confirm": {"en": "Yes, remove it", "ko": "예, 삭제"},
    "cancel": {"en": "Cancel", "ko": "취소"},
    "remove_ask": {"en": "Remove {source} from the index? Answers will no longer cite it.",
                   "ko": "{source} 문서를 색인에서 삭제할까요? 더 이상 답변에 인용되지 않습니다."},
    "removed_msg": {"en": "Removed {source} ({n} chunks).", "ko": "{source} 삭제됨 ({n}개 청크)."},
    # ui/pfmea_tab.py (pfmea_*)
    "pfmea_tab": {"en": "PFMEA", "ko": "PFMEA"},
    "pfmea_step": {"en": "Process step", "ko": "공정 단계"},
    "pfmea_step_ph": {"en": "e.g. OP10 press-fit the output bearing into the housing",
                "ko": "예: OP10 출력 베어링 하우징 압입"},
    "pfmea_station": {"en": "Station", "ko": "공정"},
    "pfmea_draft": {"en": "Propose rows", "ko": "행 제안"},
    "pfmea_rows": {"en": "Proposed rows - set Decision to accept or reject, edit cells as needed",
             "ko": "제안된 행 - 결정(accept/reject)을 정하고 필요하면 수정하세요"},
    "pfmea_sources": {"en": "Sources and rating justifications", "ko": "출처와 평가 근거"},
    "pfmea_export": {"en": "Export accepted rows (.xlsx)", "ko": "채택된 행 내보내기 (.xlsx)"},
    "pfmea_workbook": {"en": "PFMEA workbook to review", "ko": "검토할 PFMEA 파일"},
    "pfmea_review": {"en": "Review workbook", "ko": "파일 검토"},
    # ui/learn_tab.py (learn_*)
    "learn_tab": {"en": "Learn", "ko": "교육"},
    "learn_station": {"en": "Station", "ko": "공정"},
    "learn_trainee": {"en": "Trainee (badge no.)", "ko": "교육생 (사번)"},
    "learn_trainee_ph": {"en": "e.g. T-0142", "ko": "예: T-0142"},
    "learn_briefing": {"en": "Show briefing", "ko": "브리핑 보기"},
    "learn_start": {"en": "Start quiz", "ko": "퀴즈 시작"},
    "learn_submit": {"en": "Submit answers", "ko": "답안 제출"},
    "learn_answer": {"en": "Your answer (value with unit)", "ko": "답 (값과 단위)"},
    "learn_correct": {"en": "Correct", "ko": "정답"},
    "learn_wrong": {"en": "Not correct", "ko": "오답"},
    "learn_your_answer": {"en": "Your answer", "ko": "내 답"},
    "learn_right_answer": {"en": "Correct answer", "ko": "정답"},
    "learn_source": {"en": "Source", "ko": "출처"},
    "learn_passed": {"en": "Passed", "ko": "합격"},
    "learn_not_passed": {"en": "Not passed yet - read the briefing and try again",
                   "ko": "불합격 - 브리핑을 다시 읽고 재도전하세요"},
    "learn_pick_station": {"en": "Choose a station first.", "ko": "먼저 공정을 선택하세요."},
}

KIND_NAMES: dict[str, dict[Lang, str]] = {
    "work_instruction": {"en": "Work instruction", "ko": "작업표준서"},
    "pfmea": {"en": "PFMEA", "ko": "PFMEA"},
    "maintenance_log": {"en": "Maintenance log", "ko": "정비 이력"},
}

# Column headers for the typed fields converters put into chunk metadata.
FIELD_NAMES: dict[str, dict[Lang, str]] = {
    "subsystem": {"en": "Subsystem", "ko": "하위 시스템"},
    "component": {"en": "Component", "ko": "구성품"},
    "sub_component": {"en": "Sub-component", "ko": "하위 부품"},
    "process_step": {"en": "Process step", "ko": "공정 단계"},
    "function": {"en": "Function", "ko": "기능"},
    "failure_mode": {"en": "Failure mode", "ko": "고장 형태"},
    "failure_effect": {"en": "Failure effect", "ko": "고장 영향"},
    "effect": {"en": "Failure effect", "ko": "고장 영향"},
    "severity": {"en": "Severity (S)", "ko": "심각도 (S)"},
    "classification": {"en": "Class", "ko": "특성 분류"},
    "failure_cause": {"en": "Failure cause", "ko": "고장 원인"},
    "cause": {"en": "Failure cause", "ko": "고장 원인"},
    "prevention_control": {"en": "Prevention control", "ko": "예방 관리"},
    "occurrence": {"en": "Occurrence (O)", "ko": "발생도 (O)"},
    "detection_control": {"en": "Detection control", "ko": "검출 관리"},
    "detection": {"en": "Detection (D)", "ko": "검출도 (D)"},
    "ap": {"en": "Action priority (AP)", "ko": "조치 우선순위 (AP)"},
    "rpn": {"en": "RPN", "ko": "RPN"},
    "current_controls": {"en": "Current controls", "ko": "현 관리"},
    "recommended_action": {"en": "Recommended action", "ko": "권고 조치"},
    "target_date": {"en": "Target date", "ko": "목표일"},
    "action_taken": {"en": "Action taken", "ko": "조치 결과"},
    "responsibility": {"en": "Responsibility", "ko": "담당"},
    "work_order": {"en": "Work order", "ko": "작업지시 번호"},
    "date": {"en": "Date", "ko": "일자"},
    "date_opened": {"en": "Date opened", "ko": "발행일"},
    "date_closed": {"en": "Date closed", "ko": "완료일"},
    "asset": {"en": "Asset", "ko": "설비"},
    "asset_description": {"en": "Asset description", "ko": "설비명"},
    "station": {"en": "Station", "ko": "공정"},
    "wo_type": {"en": "Work order type", "ko": "작업 유형"},
    "long_text": {"en": "Details", "ko": "상세 내용"},
    "cost": {"en": "Cost", "ko": "비용"},
    "currency": {"en": "Currency", "ko": "통화"},
    "running_time": {"en": "Running time", "ko": "가동 시간"},
    "major_system": {"en": "Major system", "ko": "계통"},
    "part": {"en": "Part", "ko": "부품"},
    "functional_location": {"en": "Functional location", "ko": "기능 위치"},
    "sheet": {"en": "Sheet", "ko": "시트"},
    "failure_code": {"en": "Failure code", "ko": "고장 코드"},
    "short_text": {"en": "Short text", "ko": "요약"},
    "description": {"en": "Description", "ko": "내용"},
    "action": {"en": "Action taken", "ko": "조치 내용"},
    "downtime_h": {"en": "Downtime (h)", "ko": "정지 시간 (h)"},
    "downtime": {"en": "Downtime", "ko": "정지 시간"},
    "technician": {"en": "Technician", "ko": "작업자"},
    "priority": {"en": "Priority", "ko": "우선순위"},
    "status": {"en": "Status", "ko": "상태"},
    "doc_title": {"en": "Document", "ko": "문서"},
    "effective_date": {"en": "Effective date", "ko": "시행일"},
}


def t(key: str, lang: str, **values: object) -> str:
    """The string for ``key`` in ``lang`` (English if missing), with ``{name}`` filled in."""
    entry = STRINGS[key]
    text = entry.get(as_lang(lang), entry["en"])
    return text.format(**values) if values else text


def kind_name(kind: str, lang: str) -> str:
    """Human name of a document kind."""
    names = KIND_NAMES.get(kind)
    return names.get(as_lang(lang), names["en"]) if names else kind


def field_name(name: str, lang: str) -> str:
    """Column header for a metadata field (known names translated, others tidied up)."""
    names = FIELD_NAMES.get(name)
    if names:
        return names.get(as_lang(lang), names["en"])
    return name.replace("_", " ").strip().capitalize()


def as_lang(value: object) -> Lang:
    """Coerce a toggle value ('en', 'ko', 'English', '한국어') to a language code."""
    for code, label in LANG_NAMES.items():
        if value in (code, label):
            return code
    return "en"

# What to do about an ingest failure, keyed by a phrase of the error message (errors.py reasons).
ERROR_HINTS: tuple[tuple[str, dict[Lang, str]], ...] = (
    ("file is empty", {"en": "Open the file and check it has content, then save it again.",
                       "ko": "파일에 내용이 있는지 열어 확인한 뒤 다시 저장하세요."}),
    ("unsupported file type", {"en": "Save it as PDF, Word (.docx), Markdown, text, "
                                     "Excel (.xlsx/.xls) or CSV.",
                               "ko": "PDF, 워드(.docx), 마크다운, 텍스트, 엑셀(.xlsx/.xls) "
                                     "또는 CSV로 저장하세요."}),
    ("corrupt", {"en": "The file is damaged or password-protected: remove the password or "
                       "save it again from Office.",
                 "ko": "파일이 손상되었거나 암호가 걸려 있습니다. 암호를 해제하거나 오피스에서 "
                       "다시 저장하세요."}),
    ("encoding", {"en": "Save the text as UTF-8.", "ko": "텍스트를 UTF-8로 저장하세요."}),
    ("header row", {"en": "The sheet needs a header row with column names such as "
                          "'Failure Mode' and 'Severity', or 'WO Number' and 'Asset'.",
                    "ko": "시트에 '고장형태', '심각도' 또는 '작업지시번호', '설비' 같은 "
                          "열 이름 행이 필요합니다."}),
    ("size limit", {"en": "Split the file, or ask the administrator to raise the limit.",
                    "ko": "파일을 나누거나 관리자에게 한도 상향을 요청하세요."}),
)


def error_hint(error: str, lang: str) -> str:
    """Plain-words advice for an ingest error message ('' when there is none)."""
    low = error.lower()
    for needle, text in ERROR_HINTS:
        if needle in low:
            return text.get(as_lang(lang), text["en"])
    return ""
