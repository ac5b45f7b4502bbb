/**
 * Turns a GOV.UK Forms form document into the inputs of the sandbox's "fill in a form" page, and the posted page
 * back into the answers `buildSubmission` takes (keyed by step id). Presentation only: the rules of what a valid
 * answer is stay in @council-sdk/forms/testing.
 */

import { type FormsPageWords, formsPageWords } from '../locales/forms.js';

type Loose = Record<string, unknown>;

export interface FormStep {
  id: string;
  position?: number;
  data: Loose & { question_text: string; answer_type: string; hint_text?: unknown; is_optional?: unknown };
}

/** Form documents carry booleans as `true`, `"true"`, `"1"`... (forms.md). */
export function truthy(value: unknown): boolean {
  return value === true || value === 1 || value === 'true' || value === '1';
}

export function orderedSteps(form: { steps?: unknown }): FormStep[] {
  const steps = (Array.isArray(form.steps) ? form.steps : []) as FormStep[];
  return [...steps].sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
}

const field = (stepId: string, part?: string) => (part ? `q_${stepId}_${part}` : `q_${stepId}`);

function str(body: Loose, name: string): string {
  const v = body[name];
  return typeof v === 'string' ? v.trim() : Array.isArray(v) ? String(v[0] ?? '').trim() : '';
}

function options(data: FormStep['data']): { name: string; value: string }[] {
  const settings = (data['answer_settings'] ?? {}) as Loose;
  const list = Array.isArray(settings['selection_options']) ? (settings['selection_options'] as Loose[]) : [];
  return list.map((o) => ({
    name: String(o['name'] ?? o['value'] ?? ''),
    value: String(o['value'] ?? o['name'] ?? ''),
  }));
}

const NONE = 'none_of_the_above';

function noneQuestion(data: FormStep['data']): string | undefined {
  const q = ((data['answer_settings'] ?? {}) as Loose)['none_of_the_above_question'] as Loose | undefined;
  return q && typeof q['question_text'] === 'string' ? q['question_text'] : undefined;
}

function contentTypeOf(filename: string): string {
  const ext = filename.toLowerCase().split('.').pop();
  const types: Record<string, string> = {
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    png: 'image/png',
    pdf: 'application/pdf',
    txt: 'text/plain',
    csv: 'text/csv',
  };
  return types[ext ?? ''] ?? 'application/octet-stream';
}

function inputType(data: FormStep['data']): unknown {
  return ((data['answer_settings'] ?? {}) as Loose)['input_type'];
}

/** View models for `views/forms/fill.njk`. */
export function questionsFor(
  form: { steps?: unknown },
  body: Loose = {},
  errors: Record<string, string> = {},
  words: FormsPageWords = formsPageWords('en'),
) {
  return orderedSteps(form).map((step) => {
    const d = step.data;
    const label = `${d.question_text}${truthy(d.is_optional) ? ` ${words.optional}` : ''}`;
    const hint = typeof d.hint_text === 'string' && d.hint_text ? d.hint_text : undefined;
    const name = field(step.id);
    const error = errors[step.id];
    const base = { id: step.id, name, label, hint, error };
    switch (d.answer_type) {
      case 'selection': {
        const single = truthy(((d['answer_settings'] ?? {}) as Loose)['only_one_option']);
        const chosen = ([] as unknown[]).concat(body[name] ?? []).map(String);
        const none = noneQuestion(d);
        const items = options(d).map((o) => ({
          value: o.value,
          text: o.name,
          checked: chosen.includes(o.value),
        }));
        if (none) {
          items.push({ value: NONE, text: words.noneOfTheAbove, checked: chosen.includes(NONE) });
        }
        return {
          ...base,
          kind: single ? 'radios' : 'checkboxes',
          items,
          // The follow-up question GOV.UK Forms asks after "None of the above".
          noneField: none
            ? {
                name: field(step.id, 'none'),
                label: words.noneFollowUp(none),
                value: str(body, field(step.id, 'none')),
              }
            : undefined,
        };
      }
      case 'date':
        return {
          ...base,
          kind: 'date',
          items: (['day', 'month', 'year'] as const).map((part) => ({
            name: field(step.id, part),
            id: field(step.id, part),
            label: words.dateParts[part],
            value: str(body, field(step.id, part)),
            classes: `govuk-input--width-${part === 'year' ? 4 : 2}`,
          })),
        };
      case 'address': {
        const international = truthy(((inputType(d) ?? {}) as Loose)['international_address']);
        const a = words.address;
        const parts: [string, string, string?][] = international
          ? [
              ['street_address', a.street_address],
              ['country', a.country],
            ]
          : [
              ['address1', a.address1],
              ['address2', a.address2],
              ['town_or_city', a.town_or_city, 'govuk-!-width-two-thirds'],
              ['county', a.county, 'govuk-!-width-two-thirds'],
              ['postcode', a.postcode, 'govuk-input--width-10'],
            ];
        return {
          ...base,
          kind: 'address',
          fields: parts.map(([part, text, classes]) => ({
            name: field(step.id, part),
            label: text,
            value: str(body, field(step.id, part)),
            classes,
          })),
        };
      }
      case 'name': {
        const type = String(inputType(d) ?? 'full_name');
        const n = words.name;
        const parts: [string, string][] =
          type === 'full_name'
            ? [['full_name', n.full_name]]
            : type === 'first_middle_and_last_name'
              ? [
                  ['first_name', n.first_name],
                  ['middle_names', n.middle_names],
                  ['last_name', n.last_name],
                ]
              : [
                  ['first_name', n.first_name],
                  ['last_name', n.last_name],
                ];
        if (truthy(((d['answer_settings'] ?? {}) as Loose)['title_needed']))
          parts.unshift(['title', n.title]);
        return {
          ...base,
          kind: 'address',
          fields: parts.map(([part, text]) => ({
            name: field(step.id, part),
            label: text,
            value: str(body, field(step.id, part)),
          })),
        };
      }
      case 'file':
        // Browsers cannot post files in a urlencoded form: the sandbox attaches a small placeholder file
        // under the name given, which is enough to see where GOV.UK Forms puts uploaded files.
        return {
          ...base,
          kind: 'input',
          inputType: 'text',
          label: words.fileLabel(label),
          hint: words.fileHint,
          value: str(body, name),
        };
      case 'text':
        if (inputType(d) === 'long_text') return { ...base, kind: 'textarea', value: str(body, name) };
        return { ...base, kind: 'input', inputType: 'text', value: str(body, name) };
      default:
        return {
          ...base,
          kind: 'input',
          inputType: d.answer_type === 'email' ? 'email' : d.answer_type === 'phone_number' ? 'tel' : 'text',
          value: str(body, name),
        };
    }
  });
}

/** The posted page as `buildSubmission` answers. Blank answers are `null` (an optional question left empty). */
export function answersFrom(form: { steps?: unknown }, body: Loose): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const step of orderedSteps(form)) {
    const d = step.data;
    const name = field(step.id);
    switch (d.answer_type) {
      case 'selection': {
        const chosen = ([] as unknown[])
          .concat(body[name] ?? [])
          .map(String)
          .filter(Boolean);
        const single = truthy(((d['answer_settings'] ?? {}) as Loose)['only_one_option']);
        const selection = single ? chosen[0] : chosen;
        if (chosen.length === 0) answers[step.id] = null;
        else if (chosen.includes(NONE)) {
          const text = str(body, field(step.id, 'none'));
          answers[step.id] = { selection, ...(text ? { none_of_the_above_answer: text } : {}) };
        } else answers[step.id] = selection;
        break;
      }
      case 'file': {
        const filename = str(body, name);
        answers[step.id] = filename
          ? {
              filename,
              content: `Placeholder for ${filename}, attached by the council sandbox.\n`,
              content_type: contentTypeOf(filename),
            }
          : null;
        break;
      }
      case 'date': {
        const [day, month, year] = ['day', 'month', 'year'].map((p) => str(body, field(step.id, p)));
        answers[step.id] =
          day || month || year ? { day: Number(day), month: Number(month), year: Number(year) } : null;
        break;
      }
      case 'address': {
        const international = truthy(((inputType(d) ?? {}) as Loose)['international_address']);
        const parts = international
          ? ['street_address', 'country']
          : ['address1', 'address2', 'town_or_city', 'county', 'postcode'];
        const value: Record<string, string> = {};
        for (const p of parts) {
          const v = str(body, field(step.id, p));
          if (v) value[p] = v;
        }
        answers[step.id] = Object.keys(value).length ? value : null;
        break;
      }
      case 'name': {
        const value: Record<string, string> = {};
        for (const p of ['title', 'full_name', 'first_name', 'middle_names', 'last_name']) {
          const v = str(body, field(step.id, p));
          if (v) value[p] = v;
        }
        answers[step.id] = Object.keys(value).length ? value : null;
        break;
      }
      default: {
        const v = str(body, name);
        answers[step.id] = v === '' ? null : v;
      }
    }
  }
  return answers;
}
