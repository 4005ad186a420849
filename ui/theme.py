"""Look of the floor terminal: system fonts only (no web fonts), big text, 48 px touch targets."""

from __future__ import annotations

from typing import Any

# System fonts only: a GoogleFont would make the browser call fonts.googleapis.com, and the
# plant network is closed. Noto CJK covers Hangul on Debian terminals.
FONTS = ("system-ui", "Noto Sans", "Noto Sans CJK KR", "Malgun Gothic", "DejaVu Sans",
         "sans-serif")
MONO_FONTS = ("ui-monospace", "DejaVu Sans Mono", "monospace")


def floor_theme() -> Any:
    """A high-contrast Gradio theme sized for arm's length and gloved fingers."""
    import gradio as gr
    from gradio.themes.utils.sizes import Size

    text = Size(name="text_floor", xxs="12px", xs="14px", sm="16px", md="18px", lg="20px",
                xl="24px", xxl="30px")
    theme = gr.themes.Base(primary_hue="blue", secondary_hue="slate", neutral_hue="slate",
                           text_size=text, spacing_size="md", radius_size="md",
                           font=list(FONTS), font_mono=list(MONO_FONTS))
    return theme.set(
        button_large_padding="10px 22px", button_large_text_size="*text_lg",
        button_medium_padding="10px 18px", button_medium_text_size="*text_md",
        input_text_size="*text_lg", input_padding="12px",
        block_label_text_size="*text_md", block_title_text_size="*text_md",
        checkbox_label_padding="10px 16px", checkbox_label_text_size="*text_md",
        body_text_color="#111827", block_title_text_weight="600",
    )


CSS = """
:root { --fc-touch: 48px; }
.gradio-container { max-width: 1280px !important; padding: 4px 16px !important; }
.main > .wrap, .app { padding-top: 0 !important; }
/* Ask page: the left column fills the screen and the conversation takes what is left. */
#fc-ask-col, #fc-side-col { height: calc(100vh - 160px); min-height: 520px;
  flex-wrap: nowrap !important; }
#fc-ask-col > *, #fc-side-col > * { flex-shrink: 0; }
#fc-ask-col > #fc-chat { flex: 1 1 0 !important; min-height: 200px; }
#fc-question textarea, #fc-comment textarea { border: 2px solid #94a3b8 !important;
  border-radius: 8px; padding: 12px !important; }
#fc-up, #fc-down, #fc-ask, #fc-new { white-space: nowrap; }
#fc-new { align-self: flex-end; margin-bottom: 10px; }
#fc-remove { align-self: flex-end; }
footer { display: none !important; }
/* Touch targets: every control at least 48 px high. */
button, .fc-chips label, input[type=text], textarea, .wrap-inner { min-height: var(--fc-touch); }
button.lg, button.md { min-height: var(--fc-touch); }
.tab-wrapper button, [role=tab] { min-height: var(--fc-touch); font-size: 20px !important;
  padding: 0 24px !important; }
:focus-visible { outline: 3px solid #f59e0b !important; outline-offset: 2px; }
#fc-top { align-items: center; }
#fc-header { display: flex; align-items: baseline; gap: 16px; }
#fc-header h1 { font-size: 26px; margin: 0; }
#fc-header .fc-sub { color: #475569; font-size: 16px; }
#fc-lang { flex-grow: 0 !important; }
#fc-lang .wrap { flex-wrap: nowrap; justify-content: flex-end; }
.fc-panel-title { font-size: 20px; margin: 0 0 8px; color: #0f172a; }
/* Source chips: a radio group that looks like big tappable buttons. */
.fc-chips .wrap { gap: 8px !important; }
#fc-chips { max-height: 190px; overflow-y: auto !important; }
#fc-lang .wrap { overflow: visible; }
.fc-chips label { border: 2px solid #1d4ed8 !important; border-radius: 24px !important;
  padding: 8px 16px !important; background: #eff6ff !important; color: #1e3a8a !important;
  font-weight: 600; display: flex; align-items: center; cursor: pointer; }
.fc-chips label.selected, .fc-chips label:has(input:checked) { background: #1d4ed8 !important;
  color: #fff !important; }
.fc-chips input[type=radio] { position: absolute; opacity: 0; width: 1px; height: 1px; }
.fc-chips label:has(input:focus-visible) { outline: 3px solid #f59e0b; }
#fc-chat .message { font-size: 18px; line-height: 1.5; }
#fc-chat .placeholder-content { padding: 24px 32px; color: #334155; font-size: 19px; }
#fc-chat blockquote { border-left: 6px solid #dc2626; background: #fef2f2; color: #7f1d1d;
  margin: 4px 0; padding: 4px 10px; }
/* Banners */
.fc-banner { border-radius: 8px; padding: 10px 14px; margin: 4px 0; font-size: 18px;
  border: 2px solid; }
.fc-banner ul { margin: 4px 0 0 18px; padding: 0; }
.fc-danger { background: #fee2e2; border-color: #dc2626; color: #7f1d1d; }
.fc-warn { background: #fef3c7; border-color: #d97706; color: #78350f; }
.fc-info { background: #e0f2fe; border-color: #0284c7; color: #0c4a6e; }
.fc-ok-banner { background: #dcfce7; border-color: #16a34a; color: #14532d; }
.fc-empty { color: #475569; font-size: 18px; padding: 24px 12px; text-align: center;
  border: 2px dashed #cbd5e1; border-radius: 8px; }
/* Source panel */
#fc-side-col > #fc-source { flex: 1 1 0 !important; min-height: 160px; overflow-y: auto !important;
  padding-right: 4px; }
.fc-section { font-size: 15px; font-weight: 700; color: #334155; text-transform: uppercase;
  letter-spacing: 0.03em; margin: 10px 0 2px; }
.fc-source h3 { font-size: 22px; margin: 6px 0 2px; }
.fc-meta, .fc-loc { color: #334155; font-size: 16px; }
.fc-loc { font-weight: 600; margin-bottom: 8px; }
.fc-badge { display: inline-block; border-radius: 12px; padding: 2px 10px; font-size: 15px;
  font-weight: 600; margin-right: 6px; }
.fc-kind { background: #e2e8f0; color: #0f172a; }
.fc-ok { background: #dcfce7; color: #14532d; }
.fc-old { background: #fde68a; color: #78350f; }
.fc-steps { list-style: none; padding: 0; margin: 0; }
.fc-step { border-left: 4px solid #cbd5e1; padding: 6px 10px; margin: 6px 0; color: #475569;
  font-size: 17px; }
.fc-step.fc-cited { border-left: 8px solid #1d4ed8; background: #eff6ff; color: #0f172a;
  font-size: 19px; }
.fc-step-label { font-weight: 700; font-size: 15px; color: #334155; }
.fc-cited-tag { margin-left: 8px; background: #1d4ed8; color: #fff; border-radius: 10px;
  padding: 0 8px; font-size: 13px; }
.fc-injection { color: #92400e; background: #fef3c7; border-left: 4px solid #d97706;
  padding: 6px 10px; margin: 6px 0; border-radius: 4px; }
.fc-safety-line { color: #991b1b; font-weight: 700; background: #fee2e2; padding: 2px 6px;
  border-radius: 4px; margin: 2px 0; }
.fc-fields { border-collapse: collapse; width: 100%; font-size: 17px; }
.fc-fields th { text-align: left; background: #f1f5f9; width: 40%; padding: 6px 8px;
  border: 1px solid #cbd5e1; }
.fc-fields td { padding: 6px 8px; border: 1px solid #cbd5e1; }
/* Documents page */
.fc-docs { border-collapse: collapse; width: 100%; font-size: 17px; }
.fc-docs th, .fc-docs td { border-bottom: 1px solid #cbd5e1; padding: 8px; text-align: left; }
.fc-docs th { background: #f1f5f9; }
.fc-docs .fc-num { text-align: right; }
.fc-doc-superseded td { color: #64748b; }
.fc-errors { border: 2px solid #dc2626; background: #fef2f2; border-radius: 8px;
  padding: 8px 14px; margin: 6px 0; }
.fc-errors h4, .fc-note h4 { margin: 0 0 4px; font-size: 18px; }
.fc-errors li { font-size: 17px; margin: 4px 0; }
.fc-hint { color: #334155; font-size: 16px; }
#fc-docs-table { max-height: 360px; overflow-y: auto; }
.fc-card { border: 1px solid #cbd5e1; border-radius: 8px; padding: 12px !important; }
.fc-hint-text { font-size: 17px; color: #334155; }
/* pfmea, learn, documents tabs */
/* PFMEA: each proposed row is a card; texts wrap in a proportional font, S/O/D/AP/RPN beside. */
#fc-pf-rows { max-height: calc(100vh - 120px); overflow-y: auto !important; padding-right: 4px; }
.fc-pf-summary { font-size: 16px; color: #334155; margin: 0 0 6px; }
.fc-pf-card { border: 2px solid #cbd5e1; border-left: 8px solid #94a3b8; border-radius: 8px;
  padding: 8px 10px; margin: 0 0 10px; background: #fff; }
.fc-pf-card.fc-pf-selected { border-color: #1d4ed8; box-shadow: 0 0 0 2px #bfdbfe; }
.fc-pf-card.fc-pf-accepted { border-left-color: #16a34a; }
.fc-pf-card.fc-pf-edited { border-left-color: #2563eb; }
.fc-pf-card.fc-pf-rejected { border-left-color: #dc2626; background: #f1f5f9; opacity: 0.7; }
.fc-pf-card.fc-pf-rejected .fc-pf-v { text-decoration: line-through; color: #64748b; }
.fc-pf-head { display: flex; gap: 10px; align-items: center; margin-bottom: 6px; }
.fc-pf-n { font-weight: 700; font-size: 20px; }
.fc-pf-state { border-radius: 12px; padding: 2px 10px; font-size: 15px; font-weight: 700;
  text-transform: uppercase; letter-spacing: 0.03em; }
.fc-pf-state-proposed { background: #e2e8f0; color: #0f172a; }
.fc-pf-state-accepted { background: #dcfce7; color: #14532d; }
.fc-pf-state-edited { background: #dbeafe; color: #1e3a8a; }
.fc-pf-state-rejected { background: #fee2e2; color: #7f1d1d; }
.fc-pf-body { display: flex; gap: 10px; align-items: flex-start; }
.fc-pf-fields { flex: 1 1 auto; min-width: 0; display: grid;
  grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 4px 12px; }
.fc-pf-f { min-width: 0; }
.fc-pf-k { font-size: 13px; font-weight: 700; color: #475569; text-transform: uppercase; }
.fc-pf-v { font-size: 16px; line-height: 1.35; overflow-wrap: anywhere; color: #0f172a; }
.fc-pf-ratings { flex: 0 0 auto; display: grid; grid-template-columns: repeat(2, 52px);
  gap: 4px; }
.fc-pf-r { border: 1px solid #cbd5e1; border-radius: 6px; text-align: center; padding: 2px 0; }
.fc-pf-r b { display: block; font-size: 12px; color: #475569; }
.fc-pf-r span { font-size: 20px; font-weight: 700; }
.fc-pf-ap-H { background: #fee2e2; border-color: #dc2626; color: #7f1d1d; }
.fc-pf-ap-M { background: #fef3c7; border-color: #d97706; color: #78350f; }
.fc-pf-ap-L { background: #dcfce7; border-color: #16a34a; color: #14532d; }
#fc-pf-editor { position: sticky; top: 0; max-height: calc(100vh - 16px);
  overflow-y: auto !important; flex-wrap: nowrap !important; }
#fc-pf-editor > * { flex-shrink: 0; }
#fc-pf-pick label { padding: 6px 12px !important; font-size: 16px; }
.fc-pf-scale .wrap { gap: 4px !important; }
.fc-pf-scale label { padding: 6px 0 !important; min-width: 36px; justify-content: center; }
.fc-pf-live { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
.fc-pf-live .fc-pf-ap, .fc-pf-live .fc-pf-rpn { font-size: 24px; font-weight: 700;
  border-radius: 8px; padding: 4px 14px; border: 2px solid #cbd5e1; }
#fc-pf-sources, #fc-pf-report { overflow-wrap: anywhere; overflow-x: hidden; }
.fc-pf-files { align-items: flex-start; }
.fc-pf-files button { align-self: flex-start; }
#fc-pf-report a { color: #1d4ed8; text-decoration: underline; }
/* Learn: safety first in red, sections folded, citations open on the quoted source. */
.fc-learn-safety { border: 3px solid #dc2626; background: #fee2e2; color: #7f1d1d;
  border-radius: 8px; padding: 6px 14px; margin: 8px 0; }
.fc-learn-safety h3 { margin: 4px 0; font-size: 22px; }
.fc-learn-safety li { font-weight: 600; font-size: 18px; margin: 4px 0; }
.fc-learn-sec { border: 1px solid #cbd5e1; border-radius: 8px; margin: 6px 0; padding: 4px 12px; }
.fc-learn-sec > summary { font-size: 20px; font-weight: 700; min-height: var(--fc-touch);
  display: flex; align-items: center; cursor: pointer; }
.fc-learn li { font-size: 18px; margin: 4px 0; }
.fc-cite { display: inline-block; margin-left: 6px; }
.fc-cite > summary { display: inline; cursor: pointer; color: #1d4ed8; font-size: 15px;
  text-decoration: underline; }
.fc-cite[open] { display: block; }
.fc-cite-body { border-left: 4px solid #1d4ed8; background: #eff6ff; padding: 4px 10px;
  margin: 4px 0; font-size: 16px; }
.fc-cite-body blockquote { margin: 2px 0; white-space: pre-wrap; color: #0f172a; }
.fc-mark { font-family: "DejaVu Sans", sans-serif; font-size: 22px; font-weight: 700; }
.fc-mark-ok { color: #15803d; }
.fc-mark-no { color: #b91c1c; }
.fc-learn li.fc-wrong { background: #fef2f2; }
/* Documents: the table scrolls in its own box below the add cards and above Remove. */
#fc-docs-table { max-height: none !important; overflow: visible !important; height: auto; }
.fc-docs-scroll { max-height: 46vh; overflow: auto; border: 1px solid #cbd5e1;
  border-radius: 8px; }
.fc-docs { table-layout: fixed; }
.fc-docs th { position: sticky; top: 0; z-index: 1; }
.fc-docs th:nth-child(1) { width: 26%; } .fc-docs th:nth-child(2) { width: 14%; }
.fc-docs th:nth-child(3) { width: 10%; } .fc-docs th:nth-child(4) { width: 16%; }
.fc-docs th:nth-child(5) { width: 9%; } .fc-docs th:nth-child(6) { width: 25%; }
.fc-docs td, .fc-docs th { overflow-wrap: break-word; vertical-align: top; }
.fc-docs td.fc-file { font-size: 15px; overflow-wrap: anywhere; }
@media (max-width: 900px) {
  .fc-docs th, .fc-docs td { font-size: 14px; padding: 6px 4px; }
  .fc-docs th { overflow-wrap: anywhere; }
}
.fc-mapping summary { cursor: pointer; color: #1d4ed8; min-height: 32px; }
.fc-mapping li { font-size: 15px; }
.fc-detail summary { cursor: pointer; color: #475569; font-size: 15px; }
.fc-detail { font-size: 15px; color: #475569; }
#fc-remove-row { margin-top: 8px; }
.fc-bad { background: #fee2e2; color: #7f1d1d; }
.fc-doc-failed td { background: #fef2f2; }
"""
