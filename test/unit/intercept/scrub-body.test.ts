import { describe, expect, it } from 'vitest';
import { scrubBodySync, type Scrub } from '../../../src/intercept/scrub-body';

/** Stands in for the gate's name check: removes "Noor Jansen" and "Daan". */
const scrub: Scrub = (texts) => texts.map((t) => t.replace(/Noor Jansen|Daan/g, '').replace(/ {2,}/g, ' ').trim());
const notReady: Scrub = () => null;

describe('scrubBodySync', () => {
  it('cleans every string value of a JSON body and keeps its shape and credentials', () => {
    const body = JSON.stringify({ title: 'Schoolreis', content: '<p>Noor Jansen zwemt</p>', meta: { caption: ['Daan lacht'] }, password: 'Daan', count: 3 });
    const out = scrubBodySync(body, scrub);
    expect(out).not.toBe('unsupported');
    if (out === 'unsupported' || 'notReady' in out) throw new Error('expected a result');
    expect(out.changed).toBe(true);
    expect(JSON.parse(out.body as string)).toEqual({ title: 'Schoolreis', content: '<p> zwemt</p>', meta: { caption: ['lacht'] }, password: 'Daan', count: 3 });
  });

  it("cleans WordPress's save-attachment form fields but not its nonce", () => {
    const body = 'action=save-attachment&id=12&nonce=Daan1&changes%5Bcaption%5D=Daan+op+schoolreis&changes%5Balt%5D=Noor+Jansen';
    const out = scrubBodySync(body, scrub);
    if (out === 'unsupported' || 'notReady' in out) throw new Error('expected a result');
    const params = new URLSearchParams(out.body as string);
    expect(params.get('changes[caption]')).toBe('op schoolreis');
    expect(params.get('changes[alt]')).toBe('');
    expect(params.get('nonce')).toBe('Daan1');
    expect(params.get('action')).toBe('save-attachment');
  });

  it('rebuilds a FormData with its files untouched, and leaves a body without names as it was', () => {
    const form = new FormData();
    form.append('text', 'Noor Jansen wint');
    const file = new File(['x'], 'foto-2026-11-23-1.jpg', { type: 'image/jpeg' });
    form.append('photo', file);
    const out = scrubBodySync(form, scrub);
    if (out === 'unsupported' || 'notReady' in out) throw new Error('expected a result');
    const cleaned = out.body as FormData;
    expect(cleaned.get('text')).toBe('wint');
    expect((cleaned.get('photo') as File).name).toBe('foto-2026-11-23-1.jpg');
    const plain = new FormData();
    plain.append('text', 'De musical was prachtig');
    const same = scrubBodySync(plain, scrub);
    expect(same).toEqual({ body: plain, changed: false });
  });

  it('cleans plain text and URLSearchParams', () => {
    expect(scrubBodySync('Daan speelt', scrub)).toEqual({ body: 'speelt', changed: true });
    const out = scrubBodySync(new URLSearchParams({ message: 'Noor Jansen', user_name: 'Daan' }), scrub);
    if (out === 'unsupported' || 'notReady' in out) throw new Error('expected a result');
    expect((out.body as URLSearchParams).get('message')).toBe('');
    expect((out.body as URLSearchParams).get('user_name')).toBe('Daan');
  });

  it('says when the gate cannot answer yet, and leaves bodies without text alone', () => {
    expect(scrubBodySync('Daan speelt', notReady)).toEqual({ body: null, changed: false, notReady: true });
    expect(scrubBodySync('12345', notReady)).toEqual({ body: '12345', changed: false });
    expect(scrubBodySync(new Blob(['x']), scrub)).toBe('unsupported');
    expect(scrubBodySync(new ArrayBuffer(4), scrub)).toBe('unsupported');
  });
});
