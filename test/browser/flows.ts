/** What an uploader does in the review panel, as steps the end-to-end tests share. */
import type { ShadowPanel } from './shadow';

/** A face's answer: a pupil id, an adult with consent, or cover. */
export type Answer = string | 'adult' | 'cover';

/** Waits for the review (faces found or not) and returns how many face boxes it shows. */
export async function reviewShown(panel: ShadowPanel, timeoutMs = 30_000): Promise<number> {
  await panel.waitFor('[data-action="release"], .problems', timeoutMs);
  if ((await panel.count('.problems')) > 0) throw new Error(`the review shows problems: ${await panel.text('.problems')}`);
  return panel.count('[data-face]');
}

/** Answers faces by 0-based index: selects the face's box, then the pupil / adult / cover choice. */
export async function answer(panel: ShadowPanel, answers: Record<number, Answer>): Promise<void> {
  for (const [index, choice] of Object.entries(answers)) {
    await panel.click(`[data-face="${index}"]`);
    if (choice === 'adult' || choice === 'cover') await panel.click(`[data-choice="${choice}"]`);
    else await panel.click(`[data-pupil="${choice}"]`);
  }
}

/** Ticks "no pupil in a harmful situation" and presses the primary button; returns its label as pressed. */
export async function confirmAndRelease(panel: ShadowPanel): Promise<string> {
  await panel.click('[data-check="no-harm"]');
  const label = await panel.text('[data-action="release"]');
  await panel.click('[data-action="release"]');
  return label;
}

export async function cancel(panel: ShadowPanel): Promise<void> {
  await panel.click('[data-action="cancel"]');
}
