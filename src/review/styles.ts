/**
 * The panel's only style sheet, adopted by the shadow root (`adoptedStyleSheets`): pages with a strict CSP block
 * <style> tags and style attributes, but not constructed sheets. Positions of face boxes are set through the CSSOM
 * (element.style), which CSP does not restrict either.
 */
export const REVIEW_CSS = String.raw`
:host {
  all: initial !important;
  position: fixed !important;
  inset: 0 !important;
  z-index: 2147483647 !important;
  display: block !important;
}
*, *::before, *::after { box-sizing: border-box; }
.cg-root {
  all: initial;
  position: fixed;
  inset: 0;
  z-index: 2147483647;
  display: flex;
  align-items: center;
  justify-content: center;
  background: rgba(15, 23, 42, 0.62);
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", "Helvetica Neue", Arial, sans-serif;
  font-size: 14px;
  line-height: 1.4;
  color: #1e293b;
  color-scheme: light;
  text-align: left;
  -webkit-font-smoothing: antialiased;
}
button, input, select, textarea { font: inherit; color: inherit; margin: 0; }
button { cursor: pointer; }
button:disabled { cursor: not-allowed; }
:focus-visible { outline: 2px solid #2563eb; outline-offset: 2px; }
p { margin: 0; }
ul { list-style: none; margin: 0; padding: 0; }

.dialog {
  display: flex;
  flex-direction: column;
  width: min(1200px, 92vw);
  height: min(840px, 92vh);
  max-width: 92vw;
  max-height: 92vh;
  background: #ffffff;
  border-radius: 12px;
  box-shadow: 0 24px 64px rgba(0, 0, 0, 0.4);
  overflow: hidden;
  outline: none;
}
.dialog.compact { width: min(600px, 92vw); height: auto; }
.dialog.narrow { width: min(480px, 92vw); }

.header {
  display: flex;
  align-items: center;
  gap: 12px;
  padding: 10px 16px;
  border-bottom: 1px solid #e2e8f0;
  flex: none;
  min-width: 0;
}
.brand { display: flex; align-items: center; gap: 8px; font-weight: 700; font-size: 15px; color: #0f172a; flex: none; }
.logo { width: 20px; height: 20px; border-radius: 5px; background: #0f766e; position: relative; flex: none; }
.logo::after { content: ""; position: absolute; left: 6px; top: 3px; width: 6px; height: 10px; border: solid #fff; border-width: 0 2.5px 2.5px 0; transform: rotate(45deg); }
.file { flex: 1; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; color: #475569; }
.channel { flex: none; padding: 3px 10px; border-radius: 999px; background: #e0f2fe; color: #075985; font-weight: 600; font-size: 13px; white-space: nowrap; max-width: 40%; overflow: hidden; text-overflow: ellipsis; }

.body { flex: 1; min-height: 0; display: flex; }
.stage-col { flex: 1; min-width: 0; display: flex; flex-direction: column; gap: 8px; padding: 10px 12px; background: #f1f5f9; }
.toolbar { display: flex; align-items: center; gap: 10px; flex-wrap: wrap; flex: none; }
.draw-hint { color: #1d4ed8; font-size: 13px; }
.removed { flex: none; margin: 0; padding: 6px 10px; border-radius: 6px; background: #e0f2fe; color: #0c4a6e; font-size: 13px; }
.note { flex: none; padding: 6px 10px; border-radius: 6px; background: #fef3c7; color: #78350f; font-size: 13px; }
.stage { flex: 1; min-height: 0; position: relative; display: flex; align-items: center; justify-content: center; }
.photo { position: relative; flex: none; background: #cbd5e1; box-shadow: 0 1px 4px rgba(15, 23, 42, 0.25); }
.photo canvas { display: block; width: 100%; height: 100%; }
.no-preview { position: absolute; inset: 0; display: flex; align-items: center; justify-content: center; color: #475569; font-size: 13px; }

.box {
  position: absolute;
  padding: 0;
  border: 2px solid #d97706;
  border-radius: 3px;
  background: transparent;
  box-shadow: 0 0 0 1px rgba(255, 255, 255, 0.7);
}
.box .num {
  position: absolute;
  left: -2px;
  top: -2px;
  min-width: 20px;
  height: 20px;
  padding: 0 5px;
  border-radius: 3px 0 4px 0;
  background: #d97706;
  color: #fff;
  font-size: 12px;
  font-weight: 700;
  line-height: 20px;
  text-align: center;
}
.box .cap {
  position: absolute;
  left: -2px;
  top: calc(100% + 3px);
  max-width: 180px;
  padding: 1px 6px;
  border-radius: 3px;
  background: rgba(15, 23, 42, 0.85);
  color: #fff;
  font-size: 12px;
  line-height: 18px;
  white-space: nowrap;
  overflow: hidden;
  text-overflow: ellipsis;
  pointer-events: none;
}
.box.t-ok { border-color: #16a34a; }
.box.t-ok .num { background: #16a34a; }
.box.t-red { border-color: #dc2626; }
.box.t-red .num { background: #dc2626; }
.box.t-amber { border-color: #d97706; }
.box.t-amber .num { background: #d97706; }
.box.t-cover {
  border: 2px dashed #475569;
  background: repeating-linear-gradient(45deg, rgba(51, 65, 85, 0.72) 0 6px, rgba(148, 163, 184, 0.6) 6px 12px);
}
.box.t-cover .num { background: #475569; }
.box.sel { box-shadow: 0 0 0 2px #fff, 0 0 0 5px #2563eb; z-index: 2; }
.box:hover { z-index: 3; }
.drawing .box { pointer-events: none; }
.draw-layer { position: absolute; inset: 0; cursor: crosshair; touch-action: none; z-index: 5; }
.draft { position: absolute; border: 2px dashed #2563eb; background: rgba(37, 99, 235, 0.15); pointer-events: none; }

.strip { flex: none; display: flex; gap: 8px; overflow-x: auto; padding: 2px 2px 4px; }
.strip-meta { flex: none; color: #475569; font-size: 12px; }
.thumb {
  flex: none;
  display: flex;
  flex-direction: column;
  align-items: stretch;
  gap: 2px;
  width: 96px;
  padding: 3px;
  border: 2px solid transparent;
  border-radius: 6px;
  background: #fff;
}
.thumb[aria-pressed="true"] { border-color: #2563eb; }
.thumb canvas { display: block; width: 100%; height: 54px; border-radius: 3px; background: #cbd5e1; object-fit: contain; }
.thumb-meta { display: flex; align-items: center; justify-content: space-between; gap: 4px; font-size: 12px; color: #334155; }

.side { width: 380px; flex: none; overflow-y: auto; border-left: 1px solid #e2e8f0; padding: 12px; display: flex; flex-direction: column; gap: 10px; background: #fff; }
.side-head { display: flex; align-items: baseline; justify-content: space-between; gap: 8px; flex-wrap: wrap; }
.side-title { margin: 0; font-size: 15px; font-weight: 700; color: #0f172a; }
.tally { display: flex; gap: 10px; font-size: 12px; color: #475569; }
.tally span { display: inline-flex; align-items: center; gap: 4px; white-space: nowrap; }

.dot { display: inline-block; width: 10px; height: 10px; border-radius: 50%; flex: none; background: #d97706; }
.dot.t-ok { background: #16a34a; }
.dot.t-red { background: #dc2626; }
.dot.t-amber { background: #d97706; }
.dot.t-cover { background: repeating-linear-gradient(45deg, #475569 0 2px, #94a3b8 2px 4px); }

.faces { display: flex; flex-direction: column; gap: 8px; }
.face-row { border: 1px solid #e2e8f0; border-radius: 8px; background: #fff; }
.face-row.sel { border-color: #2563eb; box-shadow: 0 0 0 1px #2563eb; }
.face-head {
  display: flex;
  align-items: flex-start;
  gap: 10px;
  width: 100%;
  padding: 8px 10px;
  border: none;
  border-radius: 8px;
  background: transparent;
  text-align: left;
}
.face-head:hover { background: #f8fafc; }
.badge {
  flex: none;
  min-width: 24px;
  height: 24px;
  padding: 0 6px;
  border-radius: 5px;
  background: #d97706;
  color: #fff;
  font-weight: 700;
  font-size: 13px;
  line-height: 24px;
  text-align: center;
}
.badge.t-ok { background: #16a34a; }
.badge.t-red { background: #dc2626; }
.badge.t-cover { background: #475569; }
.face-text { flex: 1; min-width: 0; display: flex; flex-direction: column; gap: 1px; }
.face-title { display: flex; align-items: center; gap: 6px; font-weight: 600; color: #0f172a; min-width: 0; }
.face-title .name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.face-sub { font-size: 13px; color: #475569; }
.face-sub.t-red { color: #b91c1c; }
.face-sub.t-amber { color: #b45309; }
.face-sub.t-ok { color: #15803d; }
.rec { font-size: 12px; color: #475569; display: flex; flex-wrap: wrap; gap: 4px 8px; align-items: center; }
.tag { font-size: 11px; color: #475569; background: #f1f5f9; border-radius: 4px; padding: 0 5px; font-weight: 500; white-space: nowrap; }

.choices { display: flex; flex-direction: column; gap: 8px; padding: 0 10px 10px; }
.choices-title { font-size: 13px; font-weight: 600; color: #334155; }
.filters { display: flex; gap: 8px; }
.field { display: flex; flex-direction: column; gap: 2px; font-size: 12px; color: #475569; min-width: 0; }
.field.grow { flex: 1; }
.field select, .field input {
  height: 32px;
  padding: 0 8px;
  border: 1px solid #94a3b8;
  border-radius: 6px;
  background: #fff;
  color: #0f172a;
  font-size: 14px;
  min-width: 0;
  width: 100%;
}
.field select { max-width: 140px; }
.pupils { display: flex; flex-direction: column; gap: 2px; max-height: min(232px, 36vh); overflow-y: auto; border: 1px solid #e2e8f0; border-radius: 6px; padding: 3px; }
.pupil {
  display: flex;
  align-items: center;
  gap: 8px;
  width: 100%;
  padding: 5px 8px;
  border: 1px solid transparent;
  border-radius: 5px;
  background: transparent;
  text-align: left;
}
.pupil:hover { background: #f1f5f9; }
.pupil[aria-pressed="true"] { background: #dbeafe; border-color: #93c5fd; }
.pupil .pwho { flex: 1; min-width: 0; display: flex; flex-direction: column; }
.pupil .pname, .pupil .pgroup { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.pupil .pgroup { font-size: 12px; color: #64748b; line-height: 1.3; }
.consent { flex: none; font-size: 12px; font-weight: 600; white-space: nowrap; }
.consent.c-yes { color: #15803d; }
.consent.c-no, .consent.c-withdrawn { color: #b91c1c; }
.consent.c-unknown { color: #b45309; }
.muted { font-size: 12px; color: #64748b; padding: 4px 6px; }
.choice-row { display: flex; flex-wrap: wrap; gap: 6px; }

.btn {
  display: inline-flex;
  align-items: center;
  justify-content: center;
  gap: 6px;
  min-height: 32px;
  padding: 5px 12px;
  border: 1px solid #94a3b8;
  border-radius: 6px;
  background: #fff;
  color: #0f172a;
  font-size: 13px;
  font-weight: 500;
  text-align: center;
}
.btn:hover:not(:disabled) { background: #f1f5f9; }
.btn:disabled { opacity: 0.5; }
.btn[aria-pressed="true"] { background: #dbeafe; border-color: #2563eb; color: #1e3a8a; }
.btn.wide { width: 100%; justify-content: flex-start; text-align: left; }
.btn.suggest { border-color: #d97706; background: #fffbeb; }
.btn.primary { background: #0f766e; border-color: #0f766e; color: #fff; font-weight: 600; font-size: 14px; min-height: 38px; padding: 7px 16px; }
.btn.primary:hover:not(:disabled) { background: #115e59; }
.btn.primary:disabled { background: #94a3b8; border-color: #94a3b8; opacity: 1; }
.btn.secondary { font-size: 14px; min-height: 38px; padding: 7px 14px; }
.btn.toggle[aria-pressed="true"] { background: #2563eb; border-color: #2563eb; color: #fff; }

.check { display: flex; align-items: flex-start; gap: 8px; cursor: pointer; color: #0f172a; }
.check input { width: 18px; height: 18px; margin: 1px 0 0; flex: none; accent-color: #0f766e; cursor: pointer; }
.empty { display: flex; flex-direction: column; gap: 10px; padding: 12px; border: 1px dashed #94a3b8; border-radius: 8px; background: #f8fafc; }
.empty-title { font-weight: 600; color: #0f172a; }

.problems { margin: 12px 16px 0; padding: 12px 14px; border: 1px solid #fca5a5; border-left: 5px solid #dc2626; border-radius: 8px; background: #fef2f2; color: #7f1d1d; display: flex; flex-direction: column; gap: 8px; flex: none; }
.problems-title { margin: 0; font-size: 15px; font-weight: 700; color: #991b1b; }
.problem { display: flex; flex-direction: column; gap: 2px; }
.problem-reason { font-weight: 600; }
.problem-message { font-size: 13px; color: #991b1b; overflow-wrap: anywhere; }
.problem-forward { font-size: 13px; color: #7f1d1d; }
.problem-stage { flex: 1; min-height: 0; display: flex; padding: 12px 16px; }
.problems ul { display: flex; flex-direction: column; gap: 6px; }

.footer { flex: none; display: flex; flex-direction: column; gap: 8px; padding: 10px 16px 12px; border-top: 1px solid #e2e8f0; background: #fff; }
.actions { display: flex; align-items: center; justify-content: flex-end; gap: 10px; flex-wrap: wrap; }
.hint { flex: 1 1 140px; min-width: 0; font-size: 13px; color: #b45309; }
.esc { font-size: 12px; color: #64748b; margin-right: auto; }
.btn.override-open { border-color: #b45309; color: #92400e; }
.btn.primary.warn { background: #b45309; border-color: #b45309; }
.btn.primary.warn:hover:not(:disabled) { background: #92400e; }
.btn.primary.warn:disabled { background: #94a3b8; border-color: #94a3b8; }
.override { display: flex; flex-direction: column; gap: 6px; padding: 10px 12px; border: 1px solid #f59e0b; border-left: 5px solid #b45309; border-radius: 8px; background: #fffbeb; color: #451a03; }
.override-title { margin: 0; font-size: 15px; font-weight: 700; color: #78350f; }
.override-explain { font-size: 13px; }
.override-label { font-weight: 600; font-size: 13px; }
.override-hint { font-size: 12px; color: #78350f; }
.override-reason { display: block; width: 100%; min-height: 64px; max-height: 160px; resize: vertical; padding: 6px 8px; border: 1px solid #94a3b8; border-radius: 6px; background: #fff; color: #0f172a; font-size: 14px; line-height: 1.4; }
.override-reason:focus { outline: 2px solid #2563eb; outline-offset: 1px; border-color: #2563eb; }
.override .count { font-size: 12px; color: #b45309; margin-right: auto; font-variant-numeric: tabular-nums; }
.override .count.enough { color: #15803d; }

.progress { padding: 20px 20px 16px; display: flex; flex-direction: column; gap: 12px; }
.progress-title { margin: 0; font-size: 16px; font-weight: 600; color: #0f172a; }
.stage-text { font-size: 13px; color: #475569; min-height: 18px; }
.bar { position: relative; height: 8px; border-radius: 999px; background: #e2e8f0; overflow: hidden; }
.bar-fill { position: absolute; left: 0; top: 0; bottom: 0; border-radius: 999px; background: #0f766e; transition: width 0.2s ease; }
.bar.indeterminate .bar-fill { width: 35%; animation: cg-slide 1.2s ease-in-out infinite; }
@keyframes cg-slide { 0% { left: -35%; } 100% { left: 100%; } }
@media (prefers-reduced-motion: reduce) { .bar.indeterminate .bar-fill { animation: none; left: 0; width: 100%; opacity: 0.5; } }
.progress-actions { display: flex; justify-content: flex-end; }

@media (max-width: 960px) {
  .side { width: 310px; }
  .esc { display: none; }
}
@media (max-width: 640px), (max-height: 520px) {
  .body { flex-direction: column; overflow-y: auto; }
  .stage-col { flex: none; height: 55vh; }
  .side { width: auto; border-left: none; border-top: 1px solid #e2e8f0; overflow: visible; }
}
`;
