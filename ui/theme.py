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
/* ask tab */
/* Terminal: both columns fill the screen; the answer card scrolls inside, the question box
   and the feedback row stay on screen. */
#fc-ask-col, #fc-side-col { height: calc(100vh - 160px); min-height: 420px; }
#fc-ask-col { gap: 8px !important; }
#fc-ask-col > #fc-chat { flex: 1 1 0 !important; min-height: 140px; overflow-y: auto !important;
  flex-wrap: nowrap !important; gap: 8px !important; }
#fc-chat > * { flex-shrink: 0; }
.fc-card-answer, .fc-card-empty { border: 2px solid #1d4ed8; border-radius: 10px;
  padding: 10px 16px; background: #fff; }
.fc-card-empty { border: 2px dashed #cbd5e1; color: #334155; font-size: 19px; }
.fc-asked { color: #475569; font-size: 16px; margin: 0 0 2px; }
.fc-asked-label { font-weight: 700; margin-right: 4px; }
.fc-card-answer p.fc-key { font-size: 24px; line-height: 1.45; font-weight: 700; color: #0f172a;
  margin: 2px 0 8px; }
.fc-card-answer p, .fc-card-answer li { font-size: 18px; line-height: 1.5; margin: 4px 0; }
.fc-card-answer p.fc-key-missing { color: #92400e; }
.fc-card-answer p.fc-key-error { color: #991b1b; }
.fc-card-answer p.fc-key-waiting, .fc-writing { color: #475569; font-weight: 400;
  font-style: italic; }
.fc-writing { font-size: 16px; }
.fc-answer-tag { display: inline-block; margin-top: 6px; font-size: 15px; color: #0c4a6e;
  background: #e0f2fe; border-radius: 12px; padding: 2px 10px; }
a.fc-cite { display: inline-block; position: relative; min-width: 34px; padding: 0 6px;
  margin: 0 2px; border-radius: 8px; background: #1d4ed8; color: #fff !important;
  text-decoration: none !important; font-weight: 700; font-size: 0.85em; text-align: center;
  line-height: 1.5; }
a.fc-cite::before { content: ""; position: absolute; inset: -8px -4px; } /* ~48 px to tap */
a.fc-cite:hover { background: #1e40af; }
.fc-cite-plain { color: #1d4ed8; font-weight: 700; }
.fc-answer-table-wrap { overflow-x: auto; }
.fc-answer-table { border-collapse: collapse; font-size: 17px; margin: 6px 0; }
.fc-answer-table th, .fc-answer-table td { border: 1px solid #cbd5e1; padding: 4px 8px;
  text-align: left; }
.fc-answer-table th { background: #f1f5f9; }
#fc-history-box .label-wrap { min-height: var(--fc-touch); font-size: 16px; }
#fc-history .message { font-size: 17px; }
#fc-history-box { overflow: hidden !important; }
/* Source chips: the heading beside one line of chips that scrolls sideways, never a pile. */
/* (a grid, not a flex row: the chips' column may shrink below their width and scroll) */
#fc-chips { max-height: none; overflow: hidden !important; display: grid !important;
  grid-template-columns: 190px minmax(0, 1fr); align-items: center; column-gap: 10px;
  padding: 6px 10px !important; }
#fc-chips > [data-testid=block-info] { font-size: 15px; line-height: 1.25; margin: 0 !important; }
#fc-chips > .wrap:not(.default) { min-width: 0; flex-wrap: nowrap !important;
  overflow-x: auto; padding: 2px 0 6px; scrollbar-width: thin; }
#fc-chips label { flex: 0 0 auto; white-space: nowrap; }
/* Feedback: what is saved stays visible next to the buttons. */
#fc-feedback { align-items: center; }
.fc-fb-state { font-size: 15px; line-height: 1.3; color: #334155; }
.fc-fb-saved { color: #14532d; font-weight: 700; background: #dcfce7; border-radius: 8px;
  padding: 6px 10px; white-space: nowrap; display: inline-block; }
#fc-feedback > #fc-fb-status { flex: 0 0 170px !important; min-width: 170px !important; }
#fc-up.primary { background: #16a34a !important; border-color: #16a34a !important;
  color: #fff !important; }
#fc-down.stop { background: #dc2626 !important; border-color: #dc2626 !important;
  color: #fff !important; }
/* Safety banner: every note of the cited instructions, one item each. */
#fc-side-col > #fc-notice { flex: 0 1 auto !important; max-height: 50%;
  overflow-y: auto !important; }
.fc-safety ul.fc-notes { list-style: none; margin: 6px 0 0; padding: 0; }
.fc-safety { padding: 8px 10px; }
.fc-note { border-left: 6px solid #dc2626; background: #fff; padding: 4px 8px; margin: 4px 0;
  border-radius: 4px; font-size: 16px; line-height: 1.35; }
.fc-note.fc-sev-warning { border-left-color: #ea580c; }
.fc-note.fc-sev-caution { border-left-color: #ca8a04; }
.fc-note-line { font-weight: 700; color: #7f1d1d; }
.fc-note-where { font-size: 14px; color: #475569; }
.fc-note-cited { margin-left: 8px; background: #dc2626; color: #fff; border-radius: 10px;
  padding: 0 8px; font-size: 13px; }
/* Source panel: the cited step or row highlighted (and flashed when it opens). */
#fc-source:focus-visible { outline: 3px solid #f59e0b; }
.fc-record.fc-cited { border-left: 8px solid #1d4ed8; background: #eff6ff; padding: 6px 10px; }
.fc-cited.fc-flash { animation: fc-flash 1.4s ease-out 1; }
@keyframes fc-flash { from { box-shadow: 0 0 0 6px #fbbf24; }
  to { box-shadow: 0 0 0 0 transparent; } }
.fc-page { margin: 10px 0 4px; }
.fc-page-box { position: relative; border: 1px solid #cbd5e1; }
.fc-page img { display: block; width: 100%; height: auto; }
.fc-page-mark { position: absolute; background: rgba(250, 204, 21, 0.35);
  outline: 3px solid #d97706; border-radius: 2px; }
.fc-page-caption { font-size: 15px; color: #475569; margin-top: 4px; }
/* Wide screens (1920x1080): use the width; the conversation gets the height. */
/* (top level: Gradio scopes rules inside @media under its container, so the container's own
   width cannot be set there; 1880 px only matters on screens wider than 1280) */
.gradio-container.gradio-container { max-width: 1880px !important; }
@media (min-width: 1600px) and (min-height: 900px) {
  #fc-ask-col, #fc-side-col { height: calc(100vh - 145px); }
}
/* Portrait tablet: one column in reading order (answer, safety, source, chips), the question
   box kept at the bottom of the screen. */
@media (max-width: 1100px) and (orientation: portrait) {
  #fc-ask-main { flex-direction: column !important; flex-wrap: nowrap !important; }
  #fc-ask-col, #fc-side-col { display: contents !important; }
  #fc-empty { order: 0; }
  #fc-filters { order: 1; }
  #fc-ask-col > #fc-chat { order: 2; flex: 0 0 auto !important; max-height: 40vh; }
  #fc-side-col > #fc-notice { order: 3; flex: 0 0 auto !important; max-height: none; }
  #fc-side-col > #fc-source { order: 4; flex: 0 0 auto !important; max-height: 48vh; }
  #fc-chips { order: 5; }
  #fc-feedback { order: 6; }
  #fc-ask-row { order: 7; position: fixed; left: 0; right: 0; bottom: 0; z-index: 50;
    background: #fff; padding: 8px 16px; margin: 0; box-shadow: 0 -4px 8px rgba(15, 23, 42, 0.12); }
  #fc-ask-main { padding-bottom: 80px; }
}
"""
