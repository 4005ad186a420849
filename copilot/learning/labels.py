"""Every label and question template of briefings and quizzes, in English and Korean."""

from __future__ import annotations

from typing import Literal

Lang = Literal["en", "ko"]

LABELS: dict[str, dict[Lang, str]] = {
    "briefing": {"en": "Station briefing {station}", "ko": "{station} 공정 브리핑"},
    "documents": {"en": "Documents (current revisions)", "ko": "문서 (현행 개정)"},
    "purpose": {"en": "Purpose", "ko": "목적"},
    "ppe": {"en": "Safety and PPE", "ko": "안전 및 보호구"},
    "tools": {"en": "Tools and materials", "ko": "공구 및 자재"},
    "steps": {"en": "Steps in order", "ko": "작업 순서"},
    "safety": {"en": "Safety warnings (verbatim)", "ko": "안전 경고 (원문)"},
    "can_go_wrong": {"en": "What can go wrong here (PFMEA, highest action priority)",
                     "ko": "발생할 수 있는 문제 (PFMEA, 최우선 조치 순위)"},
    "has_gone_wrong": {"en": "What has gone wrong (recurring work orders, last 12 months)",
                       "ko": "실제 발생한 문제 (반복 작업지시, 최근 12개월)"},
    "key_params": {"en": "key parameters", "ko": "주요 기준"},
    "before_step": {"en": "before step {step}", "ko": "{step}단계 전"},
    "detected_by": {"en": "detected by", "ko": "검출"},
    "times": {"en": "{n} work orders", "ko": "작업지시 {n}건"},
    "latest": {"en": "latest", "ko": "최근"},
    "none": {"en": "(nothing in the documents)", "ko": "(문서에 없음)"},
    # question templates
    "q_param": {"en": "{doc}, step {step}: \"{cloze}\" - what value goes in the blank?",
                "ko": "{doc} {step}단계: \"{cloze}\" - 빈칸에 들어갈 값은?"},
    "q_tool": {"en": "{doc}, tools and materials: \"{cloze}\" - which code goes in the blank?",
               "ko": "{doc} 공구 및 자재: \"{cloze}\" - 빈칸에 들어갈 코드는?"},
    "q_ppe": {"en": "Which of these protective items does {doc} require at {station}?",
              "ko": "{doc}에서 {station} 공정에 요구하는 보호구는?"},
    "q_order": {"en": "{doc}: which step comes right after step {step} \"{text}\"?",
                "ko": "{doc}: {step}단계 \"{text}\" 바로 다음 단계는?"},
    "q_safety": {"en": "{doc}, step {step} \"{text}\" - which safety warning applies?",
                 "ko": "{doc} {step}단계 \"{text}\" - 해당하는 안전 경고는?"},
    "q_check_pfmea": {"en": "At {station}: if you suspect \"{failure}\", which check or "
                            "control detects it?",
                      "ko": "{station}: \"{failure}\" 문제가 의심되면 어떤 점검/관리로 "
                            "검출하나요?"},
    "q_check_wo": {"en": "At {station}, asset {asset} had recurring work orders \"{text}\". "
                         "Which failure code do they carry?",
                   "ko": "{station} 설비 {asset}에서 \"{text}\" 작업지시가 반복되었습니다. "
                         "고장코드는?"},
    "blank": {"en": "____", "ko": "____"},
}


def label(key: str, lang: str, **values: object) -> str:
    """The label in ``lang`` (English when unknown), with ``{placeholders}`` filled."""
    table = LABELS[key]
    text = table["ko"] if lang == "ko" else table["en"]
    return text.format(**values) if values else text


def as_lang(lang: str | None) -> Lang:
    return "ko" if (lang or "").lower().startswith(("ko", "한")) else "en"
